// SPDX-License-Identifier: GPL-2.0-or-later
/* netns.c: resolving --netns specs, finding every namespace, entering them. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "caps.h"
#include "netns.h"

#define SELF_NS "/proc/thread-self/ns/net"

int netns_home_open(struct netns_home *home)
{
	struct stat st;

	home->fd = open(SELF_NS, O_RDONLY | O_CLOEXEC);
	if (home->fd < 0)
		return -errno;
	if (fstat(home->fd, &st) < 0) {
		int err = -errno;

		close(home->fd);
		return err;
	}
	home->dev = st.st_dev;
	home->ino = st.st_ino;
	return 0;
}

void netns_home_close(struct netns_home *home)
{
	if (home->fd >= 0)
		close(home->fd);
	home->fd = -1;
}

int netns_enter(const struct netns *ns)
{
	if (ns->current)
		return 0;
	return setns(ns->fd, CLONE_NEWNET) < 0 ? -errno : 0;
}

int netns_leave(const struct netns_home *home)
{
	struct stat st;

	if (setns(home->fd, CLONE_NEWNET) < 0)
		return -errno;
	/* Trust, but verify: every row read afterwards is labelled with the
	 * namespace we believe we are in. */
	if (stat(SELF_NS, &st) < 0)
		return -errno;
	if (st.st_dev != home->dev || st.st_ino != home->ino)
		return -EXDEV;
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

bool netns_spec_valid(const char *spec)
{
	if (!*spec)
		return false;
	if (spec[0] == '/' || !strcmp(spec, "all"))
		return true;
	if (all_digits(spec)) {
		char *end;
		long pid = strtol(spec, &end, 10);

		return pid > 0 && pid <= INT_MAX;
	}
	return !strchr(spec, '/') && strcmp(spec, ".") && strcmp(spec, "..") &&
	       strlen(spec) <= NAME_MAX;
}

static const char *nstype_name(int type)
{
	switch (type) {
	case CLONE_NEWNS: return "mount";
	case CLONE_NEWUTS: return "uts";
	case CLONE_NEWIPC: return "ipc";
	case CLONE_NEWUSER: return "user";
	case CLONE_NEWPID: return "pid";
	case CLONE_NEWCGROUP: return "cgroup";
#ifdef CLONE_NEWTIME
	case CLONE_NEWTIME: return "time";
#endif
	default: return "non-network";
	}
}

/* Opens a network namespace file, after checking that it is one: open()
 * on an arbitrary path could block (a FIFO) or have side effects (a
 * device), so stat and statfs come first. On failure *why says what the
 * path is instead, and a negative errno is returned. */
static int open_netns_file(const char *path, struct stat *st, char *why, size_t whysz)
{
	struct statfs sfs;
	int fd, type;

	if (stat(path, st) < 0) {
		int err = -errno;

		snprintf(why, whysz, "%s", strerror(errno));
		return err;
	}
	if (S_ISDIR(st->st_mode)) {
		snprintf(why, whysz, "%s is a directory, not a network namespace file", path);
		return -EISDIR;
	}
	if (statfs(path, &sfs) < 0 || sfs.f_type != NSFS_MAGIC) {
		snprintf(why, whysz, "%s is not a namespace file", path);
		return -EINVAL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		int err = -errno;

		snprintf(why, whysz, "%s", strerror(errno));
		return err;
	}
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type != CLONE_NEWNET) {
		if (type < 0)
			snprintf(why, whysz, "%s is not a namespace file", path);
		else
			snprintf(why, whysz, "%s is a %s namespace, not a network namespace",
				 path, nstype_name(type));
		close(fd);
		return -EINVAL;
	}
	return fd;
}

/* Namespaces bound under /run/netns, for labels. */
struct named {
	char *name;
	dev_t dev;
	ino_t ino;
};

struct named_list {
	struct named *v;
	size_t n;
};

static void named_free(struct named_list *nl)
{
	for (size_t i = 0; i < nl->n; i++)
		free(nl->v[i].name);
	free(nl->v);
}

static int scan_named(struct named_list *nl)
{
	DIR *d = opendir(NETNS_RUN_DIR);
	struct dirent *de;

	nl->v = NULL;
	nl->n = 0;
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		struct named *v;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", de->d_name);
		/* A stale entry (its mount gone) is a plain file: skip it. */
		if (stat(path, &st) < 0)
			continue;
		v = reallocarray(nl->v, nl->n + 1, sizeof(*v));
		if (!v)
			goto nomem;
		nl->v = v;
		v[nl->n].name = strdup(de->d_name);
		if (!v[nl->n].name)
			goto nomem;
		v[nl->n].dev = st.st_dev;
		v[nl->n].ino = st.st_ino;
		nl->n++;
	}
	closedir(d);
	return 0;
