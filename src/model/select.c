// SPDX-License-Identifier: GPL-2.0-or-later
/* select.c: filters (--full, --min-use, --port) and sorting by a column. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "select.h"

struct sort_ctx {
	const struct listener_set *set;
	const struct query *q;
};

static int cell_cmp(const struct cell *x, const struct cell *y)
{
	/* Unknown values last; numbers high to low; text A to Z. */
	if (x->kind == CELL_NONE || y->kind == CELL_NONE)
		return (x->kind == CELL_NONE) - (y->kind == CELL_NONE);
	if (x->kind == CELL_STR && y->kind == CELL_STR) {
		int d = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

		return d ? d : (x->len > y->len) - (x->len < y->len);
	}
	return (x->num < y->num) - (x->num > y->num);
}

static int cmp_by_column(const struct sort_ctx *s, uint32_t a, uint32_t b)
{
	char sa[CELL_SCRATCH], sb[CELL_SCRATCH];
	struct cell x, y;

	row_cell(s->set, s->q->rows, a, s->q->sort_col, &x, sa);
	row_cell(s->set, s->q->rows, b, s->q->sort_col, &y, sb);
	return cell_cmp(&x, &y);
}

static int cmp_listener(const void *pa, const void *pb, void *data)
{
	const struct sort_ctx *s = data;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int d = cmp_by_column(s, a, b);

	if (!d)
		d = listener_cmp_default(s->set, &s->set->v[a], &s->set->v[b]);
	return s->q->reverse ? -d : d;
}

/* Namespaces are sorted by label already, CPUs by number with the sum
 * last: their index is the tie-break. */
static int cmp_index(const void *pa, const void *pb, void *data)
{
	const struct sort_ctx *s = data;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int d = s->q->sort_col >= 0 ? cmp_by_column(s, a, b) : 0;

	if (!d)
		d = (a > b) - (a < b);
	return s->q->reverse ? -d : d;
}

static bool keep(const struct listener *l, const struct query *q)
{
	if (q->only_full && !listener_full(l))
		return false;
	if (q->min_use >= 0) {
		uint32_t pct = listener_use_pct(l);

		if (pct == SOCKQ_UNKNOWN || pct < (uint32_t)q->min_use)
			return false;
	}
	if (q->port >= 0 && (!listener_is_tcp(l) || l->port != q->port))
		return false;
	return true;
}

static bool shown(const struct listener_set *set, const struct query *q, size_t i)
{
	switch (q->rows) {
	case ROWS_NAMESPACES:
		return !set->ns[i].vanished;
	case ROWS_CPUS:
		return true;
	case ROWS_LISTENERS:
	default:
		return keep(&set->v[i], q);
	}
}

int select_rows(const struct listener_set *set, const struct query *q,
		uint32_t **order, size_t *n)
{
	struct sort_ctx ctx = { .set = set, .q = q };
	size_t total = q->rows == ROWS_NAMESPACES ? set->nns
		       : q->rows == ROWS_CPUS ? set->ncpus : set->n;
	uint32_t *v = malloc((total ? total : 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	*n = 0;
	for (size_t i = 0; i < total; i++)
		if (shown(set, q, i))
			v[(*n)++] = (uint32_t)i;
	if (q->rows != ROWS_LISTENERS) {
		qsort_r(v, *n, sizeof(*v), cmp_index, &ctx);
	} else if (q->sort_col < 0) {
		if (sort_default(set, v, *n, q->reverse) < 0) {
			free(v);
			return -ENOMEM;
		}
	} else {
		qsort_r(v, *n, sizeof(*v), cmp_listener, &ctx);
	}
	*order = v;
	return 0;
}
