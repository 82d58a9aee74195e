// SPDX-License-Identifier: GPL-2.0-or-later
/* atomic.c: replacing a file whole, so no reader ever sees half of it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"

int atomic_create(struct atomic_file *a, const char *path, mode_t mode)
{
	a->path = path;
	a->fd = -1;
	if (snprintf(a->tmp, sizeof(a->tmp), "%s.XXXXXX", path) >= (int)sizeof(a->tmp))
		return -ENAMETOOLONG;
	/* The name ends in random letters, so a collector reading "*.prom"
	 * files never picks up a file still being written. */
	a->fd = mkostemp(a->tmp, O_CLOEXEC);
	if (a->fd < 0)
		return -errno;
	if (fchmod(a->fd, mode) < 0) {
		int err = -errno;

		atomic_abort(a);
		return err;
	}
	return 0;
}

int atomic_commit(struct atomic_file *a)
{
	int err = 0;

	if (fsync(a->fd) < 0)
		err = -errno;
	if (close(a->fd) < 0 && err == 0)
		err = -errno;
	a->fd = -1;
	if (err == 0 && rename(a->tmp, a->path) < 0)
		err = -errno;
	if (err < 0)
		unlink(a->tmp);
	return err;
}

void atomic_abort(struct atomic_file *a)
{
	if (a->fd >= 0) {
		close(a->fd);
		a->fd = -1;
	}
	unlink(a->tmp);
}

mode_t atomic_umask_mode(void)
{
	/* umask(2) cannot be read without being set; put it back at once. */
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}
