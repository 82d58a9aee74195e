// SPDX-License-Identifier: GPL-2.0-or-later
/* render_metrics.c: the Prometheus text format (0.0.4) and OpenMetrics 1.0, from one table of families. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/* The two dialects differ in how a family is named and typed, and in the
 * last line: Prometheus names a counter family after its samples
 * ("x_total", as promtool and node_exporter's textfile collector want) and
 * has no info type; OpenMetrics names the family without the suffix, has
 * an info type, and ends with "# EOF". */
enum dialect { PROMETHEUS, OPENMETRICS };

enum kind { GAUGE, COUNTER, INFO };

/* What a listener family's value is: a column's number, or one derived
 * from the row. */
enum value { COLUMN, USE_RATIO, FULL, CLAMPED };

/* One metric family: every row's value of one column. */
struct family {
	const char *name;	/* without _total or _info */
	enum kind kind;
	const char *help;
	int col;
	enum value value;
	bool if_shown;		/* only when the column is among those shown */
};

static const struct family listener_families[] = {
	{ "sockq_accept_queue_length", GAUGE,
	  "Connections waiting in the listener's accept queue.", LC_RECV_Q, COLUMN, false },
	{ "sockq_accept_queue_backlog", GAUGE,
	  "Maximum backlog of the listener; the kernel admits backlog + 1 connections.",
	  LC_BACKLOG, COLUMN, false },
	{ "sockq_accept_queue_use_ratio", GAUGE,
	  "Accept queue length over backlog + 1: 1 is full.", LC_USE_PCT, USE_RATIO, false },
	{ "sockq_accept_queue_full", GAUGE,
	  "1 when the accept queue is full: the next connection is refused.", LC_STATE, FULL, false },
	{ "sockq_accept_queue_clamped", GAUGE,
	  "1 when the backlog equals somaxconn: listen() most likely cut it down.", LC_CLAMPED,
	  CLAMPED, false },
	{ "sockq_syn_queue_length", GAUGE,
	  "TCP connection requests (SYN_RECV) waiting on the listener.", LC_SYN_Q, COLUMN, true },
	{ "sockq_listener_drops", COUNTER,
	  "TCP connection attempts the listener dropped since listen() (sk_drops).",
	  LC_DROPS, COLUMN, false },
};

static const struct family ns_families[] = {
	{ "sockq_somaxconn", GAUGE, "The namespace's net.core.somaxconn.", SC_SOMAXCONN, COLUMN,
	  false },
	{ "sockq_tcp_max_syn_backlog", GAUGE, "The namespace's net.ipv4.tcp_max_syn_backlog.",
	  SC_TCP_MAX_SYN_BACKLOG, COLUMN, false },
	{ "sockq_listen_overflows", COUNTER,
	  "TcpExtListenOverflows: connections dropped on a full accept queue.",
	  SC_LISTEN_OVERFLOWS, COLUMN, false },
	{ "sockq_listen_drops", COUNTER,
	  "TcpExtListenDrops: connections dropped at a listener for any reason.",
	  SC_LISTEN_DROPS, COLUMN, false },
	{ "sockq_reqq_full_drop", COUNTER,
	  "TcpExtTCPReqQFullDrop: SYNs dropped on a full SYN queue, without cookies.",
	  SC_REQQ_FULL_DROP, COLUMN, false },
	{ "sockq_reqq_full_cookies", COUNTER,
	  "TcpExtTCPReqQFullDoCookies: SYNs on a full SYN queue answered with cookies.",
	  SC_REQQ_FULL_COOKIES, COLUMN, false },
	{ "sockq_syncookies_sent", COUNTER, "TcpExtSyncookiesSent.", SC_COOKIES_SENT, COLUMN, false },
	{ "sockq_syncookies_recv", COUNTER, "TcpExtSyncookiesRecv: valid cookies returned.",
	  SC_COOKIES_RECV, COLUMN, false },
	{ "sockq_syncookies_failed", COUNTER, "TcpExtSyncookiesFailed: invalid cookies returned.",
	  SC_COOKIES_FAILED, COLUMN, false },
};

