// SPDX-License-Identifier: GPL-2.0-or-later
/* test_cells.c: every column's cell, for a TCP and an AF_UNIX listener and a namespace. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "columns.h"
#include "history.h"
#include "snapshot.h"
#include "unit.h"

/* What a cell must hold: its kind, and a number or text ("yes"/"no" for a
 * boolean). */
struct want {
	const char *col;
	enum cell_kind kind;
	uint64_t num;
	const char *text;
};

static const struct want tcp_row[] = {
	{ "netns", CELL_STR, 0, "web" },
	{ "ns_container", CELL_STR, 0, "pod:8a3c1d2e-4f5b-6a7c-8d9e-0f1a2b3c4d5e" },
	{ "proto", CELL_STR, 0, "tcp" },
	{ "local", CELL_STR, 0, "10.0.0.2:443" },
	{ "port", CELL_NUM, 443, NULL },
	{ "v6only", CELL_NONE, 0, NULL },		/* IPv4: the question does not arise */
	{ "recv_q", CELL_NUM, 129, NULL },
	{ "backlog", CELL_NUM, 128, NULL },
	{ "use_pct", CELL_NUM, 100, NULL },		/* floor(100 * 129 / 129) */
	{ "state", CELL_STR, 0, "full" },
	{ "drops", CELL_NUM, 21, NULL },
	{ "new_drops", CELL_NUM, 6, NULL },
	{ "somaxconn", CELL_NUM, 128, NULL },
	{ "clamped", CELL_BOOL, 1, "yes" },
	{ "syn_q", CELL_NUM, 4, NULL },
	{ "syn_max", CELL_NUM, 512, NULL },
	{ "peak_q", CELL_NUM, 200, NULL },
	{ "watch_drops", CELL_NUM, 15, NULL },
	{ "inode", CELL_NUM, 777, NULL },
	{ "uid", CELL_NUM, 33, NULL },
	{ "pid", CELL_STR, 0, "100,101" },
	{ "command", CELL_STR, 0, "nginx,nginx: w" },
	{ "ns_pid", CELL_NUM, 42, NULL },
	{ "ns_command", CELL_STR, 0, "pause" },
	{ "ns_hostname", CELL_STR, 0, "web-7f9c" },
	{ "ns_cgroup", CELL_STR, 0, "/kubepods/pod8a3c1d2e-4f5b-6a7c-8d9e-0f1a2b3c4d5e/0" },
};

static const struct want unix_row[] = {
	{ "netns", CELL_STR, 0, "web" },
	{ "ns_container", CELL_STR, 0, "pod:8a3c1d2e-4f5b-6a7c-8d9e-0f1a2b3c4d5e" },
	{ "proto", CELL_STR, 0, "unix_seq" },
	{ "local", CELL_STR, 0, "@api" },
	{ "port", CELL_NONE, 0, NULL },
	{ "v6only", CELL_NONE, 0, NULL },
	{ "recv_q", CELL_NUM, 2, NULL },
	{ "backlog", CELL_NUM, 5, NULL },
	{ "use_pct", CELL_NUM, 33, NULL },		/* floor(100 * 2 / 6) */
	{ "state", CELL_STR, 0, "ok" },
	{ "drops", CELL_NONE, 0, NULL },		/* AF_UNIX counts none */
	{ "new_drops", CELL_NONE, 0, NULL },
	{ "somaxconn", CELL_NUM, 128, NULL },
	{ "clamped", CELL_BOOL, 0, "no" },
	{ "syn_q", CELL_NONE, 0, NULL },		/* AF_UNIX has no SYN queue */
	{ "syn_max", CELL_NONE, 0, NULL },
	{ "peak_q", CELL_NUM, 2, NULL },		/* below recv_q: recv_q */
	{ "watch_drops", CELL_NONE, 0, NULL },
	{ "inode", CELL_NUM, 778, NULL },
	{ "uid", CELL_NONE, 0, NULL },			/* the kernel did not say */
	{ "pid", CELL_NONE, 0, NULL },			/* no owner found */
	{ "command", CELL_NONE, 0, NULL },
	{ "ns_pid", CELL_NUM, 42, NULL },
	{ "ns_command", CELL_STR, 0, "pause" },
	{ "ns_hostname", CELL_STR, 0, "web-7f9c" },
	{ "ns_cgroup", CELL_STR, 0, "/kubepods/pod8a3c1d2e-4f5b-6a7c-8d9e-0f1a2b3c4d5e/0" },
};

