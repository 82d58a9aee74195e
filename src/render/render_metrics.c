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

/* A family: every row's value of one column, as the column's entry
 * describes it (columns.c), or the one family of names. */
enum kind { GAUGE, COUNTER, INFO };

struct family {
	const char *name;	/* without _total or _info */
	enum kind kind;
	const char *help;
	int col;
	enum metric_value value;
	bool if_shown;		/* only when the column is among those shown */
};

/* One series per namespace naming it, for PromQL joins: the listener
 * series keep their labels, and their cardinality. */
static const struct family info_family = {
	"sockq_netns", INFO,
	"The container, pod or service behind each network namespace, and its hostname.",
	SC_NETNS, MV_CELL, false,
};

/* The families of a kind of row, from its column table, in their order. */
#define FAMILIES_MAX 32
static size_t families_of(enum row_kind rows, struct family *out)
{
	const struct column *cols = column_table(rows);
	size_t n = 0, count = column_count(rows);

	for (unsigned order = 0; n < FAMILIES_MAX && order < FAMILIES_MAX; order++) {
		for (size_t i = 0; i < count; i++) {
			const struct column_metric *m = &cols[i].metric;

			if (!m->name || m->order != order)
				continue;
			out[n++] = (struct family){
				.name = m->name,
				.kind = m->kind == METRIC_COUNTER ? COUNTER : GAUGE,
				.help = m->help, .col = (int)i, .value = m->value,
				.if_shown = m->if_shown,
			};
		}
	}
	return n;
}

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *sample_suffix(const struct family *f)
{
	return f->kind == COUNTER ? "_total" : f->kind == INFO ? "_info" : "";
}

static void family_head(struct sink *o, const struct family *f, enum dialect d)
{
	/* In the Prometheus format a family is named as its samples are. */
	const char *suffix = d == PROMETHEUS ? sample_suffix(f) : "";
	const char *type = f->kind == COUNTER ? "counter" : f->kind == INFO && d == OPENMETRICS ?
			   "info" : "gauge";

	sink_printf(o, "# HELP %s%s %s\n# TYPE %s%s %s\n", f->name, suffix, f->help, f->name,
		   suffix, type);
}

static void sample_name(struct sink *o, const struct family *f)
{
	sink_puts(o, f->name);
	sink_puts(o, sample_suffix(f));
}

static void put_label(struct sink *o, bool first, const char *key, const char *s, size_t len)
{
	if (!first)
		sink_putc(o, ',');
	sink_puts(o, key);
	sink_puts(o, "=\"");
	render_backslashed(o, s, len);
	sink_putc(o, '"');
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

static uint64_t series_hash(const struct snapshot *set, const struct listener *l)
{
	char local[CELL_SCRATCH];
	size_t n = listener_format_local(&set->pool, l, local, sizeof(local));
	uint64_t h = 0xcbf29ce484222325ull;

	h = hash_bytes(h, &l->netns, sizeof(l->netns));
	h = hash_bytes(h, &l->proto, sizeof(l->proto));
	return hash_bytes(h, local, n);
}

/* Series in an order where equal ones are neighbours: by hash, then by
 * what they are (only rows whose hashes are equal are formatted again). */
static int series_order(const struct snapshot *set, const struct listener *a,
			const struct listener *b)
{
	char x[CELL_SCRATCH], y[CELL_SCRATCH];
	size_t nx, ny;
	int d;

	if (a->netns != b->netns)
		return a->netns < b->netns ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	nx = listener_format_local(&set->pool, a, x, sizeof(x));
	ny = listener_format_local(&set->pool, b, y, sizeof(y));
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
	d = series_order(view_snap(v), &view_snap(v)->rows.v[v->order[a->row]], &view_snap(v)->rows.v[v->order[b->row]]);
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
		s[i].hash = series_hash(view_snap(v), &view_snap(v)->rows.v[v->order[i]]);
		s[i].row = (uint32_t)i;
	}
	/* Sorted, equal series are neighbours: a pass over pairs of
	 * neighbours finds every one, however many share a name (any user
	 * can bind one path over and over, unlinking it between). */
	qsort_r(s, v->n, sizeof(*s), cmp_series, (void *)v);
	for (size_t i = 1; i < v->n; i++)
		if (s[i].hash == s[i - 1].hash &&
		    !series_order(view_snap(v), &view_snap(v)->rows.v[v->order[s[i].row]],
				  &view_snap(v)->rows.v[v->order[s[i - 1].row]]))
			shared[s[i].row] = shared[s[i - 1].row] = true;
	free(s);
	return shared;
}

