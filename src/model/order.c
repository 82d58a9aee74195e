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
 * fraction of a comparison sort at tens of thousands of rows. */
#define KEY_LEN 24

struct key {
	uint8_t k[KEY_LEN];
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

static void make_key(const struct listener *l, const struct pool *pool, size_t lcp,
		     struct key *key)
{
	uint8_t *p = key->k + 4;

	memset(key->k, 0, KEY_LEN);
	/* Four bytes hold 2^30 namespaces beside the protocol. */
	put_be32(key->k, l->netns << 2 | (l->proto & 3u));
	if (listener_is_tcp(l)) {
		size_t alen = l->proto == PROTO_TCP ? 4 : 16;

		memcpy(p, l->addr, alen);
		p[alen] = (uint8_t)(l->port >> 8);
		p[alen + 1] = (uint8_t)l->port;
	} else if (l->name_len > lcp) {
		size_t len = l->name_len - lcp;

		memcpy(p, pool_str(pool, l->name_off) + lcp, len < KEY_LEN - 4 ? len : KEY_LEN - 4);
	}
}

static bool key_eq(const struct key *a, const struct key *b)
{
	uint64_t x[KEY_LEN / 8], y[KEY_LEN / 8], d = 0;

	memcpy(x, a->k, KEY_LEN);
	memcpy(y, b->k, KEY_LEN);
	for (size_t j = 0; j < KEY_LEN / 8; j++)
		d |= x[j] ^ y[j];
	return !d;
}

/* Sorts the indexes idx[0..n) of keys, least significant byte first: each
 * pass is a stable counting sort on one byte, so after the last pass they
 * are in key order. Bytes no two keys differ in are skipped. The passes go
 * back and forth between idx and tmp; returns the one holding the result. */
static uint32_t *radix_sort(const struct key *keys, uint32_t *idx, uint32_t *tmp, size_t n)
{
	uint64_t diff[KEY_LEN / 8] = { 0 }, first[KEY_LEN / 8];

	memcpy(first, keys[0].k, KEY_LEN);
	for (size_t i = 0; i < n; i++) {
		uint64_t w[KEY_LEN / 8];

		idx[i] = (uint32_t)i;
		memcpy(w, keys[i].k, KEY_LEN);
		for (size_t j = 0; j < KEY_LEN / 8; j++)
			diff[j] |= w[j] ^ first[j];
	}
	for (size_t b = KEY_LEN; b-- > 0;) {
		size_t count[256] = { 0 }, sum = 0;
		uint32_t *t;

		if (!((const uint8_t *)diff)[b])
			continue;
		/* The counts do not depend on the order: read keys in place. */
		for (size_t i = 0; i < n; i++)
			count[keys[i].k[b]]++;
		for (size_t c = 0; c < 256; c++) {
			size_t x = count[c];

			count[c] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[keys[idx[i]].k[b]]++] = idx[i];
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

/* Sorts v[0..n) with keys, idx and tmp having room for n. */
static void sort_run(const struct listener_set *set, uint32_t *v, size_t n, struct key *keys,
		     uint32_t *idx, uint32_t *tmp)
{
	struct tie_ctx tc = { .set = set, .v = v };
	uint32_t *sorted, *other;
	size_t lcp = unix_common_prefix(set, v, n);

	for (size_t i = 0; i < n; i++)
		make_key(&set->v[v[i]], &set->pool, lcp, &keys[i]);
	sorted = radix_sort(keys, idx, tmp, n);
	other = sorted == idx ? tmp : idx;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && key_eq(&keys[sorted[i]], &keys[sorted[j]]); j++)
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
	size_t longest = 0, one = n;
	struct key *keys;

	if (n < 2)
		return 0;
	if (runs_in_order(set, v, n)) {
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && same_run(&set->v[v[i]], &set->v[v[j]]); j++)
				;
			if (j - i > longest)
				longest = j - i;
		}
		one = 0;
	} else {
		longest = n;
	}
	keys = malloc(longest * (sizeof(*keys) + 2 * sizeof(uint32_t)));
	if (!keys)
		return -ENOMEM;
	if (one) {
		sort_run(set, v, n, keys, (uint32_t *)(keys + n), (uint32_t *)(keys + n) + n);
	} else {
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && same_run(&set->v[v[i]], &set->v[v[j]]); j++)
				;
			if (j - i > 1)
				sort_run(set, v + i, j - i, keys, (uint32_t *)(keys + longest),
					 (uint32_t *)(keys + longest) + longest);
		}
	}
	free(keys);
	for (size_t i = 0; reverse && i < n / 2; i++) {
		uint32_t t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	return 0;
}
