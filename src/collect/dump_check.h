/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dump_check.h: the passes of one dump, merged by inode, and whether together they can have missed a listener that existed throughout. */
#ifndef SOCKQ_DUMP_CHECK_H
#define SOCKQ_DUMP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Passes of one dump before giving up on making it complete. */
#define DUMP_PASSES_MAX 4

/* The rows of one dump, from first to the end of the set. The first pass
 * stores its rows as they come. When it took several rounds, so that the
 * dump is made again, its rows are indexed by inode once it is over (any
 * shown twice merged); a later pass then looks up each socket's inode
 * before parsing the rest, and stores only the sockets not seen yet. A
 * verifying pass costs a few bytes per row, not a row. */
struct dump_rows {
	struct listener_set *set;
	size_t first;
	uint32_t *key;		/* inode, 0 for an empty slot */
	uint32_t *val;		/* its row, counted from first */
	size_t mask, used;
	unsigned shift;		/* 64 - log2(slots) */
	bool indexed;
};

/* One pass: the rows it showed in the kernel's order, and where each of its
 * rounds after the first began. */
struct dump_pass {
	unsigned number;	/* 0 for the first pass */
	size_t first_new;	/* the set's length when the pass began */
	uint32_t *seq;		/* its rows, counted from the dump's first; NULL
				 * while they are simply the rows in order */
	size_t n, cap;
	size_t *starts;		/* indexes into seq, ascending */
	size_t nstarts, scap;
	unsigned skipped;	/* messages that could not be parsed */
};

void dump_rows_init(struct dump_rows *d, struct listener_set *set);
void dump_rows_free(struct dump_rows *d);

/* Starts pass number (indexing the rows for a later pass, if they are not
 * indexed: 0 or -ENOMEM), and starts it over after a failed attempt: the
 * rows the attempt added are dropped. */
int dump_pass_begin(struct dump_rows *d, struct dump_pass *p, unsigned number);
void dump_pass_restart(struct dump_rows *d, struct dump_pass *p);

/* In a pass after the first: whether the socket of inode is a row already,
 * which the pass then counts as shown. 1 yes, 0 no (parse and take it),
 * -ENOMEM. The first pass's sight of a socket stands: its values were
 * read a few milliseconds earlier, and skipping the parse makes the
 * verifying pass cheap. */
int dump_seen(struct dump_rows *d, struct dump_pass *p, uint32_t inode);

/* Takes the row just added at the end of the set into the pass: its index
 * in the set, or -ENOMEM. */
long dump_take(struct dump_rows *d, struct dump_pass *p);

/* A round of the kernel's walk ended (nlsock's round hook); and the pass is
 * over, so its last round's end is no gap (the first pass is indexed
 * then, when it took several rounds). 0 or -ENOMEM. */
int dump_pass_round(struct dump_pass *p);
int dump_pass_end(struct dump_rows *d, struct dump_pass *p);
void dump_pass_free(struct dump_pass *p);

/* A pass can only miss a listener that existed throughout between the
 * last row of one round and the first of the next: the kernel resumes by
 * position within a hash bucket, and a socket that closed before that
 * position shifts the one after it out of sight. Sockets keep their
 * relative order from pass to pass (new ones go to the head of a bucket),
 * so such a gap is covered when another pass walked from the row before
 * it to the row after it within one round. *covered says whether every
 * gap of every pass is covered: then no listener that existed throughout
 * is missing from the passes taken together.
 *
 * The socket that closed was counted in the position, and with
 * counts_shown the kernel counts only sockets the dump shows (a TCP walk
 * of both families: every listener of the namespace is shown; AF_UNIX
 * counts every socket of a bucket, listening or not). Then a pass whose
 * rows all came again in a later pass lost nothing, and neither did the
 * passes together: when nothing changes, two passes settle it whatever
 * their rounds. 0 or -ENOMEM. */
int dump_passes_cover(const struct dump_rows *d, const struct dump_pass *passes,
		      size_t n, bool counts_shown, bool *covered);

#endif