static void listener_labels(struct sink *o, const struct view *v, size_t row, bool with_inode)
{
	static const struct { const char *key; int col; } labels[] = {
		{ "netns", LC_NETNS }, { "proto", LC_PROTO }, { "local", LC_LOCAL },
	};
	const struct listener *l = &view_snap(v)->rows.v[v->order[row]];
	char scratch[CELL_SCRATCH], num[U64_DIGITS_MAX];
	struct cell c;

	sink_putc(o, '{');
	for (size_t i = 0; i < LEN(labels); i++) {
		view_cell(v, row, labels[i].col, &c, scratch);
		put_label(o, i == 0, labels[i].key, c.s, c.len);
	}
	if (listener_is_tcp(l))
		put_label(o, false, "port", num, u64_format(num, l->port));
	if (with_inode)
		put_label(o, false, "inode", num, u64_format(num, l->inode));
	sink_puts(o, "} ");
}

/* Whether a row has a value in a listener family: AF_UNIX has no SYN queue
 * nor drops; clamped is unknown without somaxconn. */
static bool has_value(const struct view *v, size_t row, const struct family *f, struct cell *c)
{
	char scratch[CELL_SCRATCH];

	view_cell(v, row, f->col, c, scratch);
	if (f->value == MV_CELL)
		return c->kind == CELL_NUM;
	return c->kind != CELL_NONE;
}

static void listener_value(struct sink *o, const struct view *v, size_t row,
			   const struct family *f, const struct cell *c)
{
	const struct listener *l = &view_snap(v)->rows.v[v->order[row]];

	switch (f->value) {
	case MV_USE_RATIO:
		sink_printf(o, "%.6g", (double)l->recv_q / ((double)l->backlog + 1.0));
		break;
	case MV_FULL:
		sink_putc(o, listener_full(l) ? '1' : '0');
		break;
	case MV_CLAMPED:
		sink_putc(o, c->num ? '1' : '0');
		break;
	case MV_CELL:
	default:
		sink_u64(o, c->num);
		break;
	}
}

static void listener_family(struct sink *o, const struct view *v, const bool *shared,
			    const struct family *f)
{
	struct cell c;

	for (size_t i = 0; i < v->n; i++) {
		if (!has_value(v, i, f, &c))
			continue;
		sample_name(o, f);
		listener_labels(o, v, i, shared[i]);
		listener_value(o, v, i, f, &c);
		sink_putc(o, '\n');
	}
}

/* The namespaces a family speaks of: those shown, or with listener rows
 * every namespace read (their numbers hold whichever rows are shown). */
static size_t ns_count(const struct view *v)
{
	return v->rows == ROWS_NAMESPACES ? v->n : view_snap(v)->nns;
}

/* By label, as the rows are. */
static uint32_t ns_at(const struct view *v, size_t i)
{
	return v->rows == ROWS_NAMESPACES ? v->order[i] : view_snap(v)->ns_order[i];
}

static void ns_label(struct sink *o, const struct snapshot *set, uint32_t ns)
{
	struct pstr label = set->ns[ns].label;

	sink_putc(o, '{');
	put_label(o, true, "netns", pstr_data(&set->pool, label), label.len);
	sink_puts(o, "} ");
}

static void ns_family(struct sink *o, const struct view *v, const struct family *f)
{
	char scratch[CELL_SCRATCH];
	struct cell c;

	for (size_t i = 0; i < ns_count(v); i++) {
		uint32_t ns = ns_at(v, i);

		row_cell(&v->rs, ROWS_NAMESPACES, ns, f->col, &c, scratch);
		if (c.kind != CELL_NUM)
			continue;
		sample_name(o, f);
		ns_label(o, view_snap(v), ns);
		sink_u64(o, c.num);
		sink_putc(o, '\n');
	}
}

