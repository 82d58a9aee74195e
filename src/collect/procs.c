// SPDX-License-Identifier: GPL-2.0-or-later
/* procs.c: one /proc scan mapping socket inodes to the processes holding them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inode_map.h"
#include "proc_walk.h"
#include "procs.h"

/* "socket:[12345]" -> 12345, or 0 for any other link. */
static uint32_t socket_inode(const char *link, ssize_t len)
{
	uint64_t v = 0;

	if (len < 10 || memcmp(link, "socket:[", 8) || link[len - 1] != ']')
		return 0;
	for (ssize_t i = 8; i < len - 1; i++) {
		if (link[i] < '0' || link[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(link[i] - '0');
		if (v > UINT32_MAX)
			return 0;
	}
	return (uint32_t)v;
}

static size_t read_comm(int procfd, const char *pid, char *comm, size_t size)
{
	char path[300];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/comm", pid);
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

struct owner_scan {
	struct listener_set *set;
	struct inode_map rows;	/* socket inode -> row */
	int denied;		/* processes whose descriptors were unreadable */
};

/* Reads /proc/PID/fd with readlinkat() relative to the directory, which
 * saves walking "/proc/PID/fd/" again for every descriptor. */
static int scan_process(int procfd, const char *pid_name, uint32_t pid, void *data)
{
	struct owner_scan *sc = data;
	char path[300], comm[32], link[64];
	size_t commlen = 0;
	bool have_comm = false;
	struct dirent *de;
	DIR *d;
	int fd;

	snprintf(path, sizeof(path), "%s/fd", pid_name);
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			sc->denied++;
		return 0;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		ssize_t n;
		uint32_t inode, *row;
		size_t pos;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(fd, de->d_name, link, sizeof(link));
		if (n <= 0 || !(inode = socket_inode(link, n)))
			continue;
		pos = inode_map_start(&sc->rows, inode);
		while ((row = inode_map_next(&sc->rows, inode, &pos))) {
			if (!have_comm) {
				commlen = read_comm(procfd, pid_name, comm, sizeof(comm));
				have_comm = true;
			}
			if (listener_add_owner(sc->set, &sc->set->v[*row], pid, comm, commlen) < 0) {
				closedir(d);
				return -ENOMEM;
			}
		}
	}
	closedir(d);
	return 0;
}

int procs_scan_owners(struct listener_set *set)
{
	struct owner_scan sc = { .set = set };
	int err = inode_map_reserve(&sc.rows, set->n);

	/* Socket inodes are unique across namespaces: one map for every row. */
	for (size_t i = 0; err == 0 && i < set->n; i++)
		inode_map_add(&sc.rows, set->v[i].inode, (uint32_t)i);
	if (err == 0)
		err = proc_walk(scan_process, &sc);
	inode_map_free(&sc.rows);
	return err < 0 ? err : sc.denied;
}
