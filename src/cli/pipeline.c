// SPDX-License-Identifier: GPL-2.0-or-later
/* pipeline.c: the steps of a run: namespaces, collection, privileges, output. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "caps.h"
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

/* The default columns: the machine formats' always; the table's add netns
 * when several namespaces were asked for (all, or more than one -N item)
 * or are shown. What was asked decides, not what the host holds: whoever
 * asks for every namespace wants to see which one each row is in, even on
 * a host that has only one. */
static unsigned default_columns(const struct options *o, size_t nns)
{
	const struct query *q = &o->query;
	unsigned watch = o->mode == MODE_WATCH ? DEF_WATCH : 0;
	bool several = q->netns_all || q->n_netns_specs > 1 || nns > 1;

	if (o->format->machine)
		return DEF_MACHINE | watch;
	return (several ? DEF_TABLE_NS : DEF_TABLE) | watch;
}

/* A set-user-ID sockq would handle names and paths from any local user
 * with another user's identity: it refuses, and says what to do instead. */
static int refuse_setuid(void)
{
	char hint[PATH_MAX + 64];

	if (getuid() == geteuid() && getgid() == getegid())
		return 0;
	caps_setcap_hint(hint, sizeof(hint));
	msg_error("refusing to run set-user-ID or set-group-ID (uid %u, effective %u): "
		  "remove that bit (chmod u-s,g-s) and grant only the capabilities sockq "
		  "needs: %s", (unsigned)getuid(), (unsigned)geteuid(), hint);
	return -EPERM;
}

/* Every namespace a watch holds takes a few descriptors, and a host can
 * have thousands of namespaces; the soft limit is usually 1 024, the hard
 * one far higher. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int pipeline_open(struct pipeline *p, struct options *o)
{
	int err;

	memset(p, 0, sizeof(*p));
	p->opt = o;
	p->query = &o->query;
	err = refuse_setuid();
	if (err < 0)
		return err;
	raise_fd_limit();
	err = collect_init(&p->collector, &p->set, &p->report);
	if (err == 0)
		err = collect_resolve(&p->collector, p->query);
	msg_report(&p->report);
	if (err < 0)
		return err;
	query_resolve_columns(p->query, default_columns(o, p->set.nns));
	p->color = want_color(o);
	collect_plan(&p->collector.plan, p->query);
	/* The metrics carry every namespace's numbers; the watch screen the
	 * overflow counters. */
	if (o->format->all_sysctls) {
		p->collector.plan.sysctls = p->collector.plan.counters =
			p->collector.plan.backlog = p->collector.plan.ns_processes = true;
		/* sockq_netns_info carries the hostname. */
		p->collector.plan.ns_what |= IDENT_HOSTNAME;
	}
	if (o->mode == MODE_WATCH)
		p->collector.plan.counters = true;
	return 0;
}

void pipeline_close(struct pipeline *p)
{
	collect_free(&p->collector);
	listener_set_free(&p->set);
	report_free(&p->report);
}

int pipeline_collect(struct pipeline *p)
{
	int err = collect_once(&p->collector);

	msg_report(&p->report);
	return err;
}

int pipeline_watch_start(struct pipeline *p)
{
	int err = collect_open_all(&p->collector);

	msg_report(&p->report);
	return err;
}

int pipeline_sample(struct pipeline *p)
{
	int err = collect_sample(&p->collector);

	msg_report(&p->report);
	return err;
}

int pipeline_drop_privileges(struct pipeline *p)
{
	static const cap_value_t proc_scan[] = { CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH };
	bool rescan = p->opt->mode == MODE_WATCH && p->collector.plan.owners;
	int err = caps_drop(proc_scan, rescan ? sizeof(proc_scan) / sizeof(proc_scan[0]) : 0);

	if (err < 0) {
		msg_error("cannot drop capabilities: %s", strerror(-err));
		return err;
	}
	caps_debug_report("render");
	return 0;
}

int pipeline_render(struct pipeline *p, const struct query *q, const struct format *f,
		    struct out *o, const char *time, bool header)
{
	struct query ordered;
	uint32_t *order;
	size_t n;
	int err;

	/* Some formats always keep the default order (see render_metrics.c). */
	if (f->default_order) {
		ordered = *q;
		ordered.sort_col = -1;
		ordered.reverse = false;
		q = &ordered;
	}
	err = select_rows(&p->set, q, &order, &n);
	if (err < 0)
		return err;
	struct view v = {
		.set = &p->set, .rows = q->rows, .order = order, .n = n,
		.cols = q->cols, .ncols = q->ncols,
		.header = header && !p->opt->no_header, .color = p->color && f->color,
		.time = time,
	};
	err = f->render(o, &v);
	free(order);
	return err;
}

int pipeline_finish_output(struct out *o, int status)
{
	int err = out_flush(o);

	/* The reader went away (sockq | head): not an error worth a word. */
	if (err == -EPIPE)
		return status;
	if (err < 0) {
		msg_error("write error on standard output: %s", strerror(-err));
		return EXIT_RUNTIME;
	}
	return status;
}
