// SPDX-License-Identifier: GPL-2.0-or-later
/* test_order.c: the default order's radix sort against a plain comparison sort, on random rows. */
#include <stdint.h>
#include <stdlib.h>

#include "select.h"
#include "snapshot.h"
#include "unit.h"

static uint64_t rng = 88172645463325252ull;

static uint32_t next(uint32_t below)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % below);
}

/* Names that share a directory and often much more, hold NUL and control
 * bytes, begin one another, or repeat; some are abstract. */
static bool short_keys;	/* IPv4 only, and names that differ early */

static size_t random_name(char *buf)
{
	static const char alphabet[] = { 'a', 'b', 'z', '\0', '\x01', '/', '\xff' };
	const char *dir = "/run/service/instances/";
	size_t n = 0, len = next(short_keys ? 6 : 40);

	if (next(4) == 0)
		buf[n++] = '\0';
	else
		for (const char *p = dir; *p && next(8); p++)
			buf[n++] = *p;
	for (size_t i = 0; i < len; i++)
		buf[n++] = next(3) ? 'q' : alphabet[next(sizeof(alphabet))];
	return n;
}

static void fill(struct snapshot *set, size_t n)
{
	static const uint8_t hosts[][16] = {
		{ 0 }, { 127, 0, 0, 1 }, { 10, 0, 0, 2 }, { 255, 255, 255, 255 },
		{ 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
	};

	for (size_t i = 0; i < n; i++) {
		struct listener *l = rowstore_add(&set->rows);
		char name[128];
		size_t len;

		l->netns = next(3);
		l->proto = (uint8_t)next(PROTO_COUNT);
		l->inode = (uint32_t)(i * 7919 % 1000003) + 1;
		if (short_keys && l->proto == PROTO_TCP6)
			l->proto = PROTO_TCP;
		if (listener_is_tcp(l)) {
			memcpy(l->addr, hosts[next(short_keys ? 4 : 5)], 16);
			l->port = (uint16_t)(next(2) ? next(4) : next(65536));
			if (next(10) == 0 && pool_add(&set->pool, "eth0", 4, &l->name_off) == 0)
				l->name_len = 4;
		} else {
			len = random_name(name);
			if (len && pool_add(&set->pool, name, len, &l->name_off) == 0)
				l->name_len = (uint8_t)len;
		}
	}
}

static int cmp_plain(const void *a, const void *b, void *data)
{
	const struct snapshot *set = data;

	return listener_cmp_default(set, &set->rows.v[*(const uint32_t *)a],
				    &set->rows.v[*(const uint32_t *)b]);
}

/* The order rows come in: by namespace as the session found them (not by
 * label), each namespace's TCP rows first; within those, the kernel's hash
 * order (here, the inode's). */
static int cmp_dumped(const void *a, const void *b, void *data)
{
	const struct snapshot *set = data;
	const struct listener *x = &set->rows.v[*(const uint32_t *)a];
	const struct listener *y = &set->rows.v[*(const uint32_t *)b];

	if (x->netns != y->netns)
		return x->netns < y->netns ? -1 : 1;
	if (listener_is_tcp(x) != listener_is_tcp(y))
		return listener_is_tcp(x) ? -1 : 1;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* Three namespaces whose labels are not in the order they were found. */
static struct snapshot *three_namespaces(void)
{
	static const char *const labels[] = { "web", "net:[4026531840]", "db" };
	struct snapshot *s = snapshot_new(NULL);

	for (int i = 0; i < 3; i++) {
		struct netns *ns;
		uint32_t idx;

		snapshot_add_netns(s, &ns, &idx);
		ns->id = (uint32_t)i + 1;
		pool_add_str(&s->pool, labels[i], strlen(labels[i]), &ns->label);
	}
	return s;
}

static void compare(size_t n)
{
	struct snapshot *s = three_namespaces();
	uint32_t *radix, *plain;
	size_t mismatches = 0, reversed = 0;

	fill(s, n);
	CHECK(snapshot_publish(s) == 0 && s->ns_rank[0] == 2 && s->ns_rank[2] == 0,
	      "namespaces ranked by label");
	radix = malloc((n + 1) * sizeof(*radix));
	plain = malloc((n + 1) * sizeof(*plain));
	if (!radix || !plain)
		exit(1);
	for (size_t i = 0; i < n; i++)
		radix[i] = plain[i] = (uint32_t)(n - 1 - i);
	CHECK(sort_default(s, radix, n, false) == 0, "sort_default(%zu)", n);
	qsort_r(plain, n, sizeof(*plain), cmp_plain, s);
	for (size_t i = 0; i < n; i++)
		mismatches += radix[i] != plain[i];
	CHECK(mismatches == 0, "%zu rows: %zu positions differ from the comparison sort", n, mismatches);
	CHECK(sort_default(s, radix, n, true) == 0, "sort_default(%zu, reverse)", n);
	for (size_t i = 0; i < n; i++)
		reversed += radix[i] != plain[n - 1 - i];
	CHECK(reversed == 0, "%zu rows reversed: %zu positions differ", n, reversed);
	/* As the dumps deliver them, sorted run by run: the same order. */
	for (size_t i = 0; i < n; i++)
		radix[i] = (uint32_t)i;
	qsort_r(radix, n, sizeof(*radix), cmp_dumped, s);
	CHECK(sort_default(s, radix, n, false) == 0, "sort_default(%zu) by runs", n);
	mismatches = 0;
	for (size_t i = 0; i < n; i++)
		mismatches += radix[i] != plain[i];
	CHECK(mismatches == 0, "%zu rows in runs: %zu positions differ", n, mismatches);
	free(radix);
	free(plain);
	snapshot_unref(s);
}

int main(void)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 17, 256, 1000, 20000 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (int round = 0; round < 5; round++)
			compare(sizes[i]);
	/* Rows whose keys fit in 8 or 16 bytes: IPv4, names that differ
	 * early; longer ones tie and are ordered by comparison. */
	short_keys = true;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (int round = 0; round < 5; round++)
			compare(sizes[i]);
	return unit_done();
}
