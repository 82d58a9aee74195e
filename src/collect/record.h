/* SPDX-License-Identifier: GPL-2.0-or-later */
/* record.h: a collection written out as a system root that replays it (SOCKQ_RECORD_ROOT). */
#ifndef SOCKQ_RECORD_H
#define SOCKQ_RECORD_H

#include "registry.h"
#include "snapshot.h"

/* Writes under dir what replaying s needs beside the kernel's replies
 * (which each namespace's diag socket recorded as it read them): the
 * namespaces, their links, names, sysctls and counters; the processes
 * that name them or hold their listeners, as links, cgroups, commands
 * and hostnames; the input backlog; the boot. 0 or a negative errno. */
int record_snapshot(const char *dir, const struct registry *reg, const struct snapshot *s);

#endif