/* One series per namespace naming it, for PromQL joins: the listener
 * series keep their labels, and their cardinality. */
static const struct family info_family = {
	"sockq_netns", INFO,
	"The container, pod or service behind each network namespace, and its hostname.",
	SC_NETNS, COLUMN, false,
};

/* The host's input backlog, per CPU (the sum is PromQL's to make). */
static const struct family cpu_families[] = {
	{ "sockq_input_backlog_processed", COUNTER, "Packets the CPU's input backlog processed.",
	  CC_PROCESSED, COLUMN, false },
	{ "sockq_input_backlog_dropped", COUNTER,
	  "Packets dropped because the CPU's input backlog was full (netdev_max_backlog).",
	  CC_DROPPED, COLUMN, false },
	{ "sockq_input_backlog_time_squeeze", COUNTER,
	  "Times the CPU's receive budget ran out with packets left.", CC_TIME_SQUEEZE, COLUMN,
	  false },
};

static const struct family max_backlog_family = {
	"sockq_netdev_max_backlog", GAUGE,
	"net.core.netdev_max_backlog: the limit of each CPU's input backlog.", CC_MAX_BACKLOG,
	COLUMN, false,
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *sample_suffix(const struct family *f)
{
	return f->kind == COUNTER ? "_total" : f->kind == INFO ? "_info" : "";
}

static void family_head(struct out *o, const struct family *f, enum dialect d)
{
	/* In the Prometheus format a family is named as its samples are. */
	const char *suffix = d == PROMETHEUS ? sample_suffix(f) : "";
	const char *type = f->kind == COUNTER ? "counter" : f->kind == INFO && d == OPENMETRICS ?
			   "info" : "gauge";

	out_printf(o, "# HELP %s%s %s\n# TYPE %s%s %s\n", f->name, suffix, f->help, f->name,
		   suffix, type);
}

static void sample_name(struct out *o, const struct family *f)
{
	out_puts(o, f->name);
	out_puts(o, sample_suffix(f));
}

static void put_label(struct out *o, bool first, const char *key, const char *s, size_t len)
{
	if (!first)
		out_putc(o, ',');
	out_puts(o, key);
	out_puts(o, "=\"");
	render_backslashed(o, s, len);
	out_putc(o, '"');
}

/* A series' identity: netns, proto, local address text and port. The local
 * text is not unique (an abstract name "\0x" and a path "@x" both read
 * "@x"), so series are compared whole. */
struct series {
	uint64_t hash;
	uint32_t row;
};

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t series_hash(const struct listener_set *set, const struct listener *l)
{
	char local[CELL_SCRATCH];
	size_t n = listener_format_local(set, l, local, sizeof(local));
	uint64_t h = 0xcbf29ce484222325ull;

	h = hash_bytes(h, &l->netns, sizeof(l->netns));
	h = hash_bytes(h, &l->proto, sizeof(l->proto));
	return hash_bytes(h, local, n);
}

/* Series in an order where equal ones are neighbours: by hash, then by
 * what they are (only rows whose hashes are equal are formatted again). */
static int series_order(const struct listener_set *set, const struct listener *a,
			const struct listener *b)
{
	char x[CELL_SCRATCH], y[CELL_SCRATCH];
	size_t nx, ny;
	int d;

	if (a->netns != b->netns)
		return a->netns < b->netns ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	nx = listener_format_local(set, a, x, sizeof(x));
	ny = listener_format_local(set, b, y, sizeof(y));
	d = memcmp(x, y, nx < ny ? nx : ny);
	return d ? d : (nx > ny) - (nx < ny);
}

static int cmp_series(const void *pa, const void *pb, void *data)
{
	const struct view *v = data;
	const struct series *a = pa, *b = pb;
	int d;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	d = series_order(v->set, &v->set->v[v->order[a->row]], &v->set->v[v->order[b->row]]);
	return d ? d : (a->row > b->row) - (a->row < b->row);
}

/* Which rows share their labels with another (SO_REUSEPORT groups, names
 * alike once written): those carry their inode too, so every series is
 * unique whatever names local users choose. */
static bool *find_collisions(const struct view *v)
{
	struct series *s = malloc((v->n ? v->n : 1) * sizeof(*s));
	bool *shared = calloc(v->n ? v->n : 1, sizeof(*shared));

	if (!s || !shared) {
		free(s);
		free(shared);
		return NULL;
	}
	for (size_t i = 0; i < v->n; i++) {
		s[i].hash = series_hash(v->set, &v->set->v[v->order[i]]);
		s[i].row = (uint32_t)i;
	}
	/* Sorted, equal series are neighbours: a pass over pairs of
	 * neighbours finds every one, however many share a name (any user
	 * can bind one path over and over, unlinking it between). */
	qsort_r(s, v->n, sizeof(*s), cmp_series, (void *)v);
	for (size_t i = 1; i < v->n; i++)
		if (s[i].hash == s[i - 1].hash &&
		    !series_order(v->set, &v->set->v[v->order[s[i].row]],
				  &v->set->v[v->order[s[i - 1].row]]))
			shared[s[i].row] = shared[s[i - 1].row] = true;
	free(s);
	return shared;
}

static void listener_labels(struct out *o, const struct view *v, size_t row, bool with_inode)
{
	static const struct { const char *key; int col; } labels[] = {
		{ "netns", LC_NETNS }, { "proto", LC_PROTO }, { "local", LC_LOCAL },
	};
	const struct listener *l = &v->set->v[v->order[row]];
	char scratch[CELL_SCRATCH], num[U64_DIGITS_MAX];
	struct cell c;

	out_putc(o, '{');
	for (size_t i = 0; i < LEN(labels); i++) {
		view_cell(v, row, labels[i].col, &c, scratch);
		put_label(o, i == 0, labels[i].key, c.s, c.len);
	}
	if (listener_is_tcp(l))
		put_label(o, false, "port", num, u64_format(num, l->port));
	if (with_inode)
		put_label(o, false, "inode", num, u64_format(num, l->inode));
	out_puts(o, "} ");
}

/* Whether a row has a value in a listener family: AF_UNIX has no SYN queue
 * nor drops; clamped is unknown without somaxconn. */
static bool has_value(const struct view *v, size_t row, const struct family *f, struct cell *c)
{
	char scratch[CELL_SCRATCH];

	view_cell(v, row, f->col, c, scratch);
	if (f->value == COLUMN)
		return c->kind == CELL_NUM;
	return c->kind != CELL_NONE;
}

static void listener_value(struct out *o, const struct view *v, size_t row,
			   const struct family *f, const struct cell *c)
{
	const struct listener *l = &v->set->v[v->order[row]];

	switch (f->value) {
	case USE_RATIO:
		out_printf(o, "%.6g", (double)l->recv_q / ((double)l->backlog + 1.0));
		break;
	case FULL:
		out_putc(o, listener_full(l) ? '1' : '0');
		break;
	case CLAMPED:
		out_putc(o, c->num ? '1' : '0');
		break;
	case COLUMN:
	default:
		out_u64(o, c->num);
		break;
	}
}

static void listener_family(struct out *o, const struct view *v, const bool *shared,
			    const struct family *f)
{
	struct cell c;

	for (size_t i = 0; i < v->n; i++) {
		if (!has_value(v, i, f, &c))
			continue;
		sample_name(o, f);
		listener_labels(o, v, i, shared[i]);
		listener_value(o, v, i, f, &c);
		out_putc(o, '\n');
	}
}

/* The namespaces a family speaks of: those shown, or with listener rows
 * every namespace read (their numbers hold whichever rows are shown). */
static size_t ns_count(const struct view *v)
{
	return v->rows == ROWS_NAMESPACES ? v->n : v->set->nns;
}

static uint32_t ns_at(const struct view *v, size_t i)
{
	return v->rows == ROWS_NAMESPACES ? v->order[i] : (uint32_t)i;
}

static void ns_label(struct out *o, const struct listener_set *set, uint32_t ns)
{
	const char *label = set->ns[ns].label;

	out_putc(o, '{');
	put_label(o, true, "netns", label, strlen(label));
	out_puts(o, "} ");
}

static void ns_family(struct out *o, const struct view *v, const struct family *f)
{
	char scratch[CELL_SCRATCH];
	struct cell c;

	for (size_t i = 0; i < ns_count(v); i++) {
		uint32_t ns = ns_at(v, i);

		if (v->set->ns[ns].vanished)
			continue;
		row_cell(v->set, ROWS_NAMESPACES, ns, f->col, &c, scratch);
		if (c.kind != CELL_NUM)
			continue;
		sample_name(o, f);
		ns_label(o, v->set, ns);
		out_u64(o, c.num);
		out_putc(o, '\n');
	}
}

static void ns_info(struct out *o, const struct view *v, enum dialect d)
{
	static const struct { const char *key; int col; } labels[] = {
		{ "netns", SC_NETNS }, { "container", SC_NS_CONTAINER }, { "hostname", SC_NS_HOSTNAME },
	};
	char scratch[CELL_SCRATCH];

	family_head(o, &info_family, d);
	for (size_t i = 0; i < ns_count(v); i++) {
		uint32_t ns = ns_at(v, i);

		if (v->set->ns[ns].vanished)
			continue;
		sample_name(o, &info_family);
		out_putc(o, '{');
		for (size_t k = 0; k < LEN(labels); k++) {
			struct cell c;

			row_cell(v->set, ROWS_NAMESPACES, ns, labels[k].col, &c, scratch);
			/* Unknown or none: an empty label, as Prometheus has it. */
			put_label(o, k == 0, labels[k].key, c.kind == CELL_STR ? c.s : "",
				  c.kind == CELL_STR ? c.len : 0);
		}
		out_puts(o, "} 1\n");
	}
}

static void cpu_family(struct out *o, const struct listener_set *set, const struct family *f)
{
	char scratch[CELL_SCRATCH], cpu[CELL_SCRATCH];
	struct cell c, id;

	/* The last row is the sum. */
	for (size_t i = 0; i + 1 < set->ncpus; i++) {
		row_cell(set, ROWS_CPUS, (uint32_t)i, f->col, &c, scratch);
		if (c.kind != CELL_NUM)
			continue;
		row_cell(set, ROWS_CPUS, (uint32_t)i, CC_CPU, &id, cpu);
		sample_name(o, f);
		out_putc(o, '{');
		put_label(o, true, "cpu", id.s, id.len);
		out_puts(o, "} ");
		out_u64(o, c.num);
		out_putc(o, '\n');
	}
}

static void host_families(struct out *o, const struct listener_set *set, enum dialect d)
{
	for (size_t i = 0; set->ncpus && i < LEN(cpu_families); i++) {
		family_head(o, &cpu_families[i], d);
		cpu_family(o, set, &cpu_families[i]);
	}
	if (set->netdev_max_backlog != SOCKQ_UNKNOWN) {
		family_head(o, &max_backlog_family, d);
		sample_name(o, &max_backlog_family);
		out_putc(o, ' ');
		out_u64(o, set->netdev_max_backlog);
		out_putc(o, '\n');
	}
}

static int render_metrics(struct out *o, const struct view *v, enum dialect d)
{
	if (v->rows == ROWS_LISTENERS) {
		bool *shared = find_collisions(v);

		if (!shared)
			return -ENOMEM;
		for (size_t i = 0; i < LEN(listener_families); i++) {
			const struct family *f = &listener_families[i];

			if (f->if_shown && !view_has_column(v, f->col))
				continue;
			family_head(o, f, d);
			listener_family(o, v, shared, f);
		}
		free(shared);
	}
	if (v->rows != ROWS_CPUS) {
		for (size_t i = 0; i < LEN(ns_families); i++) {
			family_head(o, &ns_families[i], d);
			ns_family(o, v, &ns_families[i]);
		}
		ns_info(o, v, d);
	}
	host_families(o, v->set, d);
	if (d == OPENMETRICS)
		out_puts(o, "# EOF\n");
	return 0;
}

int render_prometheus(struct out *o, const struct view *v)
{
	return render_metrics(o, v, PROMETHEUS);
}

int render_openmetrics(struct out *o, const struct view *v)
{
	return render_metrics(o, v, OPENMETRICS);
}
