// SPDX-License-Identifier: GPL-2.0-or-later
/* order.c: the default listener order, by a radix sort on byte keys. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "select.h"

int listener_cmp_default(const struct snapshot *s,
			 const struct listener *a, const struct listener *b)
{
	int d;

	/* Namespaces by label: their rank in that order. */
	if (a->netns != b->netns)
		return s->ns_rank[a->netns] < s->ns_rank[b->netns] ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (listener_is_tcp(a)) {
		d = memcmp(a->addr, b->addr, a->proto == PROTO_TCP ? 4 : 16);
		if (d)
			return d;
		if (a->port != b->port)
			return a->port < b->port ? -1 : 1;
	}
	d = memcmp(pool_str(&s->pool, a->name_off), pool_str(&s->pool, b->name_off),
		   a->name_len < b->name_len ? a->name_len : b->name_len);
	if (d)
		return d;
	if (a->name_len != b->name_len)
		return a->name_len < b->name_len ? -1 : 1;
	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	return 0;
}

/* The order above as a byte string: the namespace and protocol, then the
 * address and port of a TCP socket, or the AF_UNIX name from the first byte
 * where names differ (they mostly share a directory), zero-padded. Where
 * two keys differ they order rows as listener_cmp_default() does; rows
 * whose keys are equal (the same address and port under SO_REUSEPORT, long
 * names alike in their first bytes) are ordered by it afterwards. Sorting
 * the keys a byte at a time, skipping the bytes every key shares, costs a
 * fraction of a comparison sort at tens of thousands of rows.
 *
 * Keys are as long as the rows sorted together need, in steps of 8 bytes
 * up to KEY_LEN: within one namespace's run of rows only the protocol is
 * kept of the first four bytes, and IPv4 addresses or names that differ in
 * their first few bytes make keys of 8, a third of the memory. */
#define KEY_LEN 24
#define KEY_WORDS (KEY_LEN / 8)

