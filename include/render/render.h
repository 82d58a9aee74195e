/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render.h: the output formats, one table of them, fed by the model through cells. */
#ifndef SOCKQ_RENDER_H
#define SOCKQ_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "columns.h"
#include "out.h"

/* What to render: rows of one kind in the given order, with the given
 * columns. */
struct view {
	const struct listener_set *set;
	enum row_kind rows;
	const uint32_t *order;
	size_t n;
	const int *cols;
	size_t ncols;
	bool header;
	bool color;
	const char *time;	/* --watch: the sample's time, written first on every row */
};

/* Writes the view; 0 or a negative errno (-ENOMEM). A failed write is kept
 * in the out and reported when it is flushed. */
typedef int (*render_fn)(struct out *o, const struct view *v);

/* How --watch writes its samples when it does not redraw a terminal. */
enum sample_frame {
	FRAME_NONE,		/* the format cannot be watched */
	FRAME_BLOCK,		/* each sample a block with its own header */
	FRAME_SERIES,		/* one header, then every sample's rows */
	FRAME_DOCUMENT,		/* each sample a document of its own */
};

struct format {
	const char *name;
	render_fn render;
	const char *help;
	bool machine;		/* the default columns are DEF_MACHINE's */
	bool color;		/* full queues may be highlighted */
	bool default_order;	/* rows always in the default order (--sort ignored) */
	bool all_sysctls;	/* needs every namespace's sysctls and counters */
	enum sample_frame frame;
};

extern const struct format formats[];
extern const size_t formats_count;

/* Case-insensitive; NULL when unknown. */
const struct format *format_find(const char *name);

/* Inline: every renderer calls these once per cell or row. */
static inline void view_cell(const struct view *v, size_t row, int col,
			     struct cell *c, char *scratch)
{
	row_cell(v->set, v->rows, v->order[row], col, c, scratch);
}

/* Every cell of row row, in the view's column order; scratch has room for
 * ncols * CELL_SCRATCH bytes. */
static inline void view_row(const struct view *v, size_t row, struct cell *cells,
			    char *scratch)
{
	row_cells(v->set, v->rows, v->order[row], v->cols, v->ncols, cells, scratch);
}

static inline const struct column *view_column(const struct view *v, int col)
{
	return &column_table(v->rows)[col];
}

/* Whether a row is highlighted: a full queue, a listener that dropped
 * since the last sample, a namespace with a full queue, a CPU whose
 * backlog dropped packets. */
static inline bool view_row_alert(const struct view *v, size_t row)
{
	switch (v->rows) {
	case ROWS_NAMESPACES:
		return v->set->ns[v->order[row]].full > 0;
	case ROWS_CPUS:
		return v->set->cpus[v->order[row]].dropped > 0;
	case ROWS_LISTENERS:
	default:
		return listener_alert(v->set, &v->set->v[v->order[row]]);
	}
}

bool view_has_column(const struct view *v, int col);

/* A name escaped as everywhere, then with the backslash and the quote
 * backslashed, as JSON strings and metrics label values want (no newline
 * survives escape_name). */
void render_backslashed(struct out *o, const char *s, size_t len);
/* A text field of CSV: escaped (unless plain), a leading ' where a
 * spreadsheet would see a formula, quoted where RFC 4180 needs it. */
void render_csv_text(struct out *o, const char *s, size_t len, bool plain);

int render_table(struct out *o, const struct view *v);
int render_csv(struct out *o, const struct view *v);
int render_json(struct out *o, const struct view *v);
int render_prometheus(struct out *o, const struct view *v);
int render_openmetrics(struct out *o, const struct view *v);

/* --list-columns for a kind of row, in format f (table, CSV or JSON). */
int render_column_list(struct out *o, enum row_kind rows, const struct format *f, bool header);

#define COLOR_FULL "\033[1;31m"
#define COLOR_BOLD "\033[1m"
#define COLOR_RESET "\033[0m"

#endif
