/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rowstore.h: listener rows with their side columns, which move with their row whenever rows are added, moved or dropped. */
#ifndef SOCKQ_ROWSTORE_H
#define SOCKQ_ROWSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "types.h"

/* A side column holds what only some runs ask for (the SYN queue, the
 * first holder), beside the rows so that a row stays small: one value a
 * row, of the width the column's entry declares (columns.c, .side), made
 * only once a source asks for it. Whatever moves rows moves every side
 * column with them: no code that merges or drops rows needs to know
 * which exist. */
struct rowstore {
	struct listener *v;
	size_t n, cap;
	void *side[LC_COUNT];	/* NULL: not collected */
	uint32_t sides;		/* a bit for each side column made: a row's
				 * cost does not grow with the columns there are */
};

/* Room for at least cap rows, so that a size known ahead (the last
 * snapshot's) costs one allocation. 0 or -ENOMEM. */
int rowstore_reserve(struct rowstore *rs, size_t cap);

/* A new row at the end, zeroed, its side values as their column starts
 * them; NULL without memory. */
struct listener *rowstore_add(struct rowstore *rs);

/* Side column col, made for every row (each as the column starts it) if
 * it is not yet: NULL without memory, or for a column with no side. */
void *rowstore_side(struct rowstore *rs, int col);

static inline uint32_t *rowstore_side_u32(struct rowstore *rs, int col)
{
	return rowstore_side(rs, col);
}

/* Row src's values, side columns too, into row dst. */
void rowstore_move(struct rowstore *rs, size_t dst, size_t src);
/* Drops every row from n on. */
void rowstore_truncate(struct rowstore *rs, size_t n);
void rowstore_free(struct rowstore *rs);

/* A side column's value of row i as a number, or SOCKQ_UNKNOWN when the
 * column was not collected. */
static inline uint32_t rowstore_get_u32(const struct rowstore *rs, int col, size_t i)
{
	const uint32_t *v = rs->side[col];

	return v ? v[i] : SOCKQ_UNKNOWN;
}

#endif
