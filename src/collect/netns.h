/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netns.h: which network namespaces to read, and moving between them. */
#ifndef SOCKQ_NETNS_H
#define SOCKQ_NETNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "msg.h"
#include "options.h"
#include "model.h"

#define NETNS_RUN_DIR "/run/netns"

/* Where the run started; every visit to another namespace returns here. */
struct netns_home {
	int fd;
	dev_t dev;
	ino_t ino;
};

int netns_home_open(struct netns_home *home);
void netns_home_close(struct netns_home *home);

/* Fill set->ns from the --netns specs (the current namespace when there are
 * none), each namespace once, sorted by label. An explicit spec that names
 * nothing usable is an error (message printed, negative errno returned);
 * with "all", what cannot be read is a warning in *r. */
int netns_resolve(const struct options *o, const struct netns_home *home,
		  struct listener_set *set, struct report *r);

/* Lowest pid and its command for every namespace in set (one /proc scan). */
void netns_find_processes(struct listener_set *set);

/* Enter ns; then netns_leave() must be called, and its failure is fatal:
 * nothing may be read while in an unknown namespace. */
int netns_enter(const struct netns *ns);
int netns_leave(const struct netns_home *home);

/* Whether a spec is well-formed (for the option parser). */
bool netns_spec_valid(const char *spec);

#endif
