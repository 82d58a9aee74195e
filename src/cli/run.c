// SPDX-License-Identifier: GPL-2.0-or-later
/* run.c: one run of the pipeline: namespaces, collection, privileges, output. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "msg.h"
#include "run.h"
#include "select.h"

static bool has_col(const struct run *r, int col)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (r->cols[i] == col)
			return true;
	return false;
}

static bool want_color(const struct options *o)
{
	const char *term = getenv("TERM");

	if (o->format != FMT_TABLE || o->color == COLOR_NEVER)
		return false;
	if (o->color == COLOR_ALWAYS)
		return true;
	/* https://no-color.org: any non-empty NO_COLOR turns colour off. */
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return false;
	return isatty(STDOUT_FILENO) && !(term && !strcmp(term, "dumb"));
}

static void plan_collection(struct run *r)
{
	const struct options *o = r->o;
	struct collect_opts *co = &r->col.co;
	bool ns_cols = o->summary ? has_col(r, SC_NS_PID) || has_col(r, SC_NS_COMMAND)
				  : has_col(r, LC_NS_PID) || has_col(r, LC_NS_COMMAND);

	co->tcp4 = o->tcp4;
	co->tcp6 = o->tcp6;
	co->unix_stream = o->unix_stream;
	co->netns_all = o->netns_all;
	co->synq = !o->summary && has_col(r, LC_SYN_Q);
	co->owners = !o->summary && (has_col(r, LC_PID) || has_col(r, LC_COMMAND));
	co->ns_processes = ns_cols;
	co->sysctls = o->summary || o->watch || o->format == FMT_OPENMETRICS ||
		      has_col(r, LC_SYN_MAX);
}

int run_render(struct run *r, struct out *out, const char *time, bool header)
{
	uint32_t *order;
	size_t n;
	struct view v = {
		.set = &r->set, .cols = r->cols, .ncols = r->ncols,
		.summary = r->o->summary, .header = header && !r->o->no_header,
		.color = r->color, .time = time,
	};
	struct options metrics_order;
	const struct options *o = r->o;
	int err;

	/* Metrics keep the default order: series sharing an address must be
	 * neighbours (see render_metrics.c). */
	if (o->format == FMT_OPENMETRICS) {
		metrics_order = *o;
		metrics_order.sort_col = -1;
		metrics_order.reverse = false;
		o = &metrics_order;
	}
	err = select_rows(&r->set, o, &order, &n);
	if (err < 0)
		return err;
	v.order = order;
	v.n = n;
	switch (r->o->format) {
	case FMT_TABLE:
		render_table(out, &v);
		break;
	case FMT_CSV:
		render_csv(out, &v);
		break;
	case FMT_JSON:
		render_json(out, &v);
		break;
	case FMT_OPENMETRICS:
		render_openmetrics(out, &r->set, order, n, r->col.co.synq);
		break;
	}
	free(order);
	return 0;
}

int run_finish_output(struct out *out, int status)
{
	int err = out_flush(out);

	/* The reader went away (sockq | head): not an error worth a word. */
	if (err == -EPIPE)
		return status;
	if (err < 0) {
		msg_error("write error on standard output: %s", strerror(-err));
		return EXIT_RUNTIME;
	}
	return status;
}

static int setup(struct run *r, const struct options *o)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->col.set = &r->set;
	r->col.r = &r->rep;
	r->col.home.fd = -1;
	err = netns_home_open(&r->col.home);
	if (err < 0) {
		msg_error("cannot open this thread's network namespace: %s", strerror(-err));
		return err;
	}
	err = netns_resolve(o, &r->col.home, &r->set, &r->rep);
	if (err < 0)
		return err;
	options_final_columns(o, r->set.nns > 1, r->cols, &r->ncols);
	r->color = want_color(o);
	plan_collection(r);
	return 0;
}

static void teardown(struct run *r)
{
	collect_close_all(&r->col);
	netns_home_close(&r->col.home);
	for (size_t i = 0; i < r->set.nns; i++)
		if (r->set.ns[i].fd >= 0)
			close(r->set.ns[i].fd);
	listener_set_free(&r->set);
}

/* Privileges end here, before a single untrusted name is formatted. */
int run_drop_privileges(void)
{
	int err = caps_drop_all();

	if (err < 0) {
		msg_error("cannot drop capabilities: %s", strerror(-err));
		return err;
	}
	caps_debug_report("render");
	return 0;
}

int run_sockq(const struct options *o)
{
	struct run *r = malloc(sizeof(*r));
	struct out *out = malloc(sizeof(*out));
	int status = EXIT_RUNTIME, err;

	if (!r || !out) {
		msg_error("out of memory");
		free(r);
		free(out);
		return EXIT_RUNTIME;
	}
	out_init(out, STDOUT_FILENO);
	err = setup(r, o);
	if (err < 0) {
		status = o->check ? 3 : EXIT_RUNTIME;
		goto done;
	}
	if (o->watch) {
		status = watch_run(r);
		goto done;
	}
	err = collect_once(&r->col);
	/* Namespace descriptors are not needed once everything is read. */
	for (size_t i = 0; i < r->set.nns; i++) {
		if (r->set.ns[i].fd >= 0)
			close(r->set.ns[i].fd);
		r->set.ns[i].fd = -1;
	}
	if (err == 0)
		err = run_drop_privileges();
	if (o->check) {
		status = check_run(r, err);
		goto done;
	}
	if (err < 0) {
		if (err == -ENOMEM)
			msg_error("out of memory");
		goto done;
	}
	err = run_render(r, out, NULL, true);
	if (err < 0) {
		msg_error("out of memory");
		goto done;
	}
	status = run_finish_output(out, r->rep.failed ? EXIT_RUNTIME : EXIT_OK);
done:
	teardown(r);
	free(r);
	free(out);
	return status;
}
