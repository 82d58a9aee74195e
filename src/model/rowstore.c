// SPDX-License-Identifier: GPL-2.0-or-later
/* rowstore.c: the rows and their side columns, grown and moved together. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rowstore.h"

/* Large enough for malloc to map it on its own (past its 128 KiB mmap
 * threshold), so it grows by remapping, never by copying. */
#define ROWS_FIRST_CAP 2048

static size_t side_width(int col)
{
	return listener_columns[col].side;
}

static int grow_to(struct rowstore *rs, size_t cap)
{
	struct listener *v;

	if (cap <= rs->cap)
		return 0;
	v = reallocarray(rs->v, cap, sizeof(*v));
	if (!v)
		return -ENOMEM;
	rs->v = v;
	for (uint32_t m = rs->sides; m; m &= m - 1) {
		int c = __builtin_ctz(m);
		void *side = reallocarray(rs->side[c], cap, side_width(c));

		if (!side)
			return -ENOMEM;
		rs->side[c] = side;
	}
	rs->cap = cap;
	return 0;
}

int rowstore_reserve(struct rowstore *rs, size_t cap)
{
	return grow_to(rs, cap);
}

struct listener *rowstore_add(struct rowstore *rs)
{
	size_t i = rs->n;

	/* Start big: capacity not written to costs nothing (the kernel maps
	 * a page on its first write), while growing from small copies the
	 * rows again and again. */
	if (i == rs->cap && grow_to(rs, rs->cap ? rs->cap * 2 : ROWS_FIRST_CAP) < 0)
		return NULL;
	for (uint32_t m = rs->sides; m; m &= m - 1) {
		int c = __builtin_ctz(m);

		memset((char *)rs->side[c] + i * side_width(c), listener_columns[c].side_fill,
		       side_width(c));
	}
	rs->n++;
	memset(&rs->v[i], 0, sizeof(rs->v[i]));
	return &rs->v[i];
}

void *rowstore_side(struct rowstore *rs, int col)
{
	size_t w;

	if (col < 0 || col >= LC_COUNT || !(w = side_width(col)))
		return NULL;
	if (!rs->side[col]) {
		void *side = malloc((rs->cap ? rs->cap : 1) * w);

		if (!side)
			return NULL;
		memset(side, listener_columns[col].side_fill, rs->n * w);
		rs->side[col] = side;
		rs->sides |= 1u << col;
	}
	return rs->side[col];
}

void rowstore_move(struct rowstore *rs, size_t dst, size_t src)
{
	if (dst == src)
		return;
	rs->v[dst] = rs->v[src];
	for (uint32_t m = rs->sides; m; m &= m - 1) {
		int c = __builtin_ctz(m);

		memcpy((char *)rs->side[c] + dst * side_width(c),
		       (char *)rs->side[c] + src * side_width(c), side_width(c));
	}
}

void rowstore_truncate(struct rowstore *rs, size_t n)
{
	if (n < rs->n)
		rs->n = n;
}

void rowstore_free(struct rowstore *rs)
{
	for (int c = 0; c < LC_COUNT; c++)
		free(rs->side[c]);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}
