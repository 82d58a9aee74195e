// SPDX-License-Identifier: GPL-2.0-or-later
/* registry.c: finding the namespaces the specs name, finding them again as they come and go, and opening each so that what is read is the namespace found. */
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
#include "container.h"
#include "grow.h"
#include "identity.h"
#include "proc_walk.h"
#include "registry.h"
#include "session.h"

#define SELF_NS "/proc/thread-self/ns/net"
#define SOURCE "namespaces"

/* --- Where sockq started, and going back there. --- */

static int home_open(struct netns_home *home, const struct sysroot *sr)
{
	char buf[PATH_MAX];
	struct stat st;

	/* A recording is not entered: its home is only its identity. */
	if (sysroot_replaying(sr)) {
		home->fd = -1;
		return nsfile_id(AT_FDCWD, sysroot_path(sr, SELF_NS, buf), &home->dev, &home->ino);
	}
	home->fd = open(SELF_NS, O_RDONLY | O_CLOEXEC);
	if (home->fd < 0)
		return -errno;
	if (fstat(home->fd, &st) < 0) {
		int err = -errno;

		close(home->fd);
		home->fd = -1;
		return err;
	}
	home->dev = st.st_dev;
	home->ino = st.st_ino;
	return 0;
}

static int enter(int fd)
{
	if (fd < 0)
		return 0;
	return setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
}

/* Back home: every row read afterwards is labelled with the namespace we
 * believe we are in. setns(2) on the descriptor of home, checked when it
 * was opened, leaves no doubt where we are when it succeeds; failing is
 * fatal: -EXDEV. */
static int leave(const struct netns_home *home)
{
	return setns(home->fd, CLONE_NEWNET) < 0 ? -EXDEV : 0;
}

/* --- Specs. --- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

bool session_spec_valid(const char *spec)
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

static enum spec_kind classify(const char *spec)
{
	if (!strcmp(spec, "all"))
		return SPEC_ALL;
	if (spec[0] == '/')
		return SPEC_PATH;
	if (all_digits(spec))
		return SPEC_PID;
	return SPEC_NAME;
}

/* --- Namespace files. --- */

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

/* Whether fd, opened for reading, is a network namespace file (another
 * kind of namespace or file is said in why): 0 with its identity in st,
 * or a negative errno. */
static int check_netns_fd(int fd, const char *path, struct stat *st, char *why, size_t whysz)
{
	int type = ioctl(fd, NS_GET_NSTYPE);

	if (type != CLONE_NEWNET) {
		if (type < 0)
			snprintf(why, whysz, "%s is not a namespace file", path);
		else
			snprintf(why, whysz, "%s is a %s namespace, not a network namespace",
				 path, nstype_name(type));
		return -EINVAL;
	}
	if (fstat(fd, st) < 0) {
		int err = -errno;

		snprintf(why, whysz, "%s", strerror(-err));
		return err;
	}
	return 0;
}

/* Opens a network namespace file the user named, resolving path once: with
 * O_PATH, which opens nothing (a device's open can have side effects, a
 * FIFO's can block), checked on that descriptor to be a namespace file,
 * and only then opened for reading through the descriptor, never by path
 * again. With as_user, every step runs with the effective capabilities
 * lowered: a path the user named reaches only what the user could reach.
 * On failure *why says what the path is instead and a negative errno is
 * returned; st receives the namespace's identity. */
static int open_netns_file(const char *path, bool as_user, struct stat *st,
			   char *why, size_t whysz)
{
	char self[64];
	caps_t was = 0;
	int pfd, fd = -1, err;

	if (as_user && (err = caps_lower(&was)) < 0) {
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
	if (err == 0)
		err = check_netns_fd(fd, path, st, why, whysz);
	if (err < 0 && fd >= 0)
		close(fd);
out:
	if (as_user) {
		int rerr = caps_restore(was);

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

/* A name under /run/netns (not following a link: ip netns makes none) or a
 * process's namespace link, which is the kernel's: files only root or the
 * kernel put there, opened directly, then checked to be a network
 * namespace file. Three system calls, where a user's path takes seven. */
static int open_trusted_nsfile(const char *path, bool link, struct stat *st, char *why,
			       size_t whysz)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (link ? 0 : O_NOFOLLOW));
	int err;

	if (fd < 0) {
		err = -errno;
		snprintf(why, whysz, "%s", strerror(-err));
		return err;
	}
	if ((err = check_netns_fd(fd, path, st, why, whysz)) < 0) {
		close(fd);
		return err;
	}
	return fd;
}

/* fd (or the negative errno of opening it), kept when it is the namespace
 * (dev, ino) found earlier; else closed, and -ESTALE. */
static int same_namespace(int fd, dev_t dev, ino_t ino)
{
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_dev != dev || st.st_ino != ino) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

/* A name under /run/netns lies in a directory only root writes: it is
 * opened directly, not following a link, and checked to be the namespace
 * expected (the name may stand for another now, or, removed meanwhile,
 * leave a plain file behind for a moment: that namespace is gone too). */
static int open_named(const char *label, dev_t dev, ino_t ino)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", label);
	return same_namespace(open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC),
			      dev, ino);
}

