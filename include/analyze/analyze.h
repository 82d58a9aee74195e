/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analyze.h: rules over a snapshot and what a history knows of it, and the findings they make. */
#ifndef SOCKQ_ANALYZE_H
#define SOCKQ_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "needs.h"
#include "snapshot.h"

enum severity { SEV_OK, SEV_WARNING, SEV_CRITICAL, SEV_UNKNOWN };

enum finding_kind {
	FINDING_FULL,		/* the accept queue is full: the next connection is refused */
	FINDING_NEAR_FULL,	/* at or above the warning share of its backlog */
	FINDING_DROPPED,	/* dropped connections since the history's last look */
	FINDING_INCOMPLETE,	/* something could not be read: a full queue may hide there */
};

/* One finding: what, how bad, about which row (SOCKQ_NONE for the whole
 * snapshot), and the number behind it (use in percent, new drops). */
struct finding {
	enum finding_kind kind;
	enum severity severity;
	uint32_t row;
	uint64_t value;
};

/* What the rules found over the rows they were given, worst first within
 * each kind (full and near-full by use, dropped by new drops), and the
 * totals they saw. */
struct findings {
	struct finding *v;
	size_t n, cap;
	size_t listeners;	/* rows looked at */
	uint32_t max_use;	/* the highest use in percent */
	uint64_t drops;		/* their TCP drops, all told */
	uint64_t new_drops;	/* since the history's last look */
	size_t full, near_full, dropped;
	enum severity worst;	/* of the queues and drops */
	bool incomplete;	/* FINDING_INCOMPLETE is among them */
};

/* The thresholds the rules apply. */
struct rules {
	int warn_pct;		/* near-full at or above this use */
	bool drops;		/* new drops are critical (a history is given) */
};

/* What the rules need collected: the listeners' drops (summed for the
 * performance data whatever the rules), and with drops, which boot the
 * history's cookies are of. */
needs_t analyze_needs(const struct rules *r);

/* Applies the rules to rows[0..n) of s (indexes into its rows), with hist
 * (may be NULL: no drops are compared); 0 or -ENOMEM. */
int analyze(const struct snapshot *s, const struct history_frame *hist, const uint32_t *rows,
	    size_t n, const struct rules *r, struct findings *out);
void findings_free(struct findings *f);

#endif
