/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.h: the command line, parsed into one query and the choices of how to show it. */
#ifndef SOCKQ_OPTIONS_H
#define SOCKQ_OPTIONS_H

#include <stdbool.h>

#include "query.h"
#include "render.h"

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

enum mode {
	MODE_LIST,		/* one run, one output */
	MODE_WATCH,		/* --watch */
	MODE_CHECK,		/* --check */
};

struct options {
	struct query query;
	enum mode mode;

	/* how to show it */
	const struct format *format;
	bool format_set;
	bool no_header;
	enum color_when color;
	const char *write_file;	/* --write FILE: replaced whole, atomically */

	/* --watch and --check */
	double interval;
	long count;		/* 0: until interrupted */
	int warn_pct;
	const char *state_file;	/* --check --state FILE */
};

/* Returns true when sockq should run; false when it is done already
 * (--help, --version, --list-columns answered, or a usage error printed),
 * with the exit status in *status. */
bool options_parse(struct options *o, int argc, char **argv, int *status);
void options_free(struct options *o);

#endif
