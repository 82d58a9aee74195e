// SPDX-License-Identifier: GPL-2.0-or-later
/* render_csv.c: RFC 4180 CSV, safe to open in a spreadsheet. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/* A text field: escaped like everywhere else, a leading ' where a
 * spreadsheet would not take it as this text, quoted where RFC 4180 needs
 * it. A long name (a cgroup path) is written whole, never cut. */
void render_csv_text(struct sink *o, const char *s, size_t len, bool plain)
{
	char small[1 + CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	char *esc = len <= CELL_SCRATCH ? small : malloc(1 + len * ESCAPE_MAX_GROWTH);
	char *text;		/* room for the guard before it */
	size_t n;
	bool quote = false;

	if (!esc) {
		o->err = o->err ? o->err : -ENOMEM;
		return;
	}
	text = esc + 1;
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
		sink_write(o, text, n);
	} else {
		sink_putc(o, '"');
		for (size_t i = 0; i < n; i++) {
			if (text[i] == '"')
				sink_putc(o, '"');
			sink_putc(o, text[i]);
		}
		sink_putc(o, '"');
	}
	if (esc != small)
		free(esc);
}

/* A list column (pid, command). One pid is a number; several, or the
 * commands, are text joined with ';': with ',' a spreadsheet reads the
 * pids "1,523" as the number 1523, and ';' is part of no number, date or
 * time in any language. Every item is written: unlike the table's, this
 * cell is never cut short. */
static void put_list(struct sink *o, const struct view *v, size_t row, int col)
{
	struct cell item, first = { .kind = CELL_NONE };
	/* Most cells are a few pids or commands: joined on the stack. */
	char small[512], *text = small;
	size_t len = 0, cap = sizeof(small), items = 0;
	uint32_t pos = 0;
	bool plain = true;

	while (row_list_next(&v->rs, v->rows, v->order[row], col, &pos, &item)) {
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
		if (len + n + 1 > cap) {
			char *grown = realloc(text == small ? NULL : text, cap = (len + n + 1) * 2);

			if (!grown) {
				o->err = o->err ? o->err : -ENOMEM;
				if (text != small)
					free(text);
				return;
			}
			if (text == small)
				memcpy(grown, small, len);
			text = grown;
		}
		if (items > 1)
			text[len++] = ';';
		memcpy(text + len, s, n);
		len += n;
	}
	if (items == 1 && first.kind == CELL_NUM)
		sink_u64(o, first.num);
	else if (items)
		render_csv_text(o, text, len, plain);
	if (text != small)
		free(text);
}

int render_csv(struct sink *o, const struct view *v)
{
	char scratch[CELL_SCRATCH];
	struct cell c;

	if (v->header) {
		if (v->time)
			sink_puts(o, v->ncols ? "time," : "time");
		for (size_t k = 0; k < v->ncols; k++) {
			if (k)
				sink_putc(o, ',');
			sink_puts(o, view_column(v, v->cols[k])->name);
		}
		sink_putc(o, '\n');
	}
	for (size_t r = 0; r < v->n; r++) {
		if (v->time) {
			sink_puts(o, v->time);
			if (v->ncols)
				sink_putc(o, ',');
		}
		for (size_t k = 0; k < v->ncols; k++) {
			if (k)
				sink_putc(o, ',');
			if (column_is_list(view_column(v, v->cols[k]))) {
				put_list(o, v, r, v->cols[k]);
				continue;
			}
			view_cell(v, r, v->cols[k], &c, scratch);
			switch (c.kind) {
			case CELL_NONE:
				break;
			case CELL_NUM:
				sink_u64(o, c.num);
				break;
			case CELL_BOOL:
				sink_puts(o, c.num ? "yes" : "no");
				break;
			case CELL_STR:
				render_csv_text(o, c.s, c.len, c.plain);
				break;
			}
		}
		sink_putc(o, '\n');
	}
	return 0;
}
