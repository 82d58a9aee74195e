// SPDX-License-Identifier: GPL-2.0-or-later
/* pipeline.c: the steps of a run: a session, its collections, a history of them, their output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit.h"
#include "msg.h"
#include "pipeline.h"
#include "select.h"

static bool want_color(const struct options *o)
{
	const char *term = getenv("TERM");
	const char *no_color = getenv("NO_COLOR");

	if (!o->format->color || o->color == COLOR_NEVER)
		return false;
	if (o->color == COLOR_ALWAYS)
		return true;
	/* https://no-color.org: any non-empty NO_COLOR turns colour off. */
	if (no_color && *no_color)
		return false;
	return isatty(STDOUT_FILENO) && !(term && !strcmp(term, "dumb"));
}

bool pipeline_several_netns(const struct query *q)
{
	return q->netns_all || q->n_netns_specs > 1;
}

/* The default columns: the machine formats' always; the table's add the
 * namespace's when several namespaces were asked for. What was asked
 * decides, not what the host holds: whoever asks for every namespace
 * wants to see which one each row is in, even on a host that has only
 * one. */
static unsigned default_columns(const struct options *o)
{
	unsigned watch = o->mode == MODE_WATCH ? DEF_WATCH : 0;

	if (o->format->machine)
		return DEF_MACHINE | watch;
	return (pipeline_several_netns(&o->query) ? DEF_TABLE_NS : DEF_TABLE) | watch;
}

void pipeline_say(struct pipeline *p, struct diagnostics *d)
{
	p->failed |= diagnostics_failed(d);
	msg_diagnostics(d, &p->said);
}

int pipeline_open(struct pipeline *p, struct options *o, const struct pipeline_mode *m)
{
	struct diagnostics d = { 0 };
	struct session_cfg cfg;
	int err;

	memset(p, 0, sizeof(*p));
	p->opt = o;
	p->query = &o->query;
	query_resolve_columns(p->query, default_columns(o));
	p->color = want_color(o);
	/* What to read is the union of what every part asks for: the columns
	 * shown, the format, the mode. */
	p->needs = query_needs(p->query) | o->format->needs | m->needs;
	cfg = (struct session_cfg){
		.specs = (const char *const *)p->query->netns_specs,
		.nspecs = p->query->n_netns_specs,
		.needs = p->needs,
		.repeat = m->repeat,
		/* A watch follows namespaces as they come and go wherever it
		 * was asked for every one, or for a container by its name. */
		.follow = m->repeat,
	};
	if (m->remember && !(p->history = history_new(m->history))) {
		msg_error("out of memory");
		return -ENOMEM;
	}
	err = session_open(&p->session, &cfg, &d);
	pipeline_say(p, &d);
	diagnostics_free(&d);
	if (err == -ENOMEM && !p->failed)
		msg_error("out of memory");
	return err;
}

void pipeline_close(struct pipeline *p)
{
	session_close(p->session);
	snapshot_unref(p->snap);
	history_free(p->history);
	history_frame_free(&p->frame);
	diagnostics_free(&p->said);
}

int pipeline_collect(struct pipeline *p, const struct cancel *c)
{
	struct diagnostics d = { 0 };
	struct snapshot *snap;
	int err = session_collect(p->session, c, &snap, &d);

	pipeline_say(p, &d);
	diagnostics_free(&d);
	if (err < 0)
		return err;
	pipeline_say(p, &snap->diag);
	snapshot_unref(p->snap);
	p->snap = snap;
	if (p->history && (err = history_advance(p->history, snap, &p->frame)) < 0)
		msg_error("out of memory");
	return err;
}

int pipeline_render(struct pipeline *p, const struct query *q, const struct format *f,
		    struct sink *o, const char *time, bool header)
{
	struct view v = {
		.rs = { .snap = p->snap, .hist = p->history ? &p->frame : NULL },
		.cols = q->cols, .ncols = q->ncols,
		.header = header && !p->opt->no_header, .color = p->color && f->color,
		.time = time,
	};
	struct query ordered;
	uint32_t *order;
	int err;

	/* Some formats always keep the default order (see render_metrics.c). */
	if (f->default_order) {
		ordered = *q;
		ordered.sort_col = -1;
		ordered.reverse = false;
		q = &ordered;
	}
	err = select_rows(&v.rs, q, &order, &v.n);
	if (err < 0)
		return err;
	v.rows = q->rows;
	v.order = order;
	err = f->render(o, &v);
	if (err == 0 && f->footer && v.header)
		err = f->footer(o, &v);
	free(order);
	return err;
}

int pipeline_finish_output(struct sink *o, int status)
{
	int err = sink_flush(o);

	/* The reader went away (sockq | head): not an error worth a word. */
	if (err == -EPIPE)
		return status;
	if (err < 0) {
		msg_error("write error on standard output: %s", strerror(-err));
		return EXIT_RUNTIME;
	}
	return status;
}
