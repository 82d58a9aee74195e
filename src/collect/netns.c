// SPDX-License-Identifier: GPL-2.0-or-later
/* netns.c: resolving --netns specs, finding every namespace, entering them. */
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
#include "identity.h"
#include "grow.h"
#include "inode_map.h"
#include "netns.h"
#include "proc_walk.h"

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

int netns_enter(int fd)
{
	if (fd < 0)
		return 0;
	return setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
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

/* Whether fd (an O_PATH descriptor) is a namespace file: checked on the
 * descriptor, so what was checked is what is opened. */
static int check_nsfs(int fd, const char *path, char *why, size_t whysz)
{
	struct statfs sfs;
	struct stat st;

	if (fstat(fd, &st) < 0) {
		int err = -errno;

		snprintf(why, whysz, "%s", strerror(-err));
		return err;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(why, whysz, "%s is a directory, not a network namespace file", path);
		return -EISDIR;
	}
	if (fstatfs(fd, &sfs) < 0 || sfs.f_type != NSFS_MAGIC) {
		snprintf(why, whysz, "%s is not a namespace file", path);
		return -EINVAL;
	}
	return 0;
}

/* Opens a network namespace file, resolving path once. The path is
 * opened with O_PATH, which opens nothing (a device's open can have side
 * effects, a FIFO's can block), checked on that descriptor to be a
 * namespace file, and only then opened for reading through the
 * descriptor, never by path again. With as_user, every step runs with the
 * effective capabilities lowered: a path the user named reaches only what
 * the user could reach. On failure *why says what the path is instead and
 * a negative errno is returned; st receives the namespace's identity. */
static int open_netns_file(const char *path, bool as_user, struct stat *st,
			   char *why, size_t whysz)
{
	char self[64];
	int pfd, fd = -1, type, err;

	if (as_user && (err = caps_lower()) < 0) {
		snprintf(why, whysz, "cannot lower capabilities: %s", strerror(-err));
		return err;
	}
	pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0) {
		err = -errno;
		snprintf(why, whysz, "%s", strerror(errno));
		goto out;
	}
	err = check_nsfs(pfd, path, why, whysz);
	if (err == 0) {
		snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
		fd = open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd < 0) {
			err = -errno;
			snprintf(why, whysz, "%s", strerror(errno));
		}
	}
	close(pfd);
	if (err == 0 && (type = ioctl(fd, NS_GET_NSTYPE)) != CLONE_NEWNET) {
		if (type < 0)
			snprintf(why, whysz, "%s is not a namespace file", path);
		else
			snprintf(why, whysz, "%s is a %s namespace, not a network namespace",
				 path, nstype_name(type));
		err = -EINVAL;
	}
	if (err == 0 && fstat(fd, st) < 0) {
		err = -errno;
		snprintf(why, whysz, "%s", strerror(errno));
	}
	if (err < 0 && fd >= 0)
		close(fd);
out:
	if (as_user) {
		int rerr = caps_raise();

		/* Said whatever became of the open: with capabilities left
		 * lowered every later namespace would fail for a false cause. */
		if (rerr < 0) {
			if (err == 0)
				close(fd);
			snprintf(why, whysz, "cannot raise capabilities again: %s", strerror(-rerr));
			return rerr;
		}
	}
	return err < 0 ? err : fd;
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
	named_free(nl);
	nl->v = NULL;
	nl->n = 0;
	return -ENOMEM;
}

static const char *named_lookup(const struct named_list *nl, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < nl->n; i++)
		if (nl->v[i].dev == dev && nl->v[i].ino == ino)
			return nl->v[i].name;
	return NULL;
}

/* The namespaces found so far, how to reach each, and how far each is
 * identified. */
struct found {
	struct listener_set *set;
	struct ns_source *src;		/* beside set->ns */
	struct ident_state *ident;	/* beside set->ns */
	size_t ns_cap, src_cap, ident_cap;	/* room in each, doubled as they fill */
	struct inode_map index;		/* namespace inode -> its index + 1 */
	const struct netns_home *home;
	const struct named_list *named;
	struct report *r;
};

