// SPDX-License-Identifier: GPL-2.0-or-later
/* columns.c: every column sockq can show, and how each cell is filled. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "columns.h"
#include "numfmt.h"

#define M DEF_MACHINE
#define T DEF_TABLE
#define TN DEF_TABLE_NS

const struct column listener_columns[LC_COUNT] = {
	[LC_NETNS] = { "netns", "network namespace: its name under /run/netns, else net:[INODE]", ALIGN_LEFT, JSON_STR, M | TN },
	[LC_NS_CONTAINER] = { "ns_container", "the container, pod, machine or service the namespace belongs to, from its process's cgroup (docker:ID, pod:UID, ...); empty for none", ALIGN_LEFT, JSON_STR, TN },
	[LC_PROTO] = { "proto", "tcp, tcp6, unix (stream) or unix_seq (seqpacket)", ALIGN_LEFT, JSON_STR, M | T | TN },
	[LC_LOCAL] = { "local", "local address and port, AF_UNIX path, or @abstract name", ALIGN_LEFT, JSON_STR, M | T | TN },
	[LC_PORT] = { "port", "local TCP port (empty for AF_UNIX)", ALIGN_RIGHT, JSON_NUM, 0 },
	[LC_RECV_Q] = { "recv_q", "connections waiting in the accept queue now", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[LC_BACKLOG] = { "backlog", "maximum backlog as the kernel holds it, after the somaxconn clamp", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[LC_USE_PCT] = { "use_pct", "accept queue use, floor(100 * recv_q / (backlog + 1)); 100 is full", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[LC_STATE] = { "state", "full when recv_q > backlog (the next connection is refused), else ok", ALIGN_LEFT, JSON_STR, M | T | TN },
	[LC_DROPS] = { "drops", "TCP connection attempts the listener dropped since listen(): its full accept queue (counted namespace-wide as ListenOverflows), a full SYN queue, a failed child; empty for AF_UNIX, which counts none", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[LC_NEW_DROPS] = { "new_drops", "--watch: drops since the last sample (empty in the first)", ALIGN_RIGHT, JSON_NUM, DEF_WATCH },
	[LC_SOMAXCONN] = { "somaxconn", "the namespace's net.core.somaxconn now", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[LC_CLAMPED] = { "clamped", "yes when backlog equals somaxconn: listen() most likely cut it down", ALIGN_LEFT, JSON_BOOL, M | T | TN },
	[LC_SYN_Q] = { "syn_q", "TCP connection requests (SYN_RECV) waiting on this listener", ALIGN_RIGHT, JSON_NUM, 0 },
	[LC_SYN_MAX] = { "syn_max", "the namespace's net.ipv4.tcp_max_syn_backlog (TCP only)", ALIGN_RIGHT, JSON_NUM, 0 },
	[LC_PEAK_Q] = { "peak_q", "highest recv_q seen while watching (recv_q in a single run)", ALIGN_RIGHT, JSON_NUM, 0 },
	[LC_WATCH_DROPS] = { "watch_drops", "--watch: drops since the watch began (drops in a single run)", ALIGN_RIGHT, JSON_NUM, 0 },
	[LC_INODE] = { "inode", "socket inode", ALIGN_RIGHT, JSON_NUM, M | T },
	[LC_UID] = { "uid", "owner's user id", ALIGN_RIGHT, JSON_NUM, M | T },
	[LC_PID] = { "pid", "processes holding the socket, comma-separated (in CSV one pid is a number, several are joined with ';'; in JSON an array)", ALIGN_RIGHT, JSON_NUM_LIST, 0 },
	[LC_COMMAND] = { "command", "their commands, comma-separated (in CSV joined with ';'; in JSON an array)", ALIGN_LEFT, JSON_STR_LIST, 0 },
	[LC_NS_PID] = { "ns_pid", "the process that identifies the namespace: its lowest pid in a container's cgroup, else its lowest", ALIGN_RIGHT, JSON_NUM, 0 },
	[LC_NS_COMMAND] = { "ns_command", "that process's command", ALIGN_LEFT, JSON_STR, 0 },
	[LC_NS_HOSTNAME] = { "ns_hostname", "that process's UTS hostname (a pod's name, a container's short id)", ALIGN_LEFT, JSON_STR, 0 },
	[LC_NS_CGROUP] = { "ns_cgroup", "that process's cgroup path (v2, else v1 name=systemd)", ALIGN_LEFT, JSON_STR, 0 },
};

const struct column summary_columns[SC_COUNT] = {
	[SC_NETNS] = { "netns", "network namespace: its name under /run/netns, else net:[INODE]", ALIGN_LEFT, JSON_STR, M | T | TN },
	[SC_NS_CONTAINER] = { "ns_container", "the container, pod, machine or service it belongs to; empty for none", ALIGN_LEFT, JSON_STR, M | T | TN },
	[SC_NS_HOSTNAME] = { "ns_hostname", "the UTS hostname of the process that identifies it", ALIGN_LEFT, JSON_STR, M | T | TN },
	[SC_NS_PID] = { "ns_pid", "the process that identifies the namespace", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_NS_COMMAND] = { "ns_command", "that process's command", ALIGN_LEFT, JSON_STR, M | T | TN },
	[SC_NS_CGROUP] = { "ns_cgroup", "that process's cgroup path", ALIGN_LEFT, JSON_STR, 0 },
	[SC_SOMAXCONN] = { "somaxconn", "net.core.somaxconn", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_TCP_MAX_SYN_BACKLOG] = { "tcp_max_syn_backlog", "net.ipv4.tcp_max_syn_backlog", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_TCP_SYNCOOKIES] = { "tcp_syncookies", "net.ipv4.tcp_syncookies", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_TCP_ABORT_ON_OVERFLOW] = { "tcp_abort_on_overflow", "net.ipv4.tcp_abort_on_overflow", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_LISTENERS] = { "listeners", "listening sockets shown in the namespace", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_FULL] = { "full", "listeners whose accept queue is full now", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_LISTEN_OVERFLOWS] = { "listen_overflows", "TcpExtListenOverflows: SYNs or ACKs dropped on a full accept queue", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_LISTEN_DROPS] = { "listen_drops", "TcpExtListenDrops: every connection dropped at a listener", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_DROPS] = { "drops", "the shown TCP listeners' drops, added up", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_DROPS_ELSEWHERE] = { "drops_elsewhere", "listen_drops less drops: dropped at listeners since closed, or not shown (0 at least)", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[SC_REQQ_FULL_DROP] = { "reqq_full_drop", "TcpExtTCPReqQFullDrop: SYNs dropped on a full SYN queue, no cookies", ALIGN_RIGHT, JSON_NUM, M },
	[SC_REQQ_FULL_COOKIES] = { "reqq_full_cookies", "TcpExtTCPReqQFullDoCookies: a full SYN queue answered with cookies", ALIGN_RIGHT, JSON_NUM, M },
	[SC_COOKIES_SENT] = { "cookies_sent", "TcpExtSyncookiesSent", ALIGN_RIGHT, JSON_NUM, M },
	[SC_COOKIES_RECV] = { "cookies_recv", "TcpExtSyncookiesRecv: valid cookies returned", ALIGN_RIGHT, JSON_NUM, M },
	[SC_COOKIES_FAILED] = { "cookies_failed", "TcpExtSyncookiesFailed: invalid cookies returned", ALIGN_RIGHT, JSON_NUM, M },
};

const struct column cpu_columns[CC_COUNT] = {
	[CC_CPU] = { "cpu", "the CPU, or all for the sum", ALIGN_RIGHT, JSON_STR, M | T | TN },
	[CC_PROCESSED] = { "processed", "packets its input backlog processed", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[CC_DROPPED] = { "dropped", "packets dropped because its input backlog was full (netdev_max_backlog)", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[CC_TIME_SQUEEZE] = { "time_squeeze", "times the receive budget ran out with packets left", ALIGN_RIGHT, JSON_NUM, M | T | TN },
	[CC_MAX_BACKLOG] = { "netdev_max_backlog", "net.core.netdev_max_backlog: the limit of each CPU's input backlog", ALIGN_RIGHT, JSON_NUM, M | T | TN },
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
	/* Renderers make room for an escaped CELL_SCRATCH bytes at most. */
	c->len = len < CELL_SCRATCH ? len : CELL_SCRATCH;
}

