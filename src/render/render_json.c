// SPDX-License-Identifier: GPL-2.0-or-later
/* render_json.c: one JSON object holding a named array of rows, as util-linux writes; one line a sample in --watch. */
#include "escape.h"
#include "render.h"

/* The array's name says what a row is. */
static const char *rows_name(enum row_kind rows)
{
	switch (rows) {
	case ROWS_NAMESPACES:
		return "namespaces";
	case ROWS_CPUS:
		return "cpus";
	case ROWS_LISTENERS:
	default:
		return "listeners";
	}
}

static void put_string(struct sink *o, const char *s, size_t len)
{
	sink_putc(o, '"');
	render_backslashed(o, s, len);
	sink_putc(o, '"');
}

static void put_scalar(struct sink *o, const struct column *col, const struct cell *c)
{
	switch (c->kind) {
	case CELL_NONE:
		sink_puts(o, "null");
		break;
	case CELL_NUM:
		if (col->json == JSON_STR || col->json == JSON_STR_LIST) {
			sink_putc(o, '"');
			sink_u64(o, c->num);
			sink_putc(o, '"');
		} else {
			sink_u64(o, c->num);
		}
		break;
	case CELL_BOOL:
		sink_puts(o, c->num ? "true" : "false");
		break;
	case CELL_STR:
		put_string(o, c->s, c->len);
		break;
	}
}

/* A list column: an array of its items, or null when it has none known. */
static void put_list(struct sink *o, const struct view *v, size_t row, int col,
		     const struct column *column)
{
	uint32_t pos = 0;
	struct cell item;
	bool first = true;

	while (row_list_next(&v->rs, v->rows, v->order[row], col, &pos, &item)) {
		sink_putc(o, first ? '[' : ',');
		first = false;
		put_scalar(o, column, &item);
	}
	sink_puts(o, first ? "null" : "]");
}

static void put_row(struct sink *o, const struct view *v, size_t row)
{
	char scratch[CELL_SCRATCH];
	struct cell c;

	sink_putc(o, '{');
	for (size_t k = 0; k < v->ncols; k++) {
		const struct column *col = view_column(v, v->cols[k]);

		if (k)
			sink_putc(o, ',');
		sink_putc(o, '"');
		sink_puts(o, col->name);
		sink_puts(o, "\":");
		if (col->json == JSON_NUM_LIST || col->json == JSON_STR_LIST) {
			put_list(o, v, row, v->cols[k], col);
			continue;
		}
		view_cell(v, row, v->cols[k], &c, scratch);
		put_scalar(o, col, &c);
	}
	sink_putc(o, '}');
}

/* Beside the namespaces, the host's input backlog summed over its CPUs,
 * as the table's last line has it. */
static void put_backlog(struct sink *o, const struct snapshot *set, bool document)
{
	const struct cpu_backlog *all = &set->cpus[set->ncpus - 1];

	sink_puts(o, document ? ",\n   \"input_backlog\": " : ",\"input_backlog\":");
	sink_printf(o, "{\"cpus\":%zu,\"processed\":%llu,\"dropped\":%llu,\"time_squeeze\":%llu,"
		   "\"netdev_max_backlog\":", set->ncpus - 1, (unsigned long long)all->processed,
		   (unsigned long long)all->dropped, (unsigned long long)all->time_squeeze);
	if (set->netdev_max_backlog == SOCKQ_UNKNOWN)
		sink_puts(o, "null}");
	else
		sink_printf(o, "%u}", set->netdev_max_backlog);
}

static const char *const level_names[] = {
	[DIAG_NOTE] = "note",
	[DIAG_WARNING] = "warning",
	[DIAG_ERROR] = "error",
};

/* What the collection could not read, or found worth a word, beside the
 * rows: only when there is any, so a clean answer is unchanged. */
static void put_errors(struct sink *o, const struct diagnostics *d, bool document)
{
	sink_puts(o, document ? ",\n   \"errors\": [" : ",\"errors\":[");
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];

		if (document)
			sink_puts(o, i ? ",\n      " : "\n      ");
		else if (i)
			sink_putc(o, ',');
		sink_printf(o, "{\"level\":\"%s\",\"code\":\"%s\",\"source\":\"%s\",\"netns\":",
			    level_names[e->level], e->code, e->source);
		if (e->netns_label)
			put_string(o, e->netns_label, strlen(e->netns_label));
		else
			sink_puts(o, "null");
		sink_printf(o, ",\"count\":%u,\"message\":", e->count);
		put_string(o, e->text, strlen(e->text));
		sink_putc(o, '}');
	}
	sink_puts(o, document && d->n ? "\n   ]" : "]");
}

/* One document, a row a line; with --watch (v->time), one object a sample
 * on one line (JSON Lines), carrying the sample's time. */
int render_json(struct sink *o, const struct view *v)
{
	bool document = !v->time;

	if (document) {
		sink_printf(o, "{\n   \"%s\": [", rows_name(v->rows));
	} else {
		sink_puts(o, "{\"time\":");
		put_string(o, v->time, strlen(v->time));
		sink_printf(o, ",\"%s\":[", rows_name(v->rows));
	}
	for (size_t r = 0; r < v->n; r++) {
		if (document)
			sink_puts(o, r ? ",\n      " : "\n      ");
		else if (r)
			sink_putc(o, ',');
		put_row(o, v, r);
	}
	sink_puts(o, document && v->n ? "\n   ]" : "]");
	if (v->rows == ROWS_NAMESPACES && view_snap(v)->ncpus)
		put_backlog(o, view_snap(v), document);
	if (view_snap(v)->diag.n)
		put_errors(o, &view_snap(v)->diag, document);
	sink_puts(o, document ? "\n}\n" : "}\n");
	return 0;
}