/* Namespace inodes are unique on one nsfs: the inode alone is the key. A
 * walk of /proc looks one up for every process. */
static struct netns *ns_find(const struct found *f, dev_t dev, ino_t ino)
{
	size_t pos = inode_map_start(&f->index, ino);
	uint32_t *v;

	while ((v = inode_map_next(&f->index, ino, &pos)))
		if (f->set->ns[*v - 1].dev == dev)
			return &f->set->ns[*v - 1];
	return NULL;
}

static void sysctl_unknown(struct ns_sysctl *s)
{
	s->somaxconn = s->tcp_max_syn_backlog = SOCKQ_UNKNOWN;
	s->tcp_syncookies = s->tcp_abort_on_overflow = SOCKQ_UNKNOWN;
	for (int i = 0; i < CNT_COUNT; i++)
		s->counter[i] = UINT64_MAX;
}

/* Adds the namespace with identity st once, reached through src (whose fd
 * it takes over); one already known keeps its lowest pid. */
static int ns_add(struct found *f, const struct stat *st, struct ns_source src)
{
	struct listener_set *set = f->set;
	struct netns *ns = ns_find(f, st->st_dev, st->st_ino);
	const char *name;

	if (ns) {
		struct ns_source *known = &f->src[ns - set->ns];

		if (src.fd >= 0 && known->fd < 0 && !ns->current)
			known->fd = src.fd;
		else if (src.fd >= 0)
			close(src.fd);
		if (src.pid && !known->pid)
			known->pid = src.pid;
		return 0;
	}
	/* A host may have thousands: the arrays double, never grow by one. */
	if (grow(&f->src, &f->src_cap, set->nns, sizeof(*f->src), 64) < 0 ||
	    grow(&f->ident, &f->ident_cap, set->nns, sizeof(*f->ident), 64) < 0 ||
	    grow(&set->ns, &f->ns_cap, set->nns, sizeof(*set->ns), 64) < 0 ||
	    inode_map_reserve(&f->index, 1) < 0) {
		if (src.fd >= 0)
			close(src.fd);
		return -ENOMEM;
	}
	ns = &set->ns[set->nns];
	memset(ns, 0, sizeof(*ns));
	sysctl_unknown(&ns->sys);
	ns->dev = st->st_dev;
	ns->ino = st->st_ino;
	ns->current = st->st_dev == f->home->dev && st->st_ino == f->home->ino;
	if (ns->current && src.fd >= 0) {
		close(src.fd);
		src.fd = -1;
	}
	name = named_lookup(f->named, st->st_dev, st->st_ino);
	src.named = name != NULL;
	if (name)
		ns->label = strdup(name);
	else if (asprintf(&ns->label, "net:[%lu]", (unsigned long)st->st_ino) < 0)
		ns->label = NULL;
	if (!ns->label) {
		if (src.fd >= 0)
			close(src.fd);
		return -ENOMEM;
	}
	f->src[set->nns] = src;
	f->ident[set->nns] = (struct ident_state){ .step = IDENT_NONE };
	inode_map_add(&f->index, st->st_ino, (uint32_t)set->nns + 1);
	set->nns++;
	return 0;
}

static int add_current(struct found *f)
{
	struct stat st = { .st_dev = f->home->dev, .st_ino = f->home->ino };

	return ns_add(f, &st, (struct ns_source){ .fd = -1 });
}

/* Why another process's namespace could not be read, and what to do. */
static void pid_denied(struct found *f, const char *spec, const char *why)
{
	char hint[PATH_MAX + 64];

	if (caps_effective(CAP_SYS_PTRACE)) {
		report_error(f->r, "--netns %s: %s, even with CAP_SYS_PTRACE: the process "
			     "belongs to a user namespace that is not sockq's own or one below "
			     "it, or a security module refuses", spec, why);
		return;
	}
	caps_setcap_hint(hint, sizeof(hint));
	report_error(f->r, "--netns %s: %s: reading another user's process namespace needs "
		     "CAP_SYS_PTRACE; run sockq as root, or grant it with: %s", spec, why, hint);
}

static int add_all(struct found *f);

