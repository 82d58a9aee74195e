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
#include "state.h"

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

/* Text on the status line, which is one line: escaped as everywhere, and
 * '|' (it would start the perfdata) too. */
static void put_status_text(struct out *o, const char *s, size_t len)
{
	char esc[CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	size_t n = escape_name(esc, s, len < CELL_SCRATCH ? len : CELL_SCRATCH, NULL);

	for (size_t i = 0; i < n; i++) {
		if (esc[i] == '|')
			out_puts(o, "\\x7c");
		else
			out_putc(o, esc[i]);
	}
}

/* The status line of a state file that cannot be used or written. */
static void state_unknown(struct out *o, const char *path, const char *verb, const char *why)
{
	out_puts(o, "SOCKQ UNKNOWN - the state file ");
	put_status_text(o, path, strlen(path));
	out_printf(o, " cannot be %s: ", verb);
	put_status_text(o, why, strlen(why));
	out_putc(o, '\n');
}

static void name_listener(struct out *o, const struct listener_set *set,
			  const struct listener *l)
{
	char local[CELL_SCRATCH];
	const char *label = set->ns[l->netns].label;

	out_puts(o, proto_name(l->proto));
	out_putc(o, ' ');
	put_status_text(o, local, listener_format_local(set, l, local, sizeof(local)));
	out_printf(o, " %u/%u (%u%%)", l->recv_q, l->backlog, listener_use_pct(l));
	if (set->nns > 1) {
		out_puts(o, " in ");
		put_status_text(o, label, strlen(label));
	}
}

/* What one check found. */
struct verdict {
	size_t n, full, warn, dropped;
	uint32_t max_use;
	uint64_t drops;		/* the checked TCP listeners' drops, all told */
	uint64_t new_drops;	/* since the last check (--state) */
};

/* Each row's drops since the last check: 0 for a listener the last check
 * did not see (a new or restarted one starts afresh), so old drops alone
 * never alarm. */
static void compare_drops(const struct listener_set *set, const uint32_t *order,
			  struct inode_map *prev, uint32_t *fresh, struct verdict *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct listener *l = &set->v[order[i]];
		uint64_t key = inode_key((uint32_t)set->ns[l->netns].ino, l->inode);
		size_t pos = inode_map_start(prev, key);
		uint32_t *then = inode_map_next(prev, key, &pos);

		fresh[i] = 0;
		if (!listener_is_tcp(l) || l->drops == SOCKQ_UNKNOWN)
			continue;
		v->drops += l->drops;
		if (then)
			fresh[i] = drops_since(l->drops, *then);
		v->new_drops += fresh[i];
		v->dropped += fresh[i] > 0;
	}
}

struct fresh_ctx {
	const struct listener_set *set;
	const uint32_t *order;
	const uint32_t *fresh;
};

static int cmp_fresh(const void *pa, const void *pb, void *data)
{
	const struct fresh_ctx *c = data;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (c->fresh[a] != c->fresh[b])
		return c->fresh[a] > c->fresh[b] ? -1 : 1;
	return listener_cmp_default(c->set, &c->set->v[c->order[a]], &c->set->v[c->order[b]]);
}

/* The listeners that dropped most since the last check, first. */
static int name_droppers(struct out *o, const struct listener_set *set, const uint32_t *order,
			 const uint32_t *fresh, const struct verdict *v)
{
	struct fresh_ctx c = { .set = set, .order = order, .fresh = fresh };
	size_t *idx = malloc((v->n ? v->n : 1) * sizeof(*idx)), named = 0;

	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < v->n; i++)
		idx[i] = i;
	qsort_r(idx, v->n, sizeof(*idx), cmp_fresh, &c);
	out_printf(o, "%zu dropped %llu connections since the last check: ", v->dropped,
		   (unsigned long long)v->new_drops);
	for (size_t i = 0; i < v->n && named < CHECK_NAMED && fresh[idx[i]]; i++) {
		const struct listener *l = &set->v[order[idx[i]]];

		if (named++)
			out_puts(o, ", ");
		name_listener(o, set, l);
		out_printf(o, " +%u", fresh[idx[i]]);
	}
	if (v->dropped > named)
		out_printf(o, " and %zu more", v->dropped - named);
	free(idx);
	return 0;
}