static void set_plain(struct cell *c, const char *s, size_t len)
{
	set_str(c, s, len);
	c->plain = true;
}

/* Joins the owners' pids or commands into scratch, cut short with "..." */
static void owners_cell(const struct listener_set *set, const struct listener *l,
			bool pids, struct cell *c, char *scratch)
{
	uint32_t first = listener_owner(set, l);
	size_t len = 0;

	if (first == SOCKQ_NONE) {
		c->kind = CELL_NONE;
		return;
	}
	for (uint32_t i = first; i != SOCKQ_NONE; i = set->owners[i].next) {
		const struct owner *o = &set->owners[i];
		char num[U64_DIGITS_MAX];
		const char *s = num;
		size_t n;

		if (pids)
			n = u64_format(num, o->pid);
		else
			n = strlen(s = pool_str(&set->pool, o->comm));
		if (len + n + 1 + 3 >= CELL_SCRATCH) {
			memcpy(scratch + len, "...", 3);
			len += 3;
			break;
		}
		if (len)
			scratch[len++] = ',';
		memcpy(scratch + len, s, n);
		len += n;
	}
	set_str(c, scratch, len);
}

/* What names a namespace, by what identifies it (identity.h in collect):
 * unknown until a process was found. */
enum ns_what { NS_PID, NS_COMMAND, NS_CONTAINER, NS_HOSTNAME, NS_CGROUP };

