// SPDX-License-Identifier: GPL-2.0-or-later
/* proc_walk.c: iterating /proc's process directories. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proc_walk.h"

/* How many processes are visited between two looks at the cancel. */
#define CANCEL_EVERY 256

int proc_walk(int procfd, proc_visit_t visit, void *data, const struct cancel *c)
{
	/* readdir() needs a descriptor of its own, with its own position:
	 * fdopendir() takes it over, and the visitors keep procfd for openat(). */
	int dirfd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	unsigned visited = 0;
	DIR *d;
	int ret = 0;

	if (dirfd < 0)
		return -errno;
	d = fdopendir(dirfd);
	if (!d) {
		ret = -errno;
		close(dirfd);
		return ret;
	}
	while (!ret && (de = readdir(d))) {
		unsigned long pid;
		char *end;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		pid = strtoul(de->d_name, &end, 10);
		if (*end || pid > UINT32_MAX)
			continue;
		if (++visited % CANCEL_EVERY == 0 && (ret = cancel_check(c)) < 0)
			break;
		ret = visit(procfd, de->d_name, (uint32_t)pid, data);
	}
	closedir(d);
	return ret;
}

int proc_netns_stat(int procfd, const char *name, struct stat *st)
{
	char path[64];

	if ((size_t)snprintf(path, sizeof(path), "%s/ns/net", name) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return fstatat(procfd, path, st, 0);
}

size_t proc_read_comm(int procfd, const char *name, char *comm, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/comm", name);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, comm, size);
	close(fd);
	if (n <= 0)
		return 0;
	if (comm[n - 1] == '\n')
		n--;
	return (size_t)n;
}

