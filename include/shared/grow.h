/* SPDX-License-Identifier: GPL-2.0-or-later */
/* grow.h: room for one more element in an array that doubles when full. */
#ifndef SOCKQ_GROW_H
#define SOCKQ_GROW_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* *pv points to an array of *cap elements of size bytes, n of them used;
 * when it is full, it is reallocated with twice the room (first, when it
 * has none yet). 0 or -ENOMEM, the array untouched then. The pointer is
 * read and written with memcpy: pv may point to any object pointer. */
static inline int grow(void *pv, size_t *cap, size_t n, size_t size, size_t first)
{
	void *v, *grown;
	size_t want;

	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : first;
	memcpy(&v, pv, sizeof(v));
	grown = reallocarray(v, want, size);
	if (!grown)
		return -ENOMEM;
	memcpy(pv, &grown, sizeof(grown));
	*cap = want;
	return 0;
}

#endif
