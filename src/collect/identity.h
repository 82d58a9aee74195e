/* SPDX-License-Identifier: GPL-2.0-or-later */
/* identity.h: naming a namespace: the process that identifies it, its cgroup, container label, command and hostname. */
#ifndef SOCKQ_IDENTITY_H
#define SOCKQ_IDENTITY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "needs.h"

/* The processes of a namespace whose cgroups are read in search of a
 * container: a container's own come first, and reading every process of
 * the host's namespace, where none names one, would cost more than the
 * rest of a run. */
#define IDENT_LOOK_MAX 64

/* Every byte of a cgroup path is kept (a deep hierarchy passes 4 KiB);
 * /proc/PID/cgroup is read up to this many bytes. */
#define IDENT_CGROUP_FILE_MAX (1u << 20)

/* The longest path /proc/PID/cgroup writes: the kernel builds it in a
 * PATH_MAX buffer, NUL included, and cuts a longer one there without a
 * word. A path of this length may be cut, and no label is drawn from it; a
 * longer one (a kernel that writes it whole) was not. */
#define IDENT_CGROUP_PATH_CUT (PATH_MAX - 1)

/* What names a namespace, owned by whoever holds it. */
struct identity {
	uint32_t pid;		/* 0: none was found in it */
	char *cgroup;		/* NULL when unreadable */
	size_t cgroup_len;
	char *container;	/* the label the cgroup names, "" for none */
	size_t container_len;
	bool container_known;	/* false when the cgroup was unreadable or may be cut */
	char comm[16];		/* raw bytes, NUL-terminated */
	char hostname[65];
	bool comm_known, hostname_known;
};

void identity_clear(struct identity *id);

/* The cgroup path of process pid (its /proc directory name, relative to
 * procfd) into *path (grown as needed, *cap): the cgroup v2 path, or
 * where that is "/" on a hybrid host, the v1 name=systemd path. Its
 * length, or a negative errno. */
ssize_t identity_cgroup(int procfd, const char *pid, char **path, size_t *cap);

/* Chooses, among cand[0..n) (pids seen in the namespace, ascending), the
 * process that identifies a namespace: the lowest pid whose cgroup names a
 * container, pod or machine, among the first IDENT_LOOK_MAX; failing that,
 * the lowest pid. PID 1 always identifies its own namespace, the host's,
 * whose services must not name it. Then reads what needs ask for
 * (NEED_NS_COMMAND, NEED_NS_HOSTNAME).
 *
 * Every part is taken from a process checked, after it was read, to live
 * in the namespace of nsfs identity (dev, ino), which the caller holds
 * open so that no other namespace can have that identity meanwhile: a
 * process that left it, or a pid reused by another, is passed over, and
 * when none is left *id says none (pid 0). 0, -ENOMEM, or -EXDEV when
 * sockq could not come back to its own UTS namespace after reading a
 * hostname (nothing may run in an unknown namespace). With recorded, procfd
 * is a recording's, where PID/hostname stands for the process's UTS
 * namespace, which cannot be entered. */
int identity_choose(int procfd, const uint32_t *cand, size_t n, dev_t dev, ino_t ino,
		    needs_t needs, bool recorded, struct identity *id);

/* Whether process pid (under procfd) lives in the namespace (dev, ino). */
bool identity_in_netns(int procfd, uint32_t pid, dev_t dev, ino_t ino);

#endif