/* A process's namespace link is the kernel's own, never a file a user
 * placed: it is opened directly and checked to be the namespace found, as
 * the pid may have been reused. */
static int open_pid_netns(int procfd, uint32_t pid, dev_t dev, ino_t ino)
{
	char path[64];

	snprintf(path, sizeof(path), "%u/ns/net", pid);
	return same_namespace(openat(procfd, path, O_RDONLY | O_CLOEXEC), dev, ino);
}

/* --- Names under /run/netns, for labels. --- */

struct named {
	char *name;
	dev_t dev;
	ino_t ino;
};

struct named_list {
	struct named *v;
	size_t n, cap;
};

static void named_free(struct named_list *nl)
{
	for (size_t i = 0; i < nl->n; i++)
		free(nl->v[i].name);
	free(nl->v);
	memset(nl, 0, sizeof(*nl));
}

/* The names under /run/netns of network namespaces: files on nsfs, whose
 * device is that of the namespace sockq started in (nsfs_dev). ip netns
 * and its like make a plain file and then mount the namespace over it, and
 * take the mount away before the file: in between the file is no
 * namespace, and is skipped. */
static int scan_named(const struct sysroot *sr, dev_t nsfs_dev, struct named_list *nl)
{
	char buf[PATH_MAX];
	DIR *d = opendir(sysroot_path(sr, NETNS_RUN_DIR, buf));
	struct dirent *de;
	int dfd;

	memset(nl, 0, sizeof(*nl));
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	dfd = dirfd(d);
	while ((de = readdir(d))) {
		dev_t dev;
		ino_t ino;

		if (de->d_name[0] == '.')
			continue;
		if (nsfile_id(dfd, de->d_name, &dev, &ino) < 0 || dev != nsfs_dev)
			continue;
		if (grow(&nl->v, &nl->cap, nl->n, sizeof(*nl->v), 16) < 0 ||
		    !(nl->v[nl->n].name = strdup(de->d_name))) {
			closedir(d);
			named_free(nl);
			return -ENOMEM;
		}
		nl->v[nl->n].dev = dev;
		nl->v[nl->n].ino = ino;
		nl->n++;
	}
	closedir(d);
	return 0;
}

static const char *named_lookup(const struct named_list *nl, dev_t dev, ino_t ino)
{
	for (size_t i = 0; nl && i < nl->n; i++)
		if (nl->v[i].dev == dev && nl->v[i].ino == ino)
			return nl->v[i].name;
	return NULL;
}

/* --- Entries. --- */

/* The label of a namespace known by no name, as readlink shows its file;
 * NULL without memory. */
static char *number_label(ino_t ino)
{
	char *label;

	return asprintf(&label, "net:[%lu]", (unsigned long)ino) < 0 ? NULL : label;
}

static int reindex(struct registry *r)
{
	inode_map_clear(&r->index);
	if (inode_map_reserve(&r->index, r->n) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++)
		inode_map_add(&r->index, r->v[i]->ino, (uint32_t)i + 1);
	return 0;
}

/* Namespace inodes are unique on one nsfs: the inode is the key. A walk
 * of /proc looks one up for every process. */
static struct ns_entry *find(const struct registry *r, dev_t dev, ino_t ino)
{
	size_t pos = inode_map_start(&r->index, ino);
	uint32_t *v;

	while ((v = inode_map_next(&r->index, ino, &pos)))
		if (r->v[*v - 1]->dev == dev)
			return r->v[*v - 1];
	return NULL;
}

static void entry_free(struct ns_entry *e)
{
	if (e->user_fd >= 0)
		close(e->user_fd);
	free(e->label);
	free(e->cand);
	free(e);
}

/* The namespace (dev, ino), added once: reachable through pid, named
 * under /run/netns (name), or through user_fd (taken over); found by spec,
 * or by "all" (NULL). An entry known already keeps its lowest pid and is
 * marked found again. */