nomem:
	closedir(d);
	return -ENOMEM;
}

static const char *named_lookup(const struct named_list *nl, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < nl->n; i++)
		if (nl->v[i].dev == dev && nl->v[i].ino == ino)
			return nl->v[i].name;
	return NULL;
}

static struct netns *ns_find(struct listener_set *set, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < set->nns; i++)
		if (set->ns[i].dev == dev && set->ns[i].ino == ino)
			return &set->ns[i];
	return NULL;
}

static void sysctl_unknown(struct ns_sysctl *s)
{
	s->somaxconn = s->tcp_max_syn_backlog = SOCKQ_UNKNOWN;
	s->tcp_syncookies = s->tcp_abort_on_overflow = SOCKQ_UNKNOWN;
	s->listen_overflows = s->listen_drops = UINT64_MAX;
}

/* Takes ownership of fd. A namespace already in the set is kept once. */
static int ns_add(struct listener_set *set, const struct netns_home *home,
		  const struct named_list *nl, int fd, const struct stat *st,
		  uint32_t pid)
{
	struct netns *ns = ns_find(set, st->st_dev, st->st_ino);
	const char *name;

	if (ns) {
		close(fd);
		if (pid && (!ns->pid || pid < ns->pid))
			ns->pid = pid;
		return 0;
	}
	ns = reallocarray(set->ns, set->nns + 1, sizeof(*ns));
	if (!ns) {
		close(fd);
		return -ENOMEM;
	}
	set->ns = ns;
	ns = &set->ns[set->nns];
	memset(ns, 0, sizeof(*ns));
	sysctl_unknown(&ns->sys);
	ns->dev = st->st_dev;
	ns->ino = st->st_ino;
	ns->pid = pid;
	ns->current = st->st_dev == home->dev && st->st_ino == home->ino;
	ns->fd = fd;
	if (ns->current && fd >= 0) {
		close(fd);
		ns->fd = -1;
	}
	name = named_lookup(nl, st->st_dev, st->st_ino);
	if (name)
		ns->label = strdup(name);
	else if (asprintf(&ns->label, "net:[%lu]", (unsigned long)st->st_ino) < 0)
		ns->label = NULL;
	if (!ns->label) {
		if (ns->fd >= 0)
			close(ns->fd);
		return -ENOMEM;
	}
	set->nns++;
	return 0;
}

static int add_current(struct listener_set *set, const struct netns_home *home,
		       const struct named_list *nl)
{
	struct stat st = { .st_dev = home->dev, .st_ino = home->ino };

	return ns_add(set, home, nl, -1, &st, 0);
}

/* One explicit NAME, PATH or PID; any failure is the user's to fix. */
static int add_spec(struct listener_set *set, const struct netns_home *home,
		    const struct named_list *nl, const char *spec)
{
	char path[PATH_MAX], why[PATH_MAX + 128];
	struct stat st;
	int fd;

	if (spec[0] == '/')
		snprintf(path, sizeof(path), "%s", spec);
	else if (all_digits(spec))
		snprintf(path, sizeof(path), "/proc/%s/ns/net", spec);
	else
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", spec);
	fd = open_netns_file(path, &st, why, sizeof(why));
	if (fd >= 0)
		return ns_add(set, home, nl, fd, &st, 0);
	if (fd == -ENOENT && all_digits(spec))
		msg_error("--netns %s: no process with PID %s", spec, spec);
	else if (fd == -ENOENT && spec[0] != '/')
		msg_error("--netns %s: no network namespace named '%s' in " NETNS_RUN_DIR
			  " (see 'ip netns list')", spec, spec);
	else if ((fd == -EACCES || fd == -EPERM) && all_digits(spec))
		msg_error("--netns %s: %s: reading another user's process namespace needs "
			  "CAP_SYS_PTRACE; run sockq as root", spec, why);
	else if (fd == -EINVAL && spec[0] != '/' && !all_digits(spec))
		msg_error("--netns %s: %s (a stale entry? 'ip netns delete %s' removes it)",
			  spec, why, spec);
	else
		msg_error("--netns %s: %s", spec, why);
	return fd;
}

/* Every namespace on the host: the named ones and every one a process
 * lives in. Processes come and go while we look: one that vanished is
 * skipped silently, one we may not inspect is counted. */
