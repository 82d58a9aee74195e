// SPDX-License-Identifier: GPL-2.0-or-later
/* render_metrics.c: OpenMetrics text exposition for Prometheus scrapes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/* One metric family: every row's value of one column. */
struct family {
	const char *name;
	const char *type;
	const char *help;
	int col;
	bool if_shown;		/* only when the column is among those shown */
};

static const struct family listener_families[] = {
	{ "sockq_accept_queue_length", "gauge",
	  "Connections waiting in the listener's accept queue.", LC_RECV_Q, false },
	{ "sockq_accept_queue_backlog", "gauge",
	  "Maximum backlog of the listener; the kernel admits backlog + 1 connections.",
	  LC_BACKLOG, false },
	{ "sockq_syn_queue_length", "gauge",
	  "TCP connection requests (SYN_RECV) waiting on the listener.", LC_SYN_Q, true },
	{ "sockq_listener_drops_total", "counter",
	  "TCP connection attempts the listener dropped since listen() (sk_drops).",
	  LC_DROPS, false },
};

/* Counters are described under their sample name, as the Prometheus text
 * format (promtool, node_exporter's textfile collector) wants. */
static const struct family ns_families[] = {
	{ "sockq_somaxconn", "gauge", "The namespace's net.core.somaxconn.", SC_SOMAXCONN, false },
	{ "sockq_tcp_max_syn_backlog", "gauge", "The namespace's net.ipv4.tcp_max_syn_backlog.",
	  SC_TCP_MAX_SYN_BACKLOG, false },
	{ "sockq_listen_overflows_total", "counter",
	  "TcpExtListenOverflows: connections dropped on a full accept queue.",
	  SC_LISTEN_OVERFLOWS, false },
	{ "sockq_listen_drops_total", "counter",
	  "TcpExtListenDrops: connections dropped at a listener for any reason.",
	  SC_LISTEN_DROPS, false },
	{ "sockq_reqq_full_drop_total", "counter",
	  "TcpExtTCPReqQFullDrop: SYNs dropped on a full SYN queue, without cookies.",
	  SC_REQQ_FULL_DROP, false },
	{ "sockq_reqq_full_cookies_total", "counter",
	  "TcpExtTCPReqQFullDoCookies: SYNs on a full SYN queue answered with cookies.",
	  SC_REQQ_FULL_COOKIES, false },
	{ "sockq_syncookies_sent_total", "counter", "TcpExtSyncookiesSent.", SC_COOKIES_SENT, false },
	{ "sockq_syncookies_recv_total", "counter", "TcpExtSyncookiesRecv: valid cookies returned.",
	  SC_COOKIES_RECV, false },
	{ "sockq_syncookies_failed_total", "counter",
	  "TcpExtSyncookiesFailed: invalid cookies returned.", SC_COOKIES_FAILED, false },
};

/* The host's input backlog, per CPU (the sum is PromQL's to make). */
static const struct family cpu_families[] = {
	{ "sockq_input_backlog_processed_total", "counter",
	  "Packets the CPU's input backlog processed.", CC_PROCESSED, false },
	{ "sockq_input_backlog_dropped_total", "counter",
	  "Packets dropped because the CPU's input backlog was full (netdev_max_backlog).",
	  CC_DROPPED, false },
	{ "sockq_input_backlog_time_squeeze_total", "counter",
	  "Times the CPU's receive budget ran out with packets left.", CC_TIME_SQUEEZE, false },
};

static void put_label(struct out *o, const char *key, const struct cell *c)
{
	out_puts(o, key);
	out_puts(o, "=\"");
	render_backslashed(o, c->s, c->len);
	out_putc(o, '"');
}

static void family_head(struct out *o, const struct family *f)
{
	out_printf(o, "# TYPE %s %s\n# HELP %s %s\n", f->name, f->type, f->name, f->help);
}

/* Two listeners can share netns, proto and address (SO_REUSEPORT); their
 * series would collide, so those get the inode as an extra label. */
static bool *find_shared(const struct view *v)
{
	bool *shared = calloc(v->n ? v->n : 1, sizeof(*shared));
	char a[CELL_SCRATCH], b[CELL_SCRATCH];

	if (!shared)
		return NULL;
	/* Metrics always come in the default order (netns, proto, local), so
	 * listeners sharing an address are neighbours. */
	for (size_t i = 1; i < v->n; i++) {
		const struct listener *x = &v->set->v[v->order[i - 1]];
		const struct listener *y = &v->set->v[v->order[i]];
		size_t la, lb;

		if (x->netns != y->netns || x->proto != y->proto)
			continue;
		la = listener_format_local(v->set, x, a, sizeof(a));
		lb = listener_format_local(v->set, y, b, sizeof(b));
		if (la == lb && !memcmp(a, b, la))
			shared[i - 1] = shared[i] = true;
	}
	return shared;
}

static void listener_labels(struct out *o, const struct view *v, size_t row, bool with_inode)
{
	char scratch[CELL_SCRATCH];
	static const struct { const char *key; int col; } labels[] = {
		{ "netns", LC_NETNS }, { "proto", LC_PROTO }, { "local", LC_LOCAL },
	};
	struct cell c;

	out_putc(o, '{');
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if (i)
			out_putc(o, ',');
		view_cell(v, row, labels[i].col, &c, scratch);
		put_label(o, labels[i].key, &c);
	}
	if (with_inode)
		out_printf(o, ",inode=\"%u\"", v->set->v[v->order[row]].inode);
	out_puts(o, "} ");
}

