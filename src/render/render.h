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

/* Inline: every renderer calls these once per cell. */
static inline void view_cell(const struct view *v, size_t row, int col,
			     struct cell *c, char *scratch)
{
	if (v->summary)
		summary_cell(v->set, &v->set->ns[v->order[row]], col, c, scratch);
	else
		listener_cell(v->set, &v->set->v[v->order[row]], col, c, scratch);
}

/* Every cell of row row, in the view's column order; scratch has room for
 * ncols * CELL_SCRATCH bytes. */
static inline void view_row(const struct view *v, size_t row, struct cell *cells,
			    char *scratch)
{
	if (v->summary)
		summary_cells(v->set, &v->set->ns[v->order[row]], v->cols, v->ncols,
			      cells, scratch);
	else
		listener_cells(v->set, &v->set->v[v->order[row]], v->cols, v->ncols,
			       cells, scratch);
}

static inline const struct column *view_column(const struct view *v, int col)
{
	return v->summary ? &summary_columns[col] : &listener_columns[col];
}

static inline bool view_row_full(const struct view *v, size_t row)
{
	if (v->summary)
		return v->set->ns[v->order[row]].full > 0;
	return listener_full(&v->set->v[v->order[row]]);
}

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
