// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_diag.c: inet_diag and unix_diag reply parsing, through the dump loop's parser. */
#include <stdlib.h>
#include <string.h>

#include <netinet/tcp.h>

#include "columns.h"
#include "diag.h"
#include "escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	struct snapshot *set;
	bool is_unix;
	unsigned skipped;
};

/* What the dumps do with each message: a listener kept, a bad message
 * counted and skipped; then its local address formatted and escaped. */
static int row_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ctx *c = data;
	struct diag_row r;
	struct listener *l;
	char local[CELL_SCRATCH], esc[CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	int ret = (c->is_unix ? diag_parse_unix : diag_parse_inet)(nlh, &r);
	size_t n;

	if (ret < 0)
		c->skipped++;
	if (ret <= 0 || r.state != TCP_LISTEN || !(l = rowstore_add(&c->set->rows)))
		return MNL_CB_OK;
	*l = r.l;
	if (r.name_len && pool_add(&c->set->pool, r.name, r.name_len, &l->name_off) == 0)
		l->name_len = (uint8_t)r.name_len;
	n = listener_format_local(&c->set->pool, l, local, sizeof(local));
	escape_name(esc, local, n, NULL);
	return MNL_CB_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlsock s;
	struct ctx c;
	bool done = false, rows;
	void *buf;

	if (size < 1)
		return 0;
	memset(&s, 0, sizeof(s));
	s.replay_fd = s.record_fd = -1;
	memset(&c, 0, sizeof(c));
	c.is_unix = data[0] & 1;
	if (!(c.set = snapshot_new(NULL)))
		return 0;
	/* Replies arrive 4-byte aligned in a receive buffer. */
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	nlsock_run_buffer(&s, buf, size - 1, 0, row_cb, &c, &done, &rows);
	free(buf);
	snapshot_unref(c.set);
	return 0;
}
