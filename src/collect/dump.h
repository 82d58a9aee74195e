/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dump.h: one listener dump made complete: its passes and their rounds, the merge of the passes by inode, and the proof that together they missed no listener that existed throughout. */
#ifndef SOCKQ_DUMP_H
#define SOCKQ_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "cancel.h"
#include "needs.h"
#include "nlsock.h"
#include "snapshot.h"

/* Passes of one dump before giving up on making it complete. */
#define DUMP_PASSES_MAX 4

struct diag_row;

/* Where a dump puts its rows: the snapshot being built, as rows of its
 * namespace nsidx, read through nl. */
struct dump_target {
	struct snapshot *snap;
	uint32_t nsidx;
	struct nlsock *nl;
	const struct cancel *cancel;
	needs_t needs;
	/* if_indextoname() opens a socket per call; listeners bound to a
	 * device usually share it, so the last one is remembered. */
	uint32_t last_if;
	struct pstr last_if_name;
};

/* A kind of listener dump (diag.h): how to ask for pass number pass
 * (into buf, room for DUMP_REQ_MAX bytes), a listener's inode from the
 * fixed header of a reply (0 for any other message: read before anything
 * else in a verifying pass), the parser, and what a taken row needs
 * beside (its name or device, in the pool). counts_shown: see
 * dump_passes_cover().
 *
 * A verifying pass asks for as little as identifies a socket, which makes
 * it cheap: bare_passes has bit p set when pass p's replies carry nothing
 * else (no queue, no name). A listener first seen in such a pass is bare:
 * it gets its values from the next pass that carries them, which is made
 * for it if the proof would not make it anyway. */
#define DUMP_REQ_MAX 128
struct dump_kind {
	struct nlmsghdr *(*request)(char *buf, int family, unsigned pass, needs_t needs);
	uint32_t (*inode)(const struct nlmsghdr *nlh);
	int (*parse)(const struct nlmsghdr *nlh, struct diag_row *r);
	int (*finish)(struct dump_target *t, struct listener *l, const struct diag_row *r);
	bool counts_shown;	/* with family AF_UNSPEC only (see diag_inet.c) */
	uint32_t bare_passes;
};

/* What came of a dump. */
struct dump_outcome {
	unsigned passes;
	unsigned skipped;	/* messages that could not be parsed, in one pass */
	unsigned bare;		/* listeners seen, but never with their values */
	bool covered;		/* proven complete */
};

/* One listener dump of family, made complete: its rows are appended to
 * t->snap's, each listener once. A dump served in one round is complete;
 * one that took more is made again, as often as it takes for every gap
 * between rounds to have been walked through by another pass (see
 * dump_passes_cover()), up to DUMP_PASSES_MAX passes. Returns 0 (*out
 * says whether the proof was made, and how many messages were left
 * out), or a negative errno (the kernel's, -ENOMEM, or a stop). */
int dump_listeners(struct dump_target *t, const struct dump_kind *k, int family,
		   struct dump_outcome *out);

/* The rows of one dump, from first to the end of the set. The first pass
 * stores its rows as they come. When it took several rounds, so that the
 * dump is made again, its rows are indexed by inode once it is over (any
 * shown twice merged); a later pass then finds each socket's row by its
 * inode before parsing the rest, and stores only the sockets not seen yet.
 * A verifying pass costs a few bytes per row, not a row. The kernel walks
 * its tables in the same order each time, so a socket is first looked for
 * in the row after the last one found, and in the index only when it is
 * not there. */
struct dump_rows {
	struct rowstore *set;
	size_t first;
	uint32_t *key;		/* inode, 0 for an empty slot */
	uint32_t *val;		/* its row, counted from first */
	size_t mask, used;
	unsigned shift;		/* 64 - log2(slots) */
	bool indexed;
	size_t next;		/* the row after the last one found in this pass */
	uint8_t *bare;		/* a bit per row: taken from a bare pass */
	size_t bare_cap;	/* bytes */
	size_t nbare;		/* rows still bare */
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

void dump_rows_init(struct dump_rows *d, struct rowstore *set);
void dump_rows_free(struct dump_rows *d);
/* The index alone, whose room goes back while the passes are checked (a
 * further pass makes it again). */
void dump_index_free(struct dump_rows *d);

/* Starts pass number (indexing the rows for a later pass, if they are not
 * indexed: 0 or -ENOMEM), and starts it over after a failed attempt: the
 * rows the attempt added are dropped. */
int dump_pass_begin(struct dump_rows *d, struct dump_pass *p, unsigned number);
void dump_pass_restart(struct dump_rows *d, struct dump_pass *p);

/* In a pass after the first: whether the socket of inode is a row already
 * (its index in the set into *idx), which the pass then counts as shown.
 * 1 yes, 0 no (parse and take it), -ENOMEM. The first pass's sight of a
 * socket stands: its values were read a few milliseconds earlier, and
 * skipping the parse makes the verifying pass cheap. Only a bare row
 * (dump_bare()) takes the values of a later pass. */
int dump_seen(struct dump_rows *d, struct dump_pass *p, uint32_t inode, size_t *idx);

/* Takes the row just added at the end of the set into the pass: its index
 * in the set into *idx. bare: the pass carried nothing but its identity.
 * 0 or -ENOMEM. */
int dump_take(struct dump_rows *d, struct dump_pass *p, bool bare, size_t *idx);

/* Whether the row at idx in the set is bare; and that it is no longer,
 * its values taken from the pass that carried them. */
bool dump_bare(const struct dump_rows *d, size_t idx);
void dump_filled(struct dump_rows *d, size_t idx);

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