static int add_all(struct listener_set *set, const struct netns_home *home,
		   const struct named_list *nl, struct report *r)
{
	char path[PATH_MAX], why[PATH_MAX + 128];
	unsigned denied = 0;
	unsigned long first_denied = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int err;

	for (size_t i = 0; i < nl->n; i++) {
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", nl->v[i].name);
		int fd = open_netns_file(path, &st, why, sizeof(why));

		if (fd == -EACCES || fd == -EPERM)
			msg_warn(r, "%s: %s", path, why);
		if (fd >= 0 && (err = ns_add(set, home, nl, fd, &st, 0)) < 0)
			return err;
	}
	d = opendir("/proc");
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		struct netns *known;
		unsigned long pid;
		int fd;

		if (!all_digits(de->d_name))
			continue;
		pid = strtoul(de->d_name, NULL, 10);
		snprintf(path, sizeof(path), "/proc/%lu/ns/net", pid);
		if (stat(path, &st) < 0) {
			if ((errno == EACCES || errno == EPERM) && !denied++)
				first_denied = pid;
			continue;
		}
		known = ns_find(set, st.st_dev, st.st_ino);
		if (known) {
			if (!known->pid || pid < known->pid)
				known->pid = (uint32_t)pid;
			continue;
		}
		fd = open_netns_file(path, &st, why, sizeof(why));
		if (fd < 0)
			continue;
		err = ns_add(set, home, nl, fd, &st, (uint32_t)pid);
		if (err < 0) {
			closedir(d);
			return err;
		}
	}
	closedir(d);
	/* Without CAP_SYS_PTRACE that is ours to fix. With it, the process is
	 * shielded by something no capability overrides (it belongs to an
	 * ancestor user namespace, or an LSM says no): worth a note only. */
	if (denied && !caps_effective(CAP_SYS_PTRACE))
		msg_warn(r, "the network namespace of %u processes (first: pid %lu) could not "
			    "be inspected: reading another user's /proc/PID/ns needs "
			    "CAP_SYS_PTRACE; run sockq as root", denied, first_denied);
	else if (denied)
		msg_note("the network namespace of %u processes (first: pid %lu) could not be "
			 "inspected, even with CAP_SYS_PTRACE", denied, first_denied);
	return 0;
}

static void read_comm(struct netns *ns)
{
	char path[64];
	ssize_t n;
	int fd;

	ns->comm[0] = '\0';
	if (!ns->pid)
		return;
	snprintf(path, sizeof(path), "/proc/%u/comm", ns->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, ns->comm, sizeof(ns->comm) - 1);
	close(fd);
	if (n <= 0) {
		ns->comm[0] = '\0';
		return;
	}
	if (ns->comm[n - 1] == '\n')
		n--;
	ns->comm[n] = '\0';
}

void netns_find_processes(struct listener_set *set)
{
	struct dirent *de;
	DIR *d = opendir("/proc");

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[PATH_MAX];
		struct netns *ns;
		struct stat st;
		unsigned long pid;

		if (!all_digits(de->d_name))
			continue;
		pid = strtoul(de->d_name, NULL, 10);
		snprintf(path, sizeof(path), "/proc/%lu/ns/net", pid);
		if (stat(path, &st) < 0)
			continue;
		ns = ns_find(set, st.st_dev, st.st_ino);
		if (ns && (!ns->pid || pid < ns->pid))
			ns->pid = (uint32_t)pid;
	}
	closedir(d);
	for (size_t i = 0; i < set->nns; i++)
		read_comm(&set->ns[i]);
}

static int cmp_label(const void *a, const void *b)
{
	const struct netns *x = a, *y = b;

	return strcmp(x->label, y->label);
}

int netns_resolve(const struct options *o, const struct netns_home *home,
		  struct listener_set *set, struct report *r)
{
	struct named_list nl;
	int err = scan_named(&nl);

	if (err < 0) {
		msg_error(NETNS_RUN_DIR ": %s", strerror(-err));
		return err;
	}
	if (o->n_netns_specs == 0 && (err = add_current(set, home, &nl)) < 0)
		msg_error("current network namespace: %s", strerror(-err));
	for (size_t i = 0; i < o->n_netns_specs && err >= 0; i++) {
		if (strcmp(o->netns_specs[i], "all")) {
			err = add_spec(set, home, &nl, o->netns_specs[i]);
			continue;
		}
		err = add_current(set, home, &nl);
		if (err >= 0)
			err = add_all(set, home, &nl, r);
		if (err < 0)
			msg_error("--netns all: %s", strerror(-err));
	}
	named_free(&nl);
	if (err < 0)
		return err;
	for (size_t i = 0; i < set->nns; i++)
		read_comm(&set->ns[i]);
	qsort(set->ns, set->nns, sizeof(*set->ns), cmp_label);
	return 0;
}
