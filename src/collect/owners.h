/* SPDX-License-Identifier: GPL-2.0-or-later */
/* owners.h: which processes hold which listening sockets. */
#ifndef SOCKQ_OWNERS_H
#define SOCKQ_OWNERS_H

#include <stdbool.h>

#include "cancel.h"
#include "snapshot.h"

/* What --watch remembers of the owners between samples. */
struct owner_cache;

struct owner_cache *owner_cache_new(void);
void owner_cache_free(struct owner_cache *c);

/* Finds the processes holding each listener of the snapshot, in one pass over
 * /proc/PID/fd shared by every namespace (socket inodes are unique across
 * namespaces). Unless every namespace is shown (all_namespaces), a process
 * whose network namespace is not among the snapshot's is passed over, after one
 * stat of /proc/PID/ns/net, and looked at only when a listener is left
 * with no holder in its own namespace (a socket passed to, or kept by, a
 * process elsewhere); that second look stops once each has one. Every
 * holder found is listed.
 *
 * With a cache (--watch), a listener's holders are looked up in the first
 * sample that shows it and kept while it lives; all are looked up again
 * when a process found has exited, and every OWNER_REFRESH_SECONDS.
 *
 * Returns the number of processes whose descriptors could not be read, or
 * a negative errno. */
#define OWNER_REFRESH_SECONDS 60
int owners_scan(struct snapshot *set, int procfd, bool all_namespaces, struct owner_cache *cache,
		const struct cancel *c);

#endif
