// SPDX-License-Identifier: GPL-2.0-or-later
/* render_json.c: one JSON array of objects, valid whatever the names hold. */
#include "escape.h"
#include "render.h"

static void put_string(struct out *o, const char *s, size_t len)
{
	out_putc(o, '"');
	render_backslashed(o, s, len);
	out_putc(o, '"');
}

static void put_value(struct out *o, const struct column *col, const struct cell *c)
{
	switch (c->kind) {
	case CELL_NONE:
		out_puts(o, "null");
		break;
	case CELL_NUM:
		if (col->json == JSON_STR) {
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

int render_json(struct out *o, const struct view *v)
{
	char scratch[CELL_SCRATCH];
	struct cell c;

	out_putc(o, '[');
	for (size_t r = 0; r < v->n; r++) {
		out_puts(o, r ? ",\n  {" : "\n  {");
		if (v->time) {
			out_puts(o, "\"time\":\"");
			out_puts(o, v->time);
			out_puts(o, v->ncols ? "\"," : "\"");
		}
		for (size_t k = 0; k < v->ncols; k++) {
			const struct column *col = view_column(v, v->cols[k]);

			if (k)
				out_putc(o, ',');
			out_putc(o, '"');
			out_puts(o, col->name);
			out_puts(o, "\":");
			view_cell(v, r, v->cols[k], &c, scratch);
			put_value(o, col, &c);
		}
		out_putc(o, '}');
	}
	out_puts(o, v->n ? "\n]\n" : "]\n");
	return 0;
}
