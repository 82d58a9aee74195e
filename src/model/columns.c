// SPDX-License-Identifier: GPL-2.0-or-later
/* columns.c: every column sockq can show, and how each cell is filled. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "columns.h"
#include "history.h"
#include "numfmt.h"
#include "snapshot.h"

#define M DEF_MACHINE
#define T DEF_TABLE
#define TN DEF_TABLE_NS

const struct column listener_columns[LC_COUNT] = {
	[LC_NETNS] = { "netns",
		"network namespace: its name under /run/netns, else net:[INODE]",
		ALIGN_LEFT, JSON_STR, M | TN },
	[LC_NS_CONTAINER] = { "ns_container",
		"the container, pod, machine or service the namespace belongs to, from its process's cgroup (docker:ID, pod:UID, ...); empty for none",
		ALIGN_LEFT, JSON_STR, TN, .needs = NEED_NS_IDENTITY },
	[LC_PROTO] = { "proto",
		"tcp, tcp6, unix (stream) or unix_seq (seqpacket)",
		ALIGN_LEFT, JSON_STR, M | T | TN },
	[LC_LOCAL] = { "local",
		"local address and port, AF_UNIX path, or @abstract name",
		ALIGN_LEFT, JSON_STR, M | T | TN },
	[LC_PORT] = { "port",
		"local TCP port (empty for AF_UNIX)",
		ALIGN_RIGHT, JSON_NUM, 0 },
	[LC_V6ONLY] = { "v6only",
		"tcp6: yes when the listener takes IPv6 connections only (IPV6_V6ONLY), no when IPv4 ones come to it too, as ::ffff:a.b.c.d; empty for the others",
		ALIGN_LEFT, JSON_BOOL, 0, .needs = NEED_SIDE(LC_V6ONLY), .side = 4, .side_fill = 0xff },
	[LC_RECV_Q] = { "recv_q",
		"connections waiting in the accept queue now",
		ALIGN_RIGHT, JSON_NUM, M | T | TN,
		.metric = { "sockq_accept_queue_length", METRIC_GAUGE,
			    "Connections waiting in the listener's accept queue.", MV_CELL, 0, false } },
	[LC_BACKLOG] = { "backlog",
		"maximum backlog as the kernel holds it, after the somaxconn clamp",
		ALIGN_RIGHT, JSON_NUM, M | T | TN,
		.metric = { "sockq_accept_queue_backlog", METRIC_GAUGE,
			    "Maximum backlog of the listener; the kernel admits backlog + 1 connections.", MV_CELL, 1, false } },
	[LC_USE_PCT] = { "use_pct",
		"accept queue use, floor(100 * recv_q / (backlog + 1)); 100 is full",
		ALIGN_RIGHT, JSON_NUM, M | T | TN,
		.metric = { "sockq_accept_queue_use_ratio", METRIC_GAUGE,
			    "Accept queue length over backlog + 1: 1 is full.", MV_USE_RATIO, 2, false } },
	[LC_STATE] = { "state",
		"full when recv_q > backlog (the next connection is refused), else ok",
		ALIGN_LEFT, JSON_STR, M | T | TN,
		.metric = { "sockq_accept_queue_full", METRIC_GAUGE,
			    "1 when the accept queue is full: the next connection is refused.", MV_FULL, 3, false } },
	[LC_DROPS] = { "drops",
		"TCP connection attempts the listener dropped since listen(): its full accept queue (counted namespace-wide as ListenOverflows), a full SYN queue, a failed child; empty for AF_UNIX, which counts none",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_DROPS,
		.metric = { "sockq_listener_drops", METRIC_COUNTER,
			    "TCP connection attempts the listener dropped since listen() (sk_drops).", MV_CELL, 6, false } },
	[LC_NEW_DROPS] = { "new_drops",
		"--watch: drops since the last sample (empty in the first)",
		ALIGN_RIGHT, JSON_NUM, DEF_WATCH, .needs = NEED_DROPS },
	[LC_SOMAXCONN] = { "somaxconn",
		"the namespace's net.core.somaxconn now",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_SOMAXCONN },
	[LC_CLAMPED] = { "clamped",
		"yes when backlog equals somaxconn: listen() most likely cut it down",
		ALIGN_LEFT, JSON_BOOL, M | T | TN, .needs = NEED_SOMAXCONN,
		.metric = { "sockq_accept_queue_clamped", METRIC_GAUGE,
			    "1 when the backlog equals somaxconn: listen() most likely cut it down.", MV_CLAMPED, 4, false } },
	[LC_SYN_Q] = { "syn_q",
		"TCP connection requests (SYN_RECV) waiting on this listener",
		ALIGN_RIGHT, JSON_NUM, 0, .needs = NEED_SYNQ, .side = 4, .side_fill = 0xff,
		.metric = { "sockq_syn_queue_length", METRIC_GAUGE,
			    "TCP connection requests (SYN_RECV) waiting on the listener.", MV_CELL, 5, true } },
	[LC_SYN_MAX] = { "syn_max",
		"the namespace's net.ipv4.tcp_max_syn_backlog (TCP only)",
		ALIGN_RIGHT, JSON_NUM, 0, .needs = NEED_SYSCTLS },
	[LC_PEAK_Q] = { "peak_q",
		"highest recv_q seen while watching (recv_q in a single run)",
		ALIGN_RIGHT, JSON_NUM, 0 },
	[LC_WATCH_DROPS] = { "watch_drops",
		"--watch: drops since the watch began (drops in a single run)",
		ALIGN_RIGHT, JSON_NUM, 0, .needs = NEED_DROPS },
	[LC_INODE] = { "inode",
		"socket inode",
		ALIGN_RIGHT, JSON_NUM, M | T },
	[LC_UID] = { "uid",
		"owner's user id",
		ALIGN_RIGHT, JSON_NUM, M | T },
	[LC_PID] = { "pid",
		"processes holding the socket, comma-separated (in CSV one pid is a number, several are joined with ';'; in JSON an array)",
		ALIGN_RIGHT, JSON_NUM_LIST, 0, .needs = NEED_OWNERS, .side = 4, .side_fill = 0xff },
	[LC_COMMAND] = { "command",
		"their commands, comma-separated (in CSV joined with ';'; in JSON an array)",
		ALIGN_LEFT, JSON_STR_LIST, 0, .needs = NEED_OWNERS },
	[LC_NS_PID] = { "ns_pid",
		"the process that identifies the namespace: its lowest pid in a container's cgroup, else its lowest",
		ALIGN_RIGHT, JSON_NUM, 0, .needs = NEED_NS_IDENTITY },
	[LC_NS_COMMAND] = { "ns_command",
		"that process's command",
		ALIGN_LEFT, JSON_STR, 0, .needs = NEED_NS_IDENTITY | NEED_NS_COMMAND },
	[LC_NS_HOSTNAME] = { "ns_hostname",
		"that process's UTS hostname (a pod's name, a container's short id)",
		ALIGN_LEFT, JSON_STR, 0, .needs = NEED_NS_IDENTITY | NEED_NS_HOSTNAME },
	[LC_NS_CGROUP] = { "ns_cgroup",
		"that process's cgroup path (v2, else v1 name=systemd)",
		ALIGN_LEFT, JSON_STR, 0, .needs = NEED_NS_IDENTITY },
};
const struct column summary_columns[SC_COUNT] = {
	[SC_NETNS] = { "netns",
		"network namespace: its name under /run/netns, else net:[INODE]",
		ALIGN_LEFT, JSON_STR, M | T | TN },
	[SC_NS_CONTAINER] = { "ns_container",
		"the container, pod, machine or service it belongs to; empty for none",
		ALIGN_LEFT, JSON_STR, M | T | TN, .needs = NEED_NS_IDENTITY },
	[SC_NS_HOSTNAME] = { "ns_hostname",
		"the UTS hostname of the process that identifies it",
		ALIGN_LEFT, JSON_STR, M | T | TN, .needs = NEED_NS_IDENTITY | NEED_NS_HOSTNAME },
	[SC_NS_PID] = { "ns_pid",
		"the process that identifies the namespace",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_NS_IDENTITY },
	[SC_NS_COMMAND] = { "ns_command",
		"that process's command",
		ALIGN_LEFT, JSON_STR, M | T | TN, .needs = NEED_NS_IDENTITY | NEED_NS_COMMAND },
	[SC_NS_CGROUP] = { "ns_cgroup",
		"that process's cgroup path",
		ALIGN_LEFT, JSON_STR, 0, .needs = NEED_NS_IDENTITY },
	[SC_SOMAXCONN] = { "somaxconn",
		"net.core.somaxconn",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_SOMAXCONN,
		.metric = { "sockq_somaxconn", METRIC_GAUGE, "The namespace's net.core.somaxconn.", MV_CELL, 0, false } },
	[SC_TCP_MAX_SYN_BACKLOG] = { "tcp_max_syn_backlog",
		"net.ipv4.tcp_max_syn_backlog",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_SYSCTLS,
		.metric = { "sockq_tcp_max_syn_backlog", METRIC_GAUGE,
			    "The namespace's net.ipv4.tcp_max_syn_backlog.", MV_CELL, 1, false } },
	[SC_TCP_SYNCOOKIES] = { "tcp_syncookies",
		"net.ipv4.tcp_syncookies",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_SYSCTLS },
	[SC_TCP_ABORT_ON_OVERFLOW] = { "tcp_abort_on_overflow",
		"net.ipv4.tcp_abort_on_overflow",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_SYSCTLS },
	[SC_LISTENERS] = { "listeners",
		"listening sockets shown in the namespace",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_ROWS },
	[SC_FULL] = { "full",
		"listeners whose accept queue is full now",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_ROWS },
	[SC_LISTEN_OVERFLOWS] = { "listen_overflows",
		"TcpExtListenOverflows: SYNs or ACKs dropped on a full accept queue",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_COUNTERS,
		.metric = { "sockq_listen_overflows", METRIC_COUNTER,
			    "TcpExtListenOverflows: connections dropped on a full accept queue.", MV_CELL, 2, false } },
	[SC_LISTEN_DROPS] = { "listen_drops",
		"TcpExtListenDrops: every connection dropped at a listener",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_COUNTERS,
		.metric = { "sockq_listen_drops", METRIC_COUNTER,
			    "TcpExtListenDrops: connections dropped at a listener for any reason.", MV_CELL, 3, false } },
	[SC_DROPS] = { "drops",
		"the shown TCP listeners' drops, added up",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_ROWS | NEED_DROPS },
	[SC_DROPS_ELSEWHERE] = { "drops_elsewhere",
		"listen_drops less drops: dropped at listeners since closed, or not shown (0 at least)",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_ROWS | NEED_DROPS | NEED_COUNTERS },
	[SC_REQQ_FULL_DROP] = { "reqq_full_drop",
		"TcpExtTCPReqQFullDrop: SYNs dropped on a full SYN queue, no cookies",
		ALIGN_RIGHT, JSON_NUM, M, .needs = NEED_COUNTERS,
		.metric = { "sockq_reqq_full_drop", METRIC_COUNTER,
			    "TcpExtTCPReqQFullDrop: SYNs dropped on a full SYN queue, without cookies.", MV_CELL, 4, false } },
	[SC_REQQ_FULL_COOKIES] = { "reqq_full_cookies",
		"TcpExtTCPReqQFullDoCookies: a full SYN queue answered with cookies",
		ALIGN_RIGHT, JSON_NUM, M, .needs = NEED_COUNTERS,
		.metric = { "sockq_reqq_full_cookies", METRIC_COUNTER,
			    "TcpExtTCPReqQFullDoCookies: SYNs on a full SYN queue answered with cookies.", MV_CELL, 5, false } },
	[SC_COOKIES_SENT] = { "cookies_sent",
		"TcpExtSyncookiesSent",
		ALIGN_RIGHT, JSON_NUM, M, .needs = NEED_COUNTERS,
		.metric = { "sockq_syncookies_sent", METRIC_COUNTER, "TcpExtSyncookiesSent.", MV_CELL, 6, false } },
	[SC_COOKIES_RECV] = { "cookies_recv",
		"TcpExtSyncookiesRecv: valid cookies returned",
		ALIGN_RIGHT, JSON_NUM, M, .needs = NEED_COUNTERS,
		.metric = { "sockq_syncookies_recv", METRIC_COUNTER,
			    "TcpExtSyncookiesRecv: valid cookies returned.", MV_CELL, 7, false } },
	[SC_COOKIES_FAILED] = { "cookies_failed",
		"TcpExtSyncookiesFailed: invalid cookies returned",
		ALIGN_RIGHT, JSON_NUM, M, .needs = NEED_COUNTERS,
		.metric = { "sockq_syncookies_failed", METRIC_COUNTER,
			    "TcpExtSyncookiesFailed: invalid cookies returned.", MV_CELL, 8, false } },
};
const struct column cpu_columns[CC_COUNT] = {
	[CC_CPU] = { "cpu",
		"the CPU, or all for the sum",
		ALIGN_RIGHT, JSON_STR, M | T | TN, .needs = NEED_BACKLOG },
	[CC_PROCESSED] = { "processed",
		"packets its input backlog processed",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_BACKLOG,
		.metric = { "sockq_input_backlog_processed", METRIC_COUNTER,
			    "Packets the CPU's input backlog processed.", MV_CELL, 0, false } },
	[CC_DROPPED] = { "dropped",
		"packets dropped because its input backlog was full (netdev_max_backlog)",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_BACKLOG,
		.metric = { "sockq_input_backlog_dropped", METRIC_COUNTER,
			    "Packets dropped because the CPU's input backlog was full (netdev_max_backlog).", MV_CELL, 1, false } },
	[CC_TIME_SQUEEZE] = { "time_squeeze",
		"times the receive budget ran out with packets left",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_BACKLOG,
		.metric = { "sockq_input_backlog_time_squeeze", METRIC_COUNTER,
			    "Times the CPU's receive budget ran out with packets left.", MV_CELL, 2, false } },
	[CC_MAX_BACKLOG] = { "netdev_max_backlog",
		"net.core.netdev_max_backlog: the limit of each CPU's input backlog",
		ALIGN_RIGHT, JSON_NUM, M | T | TN, .needs = NEED_BACKLOG,
		.metric = { "sockq_netdev_max_backlog", METRIC_GAUGE,
			    "net.core.netdev_max_backlog: the limit of each CPU's input backlog.", MV_CELL, 3, false } },
};
const struct column *column_table(enum row_kind rows)
{
	switch (rows) {
	case ROWS_NAMESPACES:
		return summary_columns;
	case ROWS_CPUS:
		return cpu_columns;
	case ROWS_LISTENERS:
	default:
		return listener_columns;
	}
}

size_t column_count(enum row_kind rows)
{
	switch (rows) {
	case ROWS_NAMESPACES:
		return SC_COUNT;
	case ROWS_CPUS:
		return CC_COUNT;
	case ROWS_LISTENERS:
	default:
		return LC_COUNT;
	}
}

int column_lookup(enum row_kind rows, const char *name, size_t len)
{
	const struct column *cols = column_table(rows);
	size_t n = column_count(rows);

	for (size_t i = 0; i < n; i++)
		if (strlen(cols[i].name) == len && !strncasecmp(cols[i].name, name, len))
			return (int)i;
	return -1;
}

needs_t columns_needs(enum row_kind rows, const int *cols, size_t n)
{
	const struct column *table = column_table(rows);
	needs_t needs = 0;

	for (size_t i = 0; i < n; i++)
		needs |= table[cols[i]].needs;
	return needs;
}

static void set_num(struct cell *c, uint64_t v)
{
	c->kind = CELL_NUM;
	c->num = v;
}

static void set_num32(struct cell *c, uint32_t v)
{
	if (v == SOCKQ_UNKNOWN)
		c->kind = CELL_NONE;
	else
		set_num(c, v);
}

static void set_str(struct cell *c, const char *s, size_t len)
{
	c->kind = CELL_STR;
	c->plain = false;
	c->s = s;
	c->len = len;
}

static void set_plain(struct cell *c, const char *s, size_t len)
{
	set_str(c, s, len);
	c->plain = true;
}

static void set_pstr(struct cell *c, const struct snapshot *s, struct pstr p)
{
	set_str(c, pstr_data(&s->pool, p), p.len);
}

/* Joins the holders' pids or commands into scratch, cut short with "...":
 * the table's cell. JSON and CSV take the items one by one. */