static int add(struct registry *r, dev_t dev, ino_t ino, const char *name, uint32_t pid,
	       int user_fd, struct spec *spec, struct ns_entry **out)
{
	struct ns_entry *e = find(r, dev, ino);

	if (e) {
		if (user_fd >= 0 && e->user_fd < 0 && !e->current)
			e->user_fd = user_fd;
		else if (user_fd >= 0)
			close(user_fd);
		if (pid && !e->pid)
			e->pid = pid;
		if (spec && !e->spec)
			e->spec = spec;
		e->seen = r->gen;
		if (out)
			*out = e;
		return 0;
	}
	/* A host may have thousands: the array doubles, never grows by one. */
	if (grow(&r->v, &r->cap, r->n, sizeof(*r->v), 64) < 0 || inode_map_reserve(&r->index, 1) < 0 ||
	    !(e = calloc(1, sizeof(*e)))) {
		if (user_fd >= 0)
			close(user_fd);
		return -ENOMEM;
	}
	e->id = r->next_id++;
	e->dev = dev;
	e->ino = ino;
	e->user_fd = user_fd;
	e->pid = pid;
	e->spec = spec;
	e->seen = r->gen;
	e->current = dev == r->home.dev && ino == r->home.ino;
	if (e->current && e->user_fd >= 0) {
		close(e->user_fd);
		e->user_fd = -1;
	}
	e->named = name != NULL;
	e->label = name ? strdup(name) : number_label(ino);
	if (!e->label) {
		entry_free(e);
		return -ENOMEM;
	}
	inode_map_add(&r->index, ino, (uint32_t)r->n + 1);
	r->v[r->n++] = e;
	if (out)
		*out = e;
	return 0;
}

static int add_current(struct registry *r, const struct named_list *nl, struct spec *spec)
{
	return add(r, r->home.dev, r->home.ino, named_lookup(nl, r->home.dev, r->home.ino), 0, -1,
		   spec, NULL);
}

/* --- Walking /proc. --- */

struct walk {
	struct registry *r;
	const struct named_list *nl;
	bool adding;		/* "all": every namespace found is added */
	bool candidates;	/* record each namespace's processes */
	unsigned denied;
	uint32_t first_denied;
	int err;
};

static int visit_process(int procfd, const char *name, uint32_t pid, void *data)
{
	struct walk *w = data;
	struct ns_entry *e = NULL;
	struct stat st;
	int err;

	if ((err = proc_netns_stat(procfd, name, &st)) < 0) {
		if ((err == -EACCES || err == -EPERM) && !w->denied++)
			w->first_denied = pid;
		return 0;
	}
	e = find(w->r, st.st_dev, st.st_ino);
	if (!e && w->adding) {
		err = add(w->r, st.st_dev, st.st_ino, named_lookup(w->nl, st.st_dev, st.st_ino), pid,
			  -1, NULL, &e);
		if (err < 0)
			return err;
	} else if (e && w->adding) {
		e->seen = w->r->gen;
	}
	if (!e)
		return 0;
	if (!e->pid)
		e->pid = pid;
	if (w->candidates && e->ncand < IDENT_LOOK_MAX) {
		if (grow(&e->cand, &e->cand_cap, e->ncand, sizeof(*e->cand), 8) < 0)
			return -ENOMEM;
		e->cand[e->ncand++] = pid;
	}
	return 0;
}

/* One walk of /proc: with adding, every namespace a process lives in is
 * found; with candidates, each namespace's processes are recorded for its
 * identity. Processes come and go while we look: one that vanished is
 * skipped silently, one we may not inspect is counted and said. */
static int walk_proc(struct registry *r, const struct named_list *nl, bool adding,
		     bool candidates, const struct cancel *c, struct diagnostics *d)
{
	struct walk w = { .r = r, .nl = nl, .adding = adding, .candidates = candidates };
	int err;

	for (size_t i = 0; candidates && i < r->n; i++)
		r->v[i]->ncand = 0;
	err = proc_walk(r->procfd, visit_process, &w, c);
	if (err < 0)
		return err;
	if (!adding || !w.denied)
		return 0;
	/* Without CAP_SYS_PTRACE that is ours to fix. With it, the process is
	 * shielded by something no capability overrides (it belongs to an
	 * ancestor user namespace, or an LSM says no): worth a note only. */
	if (!caps_effective(CAP_SYS_PTRACE))
		diag_warn(d, "proc-denied", SOURCE, "the network namespace of %u processes (first: pid "
			  "%u) could not be inspected: reading another user's /proc/PID/ns needs "
			  "CAP_SYS_PTRACE; run sockq as root", w.denied, w.first_denied);
	else
		diag_note(d, "proc-denied", SOURCE, "the network namespace of %u processes (first: pid "
			  "%u) could not be inspected, even with CAP_SYS_PTRACE", w.denied,
			  w.first_denied);
	return 0;
}

/* --- Explicit specs. --- */

