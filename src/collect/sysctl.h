/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysctl.h: a namespace's own TCP sysctls and TcpExt counters, read inside it. */
#ifndef SOCKQ_SYSCTL_H
#define SOCKQ_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#include "types.h"

/* Finds the TcpExt counters named in names (n of them) in one
 * /proc/net/netstat text; values[i] is UINT64_MAX where a counter is
 * absent or unreadable. The unit tests call it directly. */
void netstat_parse(const char *text, const char *const *names, size_t n, uint64_t *values);

/* The names of enum ns_counter, as /proc/net/netstat spells them. */
extern const char *const netstat_names[CNT_COUNT];

#endif
