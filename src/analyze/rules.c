// SPDX-License-Identifier: GPL-2.0-or-later
/* rules.c: full and nearly full accept queues, new drops and unread namespaces, as findings. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "grow.h"
#include "select.h"

needs_t analyze_needs(const struct rules *r)
{
	return NEED_DROPS | (r->drops ? NEED_BOOT_ID : 0);
}

static int add(struct findings *f, enum finding_kind kind, enum severity sev, uint32_t row,
	       uint64_t value)
{
	if (grow(&f->v, &f->cap, f->n, sizeof(*f->v), 64) < 0)
		return -ENOMEM;
	f->v[f->n++] = (struct finding){ .kind = kind, .severity = sev, .row = row, .value = value };
	if (kind == FINDING_INCOMPLETE)
		f->incomplete = true;
	else if (sev > f->worst)
		f->worst = sev;
	return 0;
}

/* A queue's use; its drops since the history's last look. */
static int queue_rules(const struct snapshot *s, uint32_t row, const struct rules *r,
		       struct findings *f)
{
	const struct listener *l = snapshot_row(s, row);
	uint32_t use = listener_use_pct(l);

	if (use == SOCKQ_UNKNOWN)
		return 0;
	if (use > f->max_use)
		f->max_use = use;
	if (listener_full(l)) {
		f->full++;
		return add(f, FINDING_FULL, SEV_CRITICAL, row, use);
	}
	if (use >= (uint32_t)r->warn_pct) {
		f->near_full++;
		return add(f, FINDING_NEAR_FULL, SEV_WARNING, row, use);
	}
	return 0;
}

static int drop_rules(const struct snapshot *s, const struct history_frame *h, uint32_t row,
		      const struct rules *r, struct findings *f)
{
	const struct listener *l = snapshot_row(s, row);
	uint32_t fresh;

	if (!listener_is_tcp(l) || l->drops == SOCKQ_UNKNOWN)
		return 0;
	f->drops += l->drops;
	if (!r->drops || !h)
		return 0;
	fresh = h->new_drops[row];
	if (fresh == SOCKQ_UNKNOWN || fresh == 0)
		return 0;
	f->new_drops += fresh;
	f->dropped++;
	return add(f, FINDING_DROPPED, SEV_CRITICAL, row, fresh);
}

/* Worst first: full before near-full before dropped; within a kind the
 * larger number first, then the default order of rows. */
static int cmp_finding(const void *pa, const void *pb, void *data)
{
	const struct snapshot *s = data;
	const struct finding *a = pa, *b = pb;
	int ka = a->kind == FINDING_NEAR_FULL ? FINDING_FULL : a->kind;
	int kb = b->kind == FINDING_NEAR_FULL ? FINDING_FULL : b->kind;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (a->value != b->value)
		return a->value > b->value ? -1 : 1;
	if (a->row == SOCKQ_NONE || b->row == SOCKQ_NONE)
		return (a->row == SOCKQ_NONE) - (b->row == SOCKQ_NONE);
	return listener_cmp_default(s, snapshot_row(s, a->row), snapshot_row(s, b->row));
}

int analyze(const struct snapshot *s, const struct history_frame *hist, const uint32_t *rows,
	    size_t n, const struct rules *r, struct findings *out)
{
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->listeners = n;
	for (size_t i = 0; i < n && err == 0; i++) {
		err = queue_rules(s, rows[i], r, out);
		if (err == 0)
			err = drop_rules(s, hist, rows[i], r, out);
	}
	/* What could not be read may hide a full queue: not OK. */
	if (err == 0 && diagnostics_failed(&s->diag))
		err = add(out, FINDING_INCOMPLETE, SEV_UNKNOWN, SOCKQ_NONE, 0);
	if (err < 0) {
		findings_free(out);
		return err;
	}
	if (out->n > 1)
		qsort_r(out->v, out->n, sizeof(*out->v), cmp_finding, (void *)s);
	return 0;
}

void findings_free(struct findings *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}