static void owners_cell(const struct snapshot *s, size_t row, bool pids, struct cell *c,
			char *scratch)
{
	uint32_t first = snapshot_first_owner(s, row);
	size_t len = 0;

	if (first == SOCKQ_NONE) {
		c->kind = CELL_NONE;
		return;
	}
	for (uint32_t i = first; i != SOCKQ_NONE; i = s->owners[i].next) {
		const struct owner *o = &s->owners[i];
		char num[U64_DIGITS_MAX];
		const char *str = num;
		size_t n;

		if (pids)
			n = u64_format(num, o->pid);
		else
			n = strlen(str = pool_str(&s->pool, o->comm));
		if (len + n + 1 + 3 >= CELL_SCRATCH) {
			memcpy(scratch + len, "...", 3);
			len += 3;
			break;
		}
		if (len)
			scratch[len++] = ',';
		memcpy(scratch + len, str, n);
		len += n;
	}
	set_str(c, scratch, len);
}

/* What names a namespace, by the process that identifies it: unknown
 * until a process was found in it. */
enum ns_what { NS_PID, NS_COMMAND, NS_CONTAINER, NS_HOSTNAME, NS_CGROUP };

static void ns_process_cell(const struct snapshot *s, const struct netns *ns, enum ns_what what,
			    struct cell *c)
{
	c->kind = CELL_NONE;
	if (!ns->pid)
		return;
	switch (what) {
	case NS_PID:
		set_num(c, ns->pid);
		break;
	case NS_COMMAND:
		set_pstr(c, s, ns->comm);
		break;
	case NS_CONTAINER:
		/* Known, even when empty: no container is a finding. */
		if (ns->container_known)
			set_pstr(c, s, ns->container);
		break;
	case NS_HOSTNAME:
		if (ns->hostname_known)
			set_pstr(c, s, ns->hostname);
		break;
	case NS_CGROUP:
		if (ns->cgroup_known)
			set_pstr(c, s, ns->cgroup);
		break;
	}
}