static void ns_process_cell(const struct netns *ns, enum ns_what what, struct cell *c)
{
	c->kind = CELL_NONE;
	if (!ns->pid)
		return;
	switch (what) {
	case NS_PID:
		set_num(c, ns->pid);
		break;
	case NS_COMMAND:
		set_str(c, ns->comm, strlen(ns->comm));
		break;
	case NS_CONTAINER:
		/* Known, even when empty: no container is a finding. */
		set_str(c, ns->container, ns->container_len);
		break;
	case NS_HOSTNAME:
		if (ns->hostname_known)
			set_str(c, ns->hostname, strlen(ns->hostname));
		break;
	case NS_CGROUP:
		if (ns->cgroup)
			set_str(c, ns->cgroup, strlen(ns->cgroup));
		break;
	}
}

static inline __attribute__((always_inline)) void
fill_listener_cell(const struct listener_set *set, const struct listener *l,
		   const struct netns *ns, bool is_tcp, int col, struct cell *c, char *scratch,
		   bool measure)
{
	const struct listener_watch *w = set->watch ? &set->watch[l - set->v] : NULL;
	int clamped;

	switch ((enum listener_col)col) {
	case LC_NETNS:
		set_str(c, ns->label, strlen(ns->label));
		break;
	case LC_PROTO:
		set_plain(c, proto_name(l->proto), proto_name_len(l->proto));
		break;
	case LC_LOCAL:
		/* A TCP address is digits and punctuation; a device name is not
		 * to be trusted, nor any AF_UNIX name. */
		if (measure && is_tcp && !l->name_len) {
			set_plain(c, NULL, listener_local_width(set, l, scratch, CELL_SCRATCH));
			break;
		}
		/* A path is shown from the pool as it is; an abstract name
		 * begins with a NUL, shown as '@', so it is copied. */
		if (!is_tcp && l->name_len && pool_str(&set->pool, l->name_off)[0] != '\0') {
			set_str(c, pool_str(&set->pool, l->name_off), l->name_len);
			break;
		}
		set_str(c, scratch, listener_format_local(set, l, scratch, CELL_SCRATCH));
		c->plain = is_tcp && !l->name_len;
		break;
	case LC_PORT:
		if (is_tcp)
			set_num(c, l->port);
		else
			c->kind = CELL_NONE;
		break;
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
		set_num32(c, w && is_tcp ? w->new_drops : SOCKQ_UNKNOWN);
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
		set_num32(c, is_tcp ? listener_syn_q(set, l) : SOCKQ_UNKNOWN);
		break;
	case LC_SYN_MAX:
		set_num32(c, is_tcp ? ns->sys.tcp_max_syn_backlog : SOCKQ_UNKNOWN);
		break;
	case LC_PEAK_Q:
		set_num32(c, w && (w->peak_q > l->recv_q || l->recv_q == SOCKQ_UNKNOWN) ? w->peak_q
			       : l->recv_q);
		break;
	case LC_WATCH_DROPS:
		set_num32(c, !is_tcp ? SOCKQ_UNKNOWN : w ? w->watch_drops : l->drops);
		break;
	case LC_INODE:
		set_num(c, l->inode);
		break;
	case LC_UID:
		set_num32(c, l->uid);
		break;
	case LC_PID:
		owners_cell(set, l, true, c, scratch);
		break;
	case LC_COMMAND:
		owners_cell(set, l, false, c, scratch);
		break;
	case LC_NS_PID:
		ns_process_cell(ns, NS_PID, c);
		break;
	case LC_NS_COMMAND:
		ns_process_cell(ns, NS_COMMAND, c);
		break;
	case LC_NS_CONTAINER:
		ns_process_cell(ns, NS_CONTAINER, c);
		break;
	case LC_NS_HOSTNAME:
		ns_process_cell(ns, NS_HOSTNAME, c);
		break;
	case LC_NS_CGROUP:
		ns_process_cell(ns, NS_CGROUP, c);
		break;
	case LC_COUNT:
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
fill_summary_cell(const struct listener_set *set, const struct netns *ns,
		  int col, struct cell *c, char *scratch)
{
	(void)set;
	(void)scratch;
	switch ((enum summary_col)col) {
	case SC_NETNS:
		set_str(c, ns->label, strlen(ns->label));
		break;
	case SC_NS_PID:
		ns_process_cell(ns, NS_PID, c);
		break;
	case SC_NS_COMMAND:
		ns_process_cell(ns, NS_COMMAND, c);
		break;
	case SC_NS_CONTAINER:
		ns_process_cell(ns, NS_CONTAINER, c);
		break;
	case SC_NS_HOSTNAME:
		ns_process_cell(ns, NS_HOSTNAME, c);
		break;
	case SC_NS_CGROUP:
		ns_process_cell(ns, NS_CGROUP, c);
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

static void fill_cpu_cell(const struct listener_set *set, const struct cpu_backlog *b,
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
		set_num32(c, set->netdev_max_backlog);
		break;
	case CC_COUNT:
		c->kind = CELL_NONE;
		break;
	}
}

void row_cell(const struct listener_set *set, enum row_kind rows, uint32_t idx,
	      int col, struct cell *c, char *scratch)
{
	const struct listener *l;

	if (rows == ROWS_CPUS) {
		fill_cpu_cell(set, &set->cpus[idx], col, c, scratch);
		return;
	}
	if (rows == ROWS_NAMESPACES) {
		fill_summary_cell(set, &set->ns[idx], col, c, scratch);
		return;
	}
	l = &set->v[idx];
	fill_listener_cell(set, l, &set->ns[l->netns], listener_is_tcp(l), col, c, scratch, false);
}

bool row_list_next(const struct listener_set *set, enum row_kind rows, uint32_t idx, int col,
		   uint32_t *pos, struct cell *c)
{
	const struct listener *l;
	uint32_t i;

	if (rows != ROWS_LISTENERS || (col != LC_PID && col != LC_COMMAND))
		return false;
	l = &set->v[idx];
	i = *pos == 0 ? listener_owner(set, l) : set->owners[*pos - 1].next;
	if (i == SOCKQ_NONE)
		return false;
	*pos = i + 1;
	if (col == LC_PID) {
		set_num(c, set->owners[i].pid);
	} else {
		const char *comm = pool_str(&set->pool, set->owners[i].comm);

		set_str(c, comm, strlen(comm));
	}
	return true;
}

/* A whole row in one call, each cell with its own scratch: renderers
 * call this for every row, and a loop here costs less than a call per
 * cell. */
static inline __attribute__((always_inline)) void
fill_row(const struct listener_set *set, enum row_kind rows, uint32_t idx,
	 const int *cols, size_t ncols, struct cell *cells, char *scratch, bool measure)
{
	const struct listener *l;
	const struct netns *ns;
	bool is_tcp;

	if (rows != ROWS_LISTENERS) {
		for (size_t k = 0; k < ncols; k++)
			row_cell(set, rows, idx, cols[k], &cells[k], scratch + k * CELL_SCRATCH);
		return;
	}
	l = &set->v[idx];
	ns = &set->ns[l->netns];
	is_tcp = listener_is_tcp(l);
	for (size_t k = 0; k < ncols; k++)
		fill_listener_cell(set, l, ns, is_tcp, cols[k], &cells[k],
				   scratch + k * CELL_SCRATCH, measure);
}

void row_cells(const struct listener_set *set, enum row_kind rows, uint32_t idx,
	       const int *cols, size_t ncols, struct cell *cells, char *scratch)
{
	fill_row(set, rows, idx, cols, ncols, cells, scratch, false);
}

void row_widths(const struct listener_set *set, enum row_kind rows, uint32_t idx,
		const int *cols, size_t ncols, struct cell *cells, char *scratch)
{
	fill_row(set, rows, idx, cols, ncols, cells, scratch, true);
}

/* One column's numbers over the rows: the largest, and whether any is
 * unknown. A loop per column, with the column known outside it, costs a
 * fraction of making each cell. */
#define SPAN_ROWS(expr)							\
	do {								\
		for (size_t i = 0; i < n; i++) {			\
			const struct listener *l = &set->v[order[i]];	\
			uint32_t x = (expr);				\
									\
			if (x == SOCKQ_UNKNOWN) {			\
				s->any_none = true;			\
			} else {					\
				s->any_num = true;			\
				if (x > s->max_num)			\
					s->max_num = x;			\
			}						\
		}							\
	} while (0)

bool column_span(const struct listener_set *set, enum row_kind rows, const uint32_t *order,
		 size_t n, int col, struct column_span *s)
{
	memset(s, 0, sizeof(*s));
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
		SPAN_ROWS(set->ns[l->netns].sys.somaxconn);
		return true;
	case LC_PORT:
		/* A port is a number even at 0, as an inode is: no unknown. */
		SPAN_ROWS(listener_is_tcp(l) ? l->port : SOCKQ_UNKNOWN);
		return true;
	case LC_INODE:
		for (size_t i = 0; i < n; i++) {
			uint32_t x = set->v[order[i]].inode;

			if (x > s->max_num)
				s->max_num = x;
		}
		s->any_num = n > 0;
		return true;
	default:
		return false;
	}
}

