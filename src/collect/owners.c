// SPDX-License-Identifier: GPL-2.0-or-later
/* owners.c: the processes holding each listening socket, from /proc/PID/fd, kept across the samples of a watch. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "grow.h"
#include "inode_map.h"
#include "proc_walk.h"
#include "owners.h"

/* TASK_COMM_LEN: a command is at most 15 bytes. */
#define COMM_MAX 16

/* One holder of a socket, as a watch keeps it; a socket's chain through
 * next ends in SOCKQ_NONE. */
struct cached_owner {
	uint32_t pid;
	uint32_t next;
	uint8_t commlen;
	char comm[COMM_MAX];
};

struct owner_cache {
	struct inode_map sockets;	/* socket inode -> first holder, or SOCKQ_NONE */
	struct cached_owner *v;
	size_t n, cap;
	struct inode_map pids;		/* every pid in v, once */
	uint32_t *pid_list;
	size_t npids, cappids;
	struct timespec filled;		/* when it was last emptied */
};

struct owner_cache *owner_cache_new(void)
{
	struct owner_cache *c = calloc(1, sizeof(*c));

	if (c)
		clock_gettime(CLOCK_MONOTONIC, &c->filled);
	return c;
}

static void cache_clear(struct owner_cache *c)
{
	inode_map_clear(&c->sockets);
	inode_map_clear(&c->pids);
	c->n = c->npids = 0;
	clock_gettime(CLOCK_MONOTONIC, &c->filled);
}

void owner_cache_free(struct owner_cache *c)
{
	if (!c)
		return;
	inode_map_free(&c->sockets);
	inode_map_free(&c->pids);
	free(c->v);
	free(c->pid_list);
	free(c);
}

/* Whether every process the cache names is alive and it is young enough;
 * a process that exited may have left its sockets to others. */
static bool cache_fresh(const struct owner_cache *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - c->filled.tv_sec >= OWNER_REFRESH_SECONDS)
		return false;
	for (size_t i = 0; i < c->npids; i++)
		if (kill((pid_t)c->pid_list[i], 0) < 0 && errno == ESRCH)
			return false;
	return true;
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

struct owner_scan {
	struct snapshot *set;
	struct inode_map rows;		/* socket inode -> row, for the rows to resolve */
	struct inode_map shown;		/* namespace inode -> 1; no slots: every process */
	uint32_t *elsewhere;		/* pids passed over for their namespace */
	size_t nelse, capelse;
	size_t orphans;			/* second look: rows still without a holder */
	int denied;			/* processes whose descriptors were unreadable */
	char *dents;			/* DENTS_BUFSIZE for getdents64() */
};

/* Whether the process's network namespace is one shown; when that cannot
 * be told, it is looked at (and its descriptors are likely unreadable
 * too, which is counted there). */
static bool in_shown_namespace(struct owner_scan *sc, int procfd, const char *pid_name)
{
	struct stat st;
	size_t pos;
	int err;

	if (!sc->shown.used)
		return true;
	if ((err = proc_netns_stat(procfd, pid_name, &st)) < 0)
		return err != -ENOENT;
	pos = inode_map_start(&sc->shown, (uint64_t)st.st_ino);
	return inode_map_next(&sc->shown, (uint64_t)st.st_ino, &pos) != NULL;
}

/* Enough for the descriptors of most processes in one getdents64() call. */
#define DENTS_BUFSIZE (32 * 1024)

/* One descriptor of process pid: when it is a socket to resolve, the
 * process holds that listener. */
