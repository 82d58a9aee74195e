/* SPDX-License-Identifier: GPL-2.0-or-later */
/* proc_walk.h: one walk over the processes listed in /proc. */
#ifndef SOCKQ_PROC_WALK_H
#define SOCKQ_PROC_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "cancel.h"

/* Called for each process with /proc open as procfd and the process's
 * directory name (its pid in decimal); files are reached relative to
 * procfd ("PID/fd"), which spares a lookup of /proc for each. A nonzero
 * return stops the walk. */
typedef int (*proc_visit_t)(int procfd, const char *name, uint32_t pid, void *data);

/* Visits every process under procfd (a /proc directory; threads are not
 * listed), in the order /proc gives them: ascending pid. Returns 0, what
 * visit returned to stop, a negative errno when /proc cannot be read, or
 * -ECANCELED / -ETIMEDOUT when c says to stop (checked every few hundred
 * processes). */
int proc_walk(int procfd, proc_visit_t visit, void *data, const struct cancel *c);

/* The command of the process named name, without its newline, into comm
 * (at most size bytes, not terminated); its length, 0 when unreadable. */
size_t proc_read_comm(int procfd, const char *name, char *comm, size_t size);

/* The identity of the network namespace of the process named name (its
 * directory under procfd), as the walks ask it: 0 or a negative errno. */
int proc_netns_stat(int procfd, const char *name, struct stat *st);

#endif
