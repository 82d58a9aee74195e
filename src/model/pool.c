// SPDX-License-Identifier: GPL-2.0-or-later
/* pool.c: one growing byte buffer that holds every string of a run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Strings are stored NUL-terminated (for convenience) but always used with
 * their length: socket names may contain NUL bytes. */
int pool_add(struct pool *p, const void *s, size_t len, uint32_t *off)
{
	if (p->len + len + 1 > UINT32_MAX)
		return -EOVERFLOW;
	if (p->len + len + 1 > p->cap) {
		/* As for the rows (listener.c): start past malloc's mmap
		 * threshold, so growing remaps instead of copying. */
		size_t cap = p->cap ? p->cap * 2 : 256 * 1024;
		char *d;

		while (cap < p->len + len + 1)
			cap *= 2;
		d = realloc(p->data, cap);
		if (!d)
			return -ENOMEM;
		p->data = d;
		p->cap = cap;
	}
	memcpy(p->data + p->len, s, len);
	p->data[p->len + len] = '\0';
	*off = (uint32_t)p->len;
	p->len += len + 1;
	return 0;
}

void pool_free(struct pool *p)
{
	free(p->data);
	memset(p, 0, sizeof(*p));
}
