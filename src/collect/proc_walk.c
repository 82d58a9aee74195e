// SPDX-License-Identifier: GPL-2.0-or-later
/* proc_walk.c: iterating /proc's process directories. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proc_walk.h"

int proc_walk(proc_visit_t visit, void *data)
{
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;
	int ret = 0;

	if (procfd < 0)
		return -errno;
	/* readdir() needs its own descriptor: fdopendir() takes procfd over,
	 * and the visitors keep using it for openat(). */
	d = opendir("/proc");
	if (!d) {
		ret = -errno;
		close(procfd);
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
		ret = visit(procfd, de->d_name, (uint32_t)pid, data);
	}
	closedir(d);
	close(procfd);
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

