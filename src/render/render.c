// SPDX-License-Identifier: GPL-2.0-or-later
/* render.c: what every renderer needs from a view. */
#include <errno.h>
#include <stdlib.h>

#include "escape.h"
#include "render.h"

bool view_has_column(const struct view *v, int col)
{
	for (size_t k = 0; k < v->ncols; k++)
		if (v->cols[k] == col)
			return true;
	return false;
}

void render_backslashed(struct sink *o, const char *s, size_t len)
{
	char small[CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	char *esc = len <= CELL_SCRATCH ? small : malloc(len * ESCAPE_MAX_GROWTH);
	size_t n;

	/* A long name (a cgroup path) is written whole, never cut. */
	if (!esc) {
		o->err = o->err ? o->err : -ENOMEM;
		return;
	}
	n = escape_name(esc, s, len, NULL);
	for (size_t i = 0; i < n; i++) {
		if (esc[i] == '"' || esc[i] == '\\')
			sink_putc(o, '\\');
		sink_putc(o, esc[i]);
	}
	if (esc != small)
		free(esc);
}
