/* SPDX-License-Identifier: GPL-2.0-or-later */
/* registry.h: the namespaces a session reads: found from the specs, found again as they come and go, each with a stable id and the identity of the file actually opened. */
#ifndef SOCKQ_REGISTRY_H
#define SOCKQ_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cancel.h"
#include "diagnostics.h"
#include "inode_map.h"
#include "needs.h"
#include "nlsock.h"
#include "source.h"
#include "sysroot.h"

#define NETNS_RUN_DIR "/run/netns"

/* Where the session started; every visit to another namespace returns here. */
struct netns_home {
	int fd;
	dev_t dev;
	ino_t ino;
};

/* How a namespace was asked for. */
enum spec_kind {
	SPEC_CURRENT,		/* no -N: the namespace sockq runs in */
	SPEC_ALL,		/* every namespace of the host */
	SPEC_NAME,		/* under /run/netns */
	SPEC_PATH,		/* a namespace file the user names */
	SPEC_PID,		/* a process's namespace */
	SPEC_SELECTOR,		/* a container label or hostname (sockq -S -N all lists them) */
};

struct spec {
	enum spec_kind kind;
	char *text;
	bool gone_said;		/* --watch: said once that it disappeared */
};

/* One namespace. The session holds it by its diag socket while it is
 * open (a socket pins its namespace, so its inode is no other's); once
 * it vanishes from the host, it is closed and forgotten, never pinned. */
struct ns_entry {
	uint32_t id;		/* stable: never reused in a session */
	uint64_t cookie;	/* the kernel's, read inside it when opened; 0 before */
	dev_t dev;
	ino_t ino;		/* of the nsfs file as found, then as opened */
	char *label;		/* its name under /run/netns, else net:[INODE] */
	bool current;		/* the namespace sockq runs in */
	bool named;		/* reachable as NETNS_RUN_DIR/label */
	int user_fd;		/* a file the user named, held until first opened; -1 */
	uint32_t pid;		/* a process found living in it */
	struct spec *spec;	/* the explicit spec naming it, NULL for "all" */
	unsigned seen;		/* the discovery that last found it */
	/* Processes seen in it by the last walk, ascending, for its identity. */
	uint32_t *cand;
	size_t ncand, cand_cap;
	/* While open. */
	bool open;
	struct nlsock nl;
	void *state[SOURCES_MAX];
};

struct registry {
	struct ns_entry **v;	/* in the order found; pointers stay put */
	size_t n, cap;
	uint32_t next_id;
	struct spec *specs;
	size_t nspecs;
	bool follow;		/* "all" and selectors are looked for again each time */
	bool any_all;
	bool skip_others;	/* no privilege to enter others: only the current one */
	unsigned gen;		/* discoveries made */
	struct netns_home home;
	struct inode_map index;	/* namespace inode -> index + 1 */
	int procfd;
	const struct sysroot *sr;	/* the files read: the system's, or a recording's */
};

/* Opens our own namespace, to come back to, and /proc; checks each spec
 * is sound. 0 or a negative errno, said in d. */
int registry_init(struct registry *r, const struct sysroot *sr, const char *const *specs,
		  size_t nspecs, bool follow, struct diagnostics *d);
void registry_free(struct registry *r);

/* Finds the namespaces: at the first call every spec; later ones, with
 * follow, "all" and selectors again, adding those new and dropping
 * (closed) those gone; an explicit namespace that is gone is said once
 * and dropped. A walk of /proc also records the processes of each
 * namespace when identity is among needs. 0, or a negative errno for a
 * spec that names nothing usable (said in d) or no memory. */
int registry_discover(struct registry *r, needs_t needs, const struct cancel *c,
		      struct diagnostics *d);

/* Whether entry e is gone since the last discovery: one found by "all"
 * (with follow) that no longer is, or an explicit one no longer there
 * (said once in d). */
bool registry_gone(struct registry *r, struct ns_entry *e, struct diagnostics *d);

/* Reaches entry e (checking the file opened is the namespace found),
 * enters it, opens its diag socket (with buf) and reads its cookie there,
 * runs open(inside) (may be NULL), and comes back. Returns 0: e->open, or
 * *gone when it went away since it was found (e is then to be dropped,
 * without a word); or a negative errno: -EXDEV when sockq could not come
 * back, which is fatal; any other is said in d as a warning naming it. */
int registry_open(struct registry *r, struct ns_entry *e, char *buf,
		  int (*inside)(struct ns_entry *e, void *data), void *data, struct diagnostics *d,
		  bool *gone);
void registry_close_entry(struct ns_entry *e, void (*closer)(struct ns_entry *e, void *data),
			  void *data);

/* Drops entry i (closed first). */
void registry_drop(struct registry *r, size_t i,
		   void (*closer)(struct ns_entry *e, void *data), void *data);

#endif