static void name_full(struct out *o, const struct pipeline *p, uint32_t *order,
		      const struct verdict *v)
{
	struct worst_ctx w = { .set = &p->set };
	size_t named = 0;

	qsort_r(order, v->n, sizeof(*order), cmp_use, &w);
	out_printf(o, "%zu full, %zu at or above %d%%: ", v->full, v->warn, p->opt->warn_pct);
	for (size_t i = 0; i < v->n && named < CHECK_NAMED; i++) {
		const struct listener *l = &p->set.v[order[i]];
		uint32_t use = listener_use_pct(l);

		if (use == SOCKQ_UNKNOWN || (!listener_full(l) && use < (uint32_t)p->opt->warn_pct))
			break;
		if (named++)
			out_puts(o, ", ");
		name_listener(o, &p->set, l);
	}
	if (v->full + v->warn > named)
		out_printf(o, " and %zu more", v->full + v->warn - named);
}

static void count_queues(const struct listener_set *set, const uint32_t *order, int warn_pct,
			 struct verdict *v)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct listener *l = &set->v[order[i]];
		uint32_t use = listener_use_pct(l);

		if (use == SOCKQ_UNKNOWN)
			continue;
		if (use > v->max_use)
			v->max_use = use;
		if (listener_full(l))
			v->full++;
		else if (use >= (uint32_t)warn_pct)
			v->warn++;
	}
}

/* The status line from the collected rows; returns the plugin status. A
 * state file that cannot be read or written makes the check UNKNOWN: its
 * next run could not see drops. */
static int check_rows(struct pipeline *p, struct out *o, int collect_err)
{
	const char *state = p->opt->state_file;
	struct inode_map prev = { 0 };
	struct verdict v = { 0 };
	uint32_t *order = NULL, *fresh = NULL;
	char why[512];
	bool have_prev = false;
	int status = CHECK_UNKNOWN;

	if (collect_err < 0 || select_rows(&p->set, p->query, &order, &v.n) < 0) {
		out_puts(o, "SOCKQ UNKNOWN - the listeners could not be read\n");
		return CHECK_UNKNOWN;
	}
	fresh = calloc(v.n ? v.n : 1, sizeof(*fresh));
	if (!fresh) {
		out_puts(o, "SOCKQ UNKNOWN - out of memory\n");
		goto out;
	}
	if (state && state_load(state, &prev, &have_prev, why, sizeof(why)) < 0) {
		state_unknown(o, state, "used", why);
		goto out;
	}
	count_queues(&p->set, order, p->opt->warn_pct, &v);
	compare_drops(&p->set, order, &prev, fresh, &v);
	if (state && state_save(state, &p->set, &prev, why, sizeof(why)) < 0) {
		state_unknown(o, state, "written", why);
		goto out;
	}
	status = v.full || v.dropped ? CHECK_CRITICAL : v.warn ? CHECK_WARNING : CHECK_OK;
	/* What could not be read may hide a full queue: not OK. */
	if (p->report.failed && status == CHECK_OK)
		status = CHECK_UNKNOWN;
	out_printf(o, "SOCKQ %s - ", check_names[status]);
	if (v.full || v.warn)
		name_full(o, p, order, &v);
	if (v.dropped) {
		if (v.full || v.warn)
			out_puts(o, "; ");
		if (name_droppers(o, &p->set, order, fresh, &v) < 0)
			status = CHECK_UNKNOWN;
	}
	if (!v.full && !v.warn && !v.dropped) {
		out_printf(o, "%zu listeners, highest use %u%%", v.n, v.max_use);
		if (state)
			out_puts(o, have_prev ? ", no drops since the last check"
					      : ", drops compared from the next check on");
		if (status == CHECK_UNKNOWN)
			out_puts(o, ", but some namespaces or sockets could not be read");
	}
	out_printf(o, " | listeners=%zu full=%zu warning=%zu max_use=%u%%;%d;100;0;100 drops=%lluc",
		   v.n, v.full, v.warn, v.max_use, p->opt->warn_pct, (unsigned long long)v.drops);
	if (state)
		out_printf(o, " new_drops=%llu", (unsigned long long)v.new_drops);
	out_putc(o, '\n');
out:
	inode_map_free(&prev);
	free(fresh);
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
	/* A namespace that cannot be found is a status line too: UNKNOWN. */
	err = pipeline_open(p, opt);
	if (err == 0)
		err = pipeline_collect(p);
	if (err == 0)
		err = pipeline_drop_privileges(p);
	status = check_rows(p, o, err);
	/* A status line that did not reach the reader is no verdict. */
	err = out_flush(o);
	if (err < 0) {
		if (err != -EPIPE)
			msg_error("write error on standard output: %s", strerror(-err));
		status = CHECK_UNKNOWN;
	}
	pipeline_close(p);
	free(p);
	free(o);
	return status;
}