struct keys {
	uint8_t *k;
	size_t len;		/* bytes a key: 8, 16 or 24 */
	size_t head;		/* 4 with the namespace, 1 with the protocol alone */
	size_t lcp;		/* bytes every AF_UNIX name begins with */
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Bytes every AF_UNIX name among the rows begins with. */
static size_t unix_common_prefix(const struct snapshot *s, const uint32_t *v, size_t n)
{
	const char *first = NULL;
	size_t lcp = 0;

	for (size_t i = 0; i < n; i++) {
		const struct listener *l = &s->rows.v[v[i]];
		const char *name = pool_str(&s->pool, l->name_off);
		size_t k = 0;

		if (listener_is_tcp(l))
			continue;
		if (!first) {
			first = name;
			lcp = l->name_len;
			continue;
		}
		if (lcp > l->name_len)
			lcp = l->name_len;
		if (!memcmp(name, first, lcp))
			continue;
		while (k < lcp && name[k] == first[k])
			k++;
		lcp = k;
	}
	return lcp;
}

/* How long the keys of rows v[0..n) need to be. */
static void key_shape(const struct snapshot *s, const uint32_t *v, size_t n,
		      bool one_namespace, struct keys *ks)
{
	size_t need = 0;

	ks->head = one_namespace ? 1 : 4;
	ks->lcp = unix_common_prefix(s, v, n);
	for (size_t i = 0; i < n && need < KEY_LEN; i++) {
		const struct listener *l = &s->rows.v[v[i]];
		size_t len = listener_is_tcp(l) ? (l->proto == PROTO_TCP ? 4u : 16u) + 2
			     : l->name_len > ks->lcp ? l->name_len - ks->lcp : 0;

		if (ks->head + len > need)
			need = ks->head + len;
	}
	ks->len = need <= 8 ? 8 : need <= 16 ? 16 : KEY_LEN;
}

static void make_key(const struct snapshot *s, const struct listener *l, const struct keys *ks,
		     uint8_t *key)
{
	const struct pool *pool = &s->pool;
	uint8_t *p = key + ks->head, *end = key + ks->len;

	memset(key, 0, ks->len);
	/* Four bytes hold 2^30 namespaces beside the protocol. */
	if (ks->head == 4)
		put_be32(key, s->ns_rank[l->netns] << 2 | (l->proto & 3u));
	else
		key[0] = (uint8_t)(l->proto & 3u);
	if (listener_is_tcp(l)) {
		uint8_t buf[18];
		size_t alen = l->proto == PROTO_TCP ? 4 : 16;

		memcpy(buf, l->addr, alen);
		buf[alen] = (uint8_t)(l->port >> 8);
		buf[alen + 1] = (uint8_t)l->port;
		memcpy(p, buf, alen + 2 < (size_t)(end - p) ? alen + 2 : (size_t)(end - p));
	} else if (l->name_len > ks->lcp) {
		size_t len = l->name_len - ks->lcp;

		memcpy(p, pool_str(pool, l->name_off) + ks->lcp,
		       len < (size_t)(end - p) ? len : (size_t)(end - p));
	}
}

static bool key_eq(const struct keys *ks, uint32_t a, uint32_t b)
{
	uint64_t x[KEY_WORDS], y[KEY_WORDS], d = 0;

	memcpy(x, ks->k + a * ks->len, ks->len);
	memcpy(y, ks->k + b * ks->len, ks->len);
	for (size_t j = 0; j < ks->len / 8; j++)
		d |= x[j] ^ y[j];
	return !d;
}

/* Sorts the indexes idx[0..n) of keys, least significant byte first: each
 * pass is a stable counting sort on one byte, so after the last pass they
 * are in key order. Bytes no two keys differ in are skipped. The passes go
 * back and forth between idx and tmp; returns the one holding the result. */
static uint32_t *radix_sort(const struct keys *ks, uint32_t *idx, uint32_t *tmp, size_t n)
{
	uint64_t diff[KEY_WORDS] = { 0 }, first[KEY_WORDS];
	const uint8_t *k = ks->k;
	size_t len = ks->len, words = len / 8;

	memcpy(first, k, len);
	for (size_t i = 0; i < n; i++) {
		uint64_t w[KEY_WORDS];

		idx[i] = (uint32_t)i;
		memcpy(w, k + i * len, len);
		for (size_t j = 0; j < words; j++)
			diff[j] |= w[j] ^ first[j];
	}
	for (size_t b = len; b-- > 0;) {
		size_t count[256] = { 0 }, sum = 0;
		uint32_t *t;

		if (!((const uint8_t *)diff)[b])
			continue;
		/* The counts do not depend on the order: read keys in place. */
		for (size_t i = 0; i < n; i++)
			count[k[i * len + b]]++;
		for (size_t c = 0; c < 256; c++) {
			size_t x = count[c];

			count[c] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[k[idx[i] * len + b]]++] = idx[i];
		t = idx, idx = tmp, tmp = t;
	}
	return idx;
}

struct tie_ctx {
	const struct snapshot *s;
	const uint32_t *v;
};

static int cmp_rows(const void *pa, const void *pb, void *data)
{
	const struct tie_ctx *c = data;
	uint32_t a = c->v[*(const uint32_t *)pa], b = c->v[*(const uint32_t *)pb];

	return listener_cmp_default(c->s, &c->s->rows.v[a], &c->s->rows.v[b]);
}

/* Sorts v[0..n), with room at mem for n keys of KEY_LEN bytes and two
 * indexes each. */
static void sort_run(const struct snapshot *s, uint32_t *v, size_t n, bool one_namespace,
		     uint8_t *mem)
{
	struct tie_ctx tc = { .s = s, .v = v };
	struct keys ks = { .k = mem };
	uint32_t *idx, *tmp, *sorted, *other;

	key_shape(s, v, n, one_namespace, &ks);
	idx = (uint32_t *)(mem + n * ks.len);
	tmp = idx + n;
	for (size_t i = 0; i < n; i++)
		make_key(s, &s->rows.v[v[i]], &ks, ks.k + i * ks.len);
	sorted = radix_sort(&ks, idx, tmp, n);
	other = sorted == idx ? tmp : idx;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && key_eq(&ks, sorted[i], sorted[j]); j++)
			;
		if (j - i > 1)
			qsort_r(sorted + i, j - i, sizeof(*sorted), cmp_rows, &tc);
	}
	for (size_t i = 0; i < n; i++)
		other[i] = v[sorted[i]];
	memcpy(v, other, n * sizeof(*v));
}