static inline uint32_t hist_value(const struct rowset *rs, const uint32_t *v, size_t row)
{
	return rs->hist ? v[row] : SOCKQ_UNKNOWN;
}

static inline __attribute__((always_inline)) void
fill_listener_cell(const struct rowset *rs, size_t row, const struct listener *l,
		   const struct netns *ns, bool is_tcp, int col, struct cell *c, char *scratch,
		   bool measure)
{
	const struct snapshot *s = rs->snap;
	const struct history_frame *h = rs->hist;
	int clamped;

	switch ((enum listener_col)col) {
	case LC_NETNS:
		set_pstr(c, s, ns->label);
		break;
	case LC_PROTO:
		set_plain(c, proto_name(l->proto), proto_name_len(l->proto));
		break;
	case LC_LOCAL:
		/* A TCP address is digits and punctuation; a device name is not
		 * to be trusted, nor any AF_UNIX name. */
		if (measure && is_tcp && !l->name_len) {
			set_plain(c, NULL, listener_local_width(&s->pool, l, scratch, CELL_SCRATCH));
			break;
		}
		/* A path is shown from the pool as it is; an abstract name
		 * begins with a NUL, shown as '@', so it is copied. */
		if (!is_tcp && l->name_len && pool_str(&s->pool, l->name_off)[0] != '\0') {
			set_str(c, pool_str(&s->pool, l->name_off), l->name_len);
			break;
		}
		set_str(c, scratch, listener_format_local(&s->pool, l, scratch, CELL_SCRATCH));
		c->plain = is_tcp && !l->name_len;
		break;
	case LC_PORT:
		if (is_tcp)
			set_num(c, l->port);
		else
			c->kind = CELL_NONE;
		break;
	case LC_V6ONLY: {
		uint32_t v6only = rowstore_get_u32(&s->rows, LC_V6ONLY, row);

		c->kind = v6only == SOCKQ_UNKNOWN ? CELL_NONE : CELL_BOOL;
		c->num = v6only;
		break;
	}
	case LC_RECV_Q:
		set_num32(c, l->recv_q);
		break;
	case LC_BACKLOG:
		set_num32(c, l->backlog);
		break;
	case LC_USE_PCT:
		set_num32(c, listener_use_pct(l));
		break;
	case LC_STATE:
		if (l->recv_q == SOCKQ_UNKNOWN || l->backlog == SOCKQ_UNKNOWN)
			c->kind = CELL_NONE;
		else if (listener_full(l))
			set_plain(c, "full", 4);
		else
			set_plain(c, "ok", 2);
		break;
	case LC_DROPS:
		set_num32(c, is_tcp ? l->drops : SOCKQ_UNKNOWN);
		break;
	case LC_NEW_DROPS:
		set_num32(c, is_tcp && h ? h->new_drops[row] : SOCKQ_UNKNOWN);
		break;
	case LC_SOMAXCONN:
		set_num32(c, ns->sys.somaxconn);
		break;
	case LC_CLAMPED:
		clamped = listener_clamped(l, ns);
		if (clamped < 0) {
			c->kind = CELL_NONE;
		} else {
			c->kind = CELL_BOOL;
			c->num = (uint64_t)clamped;
		}
		break;
	case LC_SYN_Q:
		set_num32(c, is_tcp ? rowstore_get_u32(&s->rows, LC_SYN_Q, row) : SOCKQ_UNKNOWN);
		break;
	case LC_SYN_MAX:
		set_num32(c, is_tcp ? ns->sys.tcp_max_syn_backlog : SOCKQ_UNKNOWN);
		break;
	case LC_PEAK_Q: {
		uint32_t peak = hist_value(rs, h ? h->peak_q : NULL, row);

		set_num32(c, peak != SOCKQ_UNKNOWN && (peak > l->recv_q || l->recv_q == SOCKQ_UNKNOWN)
			       ? peak : l->recv_q);
		break;
	}
	case LC_WATCH_DROPS:
		set_num32(c, !is_tcp ? SOCKQ_UNKNOWN : h ? h->all_drops[row] : l->drops);
		break;
	case LC_INODE:
		set_num(c, l->inode);
		break;
	case LC_UID:
		set_num32(c, l->uid);
		break;
	case LC_PID:
		owners_cell(s, row, true, c, scratch);
		break;
	case LC_COMMAND:
		owners_cell(s, row, false, c, scratch);
		break;
	case LC_NS_PID:
		ns_process_cell(s, ns, NS_PID, c);
		break;
	case LC_NS_COMMAND:
		ns_process_cell(s, ns, NS_COMMAND, c);
		break;
	case LC_NS_CONTAINER:
		ns_process_cell(s, ns, NS_CONTAINER, c);
		break;
	case LC_NS_HOSTNAME:
		ns_process_cell(s, ns, NS_HOSTNAME, c);
		break;
	case LC_NS_CGROUP:
		ns_process_cell(s, ns, NS_CGROUP, c);
		break;
	case LC_COUNT:
	default:
		/* A column whose value is only a side one, kept as a number. */
		if (col >= 0 && col < LC_COUNT && listener_columns[col].side == 4)
			set_num32(c, rowstore_get_u32(&s->rows, col, row));
		else
			c->kind = CELL_NONE;
		break;
	}
}

