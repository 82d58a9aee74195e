/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pipeline.h: the stages as steps every mode calls: a session collects snapshots, a history remembers, formats render. */
#ifndef SOCKQ_PIPELINE_H
#define SOCKQ_PIPELINE_H

#include "history.h"
#include "options.h"
#include "render.h"
#include "session.h"

struct pipeline {
	struct options *opt;
	struct query *query;		/* the options' query, its columns settled */
	needs_t needs;			/* what each collection reads */
	struct session *session;
	struct snapshot *snap;		/* the last one published */
	struct history *history;	/* --watch and --check */
	struct history_frame frame;	/* what it knows of snap's rows */
	struct diagnostics said;	/* every cause printed so far, each printed once */
	bool failed;			/* a warning or an error was said */
	bool color;
};

/* How a mode collects. */
struct pipeline_mode {
	bool repeat;			/* more than one collection */
	needs_t needs;			/* beyond what the columns and format need */
	enum history_policy history;	/* with remember */
	bool remember;
};

/* Settles the columns and what to collect, and opens the session (finding
 * the namespaces). Messages are printed; returns 0 or a negative errno. */
int pipeline_open(struct pipeline *p, struct options *o, const struct pipeline_mode *m);
void pipeline_close(struct pipeline *p);

/* One collection, into p->snap; its messages printed, and the history
 * advanced when there is one. 0 or a negative errno (said). */
int pipeline_collect(struct pipeline *p, const struct cancel *c);

/* Renders the last snapshot's rows of query q (the pipeline's own, or
 * another view of the same rows) in format f; time is a --watch sample's.
 * 0 or a negative errno. */
int pipeline_render(struct pipeline *p, const struct query *q, const struct format *f,
		    struct sink *o, const char *time, bool header);

/* Prints what the stages said that was not said before. */
void pipeline_say(struct pipeline *p, struct diagnostics *d);

/* The final flush: a write error becomes a message and EXIT_RUNTIME; a
 * closed pipe is quiet. Returns the exit status. */
int pipeline_finish_output(struct sink *o, int status);

/* The table shows namespace columns by default when several namespaces
 * were asked for ("all", or more than one -N item). */
bool pipeline_several_netns(const struct query *q);

#endif
