/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.h: everything the command line asks for, parsed into one struct. */
#ifndef SOCKQ_OPTIONS_H
#define SOCKQ_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "columns.h"

enum format { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_OPENMETRICS };
enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

#define MAX_SELECTED_COLS 64

struct options {
	/* what to collect */
	bool tcp4, tcp6, unix_stream;
	char **netns_specs;	/* every comma-separated -N item, in order */
	size_t n_netns_specs;
	bool netns_all;

	/* what to show */
	bool summary;
	enum format format;
	bool format_set;
	bool no_header;
	enum color_when color;
	int cols[MAX_SELECTED_COLS];
	size_t ncols;
	bool cols_set;		/* -o or --output-all given */
	bool cols_append;	/* -o +LIST */
	bool output_all;
	bool list_columns;
	bool processes;

	/* which rows, in which order */
	int sort_col;		/* -1: netns, proto, local */
	bool reverse;
	bool only_full;
	int min_use;		/* -1 when unset */
	int port;		/* -1 when unset */

	/* repeated sampling and monitoring */
	bool watch;
	double interval;
	long count;		/* 0: until interrupted */
	bool check;
	int warn_pct;
};

/* Exit codes, documented in the man page's EXIT STATUS. */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
};

/* Returns 0 to run, -1 when an informational option (--help, --version,
 * --list-columns) was answered, or the exit status after an error. */
int options_parse(struct options *o, int argc, char **argv);
void options_free(struct options *o);
bool options_want_col(const struct options *o, int col);

/* The columns to show: -o, +LIST, --output-all, -p and the defaults for the
 * format (the table adds netns when several namespaces are shown). */
void options_final_columns(const struct options *o, bool several_ns, int *cols,
			   size_t *n);

#endif
