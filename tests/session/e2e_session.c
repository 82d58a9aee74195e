// SPDX-License-Identifier: GPL-2.0-or-later
/* e2e_session.c: one session collecting a thousand times while namespaces come and go: memory and descriptors stay level, nothing is held once gone, an inode number reused carries no identity over, each snapshot equals a one-shot run, and each is rendered in a second thread while the next is collected.
 *
 * e2e_session SOCKQ [ITERATIONS]
 *
 * As root; it makes a world of its own (new PID, mount and network
 * namespaces, /run empty), so nothing else on the machine shows. Exit 77
 * without root. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "columns.h"
#include "render.h"
#include "select.h"
#include "session.h"
#include "unit.h"

/* A namespace of one process, with one listener and a hostname. */
struct child {
	pid_t pid;
	unsigned port, backlog;
	unsigned long ino;
	char host[32];
};

#define LIVE 6
static struct child kids[LIVE];

/* Namespaces are made by a process forked before the session opens: the
 * session leaves its own thread without the capabilities to make them. It
 * takes a request on one pipe (0: make one, else the pid to end) and
 * answers on the other. */
static int to_maker = -1, from_maker = -1;

/* A process in a new network namespace, which reports the namespace's
 * inode and waits to be told to stay (and set up its hostname and
 * listener) or to end. */
struct probe {
	pid_t pid;
	unsigned long ino;
	int go;			/* write 1 to stay, 0 to end */
	int back;		/* where it answers */
};

static void probe_start(struct probe *p, unsigned serial, struct child *c)
{
	int down[2], up[2];
	unsigned long ino;

	if (pipe(down) < 0 || pipe(up) < 0)
		exit(1);
	c->backlog = 3 + serial % 50;
	snprintf(c->host, sizeof(c->host), "sess-%u", serial);
	p->pid = fork();
	if (p->pid == 0) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
		socklen_t len = sizeof(a);
		unsigned long got[2];
		struct stat st;
		char stay = 0;
		int s;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* The network namespace first: it takes the lowest free inode. */
		if (unshare(CLONE_NEWNET) < 0 || stat("/proc/self/ns/net", &st) < 0)
			_exit(1);
		ino = st.st_ino;
		if (write(up[1], &ino, sizeof(ino)) != sizeof(ino) ||
		    read(down[0], &stay, 1) != 1 || !stay)
			_exit(0);
		if (unshare(CLONE_NEWUTS) < 0 || sethostname(c->host, strlen(c->host)) < 0)
			_exit(1);
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    listen(s, (int)c->backlog) < 0 || getsockname(s, (struct sockaddr *)&a, &len) < 0)
			_exit(1);
		got[0] = ntohs(a.sin_port);
		got[1] = ino;
		if (write(up[1], got, sizeof(got)) != sizeof(got))
			_exit(1);
		for (;;)
			pause();
	}
	close(down[0]);
	close(up[1]);
	p->go = down[1];
	p->back = up[0];
	if (p->pid < 0 || read(p->back, &p->ino, sizeof(p->ino)) != sizeof(p->ino))
		exit(1);
}

static void probe_stay(struct probe *p, struct child *c)
{
	unsigned long got[2];
	char stay = 1;

	if (write(p->go, &stay, 1) != 1 || read(p->back, got, sizeof(got)) != sizeof(got))
		exit(1);
	c->pid = p->pid;
	c->port = (unsigned)got[0];
	c->ino = got[1];
	close(p->go);
	close(p->back);
}

static void probe_end(struct probe *p)
{
	/* Killed: later probes hold copies of its pipes, which would never
	 * reach their end. */
	kill(p->pid, SIGKILL);
	close(p->go);
	close(p->back);
	waitpid(p->pid, NULL, 0);
}

/* A namespace, on the inode want if it is not 0: the kernel hands out the
 * lowest free inode, and a dead namespace's only once it is cleaned up,
 * so new ones are made, and kept, until one gets it (or a few hundred
 * were tried). */
static void make_one(unsigned serial, unsigned long want, struct child *c)
{
	static struct probe tried[400];
	size_t n = 0;

	for (;;) {
		struct probe *p = &tried[n];

		probe_start(p, serial, c);
		if (!want || p->ino == want || n + 1 == sizeof(tried) / sizeof(tried[0])) {
			probe_stay(p, c);
			break;
		}
		n++;
		usleep(1000);
	}
	for (size_t i = 0; i < n; i++)
		probe_end(&tried[i]);
}