static void listener_family(struct out *o, const struct view *v, const bool *shared,
			    const struct family *f)
{
	char scratch[CELL_SCRATCH];
	struct cell c;

	for (size_t i = 0; i < v->n; i++) {
		view_cell(v, i, f->col, &c, scratch);
		if (c.kind != CELL_NUM)
			continue;
		out_puts(o, f->name);
		listener_labels(o, v, i, shared[i]);
		out_u64(o, c.num);
		out_putc(o, '\n');
	}
}

static void ns_family(struct out *o, const struct view *v, const struct family *f)
{
	char scratch[CELL_SCRATCH];
	struct cell c, label;
	bool ns_rows = v->rows == ROWS_NAMESPACES;
	size_t n = ns_rows ? v->n : v->set->nns;

	/* Listener rows: every namespace read; namespace rows: those shown. */
	for (size_t i = 0; i < n; i++) {
		uint32_t ns = ns_rows ? v->order[i] : (uint32_t)i;

		row_cell(v->set, ROWS_NAMESPACES, ns, f->col, &c, scratch);
		if (c.kind != CELL_NUM)
			continue;
		row_cell(v->set, ROWS_NAMESPACES, ns, SC_NETNS, &label, scratch);
		out_puts(o, f->name);
		out_putc(o, '{');
		put_label(o, "netns", &label);
		out_puts(o, "} ");
		out_u64(o, c.num);
		out_putc(o, '\n');
	}
}

/* One series per namespace naming it, for PromQL joins: the listener
 * series keep their labels, and their cardinality. */
static void info_family(struct out *o, const struct view *v)
{
	static const struct family info = {
		"sockq_netns_info", "gauge",
		"The container, pod or service behind each network namespace, and its hostname.",
		SC_NETNS, false,
	};
	static const struct { const char *key; int col; } labels[] = {
		{ "netns", SC_NETNS }, { "container", SC_NS_CONTAINER }, { "hostname", SC_NS_HOSTNAME },
	};
	char scratch[CELL_SCRATCH];
	bool ns_rows = v->rows == ROWS_NAMESPACES;
	size_t n = ns_rows ? v->n : v->set->nns;

	family_head(o, &info);
	for (size_t i = 0; i < n; i++) {
		uint32_t ns = ns_rows ? v->order[i] : (uint32_t)i;

		if (v->set->ns[ns].vanished)
			continue;
		out_puts(o, info.name);
		out_putc(o, '{');
		for (size_t k = 0; k < sizeof(labels) / sizeof(labels[0]); k++) {
			struct cell c;

			row_cell(v->set, ROWS_NAMESPACES, ns, labels[k].col, &c, scratch);
			/* Unknown or none: an empty label, as Prometheus has it. */
			if (c.kind != CELL_STR) {
				c.s = "";
				c.len = 0;
			}
			if (k)
				out_putc(o, ',');
			put_label(o, labels[k].key, &c);
		}
		out_puts(o, "} 1\n");
	}
}

static void cpu_family(struct out *o, const struct listener_set *set, const struct family *f)
{
	char scratch[CELL_SCRATCH];
	struct cell c, cpu;

	/* The last row is the sum. */
	for (size_t i = 0; i + 1 < set->ncpus; i++) {
		row_cell(set, ROWS_CPUS, (uint32_t)i, f->col, &c, scratch);
		if (c.kind != CELL_NUM)
			continue;
		row_cell(set, ROWS_CPUS, (uint32_t)i, CC_CPU, &cpu, scratch);
		out_puts(o, f->name);
		out_putc(o, '{');
		put_label(o, "cpu", &cpu);
		out_puts(o, "} ");
		out_u64(o, c.num);
		out_putc(o, '\n');
	}
}

static void host_families(struct out *o, const struct listener_set *set)
{
	static const struct family max_backlog = {
		"sockq_netdev_max_backlog", "gauge",
		"net.core.netdev_max_backlog: the limit of each CPU's input backlog.", 0, false,
	};

	for (size_t i = 0; set->ncpus && i < sizeof(cpu_families) / sizeof(cpu_families[0]); i++) {
		family_head(o, &cpu_families[i]);
		cpu_family(o, set, &cpu_families[i]);
	}
	if (set->netdev_max_backlog != SOCKQ_UNKNOWN) {
		family_head(o, &max_backlog);
		out_puts(o, max_backlog.name);
		out_putc(o, ' ');
		out_u64(o, set->netdev_max_backlog);
		out_putc(o, '\n');
	}
}

int render_openmetrics(struct out *o, const struct view *v)
{
	bool *shared = NULL;

	if (v->rows == ROWS_LISTENERS) {
		shared = find_shared(v);
		if (!shared)
			return -ENOMEM;
		for (size_t i = 0; i < sizeof(listener_families) / sizeof(listener_families[0]); i++) {
			const struct family *f = &listener_families[i];

			if (f->if_shown && !view_has_column(v, f->col))
				continue;
			family_head(o, f);
			listener_family(o, v, shared, f);
		}
	}
	for (size_t i = 0; v->rows != ROWS_CPUS && i < sizeof(ns_families) / sizeof(ns_families[0]);
	     i++) {
		family_head(o, &ns_families[i]);
		ns_family(o, v, &ns_families[i]);
	}
	if (v->rows != ROWS_CPUS)
		info_family(o, v);
	host_families(o, v->set);
	out_puts(o, "# EOF\n");
	free(shared);
	return 0;
}
