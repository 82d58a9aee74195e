// SPDX-License-Identifier: GPL-2.0-or-later
/* fileio.c: small files read whole: sysctls, /proc files, state files. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "fileio.h"
#include "grow.h"

ssize_t read_fd_small(int fd, char *buf, size_t size, int *whole)
{
	size_t got = 0;

	*whole = 0;
	while (got < size - 1) {
		ssize_t n = pread(fd, buf + got, size - 1 - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) {
			*whole = 1;
			break;
		}
		got += (size_t)n;
		/* /proc and /sys files answer in one read: a short one is
		 * the end, which saves a second read to find it. */
		if (got < size - 1) {
			*whole = 1;
			break;
		}
	}
	buf[got] = '\0';
	return (ssize_t)got;
}

ssize_t read_file_at(int dirfd, const char *path, char **buf, size_t *cap, size_t max)
{
	int fd = openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	size_t got = 0;
	int err = 0;

	if (fd < 0)
		return -errno;
	for (;;) {
		/* Room for the NUL: at most max - 1 bytes of the file. */
		size_t limit = *cap < max ? *cap : max;
		ssize_t n;

		if (got + 1 >= limit && limit < max) {
			if (grow(buf, cap, *cap, 1, 4096) < 0) {
				err = -ENOMEM;
				break;
			}
			continue;
		}
		if (got + 1 >= limit) {
			char more;

			/* Full: the file fits only if it ends here. */
			while ((n = read(fd, &more, 1)) < 0 && errno == EINTR)
				;
			err = n < 0 ? -errno : n > 0 ? -EFBIG : 0;
			break;
		}
		n = read(fd, *buf + got, limit - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (err < 0)
		return err;
	(*buf)[got] = '\0';
	return (ssize_t)got;
}
