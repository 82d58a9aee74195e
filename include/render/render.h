/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render.h: the output formats, one table of them, fed by a snapshot's rows through cells. */
#ifndef SOCKQ_RENDER_H
#define SOCKQ_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "columns.h"
#include "needs.h"
#include "sink.h"
#include "snapshot.h"

/* What to render: rows of one kind of a snapshot (with what a history
 * knows of them), in the given order, with the given columns. */
struct view {
	struct rowset rs;
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
 * in the sink and reported when it is flushed. */
typedef int (*render_fn)(struct sink *o, const struct view *v);

/* How --watch writes its samples when it does not redraw a terminal. */
enum sample_frame {
	FRAME_NONE,		/* the format cannot be watched */
	FRAME_BLOCK,		/* each sample a block with its own header */
	FRAME_SERIES,		/* one header, then every sample's rows */
	FRAME_DOCUMENT,		/* each sample a document of its own */
};

/* How --list-columns is written in the format. */
enum list_layout {
	LIST_NONE,		/* it cannot be */
	LIST_TEXT,		/* a name and its help a line */
	LIST_CSV,		/* name,type,description */
	LIST_JSON,		/* {"columns":[{name,type,description}...]} */
};

struct format {
	const char *name;
	render_fn render;
	const char *help;
	bool machine;		/* the default columns are DEF_MACHINE's */
	bool color;		/* full queues may be highlighted */
	bool default_order;	/* rows always in the default order (--sort ignored) */
	needs_t needs;		/* what it writes beyond the columns shown */
	enum sample_frame frame;
	enum list_layout list;
	/* What follows the rows, once, when headers are written: the
	 * table's line on the input backlog under -S. (JSON writes its
	 * input_backlog and errors inside its document.) NULL for none. */
	render_fn footer;
};

extern const struct format formats[];
extern const size_t formats_count;

/* Case-insensitive; NULL when unknown. */
const struct format *format_find(const char *name);

/* Inline: every renderer calls these once per cell or row. */
static inline void view_cell(const struct view *v, size_t row, int col,
			     struct cell *c, char *scratch)
{
	row_cell(&v->rs, v->rows, v->order[row], col, c, scratch);
}

/* Every cell of row row, in the view's column order; scratch has room for
 * ncols * CELL_SCRATCH bytes. */
static inline void view_row(const struct view *v, size_t row, struct cell *cells,
			    char *scratch)
{
	row_cells(&v->rs, v->rows, v->order[row], v->cols, v->ncols, cells, scratch);
}

static inline const struct column *view_column(const struct view *v, int col)
{
	return &column_table(v->rows)[col];
}

static inline const struct snapshot *view_snap(const struct view *v)
{
	return v->rs.snap;
}

bool view_has_column(const struct view *v, int col);

/* How much of a name of len bytes to show in at most max (max > 3): all
 * of it, or a cut at a character's start, never inside a UTF-8 sequence,
 * whose tail would show as escapes. Where a format cuts, it ends the name
 * with RENDER_CUT_MARK. */
size_t render_cut(const char *s, size_t len, size_t max);
#define RENDER_CUT_MARK "\xe2\x80\xa6"	/* U+2026 HORIZONTAL ELLIPSIS */
#define RENDER_CUT_MARK_LEN 3

/* A name escaped as everywhere, then with the backslash and the quote
 * backslashed, as JSON strings and metrics label values want (no newline
 * survives escape_name), whatever its length: escaped a piece at a time,
 * each ending at a character's start, so nothing is allocated. */
void render_backslashed(struct sink *o, const char *s, size_t len);
/* A text field of CSV: escaped (unless plain), a leading ' where a
 * spreadsheet would see a formula, quoted where RFC 4180 needs it. */
void render_csv_text(struct sink *o, const char *s, size_t len, bool plain);

int render_table(struct sink *o, const struct view *v);
int render_table_footer(struct sink *o, const struct view *v);
int render_csv(struct sink *o, const struct view *v);
int render_json(struct sink *o, const struct view *v);
int render_prometheus(struct sink *o, const struct view *v);
int render_openmetrics(struct sink *o, const struct view *v);

/* --list-columns for a kind of row, laid out as format f says. */
int render_column_list(struct sink *o, enum row_kind rows, const struct format *f, bool header);

#define COLOR_FULL "\033[1;31m"
#define COLOR_BOLD "\033[1m"
#define COLOR_RESET "\033[0m"

#endif
