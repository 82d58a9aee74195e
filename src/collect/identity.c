// SPDX-License-Identifier: GPL-2.0-or-later
/* identity.c: which process identifies each namespace; its cgroup, container label, command and UTS hostname, each checked to be the namespace's. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "container.h"
#include "fileio.h"
#include "identity.h"
#include "proc_walk.h"

#define SELF_UTS "/proc/thread-self/ns/uts"

void identity_clear(struct identity *id)
{
	free(id->cgroup);
	free(id->container);
	memset(id, 0, sizeof(*id));
}

/* The path of the line "ID:CONTROLLERS:PATH" whose controllers are want. */
static const char *cgroup_line(const char *text, const char *want, size_t *len, bool last)
{
	const char *found = NULL, *line = text;

	while (*line) {
		const char *end = strchr(line, '\n'), *c1 = strchr(line, ':'), *c2;

		if (!end)
			end = line + strlen(line);
		c2 = c1 && c1 < end ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
		if (c2 && (size_t)(c2 - c1 - 1) == strlen(want) && !memcmp(c1 + 1, want, strlen(want))) {
			found = c2 + 1;
			*len = (size_t)(end - found);
			/* The kernel writes the v2 line last: a v1 path shaped
			 * to look like one comes before it. */
			if (!last)
				return found;
		}
		line = *end ? end + 1 : end;
	}
	return found;
}

ssize_t identity_cgroup(int procfd, const char *pid, char **path, size_t *cap)
{
	char file[64], *text = NULL;
	const char *p;
	size_t len = 0, tcap = 0;
	ssize_t n;

	snprintf(file, sizeof(file), "%s/cgroup", pid);
	n = read_file_at(procfd, file, &text, &tcap, IDENT_CGROUP_FILE_MAX);
	if (n < 0) {
		free(text);
		return n;
	}
	p = cgroup_line(text, "", &len, true);
	if (!p || (len == 1 && p[0] == '/'))
		p = cgroup_line(text, "name=systemd", &len, false) ?: p;
	if (!p) {
		free(text);
		return -ENOENT;
	}
	if (*cap < len + 1) {
		char *grown = realloc(*path, len + 1);

		if (!grown) {
			free(text);
			return -ENOMEM;
		}
		*path = grown;
		*cap = len + 1;
	}
	memcpy(*path, p, len);
	(*path)[len] = '\0';
	free(text);
	return (ssize_t)len;
}

