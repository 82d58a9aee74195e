/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netns.h: which network namespaces to read, and moving between them. */
#ifndef SOCKQ_NETNS_H
#define SOCKQ_NETNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "model.h"
#include "query.h"
#include "report.h"

#define NETNS_RUN_DIR "/run/netns"

/* Where the run started; every visit to another namespace returns here. */
struct netns_home {
	int fd;
	dev_t dev;
	ino_t ino;
};

int netns_home_open(struct netns_home *home);
void netns_home_close(struct netns_home *home);

/* How to reach a namespace when it is read. */
struct ns_source {
	int fd;		/* opened when the user named it, held until read; else -1 */
	uint32_t pid;	/* a process living in it, found by --netns all */
	bool named;	/* reachable as NETNS_RUN_DIR/label */
};

/* The namespaces the query names, each once, sorted by label: set->ns and,
 * beside it, *src. */
int netns_resolve(const struct query *q, const struct netns_home *home,
		  struct listener_set *set, struct ns_source **src, struct report *r);

/* Opens a namespace to read it, checking it is the one that was found.
 * Returns 1 with *fd to close after use, 0 with *fd held by src (or -1 for
 * the current namespace), -ENOENT when it is gone (its processes exited,
 * its name was removed), or another negative errno (-EMFILE: a failure). */
int netns_open(const struct netns *ns, const struct ns_source *src, int *fd);

/* Names every namespace in set: the process that identifies it, its
 * cgroup and container, and as what asks its command and hostname
 * (identity.h). walked says that --netns all's walk did the first part
 * already. 0 or a negative errno (message in r). */
int netns_identify(struct listener_set *set, bool walked, unsigned what, struct report *r);

/* Enter the namespace open as fd (-1: the current one); then netns_leave()
 * must be called, and its failure is fatal: nothing may be read while in an
 * unknown namespace. */
int netns_enter(int fd);
int netns_leave(const struct netns_home *home);

/* Whether a spec is well-formed (for the option parser). */
bool netns_spec_valid(const char *spec);

#endif
