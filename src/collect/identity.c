// SPDX-License-Identifier: GPL-2.0-or-later
/* identity.c: which process identifies each namespace; its cgroup, container label and UTS hostname. */
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
#include "proc_walk.h"
#include "identity.h"

#define SELF_UTS "/proc/thread-self/ns/uts"

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

ssize_t identity_cgroup(int procfd, const char *pid, char *path, size_t size)
{
	char file[64], text[8192];
	const char *p;
	size_t len = 0, got = 0;
	ssize_t n;
	int fd;

	snprintf(file, sizeof(file), "%s/cgroup", pid);
	fd = openat(procfd, file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got < sizeof(text) - 1 && (n = read(fd, text + got, sizeof(text) - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	text[got] = '\0';
	p = cgroup_line(text, "", &len, true);
	if (!p || (len == 1 && p[0] == '/'))
		p = cgroup_line(text, "name=systemd", &len, false) ?: p;
	if (!p)
		return -ENOENT;
	if (len >= size)
		len = size - 1;
	memcpy(path, p, len);
	path[len] = '\0';
	return (ssize_t)len;
}

/* A label naming a container, pod or machine, not only a service. */
static bool names_container(const char *label)
{
	return *label && strncmp(label, "unit:", 5);
}

static int identify(struct netns *ns, uint32_t pid, const char *path, size_t len,
		    const char *label, size_t label_len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, path, len);
	copy[len] = '\0';
	free(ns->cgroup);
	ns->cgroup = copy;
	ns->pid = pid;
	memcpy(ns->container, label, label_len);
	ns->container_len = (uint8_t)label_len;
	return 0;
}

int identity_visit(struct netns *ns, struct ident_state *state, int procfd, const char *name,
		   uint32_t pid)
{
	char path[4096], label[sizeof(ns->container)];
	ssize_t len;

	if (state->step == IDENT_DONE)
		return 0;
	if (++state->looked >= IDENT_LOOK_MAX && state->step == IDENT_FALLBACK)
		state->step = IDENT_DONE;
	len = identity_cgroup(procfd, name, path, sizeof(path));
	if (len < 0) {
		/* Gone, or not ours to read: the lowest pid still counts. */
		if (state->step == IDENT_NONE) {
			ns->pid = pid;
			state->step = pid == 1 ? IDENT_DONE : IDENT_FALLBACK;
		}
		return 0;
	}
	size_t label_len = container_label(path, (size_t)len, label, sizeof(label));

	if (pid == 1 || names_container(label) || state->step == IDENT_NONE) {
		if (identify(ns, pid, path, (size_t)len, label, label_len) < 0)
			return -ENOMEM;
		if (pid == 1 || names_container(label))
			state->step = IDENT_DONE;
		else if (state->step == IDENT_NONE)
			state->step = IDENT_FALLBACK;
	}
	return 0;
}

static void set_hostname(struct netns *ns, const struct utsname *u)
{
	snprintf(ns->hostname, sizeof(ns->hostname), "%s", u->nodename);
	ns->hostname_known = true;
}

/* The hostname of ns->pid's UTS namespace. Returns 0 (known or not), or a
 * negative errno when sockq could not come back to its own. */
static int read_hostname(struct netns *ns, int home_fd, const struct stat *home)
{
	char path[64];
	struct utsname u;
	struct stat st;
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/%u/ns/uts", ns->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (st.st_dev == home->st_dev && st.st_ino == home->st_ino) {
		close(fd);
		if (uname(&u) == 0)
			set_hostname(ns, &u);
		return 0;
	}
	if (setns(fd, CLONE_NEWUTS) < 0) {
		close(fd);
		return 0;
	}
	close(fd);
	if (uname(&u) == 0)
		set_hostname(ns, &u);
	/* Back home, and checked: a hostname read later must be ours. */
	if (setns(home_fd, CLONE_NEWUTS) < 0 || stat(SELF_UTS, &st) < 0)
		err = -errno;
	else if (st.st_dev != home->st_dev || st.st_ino != home->st_ino)
		err = -EXDEV;
	return err;
}

int identity_finish(struct listener_set *set, unsigned what, struct report *r)
{
	struct stat home;
	int home_fd = -1, procfd, err = 0;

	if (what & IDENT_HOSTNAME)
		home_fd = open(SELF_UTS, O_RDONLY | O_CLOEXEC);
	if (home_fd < 0 || fstat(home_fd, &home) < 0) {
		if (home_fd >= 0)
			close(home_fd);
		home_fd = -1;
	}
	if ((procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		what = 0;
	for (size_t i = 0; i < set->nns && err == 0 && what; i++) {
		struct netns *ns = &set->ns[i];
		char name[16];
		struct stat st;

		ns->hostname_known = false;
		ns->comm[0] = '\0';
		if (!ns->pid)
			continue;
		snprintf(name, sizeof(name), "%u", ns->pid);
		if (what & IDENT_COMMAND)
			ns->comm[proc_read_comm(procfd, name, ns->comm, sizeof(ns->comm) - 1)] = '\0';
		if (home_fd >= 0)
			err = read_hostname(ns, home_fd, &home);
		/* The pid was found in an earlier walk and may belong to another
		 * process by now: what was read names the namespace only if its
		 * process is still in it. */
		if (proc_netns_stat(procfd, name, &st) < 0 || st.st_dev != ns->dev ||
		    st.st_ino != ns->ino) {
			ns->comm[0] = '\0';
			ns->hostname_known = false;
		}
		if (err < 0)
			report_error(r, "cannot return to the original UTS namespace after reading "
				     "the hostname of netns %s: %s; stopping", ns->label, strerror(-err));
	}
	if (home_fd >= 0)
		close(home_fd);
	if (procfd >= 0)
		close(procfd);
	return err;
}
