// SPDX-License-Identifier: GPL-2.0-or-later
/* check.c: --check, a monitoring-plugin status line and exit code. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "exit.h"
#include "modes.h"
#include "msg.h"
#include "pipeline.h"
#include "select.h"

static const char *const check_names[] = {
	[CHECK_OK] = "OK",
	[CHECK_WARNING] = "WARNING",
	[CHECK_CRITICAL] = "CRITICAL",
	[CHECK_UNKNOWN] = "UNKNOWN",
};

#define CHECK_NAMED 3	/* listeners named on the status line */

struct worst_ctx {
	const struct listener_set *set;
};

static int cmp_use(const void *pa, const void *pb, void *data)
{
	const struct worst_ctx *w = data;
	const struct listener *a = &w->set->v[*(const uint32_t *)pa];
	const struct listener *b = &w->set->v[*(const uint32_t *)pb];
	uint32_t ua = listener_use_pct(a), ub = listener_use_pct(b);

	if (ua == SOCKQ_UNKNOWN)
		ua = 0;
	if (ub == SOCKQ_UNKNOWN)
		ub = 0;
	if (ua != ub)
		return ua > ub ? -1 : 1;
	return listener_cmp_default(w->set, a, b);
}

static void name_listener(struct out *o, const struct listener_set *set,
			  const struct listener *l)
{
	char local[CELL_SCRATCH], esc[CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	const char *label = set->ns[l->netns].label;
	size_t n = listener_format_local(set, l, local, sizeof(local));

	out_puts(o, proto_name(l->proto));
	out_putc(o, ' ');
	/* A status line is one line: the name is escaped, and '|' would start
	 * the perfdata, so it is escaped too. */
	n = escape_name(esc, local, n, NULL);
	for (size_t i = 0; i < n; i++) {
		if (esc[i] == '|')
			out_puts(o, "\\x7c");
		else
			out_putc(o, esc[i]);
	}
	out_printf(o, " %u/%u (%u%%)", l->recv_q, l->backlog, listener_use_pct(l));
	if (set->nns > 1) {
		out_puts(o, " in ");
		n = escape_name(esc, label, strlen(label), NULL);
		for (size_t i = 0; i < n; i++)
			out_putc(o, esc[i] == '|' ? '/' : esc[i]);
	}
}

/* The status line from the collected rows; returns the plugin status. */
static int check_rows(struct pipeline *p, struct out *o, int collect_err)
{
	struct worst_ctx w = { .set = &p->set };
	uint32_t *order = NULL;
	size_t n = 0, full = 0, warn = 0, named = 0;
	uint32_t max_use = 0;
	int status;

	if (collect_err < 0 || select_rows(&p->set, p->query, &order, &n) < 0) {
		out_puts(o, "SOCKQ UNKNOWN - the listeners could not be read\n");
		return CHECK_UNKNOWN;
	}
	for (size_t i = 0; i < n; i++) {
		const struct listener *l = &p->set.v[order[i]];
		uint32_t use = listener_use_pct(l);

		if (use == SOCKQ_UNKNOWN)
			continue;
		if (use > max_use)
			max_use = use;
		if (listener_full(l))
			full++;
		else if (use >= (uint32_t)p->opt->warn_pct)
			warn++;
	}
	status = full ? CHECK_CRITICAL : warn ? CHECK_WARNING : CHECK_OK;
	/* What could not be read may hide a full queue: not OK. */
	if (p->report.failed && status == CHECK_OK)
		status = CHECK_UNKNOWN;
	out_printf(o, "SOCKQ %s - ", check_names[status]);
	if (status == CHECK_OK || (status == CHECK_UNKNOWN && !full && !warn)) {
		out_printf(o, "%zu listeners, highest use %u%%", n, max_use);
		if (status == CHECK_UNKNOWN)
			out_puts(o, ", but some namespaces or sockets could not be read");
	} else {
		qsort_r(order, n, sizeof(*order), cmp_use, &w);
		out_printf(o, "%zu full, %zu at or above %d%%: ", full, warn, p->opt->warn_pct);
		for (size_t i = 0; i < n && named < CHECK_NAMED; i++) {
			const struct listener *l = &p->set.v[order[i]];
			uint32_t use = listener_use_pct(l);

			if (use == SOCKQ_UNKNOWN ||
			    (!listener_full(l) && use < (uint32_t)p->opt->warn_pct))
				break;
			if (named++)
				out_puts(o, ", ");
			name_listener(o, &p->set, l);
		}
		if (full + warn > named)
			out_printf(o, " and %zu more", full + warn - named);
	}
	out_printf(o, " | listeners=%zu full=%zu warning=%zu max_use=%u%%;%d;100;0;100\n",
		   n, full, warn, max_use, p->opt->warn_pct);
	free(order);
	return status;
}

int check_main(struct options *opt)
{
	struct pipeline *p = malloc(sizeof(*p));
	struct out *o = malloc(sizeof(*o));
	int status = CHECK_UNKNOWN, err;

	if (!p || !o) {
		msg_error("out of memory");
		free(p);
		free(o);
		return CHECK_UNKNOWN;
	}
	out_init(o, STDOUT_FILENO);
	err = pipeline_open(p, opt);
	if (err == 0) {
		err = pipeline_collect(p);
		if (err == 0)
			err = pipeline_drop_privileges(p);
		status = check_rows(p, o, err);
		/* A status line that did not reach the reader is no verdict. */
		if (pipeline_finish_output(o, status) != status || o->err == -EPIPE)
			status = CHECK_UNKNOWN;
	}
	pipeline_close(p);
	free(p);
	free(o);
	return status;
}
