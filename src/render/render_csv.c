// SPDX-License-Identifier: GPL-2.0-or-later
/* render_csv.c: RFC 4180 CSV, safe to open in a spreadsheet. */
#include <stdbool.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/* A text field: escaped like everywhere else, a leading ' where a
 * spreadsheet would not take it as this text, quoted where RFC 4180 needs
 * it. */
void render_csv_text(struct out *o, const char *s, size_t len, bool plain)
{
	char esc[1 + CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	char *text = esc + 1;	/* room for the guard before it */
	size_t n;
	bool quote = false;

	if (len > CELL_SCRATCH)
		len = CELL_SCRATCH;
	if (plain) {
		memcpy(text, s, len);
		n = len;
	} else {
		n = escape_name(text, s, len, NULL);
	}
	/* The spreadsheet reads the escaped text: that is what is judged. */
	if (csv_needs_guard(text, n, plain)) {
		*--text = '\'';
		n++;
	}
	/* Escaping removed CR and LF; a comma or quote still needs quotes,
	 * and so does a semicolon: LibreOffice's import dialog splits at one
	 * unless told not to. */
	for (size_t i = 0; i < n && !quote; i++)
		quote = text[i] == ',' || text[i] == '"' || text[i] == ';';
	if (!quote) {
		out_write(o, text, n);
		return;
	}
	out_putc(o, '"');
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '"')
			out_putc(o, '"');
		out_putc(o, text[i]);
	}
	out_putc(o, '"');
}

/* A list column (pid, command). One pid is a number; several, or the
 * commands, are text joined with ';': with ',' a spreadsheet reads the
 * pids "1,523" as the number 1523, and ';' is part of no number, date or
 * time in any language. Cut short with "..." where the table's cell is. */
static void put_list(struct out *o, const struct view *v, size_t row, int col)
{
	char text[CELL_SCRATCH];
	struct cell item, first = { .kind = CELL_NONE };
	uint32_t pos = 0;
	size_t len = 0, items = 0;
	bool plain = true;

	while (row_list_next(v->set, v->rows, v->order[row], col, &pos, &item)) {
		char num[U64_DIGITS_MAX];
		const char *s = num;
		size_t n;

		if (item.kind == CELL_NUM) {
			n = u64_format(num, item.num);
		} else {
			s = item.s;
			n = item.len;
			plain = plain && item.plain;
		}
		if (!items++)
			first = item;
		if (len + n + 1 + 3 >= CELL_SCRATCH) {
			memcpy(text + len, "...", 3);
			len += 3;
			break;
		}
		if (items > 1)
			text[len++] = ';';
		memcpy(text + len, s, n);
		len += n;
	}
	if (items == 1 && first.kind == CELL_NUM)
		out_u64(o, first.num);
	else if (items)
		render_csv_text(o, text, len, plain);
}

static bool is_list(const struct column *col)
{
	return col->json == JSON_NUM_LIST || col->json == JSON_STR_LIST;
}

int render_csv(struct out *o, const struct view *v)
{
	char scratch[CELL_SCRATCH];
	struct cell c;

	if (v->header) {
		if (v->time)
			out_puts(o, v->ncols ? "time," : "time");
		for (size_t k = 0; k < v->ncols; k++) {
			if (k)
				out_putc(o, ',');
			out_puts(o, view_column(v, v->cols[k])->name);
		}
		out_putc(o, '\n');
	}
	for (size_t r = 0; r < v->n; r++) {
		if (v->time) {
			out_puts(o, v->time);
			if (v->ncols)
				out_putc(o, ',');
		}
		for (size_t k = 0; k < v->ncols; k++) {
			if (k)
				out_putc(o, ',');
			if (is_list(view_column(v, v->cols[k]))) {
				put_list(o, v, r, v->cols[k]);
				continue;
			}
			view_cell(v, r, v->cols[k], &c, scratch);
			switch (c.kind) {
			case CELL_NONE:
				break;
			case CELL_NUM:
				out_u64(o, c.num);
				break;
			case CELL_BOOL:
				out_puts(o, c.num ? "yes" : "no");
				break;
			case CELL_STR:
				render_csv_text(o, c.s, c.len, c.plain);
				break;
			}
		}
		out_putc(o, '\n');
	}
	return 0;
}
