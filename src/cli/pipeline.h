/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pipeline.h: the stages, collect -> model -> render, as steps every mode calls. */
#ifndef SOCKQ_PIPELINE_H
#define SOCKQ_PIPELINE_H

#include "collect.h"
#include "options.h"
#include "out.h"
#include "render.h"

struct pipeline {
	struct options *opt;
	struct query *query;		/* the options' query, its columns settled */
	struct listener_set set;
	struct report report;
	struct collector collector;
	bool color;
};

/* Finds the namespaces, settles the columns and what to collect. Messages
 * are printed; returns 0 or a negative errno. */
int pipeline_open(struct pipeline *p, struct options *o);
void pipeline_close(struct pipeline *p);

/* One collection of every namespace; messages printed. */
int pipeline_collect(struct pipeline *p);

/* For --watch: open every namespace once, then sample without entering. */
int pipeline_watch_start(struct pipeline *p);
int pipeline_sample(struct pipeline *p);

/* Privileges end here, before a single untrusted name is formatted: every
 * capability is dropped, but for --watch --processes, whose later samples
 * scan /proc again: CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH stay permitted,
 * raised only during that scan. */
int pipeline_drop_privileges(struct pipeline *p);

/* Renders the rows of query q (the pipeline's own, or another view of the
 * same rows) in format f; time is a --watch sample's. 0 or a negative
 * errno. */
int pipeline_render(struct pipeline *p, const struct query *q, const struct format *f,
		    struct out *o, const char *time, bool header);

/* The final flush: a write error becomes a message and EXIT_RUNTIME; a
 * closed pipe is quiet. Returns the exit status. */
int pipeline_finish_output(struct out *o, int status);

#endif
