/* SPDX-License-Identifier: GPL-2.0-or-later */
/* atomic.h: a file replaced whole: written beside its name, renamed over it once complete. */
#ifndef SOCKQ_ATOMIC_H
#define SOCKQ_ATOMIC_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

struct atomic_file {
	const char *path;
	char tmp[PATH_MAX];
	int fd;
	bool named;		/* tmp names the new file (else it has no name yet) */
};

/* What is at PATH now: 0 when nothing is, or a regular file (which a
 * commit replaces); else a negative errno, with *what naming it ("a
 * symbolic link", "a character device", ...): only a regular file is ever
 * replaced. */
int atomic_check_target(const char *path, const char **what);

/* Creates a file in PATH's directory with the given mode, unnamed until
 * it is complete (O_TMPFILE; PATH.XXXXXX where the file system has no
 * unnamed files); a reader of PATH meanwhile sees the old file, or none.
 * 0 or a negative errno; -EEXIST with *what set when PATH is something
 * other than a regular file (atomic_check_target). */
int atomic_create(struct atomic_file *a, const char *path, mode_t mode, const char **what);

/* Syncs, closes and renames the new file over PATH, once PATH is checked
 * again to be nothing or a regular file (-EEXIST otherwise; *what names
 * it). On failure, and in atomic_abort(), the new file is removed and
 * PATH is left as it was. */
int atomic_commit(struct atomic_file *a, const char **what);
void atomic_abort(struct atomic_file *a);

/* The mode a new file gets from open(2) with 0666 under the process's
 * umask. */
mode_t atomic_umask_mode(void);

#endif