static int take_fd(struct owner_scan *sc, int procfd, const char *pid_name, uint32_t pid,
		   int dirfd, const char *fd_name, uint32_t *comm_off, bool *have_comm)
{
	char link[64], comm[COMM_MAX];
	ssize_t n = readlinkat(dirfd, fd_name, link, sizeof(link));
	uint32_t inode, *row;
	size_t pos;

	if (n <= 0 || !(inode = socket_inode(link, n)))
		return 0;
	pos = inode_map_start(&sc->rows, inode);
	while ((row = inode_map_next(&sc->rows, inode, &pos))) {

		/* The command once per process, shared by its sockets. */
		if (!*have_comm) {
			size_t len = proc_read_comm(procfd, pid_name, comm, sizeof(comm) - 1);

			if (pool_add(&sc->set->pool, comm, len, comm_off) < 0)
				return -ENOMEM;
			*have_comm = true;
		}
		if (snapshot_first_owner(sc->set, *row) == SOCKQ_NONE && sc->orphans)
			sc->orphans--;
		if (snapshot_add_owner(sc->set, *row, pid, *comm_off) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Reads /proc/PID/fd with getdents64() and readlinkat() relative to it:
 * no DIR stream (whose fstat and fcntl calls cost as much as reading a
 * small process's descriptors), no walk of "/proc/PID/fd/" per link. */
static int scan_fds(struct owner_scan *sc, int procfd, const char *pid_name, uint32_t pid)
{
	char path[300];
	uint32_t comm_off = 0;
	bool have_comm = false;
	int fd, err = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/fd", pid_name);
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			sc->denied++;
		return 0;
	}
	while (err == 0 && (n = getdents64(fd, sc->dents, DENTS_BUFSIZE)) > 0) {
		for (ssize_t off = 0; err == 0 && off < n;) {
			const struct dirent64 *de = (const struct dirent64 *)(sc->dents + off);

			off += de->d_reclen;
			if (de->d_name[0] != '.')
				err = take_fd(sc, procfd, pid_name, pid, fd, de->d_name, &comm_off,
					      &have_comm);
		}
		/* procfs fills the buffer while descriptors remain: a reply
		 * with room for several more entries was the last. */
		if ((size_t)n < DENTS_BUFSIZE - 1024)
			break;
	}
	close(fd);
	return err;
}

static int scan_process(int procfd, const char *pid_name, uint32_t pid, void *data)
{
	struct owner_scan *sc = data;

	if (!in_shown_namespace(sc, procfd, pid_name)) {
		if (grow(&sc->elsewhere, &sc->capelse, sc->nelse, sizeof(*sc->elsewhere), 1024) < 0)
			return -ENOMEM;
		sc->elsewhere[sc->nelse++] = pid;
		return 0;
	}
	return scan_fds(sc, procfd, pid_name, pid);
}

/* The second look: the processes passed over, for the rows still without a
 * holder, until each has one. */
static int scan_elsewhere(struct owner_scan *sc, int procfd, const uint32_t *rows, size_t nrows)
{
	int err = 0;

	sc->orphans = 0;
	inode_map_clear(&sc->rows);
	for (size_t i = 0; i < nrows; i++) {
		const struct listener *l = &sc->set->rows.v[rows[i]];

		if (snapshot_first_owner(sc->set, rows[i]) == SOCKQ_NONE) {
			inode_map_add(&sc->rows, l->inode, rows[i]);
			sc->orphans++;
		}
	}
	for (size_t i = 0; err == 0 && i < sc->nelse && sc->orphans; i++) {
		char name[16];

		snprintf(name, sizeof(name), "%u", sc->elsewhere[i]);
		err = scan_fds(sc, procfd, name, sc->elsewhere[i]);
	}
	return err;
}

/* The namespaces shown, for passing over the processes of others. */
static int shown_namespaces(struct owner_scan *sc)
{
	int err = inode_map_reserve(&sc->shown, sc->set->nns);

	for (size_t i = 0; err == 0 && i < sc->set->nns; i++)
		inode_map_add(&sc->shown, sc->set->ns[i].ino, 1);
	return err;
}

/* Looks up rows (indexes into set->v) in /proc. */
static int resolve(struct snapshot *set, int procfd, bool all_namespaces, const uint32_t *rows,
		   size_t nrows, const struct cancel *c)
{
	struct owner_scan sc = { .set = set, .dents = malloc(DENTS_BUFSIZE) };
	int err = sc.dents ? inode_map_reserve(&sc.rows, nrows) : -ENOMEM;

	for (size_t i = 0; err == 0 && i < nrows; i++)
		inode_map_add(&sc.rows, set->rows.v[rows[i]].inode, rows[i]);
	if (err == 0 && !all_namespaces)
		err = shown_namespaces(&sc);
	if (err == 0)
		err = proc_walk(procfd, scan_process, &sc, c);
	if (err == 0)
		err = scan_elsewhere(&sc, procfd, rows, nrows);
	inode_map_free(&sc.rows);
	inode_map_free(&sc.shown);
	free(sc.elsewhere);
	free(sc.dents);
	return err < 0 ? err : sc.denied;
}

/* Room for one more holder, and one more socket. */
static int cache_room(struct owner_cache *c)
{
	if (grow(&c->v, &c->cap, c->n, sizeof(*c->v), 256) < 0)
		return -ENOMEM;
	return inode_map_reserve(&c->sockets, 1);
}

static int cache_pid(struct owner_cache *c, uint32_t pid)
{
	uint32_t *seen;

	if (inode_map_reserve(&c->pids, 1) < 0)
		return -ENOMEM;
	seen = inode_map_get_or_add(&c->pids, pid, 0);
	if (*seen)
		return 0;
	*seen = 1;
	if (grow(&c->pid_list, &c->cappids, c->npids, sizeof(*c->pid_list), 64) < 0)
		return -ENOMEM;
	c->pid_list[c->npids++] = pid;
	return 0;
}

/* Keeps what was found for a row: its holders, or that it has none. */
static int cache_row(struct owner_cache *c, const struct snapshot *set, size_t row)
{
	const struct listener *l = &set->rows.v[row];
	uint32_t first = SOCKQ_NONE, *link = &first;
	int err = 0;

	for (uint32_t i = snapshot_first_owner(set, row); err == 0 && i != SOCKQ_NONE;
	     i = set->owners[i].next) {
		const char *comm = pool_str(&set->pool, set->owners[i].comm);
		size_t len = strnlen(comm, COMM_MAX - 1);
		struct cached_owner *o;

		if ((err = cache_room(c)) < 0 || (err = cache_pid(c, set->owners[i].pid)) < 0)
			break;
		o = &c->v[c->n];
		o->pid = set->owners[i].pid;
		o->next = SOCKQ_NONE;
		o->commlen = (uint8_t)len;
		memcpy(o->comm, comm, len);
		*link = (uint32_t)c->n++;
		link = &o->next;
	}
	if (err == 0 && (err = inode_map_reserve(&c->sockets, 1)) == 0)
		*inode_map_get_or_add(&c->sockets, l->inode, 0) = first;
	return err;
}

/* Gives a row the holders the cache keeps for it: false when it keeps
 * nothing for it. The command goes to the pool once per holder in a row
 * of holders; a process holding many sockets shares one copy. */
static int cache_apply(struct owner_cache *c, struct snapshot *set, size_t row,
		       uint32_t *last_pid, uint32_t *last_off, bool *found)
{
	const struct listener *l = &set->rows.v[row];
	size_t pos = inode_map_start(&c->sockets, l->inode);
	uint32_t *first = inode_map_next(&c->sockets, l->inode, &pos);

	*found = first != NULL;
	for (uint32_t i = first ? *first : SOCKQ_NONE; i != SOCKQ_NONE; i = c->v[i].next) {
		if (c->v[i].pid != *last_pid) {
			if (pool_add(&set->pool, c->v[i].comm, c->v[i].commlen, last_off) < 0)
				return -ENOMEM;
			*last_pid = c->v[i].pid;
		}
		if (snapshot_add_owner(set, row, c->v[i].pid, *last_off) < 0)
			return -ENOMEM;
	}
	return 0;
}

int owners_scan(struct snapshot *set, int procfd, bool all_namespaces, struct owner_cache *cache,
		const struct cancel *c)
{
	size_t n = set->rows.n, nrows = 0;
	uint32_t *rows = malloc((n ? n : 1) * sizeof(*rows));
	uint32_t last_pid = 0, last_off = 0;
	int ret = 0;

	/* Every row has its first holder, none to start with. */
	if (!rows || !rowstore_side_u32(&set->rows, LC_PID)) {
		free(rows);
		return -ENOMEM;
	}
	if (cache && !cache_fresh(cache))
		cache_clear(cache);
	for (size_t i = 0; i < n && ret == 0; i++) {
		bool found = false;

		if (cache)
			ret = cache_apply(cache, set, i, &last_pid, &last_off, &found);
		if (!found)
			rows[nrows++] = (uint32_t)i;
	}
	if (ret == 0 && nrows)
		ret = resolve(set, procfd, all_namespaces, rows, nrows, c);
	for (size_t i = 0; cache && ret >= 0 && i < nrows; i++) {
		int err = cache_row(cache, set, rows[i]);

		if (err < 0)
			ret = err;
	}
	free(rows);
	return ret;
}