static const struct want ns_row[] = {
	{ "netns", CELL_STR, 0, "web" },
	{ "ns_container", CELL_STR, 0, "pod:8a3c1d2e-4f5b-6a7c-8d9e-0f1a2b3c4d5e" },
	{ "ns_hostname", CELL_STR, 0, "web-7f9c" },
	{ "ns_pid", CELL_NUM, 42, NULL },
	{ "ns_command", CELL_STR, 0, "pause" },
	{ "ns_cgroup", CELL_STR, 0, "/kubepods/pod8a3c1d2e-4f5b-6a7c-8d9e-0f1a2b3c4d5e/0" },
	{ "somaxconn", CELL_NUM, 128, NULL },
	{ "tcp_max_syn_backlog", CELL_NUM, 512, NULL },
	{ "tcp_syncookies", CELL_NUM, 1, NULL },
	{ "tcp_abort_on_overflow", CELL_NUM, 0, NULL },
	{ "listeners", CELL_NUM, 2, NULL },
	{ "full", CELL_NUM, 1, NULL },
	{ "listen_overflows", CELL_NUM, 7, NULL },
	{ "listen_drops", CELL_NUM, 30, NULL },
	{ "drops", CELL_NUM, 21, NULL },		/* the TCP listener's; AF_UNIX adds none */
	{ "drops_elsewhere", CELL_NUM, 9, NULL },	/* 30 - 21 */
	{ "reqq_full_drop", CELL_NUM, 1, NULL },
	{ "reqq_full_cookies", CELL_NUM, 2, NULL },
	{ "cookies_sent", CELL_NUM, 3, NULL },
	{ "cookies_recv", CELL_NUM, 4, NULL },
	{ "cookies_failed", CELL_NONE, 0, NULL },	/* unreadable */
};

static void check_row(const struct rowset *set, enum row_kind rows, uint32_t idx,
		      const struct want *want, size_t nwant, const char *what)
{
	const struct column *cols = column_table(rows);
	char scratch[CELL_SCRATCH];

	/* Every column has an expectation here: a new column needs one. */
	for (size_t c = 0; c < column_count(rows); c++) {
		const struct want *w = NULL;
		struct cell cell;

		for (size_t k = 0; k < nwant; k++)
			if (!strcmp(want[k].col, cols[c].name))
				w = &want[k];
		if (!w) {
			CHECK(false, "%s: column %s has no expectation in this test", what, cols[c].name);
			continue;
		}
		memset(&cell, 0xa5, sizeof(cell));
		row_cell(set, rows, idx, (int)c, &cell, scratch);
		CHECK(cell.kind == w->kind, "%s %s: kind %d, expected %d", what, w->col, cell.kind, w->kind);
		if (cell.kind != w->kind)
			continue;
		if (w->kind == CELL_NUM || w->kind == CELL_BOOL)
			CHECK_EQ(cell.num, w->num, w->col);
		if (w->kind == CELL_STR)
			CHECK_MEM(cell.s, cell.len, w->text, w->col);
	}
	CHECK_EQ(column_count(rows), nwant, "columns and expectations");
}

static void str(struct snapshot *s, const char *text, struct pstr *out)
{
	pool_add_str(&s->pool, text, strlen(text), out);
}

static void owner(struct snapshot *s, size_t row, uint32_t pid, const char *comm)
{
	uint32_t off;

	pool_add(&s->pool, comm, strlen(comm), &off);
	snapshot_add_owner(s, row, pid, off);
}

