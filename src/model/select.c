// SPDX-License-Identifier: GPL-2.0-or-later
/* select.c: filters (--full, --min-use, --port) and sorting. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "select.h"

struct sort_ctx {
	const struct listener_set *set;
	const struct options *o;
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

static int cmp_listener(const void *pa, const void *pb, void *data)
{
	const struct sort_ctx *s = data;
	const struct listener *a = &s->set->v[*(const uint32_t *)pa];
	const struct listener *b = &s->set->v[*(const uint32_t *)pb];
	int d = 0;

	if (s->o->sort_col >= 0) {
		char sa[CELL_SCRATCH], sb[CELL_SCRATCH];
		struct cell x, y;

		listener_cell(s->set, a, s->o->sort_col, &x, sa);
		listener_cell(s->set, b, s->o->sort_col, &y, sb);
		d = cell_cmp(&x, &y);
	}
	if (!d)
		d = listener_cmp_default(s->set, a, b);
	return s->o->reverse ? -d : d;
}

static int cmp_ns(const void *pa, const void *pb, void *data)
{
	const struct sort_ctx *s = data;
	uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
	int d = 0;

	if (s->o->sort_col >= 0) {
		char sa[CELL_SCRATCH], sb[CELL_SCRATCH];
		struct cell x, y;

		summary_cell(s->set, &s->set->ns[ia], s->o->sort_col, &x, sa);
		summary_cell(s->set, &s->set->ns[ib], s->o->sort_col, &y, sb);
		d = cell_cmp(&x, &y);
	}
	if (!d)
		d = (ia > ib) - (ia < ib);
	return s->o->reverse ? -d : d;
}

static bool keep(const struct listener *l, const struct options *o)
{
	if (o->only_full && !listener_full(l))
		return false;
	if (o->min_use >= 0) {
		uint32_t pct = listener_use_pct(l);

		if (pct == SOCKQ_UNKNOWN || pct < (uint32_t)o->min_use)
			return false;
	}
	if (o->port >= 0 && ((l->proto != PROTO_TCP && l->proto != PROTO_TCP6) ||
			     l->port != o->port))
		return false;
	return true;
}

int select_rows(const struct listener_set *set, const struct options *o,
		uint32_t **order, size_t *n)
{
	struct sort_ctx ctx = { .set = set, .o = o };
	size_t total = o->summary ? set->nns : set->n;
	uint32_t *v = malloc((total ? total : 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	*n = 0;
	for (size_t i = 0; i < total; i++)
		if (o->summary || keep(&set->v[i], o))
			v[(*n)++] = (uint32_t)i;
	if (!o->summary && o->sort_col < 0) {
		if (sort_default(set, v, *n, o->reverse) < 0) {
			free(v);
			return -ENOMEM;
		}
	} else {
		qsort_r(v, *n, sizeof(*v), o->summary ? cmp_ns : cmp_listener, &ctx);
	}
	*order = v;
	return 0;
}