/* A NAME that is not under /run/netns may be a container label or a
 * hostname (sockq -S -N all lists them): every namespace is found and named
 * to look for it, and it must name exactly one. */
static int add_by_identity(struct found *f, const char *spec)
{
	struct listener_set all = { 0 };
	struct report quiet = { 0 };
	struct found every = { .set = &all, .home = f->home, .named = f->named, .r = &quiet };
	const struct netns *match = NULL;
	const struct ns_source *src = NULL;
	size_t matches = 0;
	int err = add_current(&every);

	/* Messages about namespaces the user did not ask for stay unsaid. */
	if (err == 0)
		err = add_all(&every);
	if (err == 0)
		err = netns_identify(&all, true, IDENT_HOSTNAME, &quiet);
	for (size_t i = 0; err == 0 && i < all.nns; i++) {
		const struct netns *ns = &all.ns[i];

		if ((ns->container_len == strlen(spec) && !memcmp(ns->container, spec, ns->container_len)) ||
		    (ns->hostname_known && !strcmp(ns->hostname, spec))) {
			matches++;
			match = ns;
			src = &every.src[i];
		}
	}
	if (err == 0 && matches == 1) {
		struct stat st = { .st_dev = match->dev, .st_ino = match->ino };

		err = ns_add(f, &st, (struct ns_source){ .fd = -1, .pid = src->pid });
	} else if (err == 0 && matches == 0) {
		report_error(f->r, "--netns %s: no network namespace named '%s' in " NETNS_RUN_DIR
			     ", and no container, pod or hostname '%s' (sockq -S -N all lists them)",
			     spec, spec, spec);
		err = -ENOENT;
	} else if (err == 0) {
		report_error(f->r, "--netns %s: %zu namespaces have that container label or "
			     "hostname; name one by its label or pid (sockq -S -N all lists them)",
			     spec, matches);
		err = -EINVAL;
	} else {
		report_error(f->r, "--netns %s: %s", spec, strerror(-err));
	}
	for (size_t i = 0; i < all.nns; i++)
		if (every.src && every.src[i].fd >= 0)
			close(every.src[i].fd);
	free(every.src);
	free(every.ident);
	inode_map_free(&every.index);
	listener_set_free(&all);
	report_free(&quiet);
	return err;
}

/* One explicit NAME, PATH or PID, opened now and held until it is read;
 * any failure is the user's to fix. */
static int add_spec(struct found *f, const char *spec)
{
	char path[PATH_MAX], why[PATH_MAX + 128];
	bool pid = all_digits(spec), user_path = spec[0] == '/';
	struct stat st;
	int fd;

	if (user_path)
		snprintf(path, sizeof(path), "%s", spec);
	else if (pid)
		snprintf(path, sizeof(path), "/proc/%s/ns/net", spec);
	else
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", spec);
	/* A PATH is the user's: opened with the user's own permissions when
	 * sockq holds more than the user. A NAME lies in a directory only
	 * root writes, a PID's file is the kernel's: opening those is what
	 * the capabilities are for. */
	fd = open_netns_file(path, user_path && caps_elevated(), &st, why, sizeof(why));
	if (fd >= 0)
		return ns_add(f, &st, (struct ns_source){ .fd = fd });
	if ((fd == -ENOENT || fd == -ESRCH) && pid)
		report_error(f->r, "--netns %s: no process with PID %s", spec, spec);
	else if (fd == -ENOENT && !user_path)
		return add_by_identity(f, spec);
	else if ((fd == -EACCES || fd == -EPERM) && pid)
		pid_denied(f, spec, why);
	else if (fd == -EINVAL && !user_path && !pid)
		report_error(f->r, "--netns %s: %s (a stale entry? 'ip netns delete %s' removes it)",
			     spec, why, spec);
	else
		report_error(f->r, "--netns %s: %s", spec, why);
	return fd;
}

struct all_walk {
	struct found *f;
	unsigned denied;
	uint32_t first_denied;
};

/* Discovery holds no descriptor: a host can have more namespaces than a
 * process may open files. Each is opened when it is read. */
