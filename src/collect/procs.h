/* SPDX-License-Identifier: GPL-2.0-or-later */
/* procs.h: which processes hold which listening sockets. */
#ifndef SOCKQ_PROCS_H
#define SOCKQ_PROCS_H

#include "model.h"

/* One pass over /proc/PID/fd for every process, shared by every namespace
 * (socket inodes are unique across namespaces). Returns the number of
 * processes whose descriptors could not be read, or a negative errno. */
int procs_scan_owners(struct listener_set *set);

#endif
