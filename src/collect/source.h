/* SPDX-License-Identifier: GPL-2.0-or-later */
/* source.h: the contract every source of data keeps: what it provides, which capabilities it needs when, and how it opens, samples and closes. */
#ifndef SOCKQ_SOURCE_H
#define SOCKQ_SOURCE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "cancel.h"
#include "caps.h"
#include "diagnostics.h"
#include "needs.h"
#include "snapshot.h"
#include "sysroot.h"

struct ns_entry;

/* What sources learn of the kernel once, for the whole session. */
struct kernel_facts {
	bool no_one_walk;	/* TCP is not served in one walk of both families */
	bool no_unix_diag;	/* there is no unix_diag (said once) */
};

/* What a source is given at each step. */
struct source_ctx {
	struct kernel_facts *facts;
	const struct sysroot *sr;	/* the files read: the system's, or a recording's */
	int procfd;			/* /proc (or the recording's) */
	needs_t needs;			/* what the collection asks for */
	const struct cancel *cancel;
	/* The collection's snapshot, being built; its diagnostics. */
	struct snapshot *snap;
	struct diagnostics *diag;
	/* A source of the namespace scope: the namespace, held open (its
	 * inode cannot be another's meanwhile), its row in snap, and where
	 * its listener rows begin. NULL and 0 for the host scope. */
	struct ns_entry *ns;
	uint32_t nsidx;
	size_t first_row;
	/* Every namespace of the host is being read ("all"). */
	bool every_netns;
};

enum source_scope {
	SOURCE_NETNS,		/* opened inside each namespace, sampled for each */
	SOURCE_HOST,		/* once per collection, after every namespace */
};

struct source {
	const char *name;
	enum source_scope scope;
	needs_t provides;	/* it runs when any of these is needed */
	caps_t caps_open;	/* while it is opened (namespace scope: inside it) */
	caps_t caps_sample;	/* while it samples */
	/* Any may be NULL. open makes the source's state for a namespace
	 * (or the host), called inside the namespace for SOURCE_NETNS;
	 * sample fills the snapshot (rows, side columns, namespace fields)
	 * and says in ctx->diag what it could not; close lets the state go.
	 * 0 or a negative errno: -ENOMEM, -EXDEV (sockq lost its own
	 * namespace) and a stop end the collection; any other is the
	 * source's to have said already, and the collection goes on. */
	int (*open)(struct source_ctx *ctx, void **state);
	int (*sample)(struct source_ctx *ctx, void *state);
	void (*close)(void *state);
};

/* Whether a source's error ends the collection (see struct source). */
static inline bool source_fatal(int err)
{
	return err == -ENOMEM || err == -EXDEV || err == -ECANCELED || err == -ETIMEDOUT;
}

/* Every source, in the order they sample: a namespace's sysctls, its
 * listeners, what is counted on them, its name; then the host's. A new
 * source is a file of its own and a line in sources.c. */
extern const struct source *const sources[];
extern const size_t sources_count;
#define SOURCES_MAX 16

/* Whether a source is used for these needs. */
static inline bool source_used(const struct source *src, needs_t needs)
{
	return (src->provides & needs) != 0;
}

/* What a collection of these needs must hold at a phase. */
caps_t sources_caps(needs_t needs, bool sample);

#endif