static int visit_process(int procfd, const char *name, uint32_t pid, void *data)
{
	struct all_walk *w = data;
	struct stat st;
	struct netns *ns;
	int err;

	if (proc_netns_stat(procfd, name, &st) < 0) {
		if ((errno == EACCES || errno == EPERM) && !w->denied++)
			w->first_denied = pid;
		return 0;
	}
	err = ns_add(w->f, &st, (struct ns_source){ .fd = -1, .pid = pid });
	if (err < 0 || !(ns = ns_find(w->f, st.st_dev, st.st_ino)))
		return err;
	/* The same walk names each namespace (identity.h). */
	return identity_visit(ns, &w->f->ident[ns - w->f->set->ns], procfd, name, pid);
}

/* Every namespace on the host: the named ones and every one a process
 * lives in. Processes come and go while we look: one that vanished is
 * skipped silently, one we may not inspect is counted. */
static int add_all(struct found *f)
{
	struct all_walk w = { .f = f };
	int err;

	for (size_t i = 0; i < f->named->n; i++) {
		struct stat st = { .st_dev = f->named->v[i].dev, .st_ino = f->named->v[i].ino };

		if ((err = ns_add(f, &st, (struct ns_source){ .fd = -1 })) < 0)
			return err;
	}
	err = proc_walk(visit_process, &w);
	if (err < 0)
		return err;
	/* Without CAP_SYS_PTRACE that is ours to fix. With it, the process is
	 * shielded by something no capability overrides (it belongs to an
	 * ancestor user namespace, or an LSM says no): worth a note only. */
	if (w.denied && !caps_effective(CAP_SYS_PTRACE))
		report_warn(f->r, "the network namespace of %u processes (first: pid %u) could "
			    "not be inspected: reading another user's /proc/PID/ns needs "
			    "CAP_SYS_PTRACE; run sockq as root", w.denied, w.first_denied);
	else if (w.denied)
		report_note(f->r, "the network namespace of %u processes (first: pid %u) could "
			    "not be inspected, even with CAP_SYS_PTRACE", w.denied, w.first_denied);
	return 0;
}

/* A process in the namespace now, when the one found first is gone: a
 * walk of /proc, done only then. */
struct ns_search {
	dev_t dev;
	ino_t ino;
	uint32_t pid;
};

static int visit_search(int procfd, const char *name, uint32_t pid, void *data)
{
	struct ns_search *s = data;
	struct stat st;

	if (proc_netns_stat(procfd, name, &st) < 0 || st.st_dev != s->dev || st.st_ino != s->ino)
		return 0;
	s->pid = pid;
	return 1;
}

static int open_verified(const char *path, const struct netns *ns)
{
	char why[PATH_MAX + 128];
	struct stat st;
	int fd = open_netns_file(path, false, &st, why, sizeof(why));

	if (fd >= 0 && (st.st_dev != ns->dev || st.st_ino != ns->ino)) {
		/* The pid was reused, or the name now stands for another. */
		close(fd);
		return -ESTALE;
	}
	return fd;
}

/* A process's namespace link is the kernel's own, never a file a user
 * placed: it is opened directly (two system calls, not the seven of a
 * path checked step by step) and checked to be the namespace found, as
 * the pid may have been reused. */
static int open_pid_netns(uint32_t pid, const struct netns *ns)
{
	char path[64];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "/proc/%u/ns/net", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_dev != ns->dev || st.st_ino != ns->ino) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

int netns_open(const struct netns *ns, const struct ns_source *src, int *fd)
{
	char path[PATH_MAX];
	struct ns_search search = { .dev = ns->dev, .ino = ns->ino };
	int ret;

	*fd = -1;
	if (ns->current)
		return 0;
	if (src->fd >= 0) {
		*fd = src->fd;
		return 0;
	}
	if (src->named) {
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", ns->label);
		ret = open_verified(path, ns);
	} else {
		ret = src->pid ? open_pid_netns(src->pid, ns) : -ENOENT;
	}
	/* A name removed meanwhile can leave a plain file behind for a
	 * moment: that namespace is gone too. */
	if (src->named && ret == -EINVAL)
		ret = -ESTALE;
	/* Only a process (or name) that really went away is looked for
	 * again; a lack of descriptors or memory is a failure to report. */
	if (ret == -ENOENT || ret == -ESRCH || ret == -ESTALE) {
		if (proc_walk(visit_search, &search) > 0)
			ret = open_pid_netns(search.pid, ns);
		if (ret == -ENOENT || ret == -ESRCH || ret == -ESTALE)
			return -ENOENT;
	}
	if (ret < 0)
		return ret;
	*fd = ret;
	return 1;
}

