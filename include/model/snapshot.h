/* SPDX-License-Identifier: GPL-2.0-or-later */
/* snapshot.h: one collection, frozen: its rows and side columns, its namespaces, CPUs and diagnostics; shared by reference, never changed once published. */
#ifndef SOCKQ_SNAPSHOT_H
#define SOCKQ_SNAPSHOT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "diagnostics.h"
#include "needs.h"
#include "rowstore.h"
#include "types.h"

/* A collection builds a snapshot, then publishes it: from then on nothing
 * writes into it, so any number of readers (a render, a server thread, the
 * next collection's sizing) may hold it while the next one is built. The
 * last snapshot_unref() frees it. */
struct snapshot {
	atomic_uint refs;
	bool published;
	uint64_t seq;			/* the collection's number in its session, from 1 */
	needs_t needs;			/* what was asked for */
	struct timespec taken;		/* CLOCK_REALTIME when the collection began */
	struct timespec taken_mono;	/* CLOCK_MONOTONIC, likewise */

	struct rowstore rows;		/* listeners and their side columns */
	struct owner *owners;		/* holders, chained from the pid column's side */
	size_t nowners, owners_cap;
	struct netns *ns;		/* the namespaces read, in the session's order */
	size_t nns, ns_cap;
	uint32_t *ns_order;		/* namespace indexes by label */
	uint32_t *ns_rank;		/* and each one's place in that order */
	struct cpu_backlog *cpus;	/* with the total last; none when not read */
	size_t ncpus;
	uint32_t netdev_max_backlog;	/* SOCKQ_UNKNOWN when unreadable */
	struct pool pool;
	struct diagnostics diag;
	char boot_id[40];		/* with NEED_BOOT_ID; "" when unknown */
};

/* Sizes the last snapshot had, so the next is allocated once. */
struct snapshot_hint {
	size_t rows, owners, nns, pool;
};

/* A snapshot being built, with room for what hint says (may be NULL). */
struct snapshot *snapshot_new(const struct snapshot_hint *hint);
/* Derives what is derived (per-namespace counts, the order of labels) and
 * freezes it. 0 or -ENOMEM (the snapshot is then still unpublished). */
int snapshot_publish(struct snapshot *s);
struct snapshot *snapshot_ref(struct snapshot *s);
void snapshot_unref(struct snapshot *s);
void snapshot_hint_of(const struct snapshot *s, struct snapshot_hint *hint);

/* Building: a namespace added (zeroed, sysctls unknown), its index in
 * *idx; a holder added to row; a string into the pool. 0 or -ENOMEM. */
int snapshot_add_netns(struct snapshot *s, struct netns **ns, uint32_t *idx);
int snapshot_add_owner(struct snapshot *s, size_t row, uint32_t pid, uint32_t comm_off);

static inline const struct listener *snapshot_row(const struct snapshot *s, size_t i)
{
	return &s->rows.v[i];
}

static inline const struct netns *snapshot_ns_of(const struct snapshot *s,
						 const struct listener *l)
{
	return &s->ns[l->netns];
}

static inline struct listener_key snapshot_key(const struct snapshot *s, size_t i)
{
	const struct listener *l = &s->rows.v[i];

	return (struct listener_key){ .netns = s->ns[l->netns].cookie, .sock = l->cookie };
}

/* The first holder of row i (an index into owners), or SOCKQ_NONE. */
uint32_t snapshot_first_owner(const struct snapshot *s, size_t i);

static inline const char *pstr_data(const struct pool *p, struct pstr s)
{
	return pool_str(p, s.off);
}

#endif