/* Why another process's namespace could not be read, and what to do. */
static void pid_denied(struct diagnostics *d, const char *spec, const char *why)
{
	char hint[PATH_MAX + 64];

	if (caps_effective(CAP_SYS_PTRACE)) {
		diag_error(d, "spec", SOURCE, "--netns %s: %s, even with CAP_SYS_PTRACE: the process "
			   "belongs to a user namespace that is not sockq's own or one below it, or a "
			   "security module refuses", spec, why);
		return;
	}
	caps_setcap_hint(hint, sizeof(hint));
	diag_error(d, "spec", SOURCE, "--netns %s: %s: reading another user's process namespace "
		   "needs CAP_SYS_PTRACE; run sockq as root, or grant it with: %s", spec, why, hint);
}

static int add_selector(struct registry *r, struct spec *spec, const struct cancel *c,
			struct diagnostics *d);

/* One explicit NAME, PATH or PID, opened now and held until it is read;
 * any failure is the user's to fix. A NAME not under /run/netns is looked
 * for as a container label or hostname. */
static int add_spec(struct registry *r, struct spec *spec, const struct named_list *nl,
		    const struct cancel *c, struct diagnostics *d)
{
	char path[PATH_MAX], buf[PATH_MAX], why[PATH_MAX + 128];
	const char *text = spec->text;
	struct stat st;
	int fd;

	if (spec->kind == SPEC_PATH)
		snprintf(path, sizeof(path), "%s", text);
	else if (spec->kind == SPEC_PID)
		snprintf(path, sizeof(path), "/proc/%s/ns/net", text);
	else
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", text);
	if (sysroot_replaying(r->sr)) {
		/* A recording holds no namespace file to open: its link says
		 * which namespace it is. */
		fd = nsfile_id(AT_FDCWD, sysroot_path(r->sr, path, buf), &st.st_dev, &st.st_ino);
		snprintf(why, sizeof(why), "%s", strerror(-fd));
		if (fd == 0)
			return add(r, st.st_dev, st.st_ino,
				   spec->kind == SPEC_NAME ? text : named_lookup(nl, st.st_dev, st.st_ino),
				   spec->kind == SPEC_PID ? (uint32_t)atol(text) : 0, -1, spec, NULL);
	} else {
		/* A PATH is the user's: opened with the user's own permissions
		 * when sockq holds more than the user. A NAME lies in a
		 * directory only root writes, a PID's file is the kernel's:
		 * opening those is what the capabilities are for. */
		if (spec->kind == SPEC_PATH)
			fd = open_netns_file(path, caps_elevated(), &st, why, sizeof(why));
		else
			fd = open_trusted_nsfile(path, spec->kind == SPEC_PID, &st, why,
						 sizeof(why));
	}
	if (fd >= 0)
		return add(r, st.st_dev, st.st_ino,
			   spec->kind == SPEC_NAME ? text : named_lookup(nl, st.st_dev, st.st_ino),
			   spec->kind == SPEC_PID ? (uint32_t)atol(text) : 0, fd, spec, NULL);
	if ((fd == -ENOENT || fd == -ESRCH) && spec->kind == SPEC_PID) {
		diag_error(d, "spec", SOURCE, "--netns %s: no process with PID %s", text, text);
	} else if (fd == -ENOENT && spec->kind == SPEC_NAME) {
		spec->kind = SPEC_SELECTOR;
		return add_selector(r, spec, c, d);
	} else if ((fd == -EACCES || fd == -EPERM) && spec->kind == SPEC_PID) {
		pid_denied(d, text, why);
	} else if (fd == -EINVAL && spec->kind == SPEC_NAME) {
		diag_error(d, "spec", SOURCE, "--netns %s: %s (a stale entry? 'ip netns delete %s' "
			   "removes it)", text, why, text);
	} else {
		diag_error(d, "spec", SOURCE, "--netns %s: %s", text, why);
	}
	return fd;
}

/* A container label or hostname (sockq -S -N all lists them): every
 * namespace is found and named to look for it, and it must name exactly
 * one. What each is called is read from the process that names it, which
 * is then the way in: the namespace opened is checked to be that
 * process's. Messages about namespaces the user did not ask for stay
 * unsaid. */
static int add_selector(struct registry *r, struct spec *spec, const struct cancel *c,
			struct diagnostics *d)
{
	struct registry every = { .home = r->home, .procfd = r->procfd, .sr = r->sr };
	struct diagnostics quiet = { 0 };
	struct named_list nl;
	struct identity id = { 0 }, match = { 0 };
	const struct ns_entry *found = NULL;
	size_t matches = 0;
	int err = scan_named(r->sr, r->home.dev, &nl);