/* Rows come as the namespaces were read, each namespace's TCP rows (one
 * dump) before or after its AF_UNIX rows (another): runs of rows that
 * belong together. Where every run is whole (no namespace and kind in two
 * runs), each is sorted on its own, which needs keys for the longest run
 * only, not for every row, and the runs are then put in order. */
struct run {
	size_t start, n;
	uint32_t rank;		/* the namespace's, then TCP before AF_UNIX */
};

static bool same_run(const struct listener *a, const struct listener *b)
{
	return a->netns == b->netns && listener_is_tcp(a) == listener_is_tcp(b);
}

static uint32_t run_rank(const struct snapshot *s, const struct listener *l)
{
	return s->ns_rank[l->netns] << 1 | !listener_is_tcp(l);
}

static int cmp_run(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* The runs of v, or -EINVAL when one namespace and kind come in two. */
static int find_runs(const struct snapshot *s, const uint32_t *v, size_t n, struct run **runs,
		     size_t *nruns)
{
	size_t count = 0, slots = s->nns ? s->nns * 2 : 1;
	uint8_t *seen = calloc(slots, 1);
	struct run *r;

	for (size_t i = 0; i < n; i++)
		count += i == 0 || !same_run(&s->rows.v[v[i - 1]], &s->rows.v[v[i]]);
	r = malloc((count ? count : 1) * sizeof(*r));
	if (!seen || !r) {
		free(seen);
		free(r);
		return -ENOMEM;
	}
	*nruns = 0;
	for (size_t i = 0, j; i < n; i = j) {
		uint32_t rank = run_rank(s, &s->rows.v[v[i]]);

		for (j = i + 1; j < n && same_run(&s->rows.v[v[i]], &s->rows.v[v[j]]); j++)
			;
		if (seen[rank]++) {
			free(seen);
			free(r);
			return -EINVAL;
		}
		r[(*nruns)++] = (struct run){ .start = i, .n = j - i, .rank = rank };
	}
	free(seen);
	*runs = r;
	return 0;
}

/* Puts the sorted runs in the order of their namespaces' labels. */
static int order_runs(uint32_t *v, size_t n, struct run *runs, size_t nruns)
{
	bool ordered = true;
	uint32_t *out;
	size_t k = 0;

	for (size_t i = 1; i < nruns && ordered; i++)
		ordered = runs[i - 1].rank < runs[i].rank;
	if (ordered)
		return 0;
	out = malloc(n * sizeof(*out));
	if (!out)
		return -ENOMEM;
	qsort(runs, nruns, sizeof(*runs), cmp_run);
	for (size_t i = 0; i < nruns; i++) {
		memcpy(out + k, v + runs[i].start, runs[i].n * sizeof(*v));
		k += runs[i].n;
	}
	memcpy(v, out, n * sizeof(*v));
	free(out);
	return 0;
}

int sort_default(const struct snapshot *s, uint32_t *v, size_t n, bool reverse)
{
	struct run *runs = NULL;
	size_t longest = 0, nruns = 0;
	uint8_t *mem;
	int err;

	if (n < 2)
		return 0;
	err = find_runs(s, v, n, &runs, &nruns);
	if (err == -ENOMEM)
		return err;
	for (size_t i = 0; err == 0 && i < nruns; i++)
		if (runs[i].n > longest)
			longest = runs[i].n;
	if (err < 0)
		longest = n;
	mem = malloc(longest * (KEY_LEN + 2 * sizeof(uint32_t)));
	if (!mem) {
		free(runs);
		return -ENOMEM;
	}
	if (err < 0)
		sort_run(s, v, n, false, mem);
	for (size_t i = 0; err == 0 && i < nruns; i++)
		if (runs[i].n > 1)
			sort_run(s, v + runs[i].start, runs[i].n, true, mem);
	free(mem);
	err = err == 0 ? order_runs(v, n, runs, nruns) : 0;
	free(runs);
	if (err < 0)
		return err;
	for (size_t i = 0; reverse && i < n / 2; i++) {
		uint32_t t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	return 0;
}
