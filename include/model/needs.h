/* SPDX-License-Identifier: GPL-2.0-or-later */
/* needs.h: what a collection must read, declared by every column, format, mode and rule, and asked for as their union. */
#ifndef SOCKQ_NEEDS_H
#define SOCKQ_NEEDS_H

#include <stdint.h>

typedef uint64_t needs_t;

enum {
	NEED_TCP4 = 1u << 0,		/* TCP/IPv4 listeners */
	NEED_TCP6 = 1u << 1,		/* TCP/IPv6 listeners */
	NEED_UNIX = 1u << 2,		/* AF_UNIX stream and seqpacket listeners */
	NEED_DROPS = 1u << 3,		/* each TCP listener's sk_drops */
	NEED_SYNQ = 1u << 4,		/* request sockets counted per listener */
	NEED_SOMAXCONN = 1u << 5,	/* the namespace's net.core.somaxconn */
	NEED_SYSCTLS = 1u << 6,		/* its other TCP sysctls */
	NEED_COUNTERS = 1u << 7,	/* its TcpExt counters */
	NEED_BACKLOG = 1u << 8,		/* the host's per-CPU input backlog */
	NEED_OWNERS = 1u << 9,		/* the processes holding each listener */
	NEED_NS_IDENTITY = 1u << 10,	/* the process, cgroup and container naming a namespace */
	NEED_NS_COMMAND = 1u << 11,	/* and that process's command */
	NEED_NS_HOSTNAME = 1u << 12,	/* and its UTS hostname */
	/* Declared by a column: listener rows, of the protocols the query
	 * chose (query_needs() turns it into those). */
	NEED_ROWS = 1u << 13,
	NEED_BOOT_ID = 1u << 14,	/* which boot of the host it is (a state file's) */
};

/* A value kept for one column only, beside the rows (rowstore.h): the
 * column that shows it asks for it by its own number, so a new one needs
 * no bit of its own here. */
#define NEED_SIDE(col) ((needs_t)1 << (32 + (col)))

/* Everything there is to read: what a recording holds. */
#define NEED_ALL (((needs_t)0x7fff | ((needs_t)0xffffffff << 32)) & ~(needs_t)NEED_ROWS)

/* Every listener, of any protocol. */
#define NEED_LISTENERS (NEED_TCP4 | NEED_TCP6 | NEED_UNIX)
#define NEED_TCP (NEED_TCP4 | NEED_TCP6)

#endif
