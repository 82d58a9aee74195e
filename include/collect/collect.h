/* SPDX-License-Identifier: GPL-2.0-or-later */
/* collect.h: reading every selected namespace into one listener set. */
#ifndef SOCKQ_COLLECT_H
#define SOCKQ_COLLECT_H

#include <stdbool.h>

#include "identity.h"
#include "model.h"
#include "netns.h"
#include "nlsock.h"
#include "procs.h"
#include "query.h"
#include "report.h"

/* What to read; collect_plan() derives it from the query, and a caller may
 * ask for more (the metrics want every sysctl). */
struct collect_plan {
	bool tcp4, tcp6, unix_stream;
	bool synq;		/* count request sockets per listener */
	bool sysctls;		/* every per-namespace sysctl, not just somaxconn */
	bool counters;		/* the namespace's TcpExt counters */
	bool backlog;		/* the host's per-CPU input backlog */
	bool owners;		/* pid and command of each listener */
	bool ns_processes;	/* the process that identifies each namespace */
	unsigned ns_what;	/* and its command, hostname (IDENT_*) */
	bool netns_all;		/* missing privilege is a warning, not an error */
};

void collect_plan(struct collect_plan *p, const struct query *q);

enum { SYS_SOMAXCONN, SYS_SYN_BACKLOG, SYS_SYNCOOKIES, SYS_ABORT, SYS_COUNT };

/* What is kept open in a namespace so it can be read again without
 * entering it: the diag socket dumps the namespace it was created in, and
 * an open /proc/sys or /proc/net file reads that namespace's values. */
struct ns_handle {
	bool open;
	struct nlsock nl;
	int sys[SYS_COUNT];
	int netstat;
};

struct collector {
	struct listener_set *set;
	struct report *report;
	struct collect_plan plan;
	struct netns_home home;
	struct ns_source *src;	/* per namespace: how to reach it */
	struct ns_handle *h;	/* per namespace, while open */
	struct owner_cache *owners;	/* --watch -p: owners between samples */
	bool unix_warned;
	bool no_one_walk;	/* the kernel does not serve TCP in one walk */
};

/* Opens our own namespace, to come back to. */
int collect_init(struct collector *c, struct listener_set *set, struct report *r);
void collect_free(struct collector *c);

/* Finds the namespaces the query names (set->ns, sorted by label). An
 * explicit spec that names nothing usable is an error; with "all", what
 * cannot be read is a warning. */
int collect_resolve(struct collector *c, const struct query *q);

/* Reads every namespace once: enter, open, leave, read, close. Returns a
 * negative errno only for what must stop the run (a failed return to our
 * own namespace, no memory); lesser failures are warnings in the report. */
int collect_once(struct collector *c);

/* For --watch: open every namespace once, then sample as often as needed
 * without entering them again. */
int collect_open_all(struct collector *c);
int collect_sample(struct collector *c);
void collect_close_all(struct collector *c);

/* Finds the TcpExt counters named in names (n of them) in one
 * /proc/net/netstat text; values[i] is UINT64_MAX where a counter is
 * absent or unreadable. Exposed for tests. */
void netstat_parse(const char *text, const char *const *names, size_t n, uint64_t *values);

/* The names of enum ns_counter, as /proc/net/netstat spells them. */
extern const char *const netstat_names[CNT_COUNT];

#endif
