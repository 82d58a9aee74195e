/* SPDX-License-Identifier: GPL-2.0-or-later */
/* session.h: the one way into collection: a session that lives as long as it is needed and publishes a snapshot at each collection. */
#ifndef SOCKQ_SESSION_H
#define SOCKQ_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "cancel.h"
#include "diagnostics.h"
#include "needs.h"
#include "snapshot.h"

/* What a session collects, and from where. */
struct session_cfg {
	/* The namespaces: each -N item (a NAME under /run/netns, an
	 * absolute PATH, a PID, "all", or a container label or hostname);
	 * none means the namespace sockq runs in. Copied. */
	const char *const *specs;
	size_t nspecs;
	/* What every collection reads (needs.h). */
	needs_t needs;
	/* More than one collection will be made (--watch, a server): the
	 * namespaces' sockets and files are held between them, and what the
	 * next collections need stays in the permitted capabilities. */
	bool repeat;
	/* With repeat: look for namespaces again at every collection, for
	 * "all" and container or hostname selectors: new ones are read from
	 * the collection they appear in, vanished ones let go. */
	bool follow;
};

struct session;

/* Opens a session: checks it may run (refuses set-user-ID), finds the
 * namespaces the specs name, and says in d what it could not. Returns 0,
 * or a negative errno when nothing can be collected (a spec naming nothing,
 * no privilege to enter a namespace named explicitly); d says why. */
int session_open(struct session **out, const struct session_cfg *cfg, struct diagnostics *d);

/* Collects once: every namespace, every source the needs ask for, into a
 * new snapshot, published (*out, one reference for the caller). What
 * could not be read is in the snapshot's diagnostics; a negative errno
 * only when nothing sound can be published (no memory, a failed return to
 * sockq's own namespace: -EXDEV, or c asked to stop: -ECANCELED,
 * -ETIMEDOUT), with the reason in d.
 *
 * Capabilities are the calling thread's (libcap without libpsx acts on
 * one thread): a session is used from the thread that opened it. Each
 * collection raises what it needs and, before returning, leaves none
 * effective; without repeat it drops every one, so whatever runs next
 * (formatting names from other users) runs with none. Another thread
 * that must hold none calls session_thread_drop_privileges(). */
int session_collect(struct session *s, const struct cancel *c, struct snapshot **out,
		    struct diagnostics *d);

/* Whether a -N item is well-formed: a NAME, an absolute PATH, a PID,
 * "all", or a container label or hostname (for the option parser). */
bool session_spec_valid(const char *spec);

/* How many namespaces the session holds now. */
size_t session_netns_count(const struct session *s);

/* Empties every capability set of the calling thread: for threads that
 * render or serve while the session's thread collects. 0 or -errno. */
int session_thread_drop_privileges(void);

/* Lets go of every namespace and file. */
void session_close(struct session *s);

#endif
