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
#include "inode_map.h"
#include "state.h"

/* The second format keys each listener by the kernel's cookies, which are
 * never reused before a reboot; the boot it was written in is kept, so a
 * file from before one is not believed. */
#define STATE_HEADER_V1 "# sockq --check state 1: netns inode, socket inode, drops\n"
#define STATE_HEADER_V2 "# sockq --check state 2: netns cookie, socket cookie, drops; boot "

static int why_errno(char *why, size_t whysz, int err)
{
	snprintf(why, whysz, "%s", strerror(-err));
	return err;
}

/* Opens FILE for reading, refusing what no state file may be. */
static int open_state(const char *path, FILE **out, char *why, size_t whysz)
{
	struct stat st;
	int fd, err = 0;

	*out = NULL;
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
	if (err == 0 && !(*out = fdopen(fd, "r")))
		err = why_errno(why, whysz, -errno);
	if (err < 0)
		close(fd);
	return err;
}

static int not_state(char *why, size_t whysz)
{
	snprintf(why, whysz, "it is not a sockq state file");
	return -EINVAL;
}

/* Lines of three numbers, the second never 0, the drops 32 bits. */
static bool read_line(FILE *f, unsigned long long *a, unsigned long long *b,
		      unsigned long long *drops, bool *bad)
{
	char line[128], end;

	*bad = false;
	if (!fgets(line, sizeof(line), f))
		return false;
	if (sscanf(line, "%llu %llu %llu%c", a, b, drops, &end) != 4 || end != '\n' || !*b ||
	    *drops > UINT32_MAX)
		*bad = true;
	return true;
}

/* The first format: by inodes, matched to the rows of this check. */
static int load_v1(FILE *f, const struct snapshot *snap, struct history *h, char *why,
		   size_t whysz)
{
	struct inode_map by_inode = { 0 };
	unsigned long long ns, ino, d;
	bool bad;
	int err = inode_map_reserve(&by_inode, snap->rows.n);

	for (size_t i = 0; err == 0 && i < snap->rows.n; i++) {
		const struct listener *l = &snap->rows.v[i];

		inode_map_add(&by_inode, inode_key((uint32_t)snap->ns[l->netns].ino, l->inode),
			      (uint32_t)i);
	}
	while (err == 0 && read_line(f, &ns, &ino, &d, &bad)) {
		size_t pos;
		const uint32_t *row;

		if (bad || !ns || ns > UINT32_MAX || ino > UINT32_MAX) {
			err = not_state(why, whysz);
			break;
		}
		pos = inode_map_start(&by_inode, inode_key((uint32_t)ns, (uint32_t)ino));
		row = inode_map_next(&by_inode, inode_key((uint32_t)ns, (uint32_t)ino), &pos);
		if (row)
			err = history_put(h, snapshot_key(snap, *row), (uint32_t)d);
	}
	if (err == -ENOMEM)
		why_errno(why, whysz, err);
	inode_map_free(&by_inode);
	return err;
}

int state_load(const char *path, const struct snapshot *snap, struct history *h, bool *found,
	       char *why, size_t whysz)
{
	const char *boot = snap->boot_id;
	char line[128];
	unsigned long long ns, sock, d;
	bool bad, current = true;
	FILE *f;
	int err = open_state(path, &f, why, whysz);

	*found = false;
	if (err < 0 || !f)
		return err;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return not_state(why, whysz);
	}
	if (!strcmp(line, STATE_HEADER_V1)) {
		err = load_v1(f, snap, h, why, whysz);
		fclose(f);
		*found = err == 0;
		return err;
	}
	if (strncmp(line, STATE_HEADER_V2, strlen(STATE_HEADER_V2)) ||
	    line[strlen(line) - 1] != '\n') {
		fclose(f);
		return not_state(why, whysz);
	}
	line[strlen(line) - 1] = '\0';
	/* Written before a reboot: its cookies may be other listeners' now. */
	current = boot[0] && !strcmp(line + strlen(STATE_HEADER_V2), boot);
	while (err == 0 && read_line(f, &ns, &sock, &d, &bad)) {
		if (bad)
			err = not_state(why, whysz);
		else if (current && (err = history_put(h, (struct listener_key){ ns, sock },
						       (uint32_t)d)) < 0)
			why_errno(why, whysz, err);
	}
	fclose(f);
	*found = err == 0 && current;
	return err;
}

int state_save(const char *path, const struct history *h, const char *boot, char *why,
	       size_t whysz)
{
	struct atomic_file a;
	const char *what = NULL;
	struct listener_key key;
	uint32_t drops;
	size_t pos = 0;
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
	fprintf(f, STATE_HEADER_V2 "%s\n", boot);
	/* Every listener the history holds: one filtered out now (--full,
	 * --min-use) may be checked next time, against these drops; and a
	 * namespace not read whole this time keeps what the last check saw. */
	while (history_next(h, &pos, &key, &drops))
		fprintf(f, "%llu %llu %u\n", (unsigned long long)key.netns,
			(unsigned long long)key.sock, drops);
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
