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

/* A byte that continues a UTF-8 sequence. */
static bool continues(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

size_t render_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* Before a byte that starts a character, or that no character can
	 * hold: one with three continuing bytes before it (a sequence has at
	 * most three after its first byte). Either way every character
	 * before the cut is whole. */
	for (size_t n = max; n >= max - 3; n--)
		if (!continues(s[n]))
			return n;
	return max;
}

void render_backslashed(struct sink *o, const char *s, size_t len)
{
	char esc[CELL_SCRATCH * ESCAPE_MAX_GROWTH];

	/* A long name (a cgroup path) is written whole, never cut. */
	while (len) {
		size_t take = render_cut(s, len, CELL_SCRATCH);
		size_t n = escape_name(esc, s, take, NULL);

		for (size_t i = 0; i < n; i++) {
			if (esc[i] == '"' || esc[i] == '\\')
				sink_putc(o, '\\');
			sink_putc(o, esc[i]);
		}
		s += take;
		len -= take;
	}
}
