// SPDX-License-Identifier: GPL-2.0-or-later
/* proc_walk.c: iterating /proc's process directories. */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "proc_walk.h"
#include "sysroot.h"

/* How many processes are visited between two looks at the cancel. */
#define CANCEL_EVERY 256

static int cmp_pid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The pids under procfd, ascending: /proc lists them so, a recorded root
 * in the order its file system keeps them. 0, or a negative errno. */
static int list_pids(int procfd, uint32_t **pids, size_t *n)
{
	/* readdir() needs a descriptor of its own, with its own position:
	 * fdopendir() takes it over, and the visitors keep procfd for openat(). */
	int dirfd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	size_t cap = 0;
	bool sorted = true;
	DIR *d;
	int err = 0;

	*pids = NULL;
	*n = 0;
	if (dirfd < 0)
		return -errno;
	d = fdopendir(dirfd);
	if (!d) {
		err = -errno;
		close(dirfd);
		return err;
	}
	while ((de = readdir(d))) {
		unsigned long pid;
		char *end;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		pid = strtoul(de->d_name, &end, 10);
		if (*end || pid > UINT32_MAX)
			continue;
		if (grow(pids, &cap, *n, sizeof(**pids), 1024) < 0) {
			err = -ENOMEM;
			break;
		}
		sorted = sorted && (!*n || (*pids)[*n - 1] < pid);
		(*pids)[(*n)++] = (uint32_t)pid;
	}
	closedir(d);
	if (err == 0 && !sorted)
		qsort(*pids, *n, sizeof(**pids), cmp_pid);
	return err;
}

int proc_walk(int procfd, proc_visit_t visit, void *data, const struct cancel *c)
{
	uint32_t *pids;
	size_t n;
	int ret = list_pids(procfd, &pids, &n);

	for (size_t i = 0; ret == 0 && i < n; i++) {
		char name[16];

		if ((i + 1) % CANCEL_EVERY == 0 && (ret = cancel_check(c)) < 0)
			break;
		snprintf(name, sizeof(name), "%u", pids[i]);
		ret = visit(procfd, name, pids[i], data);
	}
	free(pids);
	return ret;
}

int proc_netns_stat(int procfd, const char *name, struct stat *st)
{
	char path[64];

	if ((size_t)snprintf(path, sizeof(path), "%s/ns/net", name) >= sizeof(path))
		return -ENAMETOOLONG;
	memset(st, 0, sizeof(*st));
	return nsfile_id(procfd, path, &st->st_dev, &st->st_ino);
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

