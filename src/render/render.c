// SPDX-License-Identifier: GPL-2.0-or-later
/* render.c: what every renderer needs from a view. */
#include "escape.h"
#include "render.h"

bool view_has_column(const struct view *v, int col)
{
	for (size_t k = 0; k < v->ncols; k++)
		if (v->cols[k] == col)
			return true;
	return false;
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
