// SPDX-License-Identifier: GPL-2.0-or-later
/* order.c: the default listener order, by a radix sort on byte keys. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
	if (listener_is_tcp(a)) {
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
static size_t unix_common_prefix(const struct listener_set *set, const uint32_t *v, size_t n)
{
	const char *first = NULL;
	size_t lcp = 0;

	for (size_t i = 0; i < n; i++) {
		const struct listener *l = &set->v[v[i]];
		const char *name = pool_str(&set->pool, l->name_off);
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
static void key_shape(const struct listener_set *set, const uint32_t *v, size_t n,
		      bool one_namespace, struct keys *ks)
{
	size_t need = 0;

	ks->head = one_namespace ? 1 : 4;
	ks->lcp = unix_common_prefix(set, v, n);
	for (size_t i = 0; i < n && need < KEY_LEN; i++) {
		const struct listener *l = &set->v[v[i]];
		size_t len = listener_is_tcp(l) ? (l->proto == PROTO_TCP ? 4u : 16u) + 2
			     : l->name_len > ks->lcp ? l->name_len - ks->lcp : 0;

		if (ks->head + len > need)
			need = ks->head + len;
	}
	ks->len = need <= 8 ? 8 : need <= 16 ? 16 : KEY_LEN;
}

static void make_key(const struct listener *l, const struct pool *pool, const struct keys *ks,
		     uint8_t *key)
{
	uint8_t *p = key + ks->head, *end = key + ks->len;

	memset(key, 0, ks->len);
	/* Four bytes hold 2^30 namespaces beside the protocol. */
	if (ks->head == 4)
		put_be32(key, l->netns << 2 | (l->proto & 3u));
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
	const struct listener_set *set;
	const uint32_t *v;
};

static int cmp_rows(const void *pa, const void *pb, void *data)
{
	const struct tie_ctx *c = data;
	uint32_t a = c->v[*(const uint32_t *)pa], b = c->v[*(const uint32_t *)pb];

	return listener_cmp_default(c->set, &c->set->v[a], &c->set->v[b]);
}

/* Sorts v[0..n), with room at mem for n keys of KEY_LEN bytes and two
 * indexes each. */
static void sort_run(const struct listener_set *set, uint32_t *v, size_t n, bool one_namespace,
		     uint8_t *mem)
{
	struct tie_ctx tc = { .set = set, .v = v };
	struct keys ks = { .k = mem };
	uint32_t *idx, *tmp, *sorted, *other;

	key_shape(set, v, n, one_namespace, &ks);
	idx = (uint32_t *)(mem + n * ks.len);
	tmp = idx + n;
	for (size_t i = 0; i < n; i++)
		make_key(&set->v[v[i]], &set->pool, &ks, ks.k + i * ks.len);
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
 * dump) before its AF_UNIX rows (another): in the default order already
 * from run to run. Where that holds, each run is sorted on its own, which
 * needs keys for the longest run only, not for every row. */
static bool same_run(const struct listener *a, const struct listener *b)
{
	return a->netns == b->netns && listener_is_tcp(a) == listener_is_tcp(b);
}

static bool runs_in_order(const struct listener_set *set, const uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const struct listener *a = &set->v[v[i - 1]], *b = &set->v[v[i]];

		if (!same_run(a, b) && (a->netns > b->netns ||
					(a->netns == b->netns && !listener_is_tcp(a))))
			return false;
	}
	return true;
}

int sort_default(const struct listener_set *set, uint32_t *v, size_t n, bool reverse)
{
	size_t longest = 0;
	bool by_runs;
	uint8_t *mem;

	if (n < 2)
		return 0;
	by_runs = runs_in_order(set, v, n);
	for (size_t i = 0, j; by_runs && i < n; i = j) {
		for (j = i + 1; j < n && same_run(&set->v[v[i]], &set->v[v[j]]); j++)
			;
		if (j - i > longest)
			longest = j - i;
	}
	if (!by_runs)
		longest = n;
	mem = malloc(longest * (KEY_LEN + 2 * sizeof(uint32_t)));
	if (!mem)
		return -ENOMEM;
	if (!by_runs) {
		sort_run(set, v, n, false, mem);
	} else {
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && same_run(&set->v[v[i]], &set->v[v[j]]); j++)
				;
			if (j - i > 1)
				sort_run(set, v + i, j - i, true, mem);
		}
	}
	free(mem);
	for (size_t i = 0; reverse && i < n / 2; i++) {
		uint32_t t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	return 0;
}
