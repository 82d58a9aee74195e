// SPDX-License-Identifier: GPL-2.0-or-later
/* procs.c: one /proc scan mapping socket inodes to the processes holding them. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "procs.h"

/* Open addressing from inode to row; sized to twice the rows. */
struct inode_map {
	uint32_t *slot;		/* row index + 1; 0 is empty */
	size_t mask;
};

static uint32_t hash_u32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	x *= 0x846ca68bU;
	x ^= x >> 16;
	return x;
}

static int map_build(struct inode_map *m, const struct listener_set *set)
{
	size_t size = 16;

	while (size < set->n * 2)
		size <<= 1;
	m->slot = calloc(size, sizeof(*m->slot));
	if (!m->slot)
		return -ENOMEM;
	m->mask = size - 1;
	for (size_t i = 0; i < set->n; i++) {
		size_t h = hash_u32(set->v[i].inode) & m->mask;

		while (m->slot[h])
			h = (h + 1) & m->mask;
		m->slot[h] = (uint32_t)i + 1;
	}
	return 0;
}

/* Every row with this inode (a socket shows once per namespace, but a
 * replayed or odd dump may repeat it): calls back for each. */
static long map_find(const struct inode_map *m, const struct listener_set *set,
		     uint32_t inode, size_t *h)
{
	while (m->slot[*h]) {
		uint32_t row = m->slot[*h] - 1;

		*h = (*h + 1) & m->mask;
		if (set->v[row].inode == inode)
			return row;
	}
	return -1;
}

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

/* Reads /proc/PID/fd with readlinkat() relative to the directory, which
 * saves walking "/proc/PID/fd/" again for every descriptor. */
static int scan_process(struct listener_set *set, const struct inode_map *m,
			int procfd, const char *pid)
{
	char path[300], comm[32], link[64];
	size_t commlen = 0;
	bool have_comm = false;
	struct dirent *de;
	DIR *d;
	int fd;

	snprintf(path, sizeof(path), "%s/fd", pid);
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == EACCES || errno == EPERM ? 1 : 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		ssize_t n;
		uint32_t inode;
		size_t h;
		long row;

		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(fd, de->d_name, link, sizeof(link));
		if (n <= 0 || !(inode = socket_inode(link, n)))
			continue;
		h = hash_u32(inode) & m->mask;
		while ((row = map_find(m, set, inode, &h)) >= 0) {
			if (!have_comm) {
				commlen = read_comm(procfd, pid, comm, sizeof(comm));
				have_comm = true;
			}
			if (listener_add_owner(set, &set->v[row],
					       (uint32_t)strtoul(pid, NULL, 10),
					       comm, commlen) < 0) {
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
	struct inode_map m;
	struct dirent *de;
	int denied = 0, procfd;
	DIR *d;
	int err = map_build(&m, set);

	if (err < 0)
		return err;
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = procfd >= 0 ? fdopendir(procfd) : NULL;
	if (!d) {
		err = -errno;
		if (procfd >= 0)
			close(procfd);
		free(m.slot);
		return err;
	}
	while ((de = readdir(d))) {
		int ret;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		ret = scan_process(set, &m, procfd, de->d_name);
		if (ret < 0) {
			denied = ret;
			break;
		}
		denied += ret;
	}
	closedir(d);
	free(m.slot);
	return denied;
}
