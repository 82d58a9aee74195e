/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dump_check.h: whether several passes of one dump, together, can have missed a listener that existed throughout. */
#ifndef SOCKQ_DUMP_CHECK_H
#define SOCKQ_DUMP_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* One pass of a dump: its rows in the set, in the kernel's order, and
 * where each of its rounds after the first began. */
struct dump_pass {
	unsigned number;	/* 0 for the first pass */
	size_t first, end;
	size_t *starts;		/* absolute row indexes, ascending */
	size_t nstarts, cap;
	unsigned skipped;	/* messages that could not be parsed */
};

/* Notes that a round ended at row n (for nlsock's round hook), and once
 * the pass is over that the last round's end is no gap. */
int dump_pass_round(struct dump_pass *p, size_t n);
void dump_pass_end(struct dump_pass *p, size_t n);
void dump_pass_free(struct dump_pass *p);

/* A pass can only miss a listener that existed throughout between the
 * last row of one round and the first of the next: the kernel resumes by
 * position within a hash bucket, and a socket that closed before that
 * position shifts the one after it out of sight. Sockets keep their
 * relative order from pass to pass (new ones go to the head of a bucket),
 * so such a gap is covered when another pass walked from the row before
 * it to the row after it within one round. *covered says whether every
 * gap of every pass is covered: then no listener that existed throughout
 * is missing from the passes taken together. 0 or -ENOMEM. */
int dump_passes_cover(const struct listener_set *set, const struct dump_pass *passes,
		      size_t n, bool *covered);

#endif
