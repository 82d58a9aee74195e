// SPDX-License-Identifier: GPL-2.0-or-later
/* select.c: filters (--full, --min-use, --port) and sorting. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "select.h"

int listener_cmp_default(const struct listener_set *set,
			 const struct listener *a, const struct listener *b)
{
	int d;

	/* Namespaces are sorted by label already: their index is the order. */
	if (a->netns != b->netns)
		return a->netns < b->netns ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->proto == PROTO_TCP || a->proto == PROTO_TCP6) {
		d = memcmp(a->addr, b->addr, a->proto == PROTO_TCP ? 4 : 16);
		if (d)
			return d;
		if (a->port != b->port)
			return a->port < b->port ? -1 : 1;
	}
	d = memcmp(pool_str(&set->pool, a->name_off), pool_str(&set->pool, b->name_off),
		   a->name_len < b->name_len ? a->name_len : b->name_len);
	if (d)
		return d;
	if (a->name_len != b->name_len)
		return a->name_len < b->name_len ? -1 : 1;
	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	return 0;
}

/* The default order, as a 128-bit key that decides most comparisons with
 * two integer compares; rows whose keys tie fall back to the full
 * comparison. The key agrees with listener_cmp_default wherever it
 * differs: fields go in the same order, names are zero-padded. */
struct keyed {
	uint64_t hi, lo;
	uint32_t row;
};

static uint64_t be_bytes(const uint8_t *p, size_t n, size_t avail)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = (v << 8) | (i < avail ? p[i] : 0);
	return v;
}

static void make_key(const struct listener_set *set, uint32_t row, struct keyed *k)
{
	const struct listener *l = &set->v[row];
	const uint8_t *name = (const uint8_t *)pool_str(&set->pool, l->name_off);

	k->row = row;
	k->hi = (uint64_t)l->netns << 40 | (uint64_t)l->proto << 32;
	if (l->proto == PROTO_TCP) {
		k->hi |= be_bytes(l->addr, 4, 4);
		k->lo = (uint64_t)l->port << 48;
	} else if (l->proto == PROTO_TCP6) {
		k->hi |= be_bytes(l->addr, 4, 4);
		k->lo = be_bytes(l->addr + 4, 8, 8);
	} else {
		k->hi |= be_bytes(name, 4, l->name_len);
		k->lo = be_bytes(name + (l->name_len > 4 ? 4 : l->name_len), 8,
				 l->name_len > 4 ? l->name_len - 4u : 0);
	}
}

static int cmp_keyed(const void *pa, const void *pb, void *data)
{
	const struct keyed *a = pa, *b = pb;
	const struct listener_set *set = data;

	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return listener_cmp_default(set, &set->v[a->row], &set->v[b->row]);
}

static int sort_default(const struct listener_set *set, uint32_t *v, size_t n, bool reverse)
{
	struct keyed *k = malloc((n ? n : 1) * sizeof(*k));

	if (!k)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		make_key(set, v[i], &k[i]);
	qsort_r(k, n, sizeof(*k), cmp_keyed, (void *)set);
	for (size_t i = 0; i < n; i++)
		v[reverse ? n - 1 - i : i] = k[i].row;
	free(k);
	return 0;
}

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
