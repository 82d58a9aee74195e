/* SPDX-License-Identifier: GPL-2.0-or-later */
/* backlog.h: each CPU's input backlog, host-wide: /proc/net/softnet_stat and netdev_max_backlog. */
#ifndef SOCKQ_BACKLOG_H
#define SOCKQ_BACKLOG_H

#include <stddef.h>

#include "snapshot.h"
#include "sysroot.h"

/* Parses softnet_stat text into *cpus, one entry a CPU and the sum last
 * (CPU_TOTAL); *cpus is replaced. 0, -EBADMSG for text that is not
 * softnet_stat, or -ENOMEM. Exposed for tests. */
int softnet_parse(const char *text, struct cpu_backlog **cpus, size_t *n);

/* Reads both into the snapshot; a file that cannot be read leaves its
 * part unknown (ncpus 0, or netdev_max_backlog SOCKQ_UNKNOWN). 0 or
 * -ENOMEM. */
int backlog_read(struct snapshot *set, const struct sysroot *sr);

#endif
