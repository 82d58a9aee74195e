/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render.h: the four output formats, fed by the model through cells. */
#ifndef SOCKQ_RENDER_H
#define SOCKQ_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "columns.h"
#include "out.h"

/* What to render: listener rows (or namespace rows for --summary) in the
 * given order, with the given columns. */
struct view {
	const struct listener_set *set;
	const uint32_t *order;
	size_t n;
	const int *cols;
	size_t ncols;
	bool summary;
	bool header;
	bool color;
	const char *time;	/* --watch: a leading time column, else NULL */
};

void view_cell(const struct view *v, size_t row, int col, struct cell *c,
	       char *scratch);
const struct column *view_column(const struct view *v, int col);
bool view_row_full(const struct view *v, size_t row);

/* A name escaped as everywhere, then with the backslash and the quote
 * backslashed, as JSON strings and OpenMetrics label values want (no
 * newline survives escape_name). */
void render_backslashed(struct out *o, const char *s, size_t len);

void render_table(struct out *o, const struct view *v);
void render_csv(struct out *o, const struct view *v);
void render_json(struct out *o, const struct view *v);
void render_openmetrics(struct out *o, const struct listener_set *set,
			const uint32_t *order, size_t n, bool with_synq);

#define COLOR_FULL "\033[1;31m"
#define COLOR_BOLD "\033[1m"
#define COLOR_RESET "\033[0m"

#endif
