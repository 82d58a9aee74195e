/* SPDX-License-Identifier: GPL-2.0-or-later */
/* identity.h: naming a namespace: the process that identifies it, its cgroup, container and hostname. */
#ifndef SOCKQ_IDENTITY_H
#define SOCKQ_IDENTITY_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

#include "model.h"
#include "report.h"

/* How far a namespace's identification has got during a walk of /proc. */
struct ident_state {
	enum {
		IDENT_NONE,		/* no process seen yet */
		IDENT_FALLBACK,		/* its lowest pid, which names no container */
		IDENT_DONE,		/* settled */
	} step;
	unsigned looked;		/* cgroups read in it */
};

/* The processes of a namespace whose cgroups are read in search of a
 * container: a container's own come first, and reading every process of
 * the host's namespace, where none names one, would cost more than the
 * rest of a run. */
#define IDENT_LOOK_MAX 64

/* The cgroup path of process pid (its /proc directory name) into path:
 * the cgroup v2 path, or where that is "/" on a hybrid host, the v1
 * name=systemd path. Returns its length, or a negative errno. */
ssize_t identity_cgroup(int procfd, const char *pid, char *path, size_t size);

/* Called for the processes of ns in ascending pid order: the process that
 * identifies a namespace is the lowest pid in it whose cgroup names a
 * container, pod or machine, among its first IDENT_LOOK_MAX; failing that,
 * its lowest pid. PID 1 always identifies its own namespace, the host's,
 * whose services must not name it. 0 or -ENOMEM. */
int identity_visit(struct netns *ns, struct ident_state *state, int procfd, const char *name,
		   uint32_t pid);

/* What identity_finish() reads beyond the process, cgroup and container:
 * only what is shown, as each costs system calls per namespace. */
#define IDENT_COMMAND (1u << 0)
#define IDENT_HOSTNAME (1u << 1)

/* Each identified namespace's command and UTS hostname, as what asks. The
 * hostname is read by entering the process's UTS namespace and coming
 * back; failing to come back is fatal (nothing may run in an unknown
 * namespace): then a negative errno, with the message in r. */
int identity_finish(struct listener_set *set, unsigned what, struct report *r);

#endif
