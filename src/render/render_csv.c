// SPDX-License-Identifier: GPL-2.0-or-later
/* render_csv.c: RFC 4180 CSV, safe to open in a spreadsheet. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/* A text field: escaped like everywhere else, a leading ' where a
 * spreadsheet would see a formula, quoted where RFC 4180 needs it. */
void render_csv_text(struct sink *o, const char *s, size_t len, bool plain)
{
	char small[CELL_SCRATCH * ESCAPE_MAX_GROWTH + 1];
	/* A long name (a cgroup path) is written whole, never cut. */
	char *esc = len <= CELL_SCRATCH ? small : malloc(len * ESCAPE_MAX_GROWTH + 1);
	size_t n = 0;
	bool quote = false;

	if (!esc) {
		o->err = o->err ? o->err : -ENOMEM;
		return;
	}
	if (len && csv_formula_start(s[0]))
		esc[n++] = '\'';
	if (plain) {
		memcpy(esc + n, s, len);
		n += len;
	} else {
		n += escape_name(esc + n, s, len, NULL);
	}
	/* Escaping removed CR and LF; a comma or quote still needs quotes. */
	for (size_t i = 0; i < n && !quote; i++)
		quote = esc[i] == ',' || esc[i] == '"';
	if (!quote) {
		sink_write(o, esc, n);
	} else {
		sink_putc(o, '"');
		for (size_t i = 0; i < n; i++) {
			if (esc[i] == '"')
				sink_putc(o, '"');
			sink_putc(o, esc[i]);
		}
		sink_putc(o, '"');
	}
	if (esc != small)
		free(esc);
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
