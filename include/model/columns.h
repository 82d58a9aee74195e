/* SPDX-License-Identifier: GPL-2.0-or-later */
/* columns.h: every column, one entry each: its name, help, alignment, JSON type, what it needs collected, where its value lives, and its metric family. */
#ifndef SOCKQ_COLUMNS_H
#define SOCKQ_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "needs.h"
#include "query.h"
#include "types.h"

enum col_align { ALIGN_LEFT, ALIGN_RIGHT };
/* How a value is written in JSON; a list column's items come one at a
 * time from row_list_next(). */
enum col_json { JSON_STR, JSON_NUM, JSON_BOOL, JSON_NUM_LIST, JSON_STR_LIST };

/* Defaults: in CSV/JSON/openmetrics, in the table for one namespace, and in
 * the table when several namespaces are shown. */
#define DEF_MACHINE (1u << 0)
#define DEF_TABLE (1u << 1)
#define DEF_TABLE_NS (1u << 2)
/* ... and, added to those, while watching. */
#define DEF_WATCH (1u << 3)

/* A column's family in the metrics formats: every row's value of it. */
enum metric_kind { METRIC_GAUGE, METRIC_COUNTER };
enum metric_value {
	MV_CELL,		/* the cell's number */
	MV_USE_RATIO,		/* recv_q / (backlog + 1) */
	MV_FULL,		/* 1 when the queue is full */
	MV_CLAMPED,		/* the cell's yes or no as 1 or 0 */
};
struct column_metric {
	const char *name;	/* without _total; NULL: no family */
	enum metric_kind kind;
	const char *help;
	enum metric_value value;
	unsigned order;		/* families are written in this order */
	bool if_shown;		/* only when the column is among those shown */
};

struct column {
	const char *name;
	const char *help;
	enum col_align align;
	enum col_json json;
	unsigned defaults;
	needs_t needs;		/* what must be collected to fill it */
	/* A value read for this column only, kept beside the rows
	 * (rowstore.h): its width in bytes (0: the column needs none) and
	 * the byte every value starts as (0xff: unknown). */
	uint8_t side;
	uint8_t side_fill;
	struct column_metric metric;
};

enum listener_col {
	LC_NETNS,
	LC_NS_CONTAINER,
	LC_PROTO,
	LC_LOCAL,
	LC_PORT,
	LC_V6ONLY,
	LC_RECV_Q,
	LC_BACKLOG,
	LC_USE_PCT,
	LC_STATE,
	LC_DROPS,
	LC_NEW_DROPS,
	LC_SOMAXCONN,
	LC_CLAMPED,
	LC_SYN_Q,
	LC_SYN_MAX,
	LC_PEAK_Q,
	LC_WATCH_DROPS,
	LC_INODE,
	LC_UID,
	LC_PID,
	LC_COMMAND,
	LC_NS_PID,
	LC_NS_COMMAND,
	LC_NS_HOSTNAME,
	LC_NS_CGROUP,
	LC_COUNT,
};
_Static_assert(LC_COUNT <= 32, "NEED_SIDE() and rowstore.sides have a bit for every listener column");

enum summary_col {
	SC_NETNS,
	SC_NS_CONTAINER,
	SC_NS_HOSTNAME,
	SC_NS_PID,
	SC_NS_COMMAND,
	SC_NS_CGROUP,
	SC_SOMAXCONN,
	SC_TCP_MAX_SYN_BACKLOG,
	SC_TCP_SYNCOOKIES,
	SC_TCP_ABORT_ON_OVERFLOW,
	SC_LISTENERS,
	SC_FULL,
	SC_LISTEN_OVERFLOWS,
	SC_LISTEN_DROPS,
	SC_DROPS,
	SC_DROPS_ELSEWHERE,
	SC_REQQ_FULL_DROP,
	SC_REQQ_FULL_COOKIES,
	SC_COOKIES_SENT,
	SC_COOKIES_RECV,
	SC_COOKIES_FAILED,
	SC_COUNT,
};