/* Requests: a pid to end it; 0 to make a namespace, or -INODE for one on
 * that inode. */
static void maker(int in, int out)
{
	unsigned serial = 0;
	long req;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (read(in, &req, sizeof(req)) == sizeof(req)) {
		struct child c = { 0 };

		if (req > 0) {
			kill((pid_t)req, SIGKILL);
			waitpid((pid_t)req, NULL, 0);
		} else {
			make_one(serial++, (unsigned long)-req, &c);
		}
		if (write(out, &c, sizeof(c)) != sizeof(c))
			break;
	}
	_exit(0);
}

static void start_maker(void)
{
	int a[2], b[2];

	if (pipe(a) < 0 || pipe(b) < 0)
		exit(1);
	if (fork() == 0) {
		close(a[1]);
		close(b[0]);
		maker(a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	to_maker = a[1];
	from_maker = b[0];
}

static void ask(long req, struct child *c)
{
	if (write(to_maker, &req, sizeof(req)) != sizeof(req) ||
	    read(from_maker, c, sizeof(*c)) != sizeof(*c))
		exit(1);
}

static void spawn(struct child *c)
{
	ask(0, c);
}

static void spawn_on(struct child *c, unsigned long ino)
{
	ask(-(long)ino, c);
}

static void reap(struct child *c)
{
	struct child none;

	ask(c->pid, &none);
	c->pid = 0;
}

/* This process's resident memory in KiB, and its open descriptors, and
 * how many of them are sockets. */
static long rss_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kib = atol(line + 6);
	if (f)
		fclose(f);
	return kib;
}

static void count_fds(int *all, int *sockets)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	*all = *sockets = 0;
	while (d && (de = readdir(d))) {
		char link[64];
		ssize_t n;

		if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
			continue;
		(*all)++;
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link) - 1);
		if (n > 0 && !strncmp(link, "socket:", 7))
			(*sockets)++;
	}
	if (d)
		closedir(d);
}

/* The columns compared with a one-shot run, as sockq -o names them. */
static const char *const compared[] = {
	"netns", "ns_pid", "ns_hostname", "ns_container", "proto", "local", "recv_q", "backlog",
	"drops", "somaxconn", "inode",
};
#define NCOMPARED (sizeof(compared) / sizeof(compared[0]))

static void make_query(struct query *q)
{
	query_init(q);
	q->tcp4 = q->tcp6 = q->unix_stream = true;
	for (size_t i = 0; i < NCOMPARED; i++)
		q->cols[q->ncols++] = column_lookup(ROWS_LISTENERS, compared[i], strlen(compared[i]));
}

/* The snapshot as CSV, in memory: *out (malloc'd). */
static int render_csv_of(struct snapshot *s, const struct query *q, char **out)
{
	struct rowset rs = { .snap = s };
	struct view v = { .rows = ROWS_LISTENERS, .cols = q->cols, .ncols = q->ncols, .header = true };
	uint32_t *order;
	struct sink o;
	size_t len;
	const char *data;
	int err;

	v.rs = rs;
	if ((err = select_rows(&rs, q, &order, &v.n)) < 0)
		return err;
	v.order = order;
	if ((err = sink_mem(&o, 16u << 20)) < 0) {
		free(order);
		return err;
	}
	err = render_csv(&o, &v);
	data = sink_data(&o, &len);
	*out = err == 0 && !o.err ? strndup(data, len) : NULL;
	sink_free(&o);
	free(order);
	return *out ? 0 : -ENOMEM;
}

