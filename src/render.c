// SPDX-License-Identifier: GPL-2.0-or-later
/* render.c: what every renderer needs from a view. */
#include "escape.h"
#include "render.h"

void view_cell(const struct view *v, size_t row, int col, struct cell *c,
	       char *scratch)
{
	if (v->summary)
		summary_cell(v->set, &v->set->ns[v->order[row]], col, c, scratch);
	else
		listener_cell(v->set, &v->set->v[v->order[row]], col, c, scratch);
}

const struct column *view_column(const struct view *v, int col)
{
	return v->summary ? &summary_columns[col] : &listener_columns[col];
}

bool view_row_full(const struct view *v, size_t row)
{
	if (v->summary)
		return v->set->ns[v->order[row]].full > 0;
	return listener_full(&v->set->v[v->order[row]]);
}

void render_backslashed(struct out *o, const char *s, size_t len)
{
	char esc[CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	size_t n;

	if (len > CELL_SCRATCH)
		len = CELL_SCRATCH;
	n = escape_name(esc, s, len, NULL);
	for (size_t i = 0; i < n; i++) {
		if (esc[i] == '"' || esc[i] == '\\')
			out_putc(o, '\\');
		out_putc(o, esc[i]);
	}
}