static void set_num64(struct cell *c, uint64_t v)
{
	if (v == UINT64_MAX)
		c->kind = CELL_NONE;
	else
		set_num(c, v);
}

static inline __attribute__((always_inline)) void
fill_summary_cell(const struct snapshot *s, const struct netns *ns, int col, struct cell *c)
{
	switch ((enum summary_col)col) {
	case SC_NETNS:
		set_pstr(c, s, ns->label);
		break;
	case SC_NS_PID:
		ns_process_cell(s, ns, NS_PID, c);
		break;
	case SC_NS_COMMAND:
		ns_process_cell(s, ns, NS_COMMAND, c);
		break;
	case SC_NS_CONTAINER:
		ns_process_cell(s, ns, NS_CONTAINER, c);
		break;
	case SC_NS_HOSTNAME:
		ns_process_cell(s, ns, NS_HOSTNAME, c);
		break;
	case SC_NS_CGROUP:
		ns_process_cell(s, ns, NS_CGROUP, c);
		break;
	case SC_SOMAXCONN:
		set_num32(c, ns->sys.somaxconn);
		break;
	case SC_TCP_MAX_SYN_BACKLOG:
		set_num32(c, ns->sys.tcp_max_syn_backlog);
		break;
	case SC_TCP_SYNCOOKIES:
		set_num32(c, ns->sys.tcp_syncookies);
		break;
	case SC_TCP_ABORT_ON_OVERFLOW:
		set_num32(c, ns->sys.tcp_abort_on_overflow);
		break;
	/* A namespace not read, or read in part, has no count: not 0. */
	case SC_LISTENERS:
		if (ns->read_ok)
			set_num(c, ns->listeners);
		else
			c->kind = CELL_NONE;
		break;
	case SC_FULL:
		if (ns->read_ok)
			set_num(c, ns->full);
		else
			c->kind = CELL_NONE;
		break;
	case SC_LISTEN_OVERFLOWS:
		set_num64(c, ns->sys.counter[CNT_LISTEN_OVERFLOWS]);
		break;
	case SC_LISTEN_DROPS:
		set_num64(c, ns->sys.counter[CNT_LISTEN_DROPS]);
		break;
	case SC_DROPS:
		set_num64(c, ns->read_ok ? ns->drops : UINT64_MAX);
		break;
	case SC_DROPS_ELSEWHERE:
		/* A listener's drops also count packets its filter discarded,
		 * which ListenDrops does not: never below 0. */
		if (!ns->read_ok || ns->drops == UINT64_MAX ||
		    ns->sys.counter[CNT_LISTEN_DROPS] == UINT64_MAX)
			c->kind = CELL_NONE;
		else
			set_num(c, ns->sys.counter[CNT_LISTEN_DROPS] > ns->drops ?
				   ns->sys.counter[CNT_LISTEN_DROPS] - ns->drops : 0);
		break;
	case SC_REQQ_FULL_DROP:
		set_num64(c, ns->sys.counter[CNT_REQQ_FULL_DROP]);
		break;
	case SC_REQQ_FULL_COOKIES:
		set_num64(c, ns->sys.counter[CNT_REQQ_FULL_COOKIES]);
		break;
	case SC_COOKIES_SENT:
		set_num64(c, ns->sys.counter[CNT_COOKIES_SENT]);
		break;
	case SC_COOKIES_RECV:
		set_num64(c, ns->sys.counter[CNT_COOKIES_RECV]);
		break;
	case SC_COOKIES_FAILED:
		set_num64(c, ns->sys.counter[CNT_COOKIES_FAILED]);
		break;
	case SC_COUNT:
		c->kind = CELL_NONE;
		break;
	}
}