/* What sockq itself prints for the same columns now. */
static char *one_shot(const char *sockq)
{
	char cols[512] = "", *buf = NULL;
	size_t len = 0, cap = 0;
	int fds[2];
	pid_t pid;

	for (size_t i = 0; i < NCOMPARED; i++)
		snprintf(cols + strlen(cols), sizeof(cols) - strlen(cols), "%s%s", i ? "," : "",
			 compared[i]);
	if (pipe(fds) < 0)
		return NULL;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl(sockq, "sockq", "-N", "all", "--csv", "-o", cols, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n;

		if (len + 4096 > cap && !(buf = realloc(buf, cap = cap * 2 + 8192)))
			exit(1);
		n = read(fds[0], buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	waitpid(pid, NULL, 0);
	buf[len] = '\0';
	return buf;
}

/* Every format of a snapshot, rendered in a thread of its own, with no
 * capability, while the main one collects the next. */
struct render_job {
	struct snapshot *snap;
	size_t bytes;
	int err;
};

static void *render_all(void *data)
{
	struct render_job *job = data;
	int cols[LC_COUNT];
	uint32_t *order = malloc((job->snap->rows.n + 1) * sizeof(*order));
	struct view v = { .rs = { .snap = job->snap }, .rows = ROWS_LISTENERS, .order = order,
			  .n = job->snap->rows.n, .cols = cols, .ncols = LC_COUNT, .header = true };

	job->err = session_thread_drop_privileges();
	for (int i = 0; i < LC_COUNT; i++)
		cols[i] = i;
	for (size_t i = 0; order && i < job->snap->rows.n; i++)
		order[i] = (uint32_t)i;
	for (size_t f = 0; order && job->err == 0 && f < formats_count; f++) {
		struct sink o;
		size_t len;

		if ((job->err = sink_mem(&o, 64u << 20)) < 0)
			break;
		job->err = formats[f].render(&o, &v);
		sink_data(&o, &len);
		job->bytes += len;
		sink_free(&o);
	}
	free(order);
	return NULL;
}

/* The row of the child's listener, and its namespace. */
static const struct listener *row_of(const struct snapshot *s, const struct child *c)
{
	for (size_t i = 0; i < s->rows.n; i++) {
		const struct listener *l = &s->rows.v[i];

		if (l->proto == PROTO_TCP && l->port == c->port && s->ns[l->netns].ino == c->ino)
			return l;
	}
	return NULL;
}

static void check_children(const struct snapshot *s, int it)
{
	size_t expected = 1;

	for (int k = 0; k < LIVE; k++) {
		const struct listener *l;
		const struct netns *ns;

		if (!kids[k].pid)
			continue;
		expected++;
		l = row_of(s, &kids[k]);
		CHECK(l != NULL, "sample %d: the listener of namespace %lu", it, kids[k].ino);
		if (!l)
			continue;
		ns = &s->ns[l->netns];
		CHECK(l->backlog == kids[k].backlog, "sample %d: backlog %u", it, l->backlog);
		CHECK(ns->pid == (uint32_t)kids[k].pid, "sample %d: namespace %lu named by pid %u, "
		      "made by %d", it, kids[k].ino, ns->pid, kids[k].pid);
		CHECK(ns->hostname_known && ns->hostname.len == strlen(kids[k].host) &&
		      !memcmp(pstr_data(&s->pool, ns->hostname), kids[k].host, ns->hostname.len),
		      "sample %d: namespace %lu's hostname is its own (%s)", it, kids[k].ino,
		      kids[k].host);
	}
	CHECK(s->nns == expected, "sample %d: %zu namespaces, %zu expected", it, s->nns, expected);
}

static int world(const char *sockq, int iterations)
{
	const char *all = "all";
	struct session_cfg cfg = {
		.specs = &all, .nspecs = 1, .repeat = true, .follow = true,
		.needs = NEED_LISTENERS | NEED_DROPS | NEED_SOMAXCONN | NEED_COUNTERS |
			 NEED_NS_IDENTITY | NEED_NS_COMMAND | NEED_NS_HOSTNAME,
	};
	struct diagnostics d = { 0 };
	struct session *session;
	struct snapshot *prev = NULL;
	struct query q;
	long rss_early = 0, rss_late = 0;
	int fds_early = 0, fds_late = 0, socks;
	unsigned compared_runs = 0, reused = 0;

	make_query(&q);
	start_maker();
	for (int k = 0; k < LIVE; k++)
		spawn(&kids[k]);
	CHECK(session_open(&session, &cfg, &d) == 0, "session opens");
	for (int it = 1; it <= iterations; it++) {
		struct render_job job = { .snap = prev };
		struct snapshot *s = NULL;
		pthread_t t;
		int err;

		/* Every few samples one namespace goes and another comes. */
		if (it % 7 == 0) {
			struct child *c = &kids[it % LIVE];
			unsigned long was = c->ino;
			uint32_t old_id = 0;

			for (size_t i = 0; prev && i < prev->nns; i++)
				if (prev->ns[i].ino == was)
					old_id = prev->ns[i].id;
			reap(c);
			/* Collected once gone: it is let go, so its inode is free. */
			err = session_collect(session, NULL, &s, &d);
			CHECK(err == 0, "sample %d: collects", it);
			count_fds(&fds_late, &socks);
			CHECK(socks == LIVE, "sample %d: %d sockets held for %d namespaces", it, socks,
			      LIVE);
			snapshot_unref(s);
			s = NULL;
			/* Every few, on the inode of the one just gone. */
			if (it % 70 == 0)
				spawn_on(c, was);
			else
				spawn(c);
			if (c->ino == was) {
				/* The kernel gave the new namespace the dead one's inode:
				 * nothing of the old may name it. */
				reused++;
				err = session_collect(session, NULL, &s, &d);
				for (size_t i = 0; err == 0 && i < s->nns; i++)
					if (s->ns[i].ino == was)
						CHECK(s->ns[i].id != old_id, "sample %d: the inode %lu reused "
						      "is a new namespace (id %u, was %u)", it, was,
						      s->ns[i].id, old_id);
				if (err == 0)
					check_children(s, it);
				snapshot_unref(s);
				s = NULL;
			}
		}
		if (prev && pthread_create(&t, NULL, render_all, &job) != 0)
			exit(1);
		err = session_collect(session, NULL, &s, &d);
		if (prev) {
			pthread_join(t, NULL);
			CHECK(job.err == 0 && job.bytes > 0, "sample %d: rendered in a thread", it);
			snapshot_unref(prev);
		}
		CHECK(err == 0, "sample %d: collects", it);
		if (err < 0)
			break;
		check_children(s, it);
		if (it % 50 == 0) {
			char *mine = NULL, *theirs = one_shot(sockq);

			CHECK(render_csv_of(s, &q, &mine) == 0 && theirs && !strcmp(mine, theirs),
			      "sample %d: the snapshot is what a one-shot run shows:\n%s---\n%s", it,
			      mine ? mine : "", theirs ? theirs : "");
			compared_runs++;
			free(mine);
			free(theirs);
		}
		if (it == 100) {
			rss_early = rss_kib();
			count_fds(&fds_early, &socks);
		}
		prev = s;
	}
	rss_late = rss_kib();
	count_fds(&fds_late, &socks);
	snapshot_unref(prev);
	session_close(session);
	diagnostics_free(&d);
	CHECK(fds_late == fds_early, "descriptors level: %d after 100 samples, %d at the end",
	      fds_early, fds_late);
#ifdef __SANITIZE_ADDRESS__
	/* The sanitizer keeps what is freed in quarantine: it grows anyway.
	 * Leaks are looked for here: this process ends with _exit(). */
	printf("note: memory not compared under the address sanitizer\n");
	CHECK(!__lsan_do_recoverable_leak_check(), "no leak after a thousand collections");
#else
	CHECK(rss_late - rss_early < 1024, "memory level: %ld KiB after 100 samples, %ld at the end",
	      rss_early, rss_late);
#endif
	CHECK(compared_runs >= (unsigned)iterations / 50, "one-shot runs compared: %u", compared_runs);
	/* The kernel decides when a number is free again: at least once. */
	CHECK(reused >= 1, "inodes reused and checked: %u", reused);
	fflush(stderr);
	printf("%d samples; %u inodes reused; %u compared with a one-shot run; rss %ld -> %ld KiB; "
	       "%d descriptors\n", iterations, reused, compared_runs, rss_early, rss_late, fds_late);
	for (int k = 0; k < LIVE; k++)
		reap(&kids[k]);
	return unit_done();
}

int main(int argc, char **argv)
{
	int iterations = argc > 2 ? atoi(argv[2]) : 1000, status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: e2e_session SOCKQ [ITERATIONS]\n");
		return 2;
	}
	if (geteuid() != 0) {
		printf("SKIP: needs root to create namespaces\n");
		return 77;
	}
	/* A world of its own: its processes, its /run, its namespaces. */
	if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET) < 0) {
		printf("SKIP: cannot create namespaces here: %s\n", strerror(errno));
		return 77;
	}
	pid = fork();
	if (pid == 0) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
		    mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0 ||
		    mkdir("/run/netns", 0755) < 0) {
			perror("e2e_session: making its world");
			_exit(1);
		}
		status = world(argv[1], iterations);
		fflush(NULL);
		_exit(status);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	if (WIFSIGNALED(status))
		fprintf(stderr, "e2e_session: killed by signal %d\n", WTERMSIG(status));
	/* This process can make no thread since it left its PID namespace
	 * (a leak check at exit would): it only waited. */
	fflush(NULL);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}
