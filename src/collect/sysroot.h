/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysroot.h: where the files sockq reads are: the system's own, or a recorded system root replayed in their place; and writing such a root. */
#ifndef SOCKQ_SYSROOT_H
#define SOCKQ_SYSROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* With SOCKQ_SYSROOT=DIR (ignored in secure-exec mode), every path sockq
 * reads is taken under DIR, and no namespace is entered: a namespace of
 * inode N has its own files under DIR/netns/N/ (sys/..., net/netstat, the
 * kernel's replies to its dumps in diag, its cookie), and a namespace
 * link (DIR/proc/PID/ns/net, DIR/run/netns/NAME) is a symbolic link whose
 * text is the kernel's, "net:[N]". Such a root is what SOCKQ_RECORD_ROOT
 * writes: a run can be replayed, by tests or for a report, without the
 * host or any privilege. */
struct sysroot {
	char *root;		/* NULL: the system's own files */
	char *record;		/* SOCKQ_RECORD_ROOT, or NULL */
};

int sysroot_init(struct sysroot *sr);
void sysroot_free(struct sysroot *sr);

static inline bool sysroot_replaying(const struct sysroot *sr)
{
	return sr->root != NULL;
}

/* The path of an absolute path of the system: itself, or under the root
 * (buf, PATH_MAX). */
const char *sysroot_path(const struct sysroot *sr, const char *path, char *buf);

/* The place of namespace inode ino's own files in a replayed root, or
 * where a recording keeps them: DIR/netns/INO/rel (buf, PATH_MAX). */
const char *sysroot_netns_path(const char *dir, uint64_t ino, const char *rel, char *buf);

/* The identity of the namespace file path (relative to dirfd): its
 * device and inode, by stat() of the nsfs file, or in a replayed root by
 * the link's text "net:[N]" (device 0). 0 or a negative errno. */
int nsfile_id(int dirfd, const char *path, dev_t *dev, ino_t *ino);

/* Writes text (len bytes) to file rel under dir, making the directories
 * between; a link instead with link_to. 0 or a negative errno. */
int sysroot_put(const char *dir, const char *rel, const char *text, size_t len);
int sysroot_link(const char *dir, const char *rel, const char *link_to);

#endif
