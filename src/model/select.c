// SPDX-License-Identifier: GPL-2.0-or-later
/* select.c: filters (--full, --min-use, --port) and sorting by a column. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "select.h"

struct sort_ctx {
	const struct rowset *rs;
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

	row_cell(s->rs, s->q->rows, a, s->q->sort_col, &x, sa);
	row_cell(s->rs, s->q->rows, b, s->q->sort_col, &y, sb);
	return cell_cmp(&x, &y);
}

static int cmp_listener(const void *pa, const void *pb, void *data)
{
	const struct sort_ctx *s = data;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int d = cmp_by_column(s, a, b);

	if (!d)
		d = listener_cmp_default(s->rs->snap, &s->rs->snap->rows.v[a], &s->rs->snap->rows.v[b]);
	return s->q->reverse ? -d : d;
}

/* Namespaces by label, CPUs by number with the sum last (their index)
 * when the column does not tell. */
static int cmp_index(const void *pa, const void *pb, void *data)
{
	const struct sort_ctx *s = data;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int d = s->q->sort_col >= 0 ? cmp_by_column(s, a, b) : 0;

	if (!d && s->q->rows == ROWS_NAMESPACES) {
		a = s->rs->snap->ns_rank[a];
		b = s->rs->snap->ns_rank[b];
	}
	if (!d)
		d = (a > b) - (a < b);
	return s->q->reverse ? -d : d;
}

static bool keep(const struct listener *l, const struct query *q)
{
	/* The protocols asked for: a collection may have read more (a
	 * recording reads everything). */
	if (l->proto == PROTO_TCP ? !q->tcp4 : l->proto == PROTO_TCP6 ? !q->tcp6 : !q->unix_stream)
		return false;
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

static bool shown(const struct snapshot *s, const struct query *q, size_t i)
{
	return q->rows != ROWS_LISTENERS || keep(&s->rows.v[i], q);
}

int select_rows(const struct rowset *rs, const struct query *q, uint32_t **order, size_t *n)
{
	const struct snapshot *s = rs->snap;
	struct sort_ctx ctx = { .rs = rs, .q = q };
	size_t total = q->rows == ROWS_NAMESPACES ? s->nns
		       : q->rows == ROWS_CPUS ? s->ncpus : s->rows.n;
	uint32_t *v = malloc((total ? total : 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	*n = 0;
	for (size_t i = 0; i < total; i++)
		if (shown(s, q, i))
			v[(*n)++] = (uint32_t)i;
	if (q->rows != ROWS_LISTENERS) {
		qsort_r(v, *n, sizeof(*v), cmp_index, &ctx);
	} else if (q->sort_col < 0) {
		if (sort_default(s, v, *n, q->reverse) < 0) {
			free(v);
			return -ENOMEM;
		}
	} else {
		qsort_r(v, *n, sizeof(*v), cmp_listener, &ctx);
	}
	*order = v;
	return 0;
}