bool identity_in_netns(int procfd, uint32_t pid, dev_t dev, ino_t ino)
{
	char name[16];
	struct stat st;

	snprintf(name, sizeof(name), "%u", pid);
	return proc_netns_stat(procfd, name, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

/* A label naming a container, pod or machine, not only a service. */
static bool names_container(const char *label)
{
	return *label && strncmp(label, "unit:", 5);
}

/* The label a cgroup path names, or false when the path may be cut: its
 * last components, which name containers, may be missing or partial. */
static bool label_of(const char *path, size_t len, char *label, size_t *label_len)
{
	*label_len = 0;
	label[0] = '\0';
	if (!path || len == IDENT_CGROUP_PATH_CUT)
		return false;
	*label_len = container_label(path, len, label, CONTAINER_LABEL_MAX);
	return true;
}

/* Takes process pid's cgroup (path, len bytes; NULL when unreadable). */
static int take(struct identity *id, uint32_t pid, const char *path, size_t len)
{
	char label[CONTAINER_LABEL_MAX];
	size_t label_len;
	bool known = label_of(path, len, label, &label_len);

	identity_clear(id);
	id->pid = pid;
	id->container_known = known;
	if (!(id->container = malloc(label_len + 1)))
		return -ENOMEM;
	memcpy(id->container, label, label_len);
	id->container[label_len] = '\0';
	id->container_len = label_len;
	if (!path)
		return 0;
	if (!(id->cgroup = malloc(len + 1)))
		return -ENOMEM;
	memcpy(id->cgroup, path, len);
	id->cgroup[len] = '\0';
	id->cgroup_len = len;
	return 0;
}

/* The choice among cand[0..n), skipping the pids in skip: 0 with id
 * filled (pid 0: none). */
static int pick(int procfd, const uint32_t *cand, size_t n, const bool *skip, struct identity *id)
{
	char *path = NULL;
	size_t cap = 0, looked = 0;
	bool fallback = false;
	int err = 0;

	identity_clear(id);
	for (size_t i = 0; i < n && looked < IDENT_LOOK_MAX && err == 0; i++) {
		char name[16];
		char label[CONTAINER_LABEL_MAX];
		size_t label_len;
		ssize_t len;

		if (skip[i])
			continue;
		looked++;
		snprintf(name, sizeof(name), "%u", cand[i]);
		len = identity_cgroup(procfd, name, &path, &cap);
		if (len == -ENOMEM) {
			err = -ENOMEM;
			break;
		}
		if (len < 0) {
			/* Gone, or not ours to read: the lowest pid still counts. */
			if (!fallback) {
				err = take(id, cand[i], NULL, 0);
				fallback = true;
				if (cand[i] == 1)
					break;
			}
			continue;
		}
		label_of(path, (size_t)len, label, &label_len);
		if (cand[i] == 1 || names_container(label)) {
			err = take(id, cand[i], path, (size_t)len);
			break;
		}
		if (!fallback) {
			err = take(id, cand[i], path, (size_t)len);
			fallback = true;
		}
	}
	free(path);
	return err;
}

/* The hostname of process pid's UTS namespace. Returns 0 (known or not),
 * or -EXDEV when sockq could not come back to its own. */
static int read_hostname(int procfd, struct identity *id)
{
	char path[64];
	struct utsname u;
	struct stat st, home;
	int fd, home_fd, err = 0;

	snprintf(path, sizeof(path), "%u/ns/uts", id->pid);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	home_fd = open(SELF_UTS, O_RDONLY | O_CLOEXEC);
	if (home_fd < 0 || fstat(home_fd, &home) < 0 || fstat(fd, &st) < 0) {
		close(fd);
		if (home_fd >= 0)
			close(home_fd);
		return 0;
	}
	if (st.st_dev == home.st_dev && st.st_ino == home.st_ino) {
		if (uname(&u) == 0)
			goto known;
		goto out;
	}
	if (setns(fd, CLONE_NEWUTS) < 0)
		goto out;
	if (uname(&u) < 0)
		u.nodename[0] = '\0';
	/* Back home, and checked: a hostname read later must be ours. */
	if (setns(home_fd, CLONE_NEWUTS) < 0 || stat(SELF_UTS, &st) < 0 ||
	    st.st_dev != home.st_dev || st.st_ino != home.st_ino) {
		err = -EXDEV;
		goto out;
	}
known:
	snprintf(id->hostname, sizeof(id->hostname), "%s", u.nodename);
	id->hostname_known = true;
out:
	close(fd);
	close(home_fd);
	return err;
}

/* A recording's stand-in for a process's UTS namespace. */
static void recorded_hostname(int procfd, struct identity *id)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%u/hostname", id->pid);
	fd = openat(procfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, id->hostname, sizeof(id->hostname) - 1);
	close(fd);
	if (n < 0)
		return;
	id->hostname[n] = '\0';
	id->hostname_known = true;
}

int identity_choose(int procfd, const uint32_t *cand, size_t n, dev_t dev, ino_t ino,
		    needs_t needs, bool recorded, struct identity *id)
{
	bool *skip = calloc(n ? n : 1, sizeof(*skip));
	int err = 0;

	if (!skip)
		return -ENOMEM;
	for (;;) {
		char name[16];

		err = pick(procfd, cand, n, skip, id);
		if (err < 0 || !id->pid)
			break;
		snprintf(name, sizeof(name), "%u", id->pid);
		if (needs & NEED_NS_COMMAND) {
			size_t len = proc_read_comm(procfd, name, id->comm, sizeof(id->comm) - 1);

			id->comm[len] = '\0';
			id->comm_known = true;
		}
		if ((needs & NEED_NS_HOSTNAME) && recorded)
			recorded_hostname(procfd, id);
		else if ((needs & NEED_NS_HOSTNAME) && (err = read_hostname(procfd, id)) < 0)
			break;
		/* Read from a process that may have left the namespace, or died
		 * and had its pid reused: it counts only if it lives in the
		 * namespace now, after everything was read. Otherwise the next
		 * one is chosen. */
		if (identity_in_netns(procfd, id->pid, dev, ino))
			break;
		for (size_t i = 0; i < n; i++)
			if (cand[i] == id->pid)
				skip[i] = true;
	}
	if (err < 0 || !id->pid)
		identity_clear(id);
	free(skip);
	return err;
}