	if (err == 0)
		err = add_current(&every, &nl, NULL);
	if (err == 0)
		err = walk_proc(&every, &nl, true, true, c, &quiet);
	for (size_t i = 0; err == 0 && i < every.n; i++) {
		const struct ns_entry *e = every.v[i];

		err = identity_choose(every.procfd, e->cand, e->ncand, e->dev, e->ino,
				      NEED_NS_HOSTNAME, sysroot_replaying(r->sr), &id);
		if (err < 0 || !id.pid)
			continue;
		if ((id.container_len == strlen(spec->text) && !memcmp(id.container, spec->text,
									 id.container_len)) ||
		    (id.hostname_known && !strcmp(id.hostname, spec->text))) {
			matches++;
			found = e;
			identity_clear(&match);
			match = id;
			memset(&id, 0, sizeof(id));
		}
		identity_clear(&id);
	}
	if (err == 0 && matches == 1) {
		err = add(r, found->dev, found->ino, named_lookup(&nl, found->dev, found->ino),
			  match.pid, -1, spec, NULL);
	} else if (err == 0 && matches == 0) {
		if (!r->follow || !spec->gone_said)
			diag_error(d, "spec", SOURCE, "--netns %s: no network namespace named '%s' in "
				   NETNS_RUN_DIR ", and no container, pod or hostname '%s' (sockq -S -N "
				   "all lists them)", spec->text, spec->text, spec->text);
		err = -ENOENT;
	} else if (err == 0) {
		diag_error(d, "spec", SOURCE, "--netns %s: %zu namespaces have that container label "
			   "or hostname; name one by its label or pid (sockq -S -N all lists them)",
			   spec->text, matches);
		err = -EINVAL;
	} else {
		diag_error(d, "spec", SOURCE, "--netns %s: %s", spec->text, strerror(-err));
	}
	identity_clear(&match);
	every.procfd = -1;
	every.home.fd = -1;
	registry_free(&every);
	diagnostics_free(&quiet);
	named_free(&nl);
	return err;
}

/* --- The registry. --- */

