// SPDX-License-Identifier: GPL-2.0-or-later
/* render_table.c: the aligned table for people, full queues highlighted. */
#include <ctype.h>
#include <stdlib.h>

#include "escape.h"
#include "render.h"

/* The width a cell takes on screen; strings are measured escaped. */
static size_t cell_width(const struct cell *c, char *esc)
{
	size_t w = 0;

	switch (c->kind) {
	case CELL_NONE:
		return 1; /* "-" */
	case CELL_NUM:
		return u64_width(c->num);
	case CELL_BOOL:
		return c->num ? 3 : 2;
	case CELL_STR:
		escape_name(esc, c->s, c->len, &w);
		return w;
	}
	return 0;
}

static void put_cell(struct out *o, const struct cell *c, char *esc)
{
	size_t n;

	switch (c->kind) {
	case CELL_NONE:
		out_putc(o, '-');
		break;
	case CELL_NUM:
		out_u64(o, c->num);
		break;
	case CELL_BOOL:
		out_puts(o, c->num ? "yes" : "no");
		break;
	case CELL_STR:
		n = escape_name(esc, c->s, c->len, NULL);
		out_write(o, esc, n);
		break;
	}
}

static void put_header(struct out *o, const struct view *v, const size_t *width)
{
	if (v->color)
		out_puts(o, COLOR_BOLD);
	for (size_t k = 0; k < v->ncols; k++) {
		const struct column *col = view_column(v, v->cols[k]);
		size_t len = strlen(col->name);
		bool last = k + 1 == v->ncols;

		if (k)
			out_putc(o, ' ');
		if (col->align == ALIGN_RIGHT)
			out_pad(o, width[k] - len);
		for (size_t i = 0; i < len; i++)
			out_putc(o, (char)toupper((unsigned char)col->name[i]));
		if (col->align == ALIGN_LEFT && !last)
			out_pad(o, width[k] - len);
	}
	if (v->color)
		out_puts(o, COLOR_RESET);
	out_putc(o, '\n');
}

void render_table(struct out *o, const struct view *v)
{
	char scratch[CELL_SCRATCH];
	char esc[CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	size_t *width = calloc(v->ncols ? v->ncols : 1, sizeof(*width));
	struct cell c;

	if (!width) {
		o->err = o->err ? o->err : -12;
		return;
	}
	/* Two passes over the rows: widths first, then the text. Formatting a
	 * cell twice is cheaper than keeping every formatted cell. */
	for (size_t k = 0; k < v->ncols; k++)
		width[k] = v->header ? strlen(view_column(v, v->cols[k])->name) : 0;
	for (size_t r = 0; r < v->n; r++) {
		for (size_t k = 0; k < v->ncols; k++) {
			size_t w;

			view_cell(v, r, v->cols[k], &c, scratch);
			w = cell_width(&c, esc);
			if (w > width[k])
				width[k] = w;
		}
	}
	if (v->header)
		put_header(o, v, width);
	for (size_t r = 0; r < v->n; r++) {
		bool hl = v->color && view_row_full(v, r);

		if (hl)
			out_puts(o, COLOR_FULL);
		for (size_t k = 0; k < v->ncols; k++) {
			const struct column *col = view_column(v, v->cols[k]);
			bool last = k + 1 == v->ncols;
			size_t w;

			view_cell(v, r, v->cols[k], &c, scratch);
			w = cell_width(&c, esc);
			if (k)
				out_putc(o, ' ');
			if (col->align == ALIGN_RIGHT)
				out_pad(o, width[k] - w);
			put_cell(o, &c, esc);
			if (col->align == ALIGN_LEFT && !last)
				out_pad(o, width[k] - w);
		}
		if (hl)
			out_puts(o, COLOR_RESET);
		out_putc(o, '\n');
	}
	free(width);
}