enum cpu_col {
	CC_CPU,
	CC_PROCESSED,
	CC_DROPPED,
	CC_TIME_SQUEEZE,
	CC_MAX_BACKLOG,
	CC_COUNT,
};

extern const struct column listener_columns[LC_COUNT];
extern const struct column summary_columns[SC_COUNT];
extern const struct column cpu_columns[CC_COUNT];

/* The column table of a kind of row, and its length. */
const struct column *column_table(enum row_kind rows);
size_t column_count(enum row_kind rows);

/* Case-insensitive lookup; -1 when unknown. */
int column_lookup(enum row_kind rows, const char *name, size_t len);

/* What showing the columns cols[0..n) of a kind of row needs collected. */
needs_t columns_needs(enum row_kind rows, const int *cols, size_t n);

/* The rows a cell is made from: a snapshot, and what a history knows of
 * its rows (history.h; NULL outside --watch and --check). */
struct snapshot;
struct history_frame;
struct rowset {
	const struct snapshot *snap;
	const struct history_frame *hist;
};

/* A cell, ready for any renderer. Strings may hold any byte and be of any
 * length: the renderer escapes them (and the table cuts a long one, with a
 * mark), unless plain says the bytes are sockq's own text (printable
 * ASCII, no backslash), such as a protocol or a numeric address, and would
 * come out of escape_name() unchanged. */
enum cell_kind { CELL_NONE, CELL_NUM, CELL_STR, CELL_BOOL };
struct cell {
	enum cell_kind kind;
	bool plain;
	uint64_t num;
	const char *s;
	size_t len;
};

/* Room for the text a cell may need made (a number, an address, the
 * holders of a socket joined, cut short with "..."). */
#define CELL_SCRATCH 256

/* One cell of row idx (an index into the rows, the namespaces or the
 * CPUs of the snapshot); text made here goes to scratch (CELL_SCRATCH
 * bytes). */
void row_cell(const struct rowset *rs, enum row_kind rows, uint32_t idx,
	      int col, struct cell *c, char *scratch);
/* The items of a list column (pid, command) of row idx, one at a time:
 * start with *pos = 0; false after the last. A name may hold a comma, so
 * JSON writes an array rather than the table's joined text. */
bool row_list_next(const struct rowset *rs, enum row_kind rows, uint32_t idx, int col,
		   uint32_t *pos, struct cell *c);
/* Whether a column's cells are lists (row_list_next). */
static inline bool column_is_list(const struct column *c)
{
	return c->json == JSON_NUM_LIST || c->json == JSON_STR_LIST;
}

/* A column's numbers over many rows, for the table's widths: the largest
 * value, whether any cell is a number, whether any is unknown. */
struct column_span {
	uint64_t max_num;
	size_t width;		/* the widest of a column of a few fixed words */
	bool any_num, any_none;
};

/* Spans column col over rows order[0..n) without making each cell, for the
 * columns whose cells are numbers of the row or its namespace, or one of
 * a few fixed words (proto, state, yes or no), or unknown; false, with
 * nothing spanned, for any other column, whose cells must be made one by
 * one. */
bool column_span(const struct rowset *rs, enum row_kind rows, const uint32_t *order,
		 size_t n, int col, struct column_span *s);

/* Every cell of a row; scratch has room for ncols * CELL_SCRATCH bytes. */
void row_cells(const struct rowset *rs, enum row_kind rows, uint32_t idx,
	       const int *cols, size_t ncols, struct cell *cells, char *scratch);
/* The same cells for measuring widths only: a plain cell may come as its
 * length with no text (s == NULL) where counting is cheaper than writing,
 * as for an IPv4 address, so the table writes each address once. */
void row_widths(const struct rowset *rs, enum row_kind rows, uint32_t idx,
		const int *cols, size_t ncols, struct cell *cells, char *scratch);

/* Whether a row needs attention: a full queue, a listener that dropped
 * since the last sample, a namespace with a full queue, a CPU whose
 * backlog dropped packets. */
bool row_alert(const struct rowset *rs, enum row_kind rows, uint32_t idx);

#endif
