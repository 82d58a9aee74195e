// SPDX-License-Identifier: GPL-2.0-or-later
/* check.c: --check, a monitoring-plugin status line and exit code: thresholds over what the rules found. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "escape.h"
#include "exit.h"
#include "modes.h"
#include "msg.h"
#include "pipeline.h"
#include "select.h"
#include "state.h"

static const char *const check_names[] = {
	[CHECK_OK] = "OK",
	[CHECK_WARNING] = "WARNING",
	[CHECK_CRITICAL] = "CRITICAL",
	[CHECK_UNKNOWN] = "UNKNOWN",
};

#define CHECK_NAMED 3	/* listeners named on the status line */

/* Text on the status line, which is one line: escaped as everywhere, and
 * '|' (it would start the perfdata) too. A name too long for a status line
 * is cut as the table cuts it, with the mark that says so. */
static void put_status_text(struct sink *o, const char *s, size_t len)
{
	char esc[CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	size_t take = render_cut(s, len, CELL_SCRATCH);
	size_t n = escape_name(esc, s, take, NULL);

	for (size_t i = 0; i < n; i++) {
		if (esc[i] == '|')
			sink_puts(o, "\\x7c");
		else
			sink_putc(o, esc[i]);
	}
	if (take < len)
		sink_puts(o, RENDER_CUT_MARK);
}

/* The status line of a state file that cannot be used or written. */
static void state_unknown(struct sink *o, const char *path, const char *verb, const char *why)
{
	sink_puts(o, "SOCKQ UNKNOWN - the state file ");
	put_status_text(o, path, strlen(path));
	sink_printf(o, " cannot be %s: ", verb);
	put_status_text(o, why, strlen(why));
	sink_putc(o, '\n');
}

static void name_listener(struct sink *o, const struct snapshot *s, uint32_t row)
{
	const struct listener *l = snapshot_row(s, row);
	const struct netns *ns = snapshot_ns_of(s, l);
	char local[CELL_SCRATCH];

	sink_puts(o, proto_name(l->proto));
	sink_putc(o, ' ');
	put_status_text(o, local, listener_format_local(&s->pool, l, local, sizeof(local)));
	sink_printf(o, " %u/%u (%u%%)", l->recv_q, l->backlog, listener_use_pct(l));
	if (s->nns > 1) {
		sink_puts(o, " in ");
		put_status_text(o, pstr_data(&s->pool, ns->label), ns->label.len);
	}
}

/* The findings of some kinds, worst first, CHECK_NAMED of them named. */
static size_t name_findings(struct sink *o, const struct snapshot *s, const struct findings *f,
			    bool drops)
{
	size_t named = 0;

	for (size_t i = 0; i < f->n && named < CHECK_NAMED; i++) {
		const struct finding *x = &f->v[i];

		if ((x->kind == FINDING_DROPPED) != drops || x->kind == FINDING_INCOMPLETE)
			continue;
		if (named++)
			sink_puts(o, ", ");
		name_listener(o, s, x->row);
		if (drops)
			sink_printf(o, " +%llu", (unsigned long long)x->value);
	}
	return named;
}

static int status_of(const struct findings *f)
{
	int status = f->worst == SEV_CRITICAL ? CHECK_CRITICAL :
		     f->worst == SEV_WARNING ? CHECK_WARNING : CHECK_OK;

	/* What could not be read may hide a full queue: not OK. */
	return status == CHECK_OK && f->incomplete ? CHECK_UNKNOWN : status;
}

static void put_status(struct sink *o, struct pipeline *p, const struct findings *f, int status,
		       bool state, bool have_prev)
{
	const struct snapshot *s = p->snap;
	size_t named;

	sink_printf(o, "SOCKQ %s - ", check_names[status]);
	if (f->full || f->near_full) {
		sink_printf(o, "%zu full, %zu at or above %d%%: ", f->full, f->near_full,
			    p->opt->warn_pct);
		named = name_findings(o, s, f, false);
		if (f->full + f->near_full > named)
			sink_printf(o, " and %zu more", f->full + f->near_full - named);
	}
	if (f->dropped) {
		if (f->full || f->near_full)
			sink_puts(o, "; ");
		sink_printf(o, "%zu dropped %llu connections since the last check: ", f->dropped,
			    (unsigned long long)f->new_drops);
		named = name_findings(o, s, f, true);
		if (f->dropped > named)
			sink_printf(o, " and %zu more", f->dropped - named);
	}
	if (!f->full && !f->near_full && !f->dropped) {
		sink_printf(o, "%zu listeners, highest use %u%%", f->listeners, f->max_use);
		if (state)
			sink_puts(o, have_prev ? ", no drops since the last check"
					       : ", drops compared from the next check on");
		if (status == CHECK_UNKNOWN)
			sink_puts(o, ", but some namespaces or sockets could not be read");
	}
	sink_printf(o, " | listeners=%zu full=%zu warning=%zu max_use=%u%%;%d;100;0;100 drops=%lluc",
		    f->listeners, f->full, f->near_full, f->max_use, p->opt->warn_pct,
		    (unsigned long long)f->drops);
	if (state)
		sink_printf(o, " new_drops=%llu", (unsigned long long)f->new_drops);
	sink_putc(o, '\n');
}

/* The status line from the collected rows; returns the plugin status. A
 * state file that cannot be read or written makes the check UNKNOWN: its
 * next run could not see drops. */
static int check_rows(struct pipeline *p, struct sink *o, int collect_err)
{
	const char *state = p->opt->state_file;
	struct rules rules = { .warn_pct = p->opt->warn_pct, .drops = state != NULL };
	struct rowset rs = { .snap = p->snap };
	struct findings f = { 0 };
	uint32_t *order = NULL;
	size_t n = 0;
	char why[512];
	bool have_prev = false;
	int status = CHECK_UNKNOWN;

	if (collect_err < 0 || select_rows(&rs, p->query, &order, &n) < 0) {
		sink_puts(o, "SOCKQ UNKNOWN - the listeners could not be read\n");
		return CHECK_UNKNOWN;
	}
	if (state && state_load(state, p->snap, p->history, &have_prev, why, sizeof(why)) < 0) {
		state_unknown(o, state, "used", why);
		goto out;
	}
	/* Only a state file has a history to compare with. */
	if ((state && history_advance(p->history, p->snap, &p->frame) < 0) ||
	    analyze(p->snap, state ? &p->frame : NULL, order, n, &rules, &f) < 0) {
		sink_puts(o, "SOCKQ UNKNOWN - out of memory\n");
		goto out;
	}
	if (state && state_save(state, p->history, p->snap->boot_id, why, sizeof(why)) < 0) {
		state_unknown(o, state, "written", why);
		goto out;
	}
	status = status_of(&f);
	put_status(o, p, &f, status, state != NULL, have_prev);
out:
	findings_free(&f);
	free(order);
	return status;
}

int check_main(struct options *opt)
{
	/* The history is the state file's; it is advanced here, after the
	 * file is read. */
	const struct rules wanted = { .drops = opt->state_file != NULL };
	const struct pipeline_mode checking = { .needs = analyze_needs(&wanted) };
	struct pipeline p;
	struct sink o;
	int status = CHECK_UNKNOWN, err;

	if (sink_fd(&o, STDOUT_FILENO) < 0) {
		msg_error("out of memory");
		return CHECK_UNKNOWN;
	}
	/* A namespace that cannot be found is a status line too: UNKNOWN. */
	err = pipeline_open(&p, opt, &checking);
	if (err == 0)
		err = pipeline_collect(&p, NULL);
	if (err == 0 && opt->state_file && !(p.history = history_new(HISTORY_NEW_IS_QUIET)))
		err = -ENOMEM;
	status = check_rows(&p, &o, err);
	/* A status line that did not reach the reader is no verdict. */
	err = sink_flush(&o);
	if (err < 0) {
		if (err != -EPIPE)
			msg_error("write error on standard output: %s", strerror(-err));
		status = CHECK_UNKNOWN;
	}
	pipeline_close(&p);
	sink_free(&o);
	return status;
}
