// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_names.c: escaping and the CSV, JSON, table and OpenMetrics writers on any name. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct out out;
	struct listener_set set;
	struct netns ns;
	struct listener *l;
	char label[] = "fuzz";
	int cols[LC_COUNT];
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

	memset(&set, 0, sizeof(set));
	memset(&ns, 0, sizeof(ns));
	ns.label = label;
	ns.sys.somaxconn = 4096;
	ns.pid = 1;
	memcpy(ns.comm, data, size < 16 ? size : 16);
	set.ns = &ns;
	set.nns = 1;
	l = listener_new(&set);
	if (!l)
		return 0;
	memset(l, 0, sizeof(*l));
	l->proto = size && (data[0] & 1) ? PROTO_UNIX : PROTO_UNIX_SEQ;
	if (pool_add(&set.pool, data, n, &l->name_off) == 0)
		l->name_len = (uint8_t)n;
	listener_add_owner(&set, l, 42, (const char *)data, size < 16 ? size : 16);
	for (int i = 0; i < LC_COUNT; i++)
		cols[i] = i;
	struct view v = { .set = &set, .rows = ROWS_LISTENERS, .order = order, .n = 1,
			  .cols = cols, .ncols = LC_COUNT, .header = true };

	out_init(&out, open("/dev/null", O_WRONLY | O_CLOEXEC));
	for (size_t i = 0; i < formats_count; i++)
		formats[i].render(&out, &v);
	out_flush(&out);
	close(out.fd);
	set.ns = NULL;
	set.nns = 0;
	listener_set_free(&set);
	return 0;
}