int main(void)
{
	struct snapshot *s = snapshot_new(NULL);
	uint32_t peak[2] = { 200, 1 }, fresh[2] = { 6, 3 }, all[2] = { 15, 4 };
	struct history_frame frame = { .peak_q = peak, .new_drops = fresh, .all_drops = all, .n = 2 };
	struct rowset watch = { .snap = s, .hist = &frame }, once = { .snap = s };
	struct listener *l;
	struct netns *ns;
	uint32_t idx, *syn_q;
	char scratch[CELL_SCRATCH];
	struct cell cell;

	snapshot_add_netns(s, &ns, &idx);
	str(s, "web", &ns->label);
	ns->read_ok = true;
	ns->pid = 42;
	str(s, "pause", &ns->comm);
	str(s, "/kubepods/pod8a3c1d2e-4f5b-6a7c-8d9e-0f1a2b3c4d5e/0", &ns->cgroup);
	ns->cgroup_known = true;
	str(s, "pod:8a3c1d2e-4f5b-6a7c-8d9e-0f1a2b3c4d5e", &ns->container);
	ns->container_known = true;
	str(s, "web-7f9c", &ns->hostname);
	ns->hostname_known = true;
	ns->sys = (struct ns_sysctl){ .somaxconn = 128, .tcp_max_syn_backlog = 512, .tcp_syncookies = 1,
		 .tcp_abort_on_overflow = 0,
		 .counter = { [CNT_LISTEN_OVERFLOWS] = 7, [CNT_LISTEN_DROPS] = 30,
			      [CNT_REQQ_FULL_DROP] = 1, [CNT_REQQ_FULL_COOKIES] = 2,
			      [CNT_COOKIES_SENT] = 3, [CNT_COOKIES_RECV] = 4,
			      [CNT_COOKIES_FAILED] = UINT64_MAX } };
	l = rowstore_add(&s->rows);
	*l = (struct listener){ .inode = 777, .recv_q = 129, .backlog = 128, .uid = 33,
				.drops = 21, .port = 443, .proto = PROTO_TCP };
	inet_pton(AF_INET, "10.0.0.2", l->addr);
	owner(s, 0, 100, "nginx");
	owner(s, 0, 101, "nginx: w");
	/* The same process twice (two descriptors) is one owner. */
	owner(s, 0, 100, "nginx");
	l = rowstore_add(&s->rows);
	*l = (struct listener){ .inode = 778, .recv_q = 2, .backlog = 5, .uid = SOCKQ_UNKNOWN,
				.drops = 0, .proto = PROTO_UNIX_SEQ };
	pool_add(&s->pool, "\0api", 4, &l->name_off);
	l->name_len = 4;
	/* Counted request sockets beside the rows; the AF_UNIX row's 0 must
	 * not show. */
	CHECK((syn_q = rowstore_side_u32(&s->rows, LC_SYN_Q)) != NULL, "syn_q room");
	syn_q[0] = 4;
	syn_q[1] = 0;
	CHECK(snapshot_publish(s) == 0, "published");

	/* As --watch leaves them; the AF_UNIX row's numbers must not show. */
	check_row(&watch, ROWS_LISTENERS, 0, tcp_row, sizeof(tcp_row) / sizeof(tcp_row[0]), "tcp");
	check_row(&watch, ROWS_LISTENERS, 1, unix_row, sizeof(unix_row) / sizeof(unix_row[0]), "unix");
	check_row(&watch, ROWS_NAMESPACES, 0, ns_row, sizeof(ns_row) / sizeof(ns_row[0]), "summary");

	/* v6only, kept beside the rows: a tcp6 row's 0 is "no", not empty. */
	{
		uint32_t *v6only = rowstore_side_u32(&s->rows, LC_V6ONLY);

		CHECK(v6only != NULL, "v6only room");
		CHECK_EQ(rowstore_get_u32(&s->rows, LC_V6ONLY, 1), SOCKQ_UNKNOWN,
			 "a row not filled in is unknown");
		v6only[0] = 0;
		row_cell(&once, ROWS_LISTENERS, 0, LC_V6ONLY, &cell, scratch);
		CHECK(cell.kind == CELL_BOOL && cell.num == 0, "v6only 0 is no");
		v6only[0] = 1;
		row_cell(&once, ROWS_LISTENERS, 0, LC_V6ONLY, &cell, scratch);
		CHECK(cell.kind == CELL_BOOL && cell.num == 1, "v6only 1 is yes");
		v6only[0] = SOCKQ_UNKNOWN;
	}

	/* Outside a watch: no new drops; peak and watch drops are the run's own. */
	row_cell(&once, ROWS_LISTENERS, 0, LC_NEW_DROPS, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "new_drops outside a watch is empty");
	row_cell(&once, ROWS_LISTENERS, 0, LC_PEAK_Q, &cell, scratch);
	CHECK(cell.kind == CELL_NUM && cell.num == 129, "peak_q outside a watch is recv_q");
	row_cell(&once, ROWS_LISTENERS, 0, LC_WATCH_DROPS, &cell, scratch);
	CHECK(cell.kind == CELL_NUM && cell.num == 21, "watch_drops outside a watch is drops");
	CHECK(row_alert(&watch, ROWS_LISTENERS, 1), "a row that dropped since the last sample is an alert");
	CHECK(!row_alert(&once, ROWS_LISTENERS, 1), "not outside a watch, where it is only not full");

	/* A namespace not read, or read in part, counts no listeners: not 0. */
	ns = &s->ns[0];
	ns->read_ok = false;
	row_cell(&once, ROWS_NAMESPACES, 0, SC_LISTENERS, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "listeners of an unread namespace are unknown");
	row_cell(&once, ROWS_NAMESPACES, 0, SC_FULL, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "and so is full");
	ns->read_ok = true;

	/* Listeners' drops above ListenDrops (their filters count too): 0
	 * elsewhere, never a wrapped number. */
	ns->sys.counter[CNT_LISTEN_DROPS] = 5;
	row_cell(&once, ROWS_NAMESPACES, 0, SC_DROPS_ELSEWHERE, &cell, scratch);
	CHECK(cell.kind == CELL_NUM && cell.num == 0, "drops_elsewhere is 0 at least");
	ns->sys.counter[CNT_LISTEN_DROPS] = UINT64_MAX;
	row_cell(&once, ROWS_NAMESPACES, 0, SC_DROPS_ELSEWHERE, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "and unknown without ListenDrops");
	/* One TCP listener with unknown drops makes the sum unknown. */
	s->rows.v[0].drops = SOCKQ_UNKNOWN;
	snapshot_publish(s);
	row_cell(&once, ROWS_NAMESPACES, 0, SC_DROPS, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "a sum with an unknown part is unknown");
	s->rows.v[0].drops = 21;

	/* No process found: nothing names the namespace; a process found in no
	 * container: an empty label, which is a finding; no hostname read. */
	ns->container.len = 0;
	ns->hostname_known = false;
	row_cell(&once, ROWS_NAMESPACES, 0, SC_NS_CONTAINER, &cell, scratch);
	CHECK(cell.kind == CELL_STR && cell.len == 0, "no container: an empty label");
	ns->container_known = false;
	row_cell(&once, ROWS_NAMESPACES, 0, SC_NS_CONTAINER, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "a cgroup unread or perhaps cut: the label is unknown");
	ns->container_known = true;
	row_cell(&once, ROWS_NAMESPACES, 0, SC_NS_HOSTNAME, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "a hostname not read is unknown");
	ns->pid = 0;
	row_cell(&once, ROWS_NAMESPACES, 0, SC_NS_CONTAINER, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "no process: the label is unknown");
	ns->pid = 42;

	/* A cgroup path longer than any scratch (a deep hierarchy) is whole. */
	{
		char deep[5000];

		memset(deep, 'a', sizeof(deep) - 1);
		deep[sizeof(deep) - 1] = '\0';
		deep[0] = '/';
		str(s, deep, &ns->cgroup);
		row_cell(&once, ROWS_NAMESPACES, 0, SC_NS_CGROUP, &cell, scratch);
		CHECK(cell.kind == CELL_STR && cell.len == sizeof(deep) - 1 &&
		      !memcmp(cell.s, deep, cell.len), "a 5000-byte cgroup comes whole: %zu", cell.len);
	}

	/* Unknown sysctls: no somaxconn, no clamped. */
	ns->sys.somaxconn = SOCKQ_UNKNOWN;
	row_cell(&once, ROWS_LISTENERS, 0, LC_SOMAXCONN, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "unknown somaxconn is no number");
	row_cell(&once, ROWS_LISTENERS, 0, LC_CLAMPED, &cell, scratch);
	CHECK(cell.kind == CELL_NONE, "clamped is unknown without somaxconn");

	/* Held by many processes: cut short with "...", within the scratch;
	 * the list, as JSON and CSV take it, is whole. */
	for (uint32_t pid = 1000; pid < 1200; pid++)
		owner(s, 1, pid, "worker-process");
	row_cell(&once, ROWS_LISTENERS, 1, LC_PID, &cell, scratch);
	CHECK(cell.kind == CELL_STR && cell.len <= CELL_SCRATCH && cell.len > 3 &&
	      !memcmp(cell.s + cell.len - 3, "...", 3), "many owners end in ...");
	CHECK(!memcmp(cell.s, "1000,1001,", 10), "and start with the first pids");
	row_cell(&once, ROWS_LISTENERS, 1, LC_COMMAND, &cell, scratch);
	CHECK(cell.kind == CELL_STR && cell.len <= CELL_SCRATCH &&
	      !memcmp(cell.s + cell.len - 3, "...", 3), "many commands end in ...");
	{
		uint32_t pos = 0, items = 0, last = 0;

		while (row_list_next(&once, ROWS_LISTENERS, 1, LC_PID, &pos, &cell))
			last = (uint32_t)cell.num, items++;
		CHECK(items == 200 && last == 1199, "the list holds all 200: %u, last %u", items, last);
	}
	snapshot_unref(s);
	return unit_done();
}
