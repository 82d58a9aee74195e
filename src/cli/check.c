// SPDX-License-Identifier: GPL-2.0-or-later
/* check.c: --check, a monitoring-plugin status line and exit code. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "run.h"
#include "select.h"

/* The Nagios/Icinga plugin convention. */
enum { CHECK_OK, CHECK_WARNING, CHECK_CRITICAL, CHECK_UNKNOWN };

static const char *const check_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

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

int check_run(struct run *r, int collect_err)
{
	struct out *o = malloc(sizeof(*o));
	struct worst_ctx w = { .set = &r->set };
	uint32_t *order = NULL;
	size_t n = 0, full = 0, warn = 0, named = 0;
	uint32_t max_use = 0;
	int status;

	if (!o)
		return CHECK_UNKNOWN;
	out_init(o, STDOUT_FILENO);
	if (collect_err < 0 || select_rows(&r->set, r->o, &order, &n) < 0) {
		out_puts(o, "SOCKQ UNKNOWN - the listeners could not be read\n");
		status = run_finish_output(o, CHECK_UNKNOWN);
		free(o);
		return status;
	}
	for (size_t i = 0; i < n; i++) {
		const struct listener *l = &r->set.v[order[i]];
		uint32_t use = listener_use_pct(l);

		if (use == SOCKQ_UNKNOWN)
			continue;
		if (use > max_use)
			max_use = use;
		if (listener_full(l))
			full++;
		else if (use >= (uint32_t)r->o->warn_pct)
			warn++;
	}
	status = full ? CHECK_CRITICAL : warn ? CHECK_WARNING : CHECK_OK;
	/* What could not be read may hide a full queue: not OK. */
	if (r->rep.failed && status == CHECK_OK)
		status = CHECK_UNKNOWN;
	out_printf(o, "SOCKQ %s - ", check_names[status]);
	if (status == CHECK_OK || (status == CHECK_UNKNOWN && !full && !warn)) {
		out_printf(o, "%zu listeners, highest use %u%%", n, max_use);
		if (status == CHECK_UNKNOWN)
			out_puts(o, ", but some namespaces or sockets could not be read");
	} else {
		qsort_r(order, n, sizeof(*order), cmp_use, &w);
		out_printf(o, "%zu full, %zu at or above %d%%: ", full, warn, r->o->warn_pct);
		for (size_t i = 0; i < n && named < CHECK_NAMED; i++) {
			const struct listener *l = &r->set.v[order[i]];
			uint32_t use = listener_use_pct(l);

			if (use == SOCKQ_UNKNOWN ||
			    (!listener_full(l) && use < (uint32_t)r->o->warn_pct))
				break;
			if (named++)
				out_puts(o, ", ");
			name_listener(o, &r->set, l);
		}
		if (full + warn > named)
			out_printf(o, " and %zu more", full + warn - named);
	}
	out_printf(o, " | listeners=%zu full=%zu warning=%zu max_use=%u%%;%d;100;0;100\n",
		   n, full, warn, max_use, r->o->warn_pct);
	free(order);
	status = run_finish_output(o, status);
	free(o);
	return status;
}
