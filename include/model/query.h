/* SPDX-License-Identifier: GPL-2.0-or-later */
/* query.h: what one run asks for: which sockets in which namespaces, which rows, in which order, with which columns. */
#ifndef SOCKQ_QUERY_H
#define SOCKQ_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "needs.h"

/* What a row is: one listener, one namespace (--summary), or one CPU's
 * input backlog (--backlog). */
enum row_kind {
	ROWS_LISTENERS,
	ROWS_NAMESPACES,
	ROWS_CPUS,
};

#define QUERY_MAX_COLS 64

struct query {
	/* which sockets, in which namespaces */
	bool tcp4, tcp6, unix_stream;
	char **netns_specs;	/* every -N item, in order */
	size_t n_netns_specs;
	bool netns_all;

	/* which rows */
	enum row_kind rows;
	bool only_full;
	int min_use;		/* -1: any */
	int port;		/* -1: any */

	/* in which order */
	int sort_col;		/* -1: the default order */
	bool reverse;

	/* which columns: what the command line asked for ... */
	int asked[QUERY_MAX_COLS];
	size_t nasked;
	bool asked_set;		/* -o given */
	bool asked_append;	/* -o +LIST: on top of the defaults */
	bool all_columns;	/* --output-all */
	bool processes;		/* -p: pid and command too */
	/* ... and what is shown, once the defaults are known */
	int cols[QUERY_MAX_COLS];
	size_t ncols;
};

void query_init(struct query *q);
void query_free(struct query *q);

/* Appends one namespace spec (copied); -ENOMEM. */
int query_add_netns(struct query *q, const char *spec);

/* Appends a column to what was asked, once; -E2BIG when there are too many. */
int query_ask_column(struct query *q, int col);

/* Settles the columns shown: --output-all, else the defaults named by the
 * mask (DEF_* in columns.h) unless -o replaced them, then -o and -p. */
void query_resolve_columns(struct query *q, unsigned defaults);

bool query_shows(const struct query *q, int col);

/* What showing the query's rows and columns needs collected (its columns
 * settled): the columns' needs, with listener rows of the protocols it
 * chose. Formats, modes and rules add their own (needs.h). */
needs_t query_needs(const struct query *q);

#endif