int registry_init(struct registry *r, const struct sysroot *sr, const char *const *specs,
		  size_t nspecs, bool follow, struct diagnostics *d)
{
	char buf[PATH_MAX];
	int err;

	memset(r, 0, sizeof(*r));
	r->home.fd = r->procfd = -1;
	r->next_id = 1;
	r->follow = follow;
	r->sr = sr;
	if ((err = home_open(&r->home, sr)) < 0) {
		diag_error(d, "home", SOURCE, "cannot open this thread's network namespace: %s",
			   strerror(-err));
		return err;
	}
	r->procfd = open(sysroot_path(sr, "/proc", buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->procfd < 0) {
		err = -errno;
		diag_error(d, "proc", SOURCE, "/proc: %s", strerror(-err));
		return err;
	}
	r->specs = calloc(nspecs ? nspecs : 1, sizeof(*r->specs));
	if (!r->specs)
		return -ENOMEM;
	for (size_t i = 0; i < nspecs; i++) {
		/* "-N all,all" is one "all": said once, walked once. */
		bool again = false;

		for (size_t j = 0; j < r->nspecs; j++)
			again |= !strcmp(r->specs[j].text, specs[i]);
		if (again)
			continue;
		r->specs[r->nspecs].kind = classify(specs[i]);
		if (!(r->specs[r->nspecs].text = strdup(specs[i])))
			return -ENOMEM;
		r->any_all |= r->specs[r->nspecs].kind == SPEC_ALL;
		r->nspecs++;
	}
	if (!nspecs) {
		r->specs[0].kind = SPEC_CURRENT;
		if (!(r->specs[0].text = strdup("")))
			return -ENOMEM;
		r->nspecs = 1;
	}
	return 0;
}

void registry_free(struct registry *r)
{
	for (size_t i = 0; i < r->n; i++)
		entry_free(r->v[i]);
	free(r->v);
	for (size_t i = 0; i < r->nspecs; i++)
		free(r->specs[i].text);
	free(r->specs);
	inode_map_free(&r->index);
	if (r->home.fd >= 0)
		close(r->home.fd);
	if (r->procfd >= 0)
		close(r->procfd);
	memset(r, 0, sizeof(*r));
	r->home.fd = r->procfd = -1;
}

/* Entering another namespace needs CAP_SYS_ADMIN. Said once, before
 * trying, with the exact way to get it: an explicit namespace cannot be
 * read without it; with "all", only the current one is. */
static int check_privilege(struct registry *r, struct diagnostics *d)
{
	char hint[4200];
	const struct ns_entry *other = NULL;

	for (size_t i = 0; i < r->n && !other; i++)
		if (!r->v[i]->current)
			other = r->v[i];
	/* A recording is read, not entered. */
	if (!other || sysroot_replaying(r->sr) || caps_effective(CAP_SYS_ADMIN))
		return 0;
	caps_setcap_hint(hint, sizeof(hint));
	if (!r->any_all) {
		diag_error(d, "privilege", SOURCE, "--netns %s: entering another network namespace "
			   "needs CAP_SYS_ADMIN; run sockq as root, or grant it with: %s",
			   other->label, hint);
		return -EPERM;
	}
	diag_warn(d, "privilege", SOURCE, "showing only the current network namespace: entering the "
		  "others needs CAP_SYS_ADMIN; run sockq as root, or grant it with: %s", hint);
	r->skip_others = true;
	return 0;
}

/* Whether an explicit namespace is still there, by the way it was named:
 * its name, its path, or a process in it. The session holds it open, so
 * its inode is no other namespace's. */
static bool still_there(struct registry *r, struct ns_entry *e, struct diagnostics *d)
{
	char path[PATH_MAX], buf[PATH_MAX];
	struct stat st;
	caps_t was = 0;
	int err;

	switch (e->spec->kind) {
	case SPEC_NAME:
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", e->spec->text);
		return nsfile_id(AT_FDCWD, sysroot_path(r->sr, path, buf), &st.st_dev,
				 &st.st_ino) == 0 && st.st_dev == e->dev && st.st_ino == e->ino;
	case SPEC_PATH:
		if (caps_elevated() && caps_lower(&was) < 0)
			return true;
		if (nsfile_id(AT_FDCWD, sysroot_path(r->sr, e->spec->text, buf), &st.st_dev,
			      &st.st_ino) < 0)
			st.st_ino = 0;
		if (caps_elevated() && (err = caps_restore(was)) < 0)
			diag_error(d, "caps", SOURCE, "--netns %s: cannot raise capabilities again after "
				   "looking at it with the user's own: %s", e->spec->text,
				   strerror(-err));
		return st.st_dev == e->dev && st.st_ino == e->ino;
	case SPEC_PID:
	case SPEC_SELECTOR:
		/* The process found, or any other that lives in it. */
		return e->pid && identity_in_netns(r->procfd, e->pid, e->dev, e->ino);
	case SPEC_CURRENT:
	case SPEC_ALL:
	default:
		return true;
	}
}

/* Whether a failed look for namespaces ends the collection: at the first,
 * always (nothing is known yet); later, only without memory or when asked
 * to stop. */
static bool lookup_fatal(bool first, int err)
{
	return err < 0 && (first || err == -ENOMEM || err == -ECANCELED || err == -ETIMEDOUT);
}

/* A later look that failed (said already) lets go of nothing: every
 * namespace known counts as found again, and a watch goes on. */
static void keep_known(struct registry *r)
{
	for (size_t i = 0; i < r->n; i++)
		r->v[i]->seen = r->gen;
}

int registry_discover(struct registry *r, needs_t needs, const struct cancel *c,
		      struct diagnostics *d)
{
	bool first = r->gen == 0, identity = (needs & NEED_NS_IDENTITY) != 0;
	bool walk_all = r->any_all && (first || r->follow);
	bool need_walk = walk_all || identity;
	struct named_list nl = { 0 };
	int err = 0;

	r->gen++;
	/* Labels need the names under /run/netns, unless every namespace
	 * was named by its name. */
	for (size_t i = 0; i < r->nspecs && err == 0; i++)
		if (r->specs[i].kind != SPEC_NAME && r->specs[i].kind != SPEC_SELECTOR &&
		    (first || r->specs[i].kind == SPEC_ALL) && !nl.v)
			err = scan_named(r->sr, r->home.dev, &nl);
	if (err < 0) {
		diag_error(d, "run-netns", SOURCE, NETNS_RUN_DIR ": %s", strerror(-err));
		if (lookup_fatal(first, err))
			return err;
		keep_known(r);
		err = 0;
	}
	for (size_t i = 0; i < r->nspecs && err >= 0; i++) {
		struct spec *spec = &r->specs[i];

		switch (spec->kind) {
		case SPEC_CURRENT:
			err = add_current(r, &nl, spec);
			break;
		case SPEC_ALL:
			if (!walk_all)
				break;
			err = add_current(r, &nl, NULL);
			for (size_t k = 0; err == 0 && k < nl.n; k++)
				err = add(r, nl.v[k].dev, nl.v[k].ino, nl.v[k].name, 0, -1, NULL, NULL);
			if (err < 0)
				diag_error(d, "all", SOURCE, "--netns all: %s", strerror(-err));
			break;
		case SPEC_SELECTOR:
			if (!first && !r->follow)
				break;
			/* Looked for again: the container may have a new namespace. */
			err = add_selector(r, spec, c, d);
			if (err == -ENOENT && !first) {
				spec->gone_said = true;
				err = 0;
			}
			break;
		case SPEC_NAME:
		case SPEC_PATH:
		case SPEC_PID:
			if (first)
				err = add_spec(r, spec, &nl, c, d);
			break;
		}
		if (err < 0 && !lookup_fatal(first, err)) {
			keep_known(r);
			err = 0;
		}
	}
	if (err >= 0 && first)
		err = check_privilege(r, d);
	if (err >= 0 && need_walk) {
		err = walk_proc(r, &nl, walk_all, identity, c, d);
		if (err < 0 && err != -ECANCELED && err != -ETIMEDOUT && err != -ENOMEM)
			diag_error(d, "proc", SOURCE, "/proc: %s", strerror(-err));
		if (err < 0 && !lookup_fatal(first, err)) {
			keep_known(r);
			err = 0;
		}
	}
	named_free(&nl);
	return err < 0 ? err : 0;
}

struct search {
	dev_t dev;
	ino_t ino;
	uint32_t pid;
};

static int visit_search(int procfd, const char *name, uint32_t pid, void *data)
{
	struct search *s = data;
	struct stat st;

	if (proc_netns_stat(procfd, name, &st) < 0 || st.st_dev != s->dev || st.st_ino != s->ino)
		return 0;
	s->pid = pid;
	return 1;
}

bool registry_gone(struct registry *r, struct ns_entry *e, struct diagnostics *d)
{
	/* Held since it was found: it is there, whatever its name does. */
	if (e->current || e->user_fd >= 0)
		return false;
	if (!e->spec)
		return r->follow && e->seen != r->gen;
	if (e->spec->kind == SPEC_SELECTOR && r->follow)
		return e->seen != r->gen;
	if (still_there(r, e, d))
		return false;
	if (e->spec->kind == SPEC_PID || e->spec->kind == SPEC_SELECTOR) {
		/* Another process may still live in it: one walk finds it. */
		struct search s = { .dev = e->dev, .ino = e->ino };

		if (proc_walk(r->procfd, visit_search, &s, NULL) > 0) {
			e->pid = s.pid;
			return false;
		}
	}
	if (!e->spec->gone_said)
		diag_note(d, "netns-gone", SOURCE, "--netns %s: the namespace is gone; it is no "
			  "longer read", e->spec->text);
	e->spec->gone_said = true;
	return true;
}

/* --- Opening. --- */

/* An entry found by its name under /run/netns whose name has gone (or now
 * names another namespace): what holds its inode number now, if anything,
 * may be a new namespace given the number again, and in any case no longer
 * bears the name. It is reached through a process and labelled by its
 * number; a name the user gave is not looked for further. */
static int unname(struct ns_entry *e)
{
	char *label;

	if (e->spec && e->spec->kind == SPEC_NAME)
		return -ENOENT;
	if (!(label = number_label(e->ino)))
		return -ENOMEM;
	free(e->label);
	e->label = label;
	e->named = false;
	return 0;
}

/* A descriptor of e's namespace, checked to be the one found: 0 with *fd
 * (-1 for the current one), -ENOENT when it is gone (its processes
 * exited, its name was removed), or another negative errno. */
static int reach(struct registry *r, struct ns_entry *e, int *fd)
{
	int ret;

	*fd = -1;
	/* A recorded namespace is reached as its directory. */
	if (sysroot_replaying(r->sr)) {
		char buf[PATH_MAX];
		struct stat st;

		return stat(sysroot_netns_path(r->sr->root, e->ino, ".", buf), &st) == 0 ? 0 : -ENOENT;
	}
	if (e->current)
		return 0;
	if (e->user_fd >= 0) {
		*fd = e->user_fd;
		e->user_fd = -1;
		return 0;
	}
	if (e->named) {
		ret = open_named(e->label, e->dev, e->ino);
		if (ret >= 0) {
			*fd = ret;
			return 0;
		}
		/* A name removed meanwhile can leave a plain file: gone too. */
		if (ret != -ENOENT && ret != -ESTALE && ret != -EINVAL)
			return ret;
		if ((ret = unname(e)) < 0)
			return ret;
	}
	ret = e->pid ? open_pid_netns(r->procfd, e->pid, e->dev, e->ino) : -ENOENT;
	/* Only a process that really went away is looked for again; a lack
	 * of descriptors or memory is a failure to report. */
	if (ret == -ENOENT || ret == -ESRCH || ret == -ESTALE) {
		struct search s = { .dev = e->dev, .ino = e->ino };

		if (proc_walk(r->procfd, visit_search, &s, NULL) > 0) {
			e->pid = s.pid;
			ret = open_pid_netns(r->procfd, s.pid, e->dev, e->ino);
		}
		if (ret == -ENOENT || ret == -ESRCH || ret == -ESTALE)
			return -ENOENT;
	}
	if (ret < 0)
		return ret;
	*fd = ret;
	return 0;
}

/* The paths of a namespace's recorded replies, to replay and to record:
 * NULL for the environment's (SOCKQ_REPLAY, SOCKQ_RECORD). */
static void diag_files(const struct registry *r, const struct ns_entry *e, char *replay,
		       char *record, const char **rp, const char **wp)
{
	*rp = *wp = NULL;
	if (sysroot_replaying(r->sr))
		*rp = sysroot_netns_path(r->sr->root, e->ino, "diag", replay);
	/* Made empty, with the directories above it, to be appended to. */
	if (r->sr->record && sysroot_put(sysroot_netns_path(r->sr->record, e->ino, "", record), "diag",
					 "", 0) == 0)
		*wp = sysroot_netns_path(r->sr->record, e->ino, "diag", record);
}

/* A recorded namespace's cookie, as the recording kept it. */
static uint64_t replay_cookie(const struct registry *r, const struct ns_entry *e)
{
	char path[PATH_MAX], text[32];
	ssize_t n;
	int fd = open(sysroot_netns_path(r->sr->root, e->ino, "cookie", path), O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	return strtoull(text, NULL, 10);
}

int registry_open(struct registry *r, struct ns_entry *e, char *buf,
		  int (*inside)(struct ns_entry *e, void *data), void *data, struct diagnostics *d,
		  bool *gone)
{
	char replay[PATH_MAX], record[PATH_MAX];
	const char *rp, *wp;
	bool entered = !e->current && !sysroot_replaying(r->sr);
	uint64_t cookie = 0;
	int fd, err, lerr;

	err = reach(r, e, &fd);
	*gone = err == -ENOENT;
	if (*gone)
		return 0;
	if (err < 0) {
		if (err == -ENOMEM)
			return err;
		diag_add(d, DIAG_WARNING, "netns-open", SOURCE, e->id, e->label,
			 "netns %s: cannot open it: %s", e->label, strerror(-err));
		return err;
	}
	err = entered ? enter(fd) : 0;
	if (fd >= 0)
		close(fd);
	if (err < 0) {
		diag_add(d, DIAG_WARNING, "netns-enter", SOURCE, e->id, e->label,
			 "netns %s: cannot enter it: %s", e->label, strerror(-err));
		return err;
	}
	/* Inside: the diag socket dumps the namespace it is made in, and
	 * holds it; its cookie names this namespace and no other. */
	diag_files(r, e, replay, record, &rp, &wp);
	err = nlsock_open(&e->nl, buf, rp, wp);
	if (err == 0) {
		e->open = true;
		if (sysroot_replaying(r->sr))
			cookie = replay_cookie(r, e);
		else if (nlsock_netns_cookie(&e->nl, &cookie) < 0)
			cookie = 0;
		if (inside)
			err = inside(e, data);
	}
	lerr = entered ? leave(&r->home) : 0;
	if (lerr < 0) {
		diag_error(d, "home", SOURCE, "cannot return to the original network namespace after "
			   "visiting %s: %s; stopping", e->label, strerror(-lerr));
		return lerr;
	}
	if (err < 0) {
		if (err != -ENOMEM)
			diag_add(d, DIAG_WARNING, "netns-open", SOURCE, e->id, e->label,
				 "netns %s: cannot open its diag socket or sysctls: %s", e->label,
				 strerror(-err));
		return err;
	}
	/* The inode was found earlier: a namespace that died in between may
	 * have left it to a new one. The cookie tells them apart; the new
	 * one is another namespace, with an id of its own. */
	if (e->cookie && cookie && e->cookie != cookie)
		e->id = r->next_id++;
	e->cookie = cookie;
	return 0;
}

void registry_close_entry(struct ns_entry *e, void (*closer)(struct ns_entry *e, void *data),
			  void *data)
{
	if (!e->open)
		return;
	if (closer)
		closer(e, data);
	nlsock_close(&e->nl);
	e->open = false;
}

void registry_drop(struct registry *r, size_t i, void (*closer)(struct ns_entry *e, void *data),
		   void *data)
{
	struct ns_entry *e = r->v[i];

	registry_close_entry(e, closer, data);
	entry_free(e);
	memmove(&r->v[i], &r->v[i + 1], (r->n - i - 1) * sizeof(*r->v));
	r->n--;
	reindex(r);
}
