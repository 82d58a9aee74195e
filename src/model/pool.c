// SPDX-License-Identifier: GPL-2.0-or-later
/* pool.c: one growing byte buffer that holds every string of a snapshot. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "types.h"

int pool_reserve(struct pool *p, size_t more)
{
	size_t cap;
	char *d;

	if (p->len + more <= p->cap)
		return 0;
	if (p->len + more > UINT32_MAX)
		return -EOVERFLOW;
	/* As for the rows (rowstore.c): start past malloc's mmap threshold,
	 * so growing remaps instead of copying. */
	cap = p->cap ? p->cap * 2 : 256 * 1024;
	while (cap < p->len + more)
		cap *= 2;
	d = realloc(p->data, cap);
	if (!d)
		return -ENOMEM;
	p->data = d;
	p->cap = cap;
	return 0;
}

/* Strings are stored NUL-terminated (for convenience) but always used with
 * their length: socket names may contain NUL bytes. */
int pool_add(struct pool *p, const void *s, size_t len, uint32_t *off)
{
	int err = pool_reserve(p, len + 1);

	if (err < 0)
		return err;
	if (len)
		memcpy(p->data + p->len, s, len);
	p->data[p->len + len] = '\0';
	*off = (uint32_t)p->len;
	p->len += len + 1;
	return 0;
}

int pool_add_str(struct pool *p, const void *s, size_t len, struct pstr *out)
{
	int err = pool_add(p, s, len, &out->off);

	if (err < 0)
		*out = (struct pstr){ 0 };
	else
		out->len = (uint32_t)len;
	return err;
}

void pool_free(struct pool *p)
{
	free(p->data);
	memset(p, 0, sizeof(*p));
}
