// SPDX-License-Identifier: GPL-2.0-or-later
/* atomic.c: replacing a file whole, so no reader ever sees half of it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"

/* The directory of path, into dir (PATH_MAX). */
static int dir_of(const char *path, char *dir)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 1;

	if (!slash)
		path = ".";
	else if (len == 0)
		len = 1;	/* "/name": the root */
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return 0;
}

static const char *file_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFLNK: return "a symbolic link";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFIFO: return "a FIFO";
	case S_IFSOCK: return "a socket";
	case S_IFDIR: return "a directory";
	default: return "not a regular file";
	}
}

/* The rename at the end replaces whatever has the name: a device node for
 * every process on the host, or the link itself rather than what it points
 * to. Following a link instead would let whoever can plant one choose
 * where the output goes. So only a regular file, or nothing, is replaced;
 * lstat() looks at the name itself, not through it. */
int atomic_check_target(const char *path, const char **what)
{
	struct stat st;

	*what = NULL;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISREG(st.st_mode))
		return 0;
	*what = file_type(st.st_mode);
	return -EEXIST;
}

int atomic_create(struct atomic_file *a, const char *path, mode_t mode, const char **what)
{
	char dir[PATH_MAX];
	int err;

	a->path = path;
	a->fd = -1;
	a->named = false;
	if ((err = atomic_check_target(path, what)) < 0)
		return err;
	if (snprintf(a->tmp, sizeof(a->tmp), "%s.XXXXXX", path) >= (int)sizeof(a->tmp))
		return -ENAMETOOLONG;
	if ((err = dir_of(path, dir)) < 0)
		return err;
	/* A file with no name until it is complete: a run killed while
	 * writing (a service's time-out) leaves nothing behind. */
	a->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
	if (a->fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return -errno;
	if (a->fd < 0) {
		/* A file system without unnamed files: a named one, ending in
		 * random letters so a collector reading "*.prom" skips it. */
		a->fd = mkostemp(a->tmp, O_CLOEXEC);
		if (a->fd < 0)
			return -errno;
		a->named = true;
	}
	if (fchmod(a->fd, mode) < 0) {
		err = -errno;
		atomic_abort(a);
		return err;
	}
	return 0;
}

/* Gives the unnamed file its temporary name, beside path. */
static int name_it(struct atomic_file *a)
{
	char self[64];

	snprintf(self, sizeof(self), "/proc/self/fd/%d", a->fd);
	for (int tries = 0; tries < 16; tries++) {
		int fd;

		/* mkostemp() picks a free name, by making a file; that file
		 * is replaced by the link, in the same directory. */
		snprintf(a->tmp + strlen(a->path), 8, ".XXXXXX");
		if ((fd = mkostemp(a->tmp, O_CLOEXEC)) < 0)
			return -errno;
		close(fd);
		unlink(a->tmp);
		if (linkat(AT_FDCWD, self, AT_FDCWD, a->tmp, AT_SYMLINK_FOLLOW) == 0) {
			a->named = true;
			return 0;
		}
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int atomic_commit(struct atomic_file *a, const char **what)
{
	char dir[PATH_MAX];
	int err = 0, dfd;

	if (fsync(a->fd) < 0)
		err = -errno;
	/* Again, as late as can be: the output took a while to write. */
	if (err == 0)
		err = atomic_check_target(a->path, what);
	if (err == 0 && !a->named)
		err = name_it(a);
	if (close(a->fd) < 0 && err == 0)
		err = -errno;
	a->fd = -1;
	if (err == 0 && rename(a->tmp, a->path) < 0)
		err = -errno;
	if (err < 0) {
		if (a->named)
			unlink(a->tmp);
		return err;
	}
	/* The rename itself survives a crash once the directory is synced. */
	if (dir_of(a->path, dir) == 0 && (dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

void atomic_abort(struct atomic_file *a)
{
	if (a->fd >= 0) {
		close(a->fd);
		a->fd = -1;
	}
	if (a->named)
		unlink(a->tmp);
	a->named = false;
}

mode_t atomic_umask_mode(void)
{
	/* umask(2) cannot be read without being set; put it back at once. */
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}