static void fill_cpu_cell(const struct snapshot *s, const struct cpu_backlog *b,
			  int col, struct cell *c, char *scratch)
{
	switch ((enum cpu_col)col) {
	case CC_CPU:
		if (b->cpu == CPU_TOTAL)
			set_plain(c, "all", 3);
		else
			set_plain(c, scratch, u64_format(scratch, b->cpu));
		break;
	case CC_PROCESSED:
		set_num(c, b->processed);
		break;
	case CC_DROPPED:
		set_num(c, b->dropped);
		break;
	case CC_TIME_SQUEEZE:
		set_num(c, b->time_squeeze);
		break;
	case CC_MAX_BACKLOG:
		set_num32(c, s->netdev_max_backlog);
		break;
	case CC_COUNT:
		c->kind = CELL_NONE;
		break;
	}
}

void row_cell(const struct rowset *rs, enum row_kind rows, uint32_t idx,
	      int col, struct cell *c, char *scratch)
{
	const struct snapshot *s = rs->snap;
	const struct listener *l;

	if (rows == ROWS_CPUS) {
		fill_cpu_cell(s, &s->cpus[idx], col, c, scratch);
		return;
	}
	if (rows == ROWS_NAMESPACES) {
		fill_summary_cell(s, &s->ns[idx], col, c);
		return;
	}
	l = &s->rows.v[idx];
	fill_listener_cell(rs, idx, l, &s->ns[l->netns], listener_is_tcp(l), col, c, scratch,
			   false);
}

