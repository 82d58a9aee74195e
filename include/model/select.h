/* SPDX-License-Identifier: GPL-2.0-or-later */
/* select.h: which rows to show, and in which order. */
#ifndef SOCKQ_SELECT_H
#define SOCKQ_SELECT_H

#include "columns.h"
#include "query.h"
#include "snapshot.h"

/* The rows the query keeps (indexes into the snapshot's rows, namespaces
 * or CPUs), in its order; the caller frees *order. 0 or -ENOMEM. */
int select_rows(const struct rowset *rs, const struct query *q, uint32_t **order, size_t *n);

/* order.c: the default order: namespace (by label), protocol, local
 * address (numerically), inode; sort_default() sorts the row indexes v
 * in it. */
int listener_cmp_default(const struct snapshot *s, const struct listener *a,
			 const struct listener *b);
int sort_default(const struct snapshot *s, uint32_t *v, size_t n, bool reverse);

#endif