static void ns_info(struct sink *o, const struct view *v, enum dialect d)
{
	static const struct { const char *key; int col; } labels[] = {
		{ "netns", SC_NETNS }, { "container", SC_NS_CONTAINER }, { "hostname", SC_NS_HOSTNAME },
	};
	char scratch[CELL_SCRATCH];

	family_head(o, &info_family, d);
	for (size_t i = 0; i < ns_count(v); i++) {
		uint32_t ns = ns_at(v, i);

		sample_name(o, &info_family);
		sink_putc(o, '{');
		for (size_t k = 0; k < LEN(labels); k++) {
			struct cell c;

			row_cell(&v->rs, ROWS_NAMESPACES, ns, labels[k].col, &c, scratch);
			/* Unknown or none: an empty label, as Prometheus has it. */
			put_label(o, k == 0, labels[k].key, c.kind == CELL_STR ? c.s : "",
				  c.kind == CELL_STR ? c.len : 0);
		}
		sink_puts(o, "} 1\n");
	}
}

static void cpu_family(struct sink *o, const struct view *v, const struct family *f)
{
	const struct snapshot *set = view_snap(v);
	char scratch[CELL_SCRATCH], cpu[CELL_SCRATCH];
	struct cell c, id;

	/* The last row is the sum. */
	for (size_t i = 0; i + 1 < set->ncpus; i++) {
		row_cell(&v->rs, ROWS_CPUS, (uint32_t)i, f->col, &c, scratch);
		if (c.kind != CELL_NUM)
			continue;
		row_cell(&v->rs, ROWS_CPUS, (uint32_t)i, CC_CPU, &id, cpu);
		sample_name(o, f);
		sink_putc(o, '{');
		put_label(o, true, "cpu", id.s, id.len);
		sink_puts(o, "} ");
		sink_u64(o, c.num);
		sink_putc(o, '\n');
	}
}

/* The host's input backlog, per CPU (the sum is PromQL's to make), and
 * its limit, one value for the host. */
static void host_families(struct sink *o, const struct view *v, enum dialect d)
{
	const struct snapshot *set = view_snap(v);
	struct family fams[FAMILIES_MAX];
	size_t n = families_of(ROWS_CPUS, fams);

	for (size_t i = 0; i < n; i++) {
		if (fams[i].col == CC_MAX_BACKLOG) {
			if (set->netdev_max_backlog == SOCKQ_UNKNOWN)
				continue;
			family_head(o, &fams[i], d);
			sample_name(o, &fams[i]);
			sink_putc(o, ' ');
			sink_u64(o, set->netdev_max_backlog);
			sink_putc(o, '\n');
		} else if (set->ncpus) {
			family_head(o, &fams[i], d);
			cpu_family(o, v, &fams[i]);
		}
	}
}

static int render_metrics(struct sink *o, const struct view *v, enum dialect d)
{
	struct family fams[FAMILIES_MAX];
	size_t n;

	if (v->rows == ROWS_LISTENERS) {
		bool *shared = find_collisions(v);

		if (!shared)
			return -ENOMEM;
		n = families_of(ROWS_LISTENERS, fams);
		for (size_t i = 0; i < n; i++) {
			if (fams[i].if_shown && !view_has_column(v, fams[i].col))
				continue;
			family_head(o, &fams[i], d);
			listener_family(o, v, shared, &fams[i]);
		}
		free(shared);
	}
	if (v->rows != ROWS_CPUS) {
		n = families_of(ROWS_NAMESPACES, fams);
		for (size_t i = 0; i < n; i++) {
			family_head(o, &fams[i], d);
			ns_family(o, v, &fams[i]);
		}
		ns_info(o, v, d);
	}
	host_families(o, v, d);
	if (d == OPENMETRICS)
		sink_puts(o, "# EOF\n");
	return 0;
}

int render_prometheus(struct sink *o, const struct view *v)
{
	return render_metrics(o, v, PROMETHEUS);
}

int render_openmetrics(struct sink *o, const struct view *v)
{
	return render_metrics(o, v, OPENMETRICS);
}
