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

static void put_string(struct out *o, const char *s, size_t len)
{
	out_putc(o, '"');
	render_backslashed(o, s, len);
	out_putc(o, '"');
}

static void put_scalar(struct out *o, const struct column *col, const struct cell *c)
{
	switch (c->kind) {
	case CELL_NONE:
		out_puts(o, "null");
		break;
	case CELL_NUM:
		if (col->json == JSON_STR || col->json == JSON_STR_LIST) {
			out_putc(o, '"');
			out_u64(o, c->num);
			out_putc(o, '"');
		} else {
			out_u64(o, c->num);
		}
		break;
	case CELL_BOOL:
		out_puts(o, c->num ? "true" : "false");
		break;
	case CELL_STR:
		put_string(o, c->s, c->len);
		break;
	}
}

/* A list column: an array of its items, or null when it has none known. */
static void put_list(struct out *o, const struct view *v, size_t row, int col,
		     const struct column *column)
{
	uint32_t pos = 0;
	struct cell item;
	bool first = true;

	while (row_list_next(v->set, v->rows, v->order[row], col, &pos, &item)) {
		out_putc(o, first ? '[' : ',');
		first = false;
		put_scalar(o, column, &item);
	}
	out_puts(o, first ? "null" : "]");
}

static void put_row(struct out *o, const struct view *v, size_t row)
{
	char scratch[CELL_SCRATCH];
	struct cell c;

	out_putc(o, '{');
	for (size_t k = 0; k < v->ncols; k++) {
		const struct column *col = view_column(v, v->cols[k]);

		if (k)
			out_putc(o, ',');
		out_putc(o, '"');
		out_puts(o, col->name);
		out_puts(o, "\":");
		if (col->json == JSON_NUM_LIST || col->json == JSON_STR_LIST) {
			put_list(o, v, row, v->cols[k], col);
			continue;
		}
		view_cell(v, row, v->cols[k], &c, scratch);
		put_scalar(o, col, &c);
	}
	out_putc(o, '}');
}

/* Beside the namespaces, the host's input backlog summed over its CPUs,
 * as the table's last line has it. */
static void put_backlog(struct out *o, const struct listener_set *set, bool document)
{
	const struct cpu_backlog *all = &set->cpus[set->ncpus - 1];

	out_puts(o, document ? ",\n   \"input_backlog\": " : ",\"input_backlog\":");
	out_printf(o, "{\"cpus\":%zu,\"processed\":%llu,\"dropped\":%llu,\"time_squeeze\":%llu,"
		   "\"netdev_max_backlog\":", set->ncpus - 1, (unsigned long long)all->processed,
		   (unsigned long long)all->dropped, (unsigned long long)all->time_squeeze);
	if (set->netdev_max_backlog == SOCKQ_UNKNOWN)
		out_puts(o, "null}");
	else
		out_printf(o, "%u}", set->netdev_max_backlog);
}

/* One document, a row a line; with --watch (v->time), one object a sample
 * on one line (JSON Lines), carrying the sample's time. */
int render_json(struct out *o, const struct view *v)
{
	bool document = !v->time;

	if (document) {
		out_printf(o, "{\n   \"%s\": [", rows_name(v->rows));
	} else {
		out_puts(o, "{\"time\":");
		put_string(o, v->time, strlen(v->time));
		out_printf(o, ",\"%s\":[", rows_name(v->rows));
	}
	for (size_t r = 0; r < v->n; r++) {
		if (document)
			out_puts(o, r ? ",\n      " : "\n      ");
		else if (r)
			out_putc(o, ',');
		put_row(o, v, r);
	}
	out_puts(o, document && v->n ? "\n   ]" : "]");
	if (v->rows == ROWS_NAMESPACES && v->set->ncpus)
		put_backlog(o, v->set, document);
	out_puts(o, document ? "\n}\n" : "}\n");
	return 0;
}