static int visit_identify(int procfd, const char *name, uint32_t pid, void *data)
{
	struct found *f = data;
	struct netns *ns;
	struct stat st;

	if (proc_netns_stat(procfd, name, &st) < 0 || !(ns = ns_find(f, st.st_dev, st.st_ino)))
		return 0;
	return identity_visit(ns, &f->ident[ns - f->set->ns], procfd, name, pid);
}

int netns_identify(struct listener_set *set, bool walked, unsigned what, struct report *r)
{
	struct found f = { .set = set };
	int err = 0;

	/* --netns all named each namespace while finding it. */
	if (!walked) {
		f.ident = calloc(set->nns ? set->nns : 1, sizeof(*f.ident));
		err = f.ident ? inode_map_reserve(&f.index, set->nns) : -ENOMEM;
		for (size_t i = 0; err == 0 && i < set->nns; i++)
			inode_map_add(&f.index, set->ns[i].ino, (uint32_t)i + 1);
		if (err == 0)
			err = proc_walk(visit_identify, &f);
		free(f.ident);
		inode_map_free(&f.index);
	}
	if (err < 0) {
		report_error(r, "naming the namespaces: %s", strerror(-err));
		return err;
	}
	return identity_finish(set, what, r);
}

static int cmp_label(const void *a, const void *b, void *data)
{
	const struct netns *ns = data;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return strcmp(ns[x].label, ns[y].label);
}

/* Sorts the namespaces by label, their sources alongside. */
static int sort_by_label(struct listener_set *set, struct ns_source *src)
{
	size_t n = set->nns ? set->nns : 1;
	struct netns *ns = malloc(n * sizeof(*ns));
	struct ns_source *sorted = malloc(n * sizeof(*sorted));
	uint32_t *idx = malloc(n * sizeof(*idx));

	if (!ns || !sorted || !idx) {
		free(ns);
		free(sorted);
		free(idx);
		return -ENOMEM;
	}
	for (size_t i = 0; i < set->nns; i++)
		idx[i] = (uint32_t)i;
	qsort_r(idx, set->nns, sizeof(*idx), cmp_label, set->ns);
	for (size_t i = 0; i < set->nns; i++) {
		ns[i] = set->ns[idx[i]];
		sorted[i] = src[idx[i]];
	}
	memcpy(set->ns, ns, set->nns * sizeof(*ns));
	memcpy(src, sorted, set->nns * sizeof(*src));
	free(ns);
	free(sorted);
	free(idx);
	return 0;
}

int netns_resolve(const struct query *q, const struct netns_home *home,
		  struct listener_set *set, struct ns_source **src, struct report *r)
{
	struct named_list nl;
	struct found f = { .set = set, .home = home, .named = &nl, .r = r };
	int err = scan_named(&nl);

	*src = NULL;
	if (err < 0) {
		report_error(r, NETNS_RUN_DIR ": %s", strerror(-err));
		return err;
	}
	if (q->n_netns_specs == 0 && (err = add_current(&f)) < 0)
		report_error(r, "current network namespace: %s", strerror(-err));
	for (size_t i = 0; i < q->n_netns_specs && err >= 0; i++) {
		if (strcmp(q->netns_specs[i], "all")) {
			err = add_spec(&f, q->netns_specs[i]);
			continue;
		}
		err = add_current(&f);
		if (err >= 0)
			err = add_all(&f);
		if (err < 0)
			report_error(r, "--netns all: %s", strerror(-err));
	}
	named_free(&nl);
	free(f.ident);
	inode_map_free(&f.index);
	*src = f.src;
	if (err < 0)
		return err;
	return sort_by_label(set, *src);
}
