// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_names.c: escaping and the CSV, JSON, table and OpenMetrics writers on any name. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot *set;
	struct netns *ns;
	struct listener *l;
	uint32_t idx, comm;
	int cols[LC_COUNT];
	struct view v = { .rows = ROWS_LISTENERS, .n = 1, .cols = cols, .ncols = LC_COUNT,
			  .header = true };
	uint32_t order[1] = { 0 };
	size_t n = size > 108 ? 108 : size;
	char *esc = malloc(size * ESCAPE_MAX_GROWTH + 1);

	if (!esc)
		return 0;
	{
		size_t w, mw, len = escape_name(esc, (const char *)data, size, &w);

		/* Measuring agrees with writing, and no control byte survives
		 * (the eight-bytes-at-a-time scan must not let one through). */
		if (escape_measure((const char *)data, size, &mw) != len || mw != w)
			abort();
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)esc[i] < 0x20 || esc[i] == 0x7f)
				abort();
	}
	free(esc);

	set = snapshot_new(NULL);
	if (!set || snapshot_add_netns(set, &ns, &idx) < 0)
		goto out;
	pool_add_str(&set->pool, "fuzz", 4, &ns->label);
	ns->sys.somaxconn = 4096;
	ns->pid = 1;
	ns->cgroup_known = ns->hostname_known = true;
	/* Every name a namespace has, of any length: a cgroup path is. */
	pool_add_str(&set->pool, data, size < 16 ? size : 16, &ns->comm);
	pool_add_str(&set->pool, data, size, &ns->cgroup);
	pool_add_str(&set->pool, data, size < 320 ? size : 320, &ns->container);
	pool_add_str(&set->pool, data, size < 64 ? size : 64, &ns->hostname);
	l = rowstore_add(&set->rows);
	if (!l)
		goto out;
	l->proto = size && (data[0] & 1) ? PROTO_UNIX : PROTO_UNIX_SEQ;
	if (pool_add(&set->pool, data, n, &l->name_off) == 0)
		l->name_len = (uint8_t)n;
	if (pool_add(&set->pool, data, size < 16 ? size : 16, &comm) == 0)
		snapshot_add_owner(set, 0, 42, comm);
	if (snapshot_publish(set) < 0)
		goto out;
	for (int i = 0; i < LC_COUNT; i++)
		cols[i] = i;
	v.rs.snap = set;
	v.order = order;

	for (size_t i = 0; i < formats_count; i++) {
		struct sink out;

		if (sink_mem(&out, 64u << 20) < 0)
			break;
		formats[i].render(&out, &v);
		sink_free(&out);
	}
out:
	snapshot_unref(set);
	return 0;
}
