// SPDX-License-Identifier: GPL-2.0-or-later
/* state.c: reading and atomically writing the state file of --check. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "state.h"

#define STATE_HEADER "# sockq --check state 1: netns inode, socket inode, drops\n"

static int why_errno(char *why, size_t whysz, int err)
{
	snprintf(why, whysz, "%s", strerror(-err));
	return err;
}

int state_load(const char *path, struct inode_map *drops, bool *found, char *why, size_t whysz)
{
	char line[128];
	struct stat st;
	FILE *f;
	int fd, err = 0;

	*found = false;
	/* O_NOFOLLOW: a symbolic link planted at the path is refused. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && errno == ELOOP) {
		snprintf(why, whysz, "it is a symbolic link");
		return -ELOOP;
	}
	if (fd < 0)
		return why_errno(why, whysz, -errno);
	if (fstat(fd, &st) < 0) {
		err = why_errno(why, whysz, -errno);
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(why, whysz, "it is not a regular file");
		err = -EINVAL;
	} else if (st.st_uid != geteuid()) {
		snprintf(why, whysz, "it belongs to uid %u, not to the user running sockq",
			 (unsigned)st.st_uid);
		err = -EPERM;
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, whysz, "others may write to it (mode %03o)", (unsigned)(st.st_mode & 0777));
		err = -EPERM;
	}
	if (err < 0) {
		close(fd);
		return err;
	}
	f = fdopen(fd, "r");
	if (!f) {
		err = why_errno(why, whysz, -errno);
		close(fd);
		return err;
	}
	if (!fgets(line, sizeof(line), f) || strcmp(line, STATE_HEADER)) {
		snprintf(why, whysz, "it is not a sockq state file");
		fclose(f);
		return -EINVAL;
	}
	while (err == 0 && fgets(line, sizeof(line), f)) {
		unsigned long long ns, ino, d;
		uint32_t *v;
		char end;

		if (sscanf(line, "%llu %llu %llu%c", &ns, &ino, &d, &end) != 4 || end != '\n' ||
		    !ns || ns > UINT32_MAX || !ino || ino > UINT32_MAX || d > UINT32_MAX) {
			snprintf(why, whysz, "it is not a sockq state file");
			err = -EINVAL;
		} else if ((err = inode_map_reserve(drops, 1)) == 0 &&
			   (v = inode_map_get_or_add(drops, inode_key((uint32_t)ns, (uint32_t)ino), 0))) {
			*v = (uint32_t)d;
		} else if (err < 0) {
			why_errno(why, whysz, err);
		}
	}
	fclose(f);
	*found = err == 0;
	return err;
}

/* Whether the namespace of inode ns_ino was found but not read whole. */
static bool unread(const struct listener_set *set, uint64_t ns_ino)
{
	for (size_t i = 0; i < set->nns; i++)
		if ((uint64_t)set->ns[i].ino == ns_ino)
			return !set->ns[i].read_ok;
	return false;
}

int state_save(const char *path, const struct listener_set *set, const struct inode_map *prev,
	       char *why, size_t whysz)
{
	struct atomic_file a;
	const char *what = NULL;
	FILE *f;
	int fd, err;

	err = atomic_create(&a, path, 0600, &what);
	if (err < 0 && what) {
		snprintf(why, whysz, "it is %s, not a regular file", what);
		return err;
	}
	if (err < 0)
		return why_errno(why, whysz, err);
	/* stdio writes; the descriptor stays the atomic file's to commit. */
	fd = dup(a.fd);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		err = why_errno(why, whysz, -errno);
		if (fd >= 0)
			close(fd);
		atomic_abort(&a);
		return err;
	}
	fputs(STATE_HEADER, f);
	/* A namespace not read whole this time keeps what the last check saw;
	 * first, as the rows read now come after it and a load keeps the last. */
	for (size_t s = 0; prev->key && s <= prev->mask; s++)
		if (prev->key[s] && unread(set, prev->key[s] >> 32))
			fprintf(f, "%llu %u %u\n", (unsigned long long)(prev->key[s] >> 32),
				(uint32_t)prev->key[s], prev->val[s]);
	/* Every listener read, shown or not: one filtered out now (--full,
	 * --min-use) may be checked next time, against these drops. */
	for (size_t i = 0; i < set->n; i++) {
		const struct listener *l = &set->v[i];

		if (listener_is_tcp(l) && l->drops != SOCKQ_UNKNOWN)
			fprintf(f, "%llu %u %u\n", (unsigned long long)set->ns[l->netns].ino,
				l->inode, l->drops);
	}
	if (fflush(f) != 0 || ferror(f))
		err = errno ? -errno : -EIO;
	if (fclose(f) != 0 && err == 0)
		err = -errno;
	if (err < 0) {
		atomic_abort(&a);
		return why_errno(why, whysz, err);
	}
	err = atomic_commit(&a, &what);
	if (err < 0 && what) {
		snprintf(why, whysz, "it is %s, not a regular file", what);
		return err;
	}
	return err < 0 ? why_errno(why, whysz, err) : 0;
}
