// SPDX-License-Identifier: GPL-2.0-or-later
/* render_table.c: the aligned table for people, full queues highlighted. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/* The table needs every column's width before its first line, so each
 * cell is formatted once into a compact buffer and padded from there. A
 * cell is one byte of length and its bytes when it is short and its width
 * is its length (nearly always), else 0xff, u16 width, u16 length, bytes:
 * at 18 000 rows the buffer's size is most of sockq's memory. */
#define CELL_LONG 0xff
struct cells {
	char *buf;
	size_t len, cap;
};

static int cells_reserve(struct cells *c, size_t n)
{
	if (c->len + n <= c->cap)
		return 0;
	size_t cap = c->cap ? c->cap * 2 : 64 * 1024;

	while (cap < c->len + n)
		cap *= 2;
	char *b = realloc(c->buf, cap);

	if (!b)
		return -ENOMEM;
	c->buf = b;
	c->cap = cap;
	return 0;
}

/* Formats a cell at the end of the buffer; returns its screen width. */
static size_t cells_put(struct cells *cs, const struct cell *c)
{
	char *p = cs->buf + cs->len + 5;
	uint16_t w, n;
	size_t width = 0;

	switch (c->kind) {
	case CELL_NONE:
		p[0] = '-';
		n = 1;
		width = 1;
		break;
	case CELL_NUM:
		n = (uint16_t)u64_format(p, c->num);
		width = n;
		break;
	case CELL_BOOL:
		n = c->num ? 3 : 2;
		memcpy(p, c->num ? "yes" : "no", n);
		width = n;
		break;
	case CELL_STR:
	default:
		n = (uint16_t)escape_name(p, c->s, c->len, &width);
		break;
	}
	w = (uint16_t)width;
	if (w == n && n < CELL_LONG) {
		cs->buf[cs->len] = (char)n;
		memmove(cs->buf + cs->len + 1, p, n);
		cs->len += 1 + n;
	} else {
		cs->buf[cs->len] = (char)CELL_LONG;
		memcpy(cs->buf + cs->len + 1, &w, 2);
		memcpy(cs->buf + cs->len + 3, &n, 2);
		cs->len += 5 + n;
	}
	return width;
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

static void put_row(struct out *o, const struct view *v, const size_t *width,
		    const char **p, bool highlight)
{
	if (highlight)
		out_puts(o, COLOR_FULL);
	for (size_t k = 0; k < v->ncols; k++) {
		const struct column *col = view_column(v, v->cols[k]);
		bool last = k + 1 == v->ncols;
		uint16_t w, n;

		if ((unsigned char)**p != CELL_LONG) {
			w = n = (unsigned char)**p;
			*p += 1;
		} else {
			memcpy(&w, *p + 1, 2);
			memcpy(&n, *p + 3, 2);
			*p += 5;
		}
		if (k)
			out_putc(o, ' ');
		if (col->align == ALIGN_RIGHT)
			out_pad(o, width[k] - w);
		out_write(o, *p, n);
		if (col->align == ALIGN_LEFT && !last)
			out_pad(o, width[k] - w);
		*p += n;
	}
	if (highlight)
		out_puts(o, COLOR_RESET);
	out_putc(o, '\n');
}

void render_table(struct out *o, const struct view *v)
{
	char scratch[CELL_SCRATCH];
	size_t *width = calloc(v->ncols ? v->ncols : 1, sizeof(*width));
	struct cells cs = { 0 };
	const char *p;
	struct cell c;

	if (!width) {
		o->err = o->err ? o->err : -ENOMEM;
		return;
	}
	for (size_t k = 0; k < v->ncols; k++)
		width[k] = v->header ? strlen(view_column(v, v->cols[k])->name) : 0;
	for (size_t r = 0; r < v->n; r++) {
		for (size_t k = 0; k < v->ncols; k++) {
			size_t w;

			view_cell(v, r, v->cols[k], &c, scratch);
			if (cells_reserve(&cs, 5 + CELL_SCRATCH * ESCAPE_MAX_GROWTH) < 0) {
				o->err = o->err ? o->err : -ENOMEM;
				goto out;
			}
			w = cells_put(&cs, &c);
			if (w > width[k])
				width[k] = w;
		}
	}
	if (v->header)
		put_header(o, v, width);
	p = cs.buf;
	for (size_t r = 0; r < v->n; r++)
		put_row(o, v, width, &p, v->color && view_row_full(v, r));
out:
	free(cs.buf);
	free(width);
}