bool row_list_next(const struct rowset *rs, enum row_kind rows, uint32_t idx, int col,
		   uint32_t *pos, struct cell *c)
{
	const struct snapshot *s = rs->snap;
	uint32_t i;

	if (rows != ROWS_LISTENERS || (col != LC_PID && col != LC_COMMAND))
		return false;
	i = *pos == 0 ? snapshot_first_owner(s, idx) : s->owners[*pos - 1].next;
	if (i == SOCKQ_NONE)
		return false;
	*pos = i + 1;
	if (col == LC_PID) {
		set_num(c, s->owners[i].pid);
	} else {
		const char *comm = pool_str(&s->pool, s->owners[i].comm);

		set_str(c, comm, strlen(comm));
	}
	return true;
}

bool row_alert(const struct rowset *rs, enum row_kind rows, uint32_t idx)
{
	const struct snapshot *s = rs->snap;
	uint32_t fresh;

	switch (rows) {
	case ROWS_NAMESPACES:
		return s->ns[idx].full > 0;
	case ROWS_CPUS:
		return s->cpus[idx].dropped > 0;
	case ROWS_LISTENERS:
	default:
		fresh = rs->hist ? rs->hist->new_drops[idx] : SOCKQ_UNKNOWN;
		return listener_full(&s->rows.v[idx]) || (fresh != SOCKQ_UNKNOWN && fresh > 0);
	}
}

