/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run.h: the pipeline, collect -> model -> render, and its variants. */
#ifndef SOCKQ_RUN_H
#define SOCKQ_RUN_H

#include "collect.h"
#include "options.h"
#include "out.h"
#include "render.h"

struct run {
	const struct options *o;
	struct listener_set set;
	struct report rep;
	struct collector col;
	int cols[MAX_SELECTED_COLS];
	size_t ncols;
	bool color;
};

/* Runs sockq as the options say; returns the exit status. */
int run_sockq(const struct options *o);

/* Renders the current rows in the chosen format; time is the --watch
 * sample time or NULL. */
int run_render(struct run *r, struct out *out, const char *time, bool header);

/* Turns a final write error into the message and exit status. */
int run_finish_output(struct out *out, int status);

/* Drops every capability; the last step before rendering. */
int run_drop_privileges(void);

int watch_run(struct run *r);
int check_run(struct run *r, int collect_err);

#endif