/* A whole row in one call, each cell with its own scratch: renderers
 * call this for every row, and a loop here costs less than a call per
 * cell. */
static inline __attribute__((always_inline)) void
fill_row(const struct rowset *rs, enum row_kind rows, uint32_t idx,
	 const int *cols, size_t ncols, struct cell *cells, char *scratch, bool measure)
{
	const struct snapshot *s = rs->snap;
	const struct listener *l;
	const struct netns *ns;
	bool is_tcp;

	if (rows != ROWS_LISTENERS) {
		for (size_t k = 0; k < ncols; k++)
			row_cell(rs, rows, idx, cols[k], &cells[k], scratch + k * CELL_SCRATCH);
		return;
	}
	l = &s->rows.v[idx];
	ns = &s->ns[l->netns];
	is_tcp = listener_is_tcp(l);
	for (size_t k = 0; k < ncols; k++)
		fill_listener_cell(rs, idx, l, ns, is_tcp, cols[k], &cells[k],
				   scratch + k * CELL_SCRATCH, measure);
}

void row_cells(const struct rowset *rs, enum row_kind rows, uint32_t idx,
	       const int *cols, size_t ncols, struct cell *cells, char *scratch)
{
	fill_row(rs, rows, idx, cols, ncols, cells, scratch, false);
}

void row_widths(const struct rowset *rs, enum row_kind rows, uint32_t idx,
		const int *cols, size_t ncols, struct cell *cells, char *scratch)
{
	fill_row(rs, rows, idx, cols, ncols, cells, scratch, true);
}

/* One column's numbers over the rows: the largest, and whether any is
 * unknown. A loop per column, with the column known outside it, costs a
 * fraction of making each cell. */
#define SPAN_ROWS(expr)							\
	do {								\
		for (size_t i = 0; i < n; i++) {			\
			const struct listener *l = &s->rows.v[order[i]]; \
			uint32_t x = (expr);				\
									\
			if (x == SOCKQ_UNKNOWN) {			\
				sp->any_none = true;			\
			} else {					\
				sp->any_num = true;			\
				if (x > sp->max_num)			\
					sp->max_num = x;		\
			}						\
		}							\
	} while (0)

/* The same for a column of words: expr is the cell's width, 0 for an
 * unknown one (shown as '-'). */
#define SPAN_WORDS(expr)						\
	do {								\
		for (size_t i = 0; i < n; i++) {			\
			const struct listener *l = &s->rows.v[order[i]]; \
			size_t w = (expr);				\
									\
			(void)l;					\
			if (!w)						\
				sp->any_none = true;			\
			else if (w > sp->width)				\
				sp->width = w;				\
		}							\
	} while (0)

/* The width of a yes/no cell: -1 unknown, 0 no, 1 yes. */
static inline size_t word_bool(int v)
{
	return v < 0 ? 0 : v ? 3 : 2;
}

bool column_span(const struct rowset *rs, enum row_kind rows, const uint32_t *order,
		 size_t n, int col, struct column_span *sp)
{
	const struct snapshot *s = rs->snap;

	memset(sp, 0, sizeof(*sp));
	if (rows != ROWS_LISTENERS)
		return false;
	switch ((enum listener_col)col) {
	case LC_RECV_Q:
		SPAN_ROWS(l->recv_q);
		return true;
	case LC_BACKLOG:
		SPAN_ROWS(l->backlog);
		return true;
	case LC_USE_PCT:
		SPAN_ROWS(listener_use_pct(l));
		return true;
	case LC_DROPS:
		SPAN_ROWS(listener_is_tcp(l) ? l->drops : SOCKQ_UNKNOWN);
		return true;
	case LC_UID:
		SPAN_ROWS(l->uid);
		return true;
	case LC_SOMAXCONN:
		SPAN_ROWS(s->ns[l->netns].sys.somaxconn);
		return true;
	case LC_PORT:
		/* A port is a number even at 0, as an inode is: no unknown. */
		SPAN_ROWS(listener_is_tcp(l) ? l->port : SOCKQ_UNKNOWN);
		return true;
	case LC_INODE:
		for (size_t i = 0; i < n; i++) {
			uint32_t x = s->rows.v[order[i]].inode;

			if (x > sp->max_num)
				sp->max_num = x;
		}
		sp->any_num = n > 0;
		return true;
	case LC_PROTO:
		SPAN_WORDS(proto_name_len(l->proto));
		return true;
	case LC_STATE:
		SPAN_WORDS(l->recv_q == SOCKQ_UNKNOWN || l->backlog == SOCKQ_UNKNOWN ? 0 :
			   listener_full(l) ? 4 : 2);
		return true;
	case LC_CLAMPED:
		SPAN_WORDS(word_bool(listener_clamped(l, &s->ns[l->netns])));
		return true;
	case LC_V6ONLY: {
		const uint32_t *v6only = s->rows.side[LC_V6ONLY];

		SPAN_WORDS(!v6only || v6only[order[i]] == SOCKQ_UNKNOWN ? 0 : word_bool(v6only[order[i]] != 0));
		return true;
	}
	default:
		return false;
	}
}
