// SPDX-License-Identifier: GPL-2.0-or-later
/* mksock.c: test helper that makes listeners with known backlogs and queues.
 *
 * mksock [-n NAME | -u] [-s SOMAXCONN] [-e CMD] [-q] SPEC...
 *
 *   -n NAME   create the network namespace /run/netns/NAME and work in it
 *   -u        work in a new unnamed network namespace
 *   -s N      set net.core.somaxconn to N first
 *   -e CMD    run CMD with /bin/sh inside the namespace before any socket
 *   -h NAME   work in a new UTS namespace named NAME
 *   -G H:PATH place itself in cgroup PATH of hierarchy H: v2, or systemd
 *             (the v1 name=systemd hierarchy); what it creates is removed
 *             at exit. PATH may be longer than PATH_MAX (each directory is
 *             made relative to the one above it). Given twice (once for
 *             each hierarchy), it joins both
 *   -X        once the listeners are made, go back to the network namespace
 *             it started in: the sockets are of one namespace (the one the
 *             ready line names), the process of another
 *   -K        fork a child holding copies of every listener ("child pid=N");
 *             on SIGUSR2, end it, so this process alone holds them
 *   -q        print only the ready line
 *   -F N[:PREFIX]  hold N more network namespaces, one in each of N forked
 *             children: unnamed, or named PREFIX-0 ... PREFIX-(N-1)
 *   -B N      on SIGUSR1, overflow the first TCP listener: fill its queue,
 *             make N more connection attempts (each dropped once, then
 *             closed), accept everything, and print "burst dropped=N"
 *   -C SPEC   after the ready line, churn: keep making listeners of SPEC
 *             (QUEUED and *COUNT ignored) and closing them again, as fast
 *             as it can, COUNT of them alive at a time, until stopped
 *   -M N:MS[:HOST[:PORT[:NAME]]]  after the ready line, churn namespaces:
 *             keep N children alive, each alone in a new network namespace
 *             with one TCP listener on 127.0.0.1:PORT (default 0: any;
 *             backlog 5). With HOST, 4N UTS namespaces named HOST-0 ... are
 *             made first and children join them in turn (else they keep
 *             this process's). With NAME, every other child names its
 *             namespace /run/netns/NAME-SEQ, and removes the name before it
 *             exits. Each child prints "nschild seq=.. pid=..
 *             netns=net:[INODE] cookie=.. inode=.. port=.. hostname=..
 *             name=.." (name= empty for none) in one write (lines never
 *             mix), lives MS milliseconds and exits, and is replaced at
 *             once, until stopped; then the rest are killed and reaped,
 *             and their names removed
 *
 * SPEC is PROTO,ADDRESS,BACKLOG,QUEUED[+PENDING][*COUNT]: PROTO is tcp, tcp6
 * (IPV6_V6ONLY set), tcp46 (an IPv6 listener IPv4 clients reach too),
 * unix or unix_seq; ADDRESS is IP:PORT, [IP6]:PORT (port 0 picks one; IP%DEV
 * binds to a device), a path (path:NAME for one that begins with '@'), or
 * @name for an abstract socket (\n, \\ and
 * \xHH are decoded, for hostile names); QUEUED connections are made and
 * left unaccepted ("full" means BACKLOG + 1); PENDING TCP connections are
 * started without waiting (they stay in SYN_RECV when SYN-ACKs are dropped;
 * with a trailing '!', they are closed after their first SYN, so a full
 * queue drops each exactly once);
 * *COUNT repeats the spec, numbering unix paths.
 *
 * Prints "sock proto=.. local=.. port=.. inode=.. backlog=.. queued=.." for
 * each listener (a unix name as hex bytes), then "ready pid=.. netns=net:[INODE] cookie=..",
 * and holds everything until SIGTERM or SIGINT; then removes the socket
 * files and the named namespace. It dies with its parent. The cookie is the
 * namespace's SO_NETNS_COOKIE (never reused, unlike the inode; 0 when the
 * kernel has none).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct helper {
	char netns_path[300];
	char **paths;
	size_t npaths;
	bool quiet;
	int last_fd;		/* the listener make_one() made last */
	/* -G: the hierarchies' mount points and the directories made there,
	 * each as its name in the directory above (held open): a path may
	 * be longer than PATH_MAX. */
	char cg_mount[2][512];
	int ncg_mounts;
	struct {
		int parent;
		char *name;
	} cg_made[128];
	int ncg_made;
	/* The first TCP listener, for -B. */
	int burst_fd, burst_backlog;
	struct sockaddr_storage burst_addr;
	socklen_t burst_alen;
};

static volatile sig_atomic_t got_signal, got_burst, got_end_child;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_burst = 1;
	else if (sig == SIGUSR2)
		got_end_child = 1;
	else
		got_signal = 1;
}

/* -K: a child that holds what it inherited until told to stop. */
static pid_t fork_holder(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		for (;;)
			pause();
	}
	return pid;
}

static void cleanup(struct helper *h)
{
	/* Out of the cgroup first: a directory with a process in it stays. */
	for (int i = 0; i < h->ncg_mounts; i++) {
		char procs[600];
		int fd;

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", h->cg_mount[i]);
		fd = open(procs, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			dprintf(fd, "%d\n", getpid());
			close(fd);
		}
	}
	while (h->ncg_made > 0) {
		h->ncg_made--;
		unlinkat(h->cg_made[h->ncg_made].parent, h->cg_made[h->ncg_made].name, AT_REMOVEDIR);
		close(h->cg_made[h->ncg_made].parent);
		free(h->cg_made[h->ncg_made].name);
	}
	for (size_t i = 0; i < h->npaths; i++)
		unlink(h->paths[i]);
	if (h->netns_path[0]) {
		umount2(h->netns_path, MNT_DETACH);
		unlink(h->netns_path);
	}
}

static void die(struct helper *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void die(struct helper *h, const char *fmt, ...)
{
	va_list ap;

	fputs("mksock: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cleanup(h);
	exit(1);
}

static void write_file(struct helper *h, const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, value, strlen(value)) < 0)
		die(h, "%s: %s", path, strerror(errno));
	close(fd);
}

static void lo_up(struct helper *h)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		die(h, "lo: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		die(h, "lo up: %s", strerror(errno));
	close(fd);
}

static void make_named_netns(struct helper *h, const char *name)
{
	int fd;

	if (mkdir("/run/netns", 0755) < 0 && errno != EEXIST)
		die(h, "/run/netns: %s", strerror(errno));
	snprintf(h->netns_path, sizeof(h->netns_path), "/run/netns/%s", name);
	fd = open(h->netns_path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0) {
		h->netns_path[0] = '\0';
		die(h, "/run/netns/%s: %s", name, strerror(errno));
	}
	close(fd);
	if (unshare(CLONE_NEWNET) < 0)
		die(h, "unshare: %s", strerror(errno));
	if (mount("/proc/self/ns/net", h->netns_path, "none", MS_BIND, NULL) < 0)
		die(h, "bind mount %s: %s", h->netns_path, strerror(errno));
}

/* The mount point of a cgroup hierarchy, from mountinfo: the cgroup2 one,
 * or the v1 one named systemd. */
static void cgroup_mount(struct helper *h, const char *hier, char *out, size_t size)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024];

	out[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		char mnt[512], fstype[64], super[512];
		const char *dash = strstr(line, " - ");

		if (!dash || sscanf(line, "%*s %*s %*s %*s %511s", mnt) != 1 ||
		    sscanf(dash + 3, "%63s %*s %511s", fstype, super) != 2)
			continue;
		if ((!strcmp(hier, "v2") && !strcmp(fstype, "cgroup2")) ||
		    (!strcmp(hier, "systemd") && !strcmp(fstype, "cgroup") &&
		     strstr(super, "name=systemd"))) {
			snprintf(out, size, "%s", mnt);
			break;
		}
	}
	if (f)
		fclose(f);
	if (!out[0])
		die(h, "no %s cgroup hierarchy mounted", hier);
}

/* -G: makes every missing directory of PATH, one below the other, then
 * moves in. */
static void join_cgroup(struct helper *h, const char *arg)
{
	const char *colon = strchr(arg, ':'), *p, *end;
	char hier[16], name[4096], *mnt = h->cg_mount[h->ncg_mounts];
	int dir, fd;

	if (!colon || colon - arg >= (long)sizeof(hier) || colon[1] != '/')
		die(h, "bad cgroup '%s'", arg);
	snprintf(hier, sizeof(hier), "%.*s", (int)(colon - arg), arg);
	cgroup_mount(h, hier, mnt, sizeof(h->cg_mount[0]));
	h->ncg_mounts++;
	dir = open(mnt, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		die(h, "%s: %s", mnt, strerror(errno));
	for (p = colon + 1; *p; p = end) {
		int below;

		while (*p == '/')
			p++;
		end = strchrnul(p, '/');
		if (end == p)
			break;
		if ((size_t)(end - p) >= sizeof(name))
			die(h, "cgroup component too long");
		snprintf(name, sizeof(name), "%.*s", (int)(end - p), p);
		if (h->ncg_made == 128)
			die(h, "more than 128 cgroup levels");
		if (mkdirat(dir, name, 0755) == 0) {
			h->cg_made[h->ncg_made].parent = dup(dir);
			h->cg_made[h->ncg_made++].name = strdup(name);
		} else if (errno != EEXIST) {
			die(h, "mkdir %.200s...: %s", name, strerror(errno));
		}
		below = openat(dir, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (below < 0)
			die(h, "open %.200s...: %s", name, strerror(errno));
		close(dir);
		dir = below;
	}
	fd = openat(dir, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || dprintf(fd, "%d\n", getpid()) < 0)
		die(h, "%s: %s", arg, strerror(errno));
	close(fd);
	close(dir);
}

/* Decodes \n, \t, \\ and \xHH. Returns the length. */
static size_t decode(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n < size; s++) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s;
			continue;
		}
		s++;
		if (*s == 'n')
			out[n++] = '\n';
		else if (*s == 't')
			out[n++] = '\t';
		else if (*s == 'x' && s[1] && s[2]) {
			char hex[3] = { s[1], s[2], 0 };

			out[n++] = (char)strtoul(hex, NULL, 16);
			s += 2;
		} else
			out[n++] = *s;
	}
	return n;
}

struct spec {
	int proto;		/* 0 tcp, 1 tcp6, 2 unix, 3 unix_seq, 4 tcp46 */
	char addr[512];
	int backlog;
	int queued;		/* -1: full */
	int pending;
	bool close_pending;	/* '!': closed after the first SYN */
	int count;
};

/* tcp46 is an IPv6 listener without IPV6_V6ONLY, which IPv4 clients reach
 * too; it is reported as the tcp6 it is. */
static const char *const proto_names[] = { "tcp", "tcp6", "unix", "unix_seq", "tcp46" };
#define NPROTO (sizeof(proto_names) / sizeof(proto_names[0]))

static bool is_v6(const struct spec *sp)
{
	return sp->proto == 1 || sp->proto == 4;
}

static void parse_spec(struct helper *h, const char *arg, struct spec *sp)
{
	char buf[1024], *f[1] = { 0 }, *star, *save = NULL, *rest, *parts[2], *plus;
	int np = 0;

	snprintf(buf, sizeof(buf), "%s", arg);
	sp->count = 1;
	star = strrchr(buf, '*');
	if (star) {
		*star = '\0';
		sp->count = atoi(star + 1);
	}
	/* The address may hold commas (hostile names): the protocol is the
	 * first field, the backlog and queue the last two. */
	f[0] = strtok_r(buf, ",", &save);
	rest = save;

	for (char *p = rest ? rest + strlen(rest) : NULL; p && p > rest && np < 2; p--) {
		if (p[-1] == ',') {
			parts[np++] = p;
			p[-1] = '\0';
		}
	}
	if (!f[0] || np < 2)
		die(h, "bad spec '%s'", arg);
	sp->pending = 0;
	plus = strchr(parts[0], '+');
	if (plus) {
		*plus = '\0';
		sp->pending = atoi(plus + 1);
		sp->close_pending = strchr(plus + 1, '!') != NULL;
	}
	snprintf(sp->addr, sizeof(sp->addr), "%s", rest);
	sp->backlog = atoi(parts[1]);
	sp->queued = strcmp(parts[0], "full") ? atoi(parts[0]) : -1;
	for (sp->proto = 0; sp->proto < (int)NPROTO; sp->proto++)
		if (!strcmp(f[0], proto_names[sp->proto]))
			break;
	if (sp->proto == (int)NPROTO)
		die(h, "bad protocol '%s'", f[0]);
}

static socklen_t inet_address(struct helper *h, const struct spec *sp,
			      struct sockaddr_storage *ss, char *dev)
{
	char host[512], *colon, *pct;
	struct sockaddr_in *a4;
	int port;

	dev[0] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (is_v6(sp)) {
		const char *close = strchr(sp->addr, ']');
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		if (sp->addr[0] != '[' || !close || close[1] != ':')
			die(h, "bad IPv6 address '%s'", sp->addr);
		snprintf(host, sizeof(host), "%.*s", (int)(close - sp->addr - 1), sp->addr + 1);
		port = atoi(close + 2);
		if ((pct = strchr(host, '%'))) {
			*pct = '\0';
			snprintf(dev, IF_NAMESIZE, "%s", pct + 1);
			a->sin6_scope_id = if_nametoindex(dev);
		}
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			die(h, "bad IPv6 address '%s'", host);
		return sizeof(*a);
	}
	a4 = (struct sockaddr_in *)ss;
	snprintf(host, sizeof(host), "%s", sp->addr);
	colon = strrchr(host, ':');
	if (!colon)
		die(h, "bad IPv4 address '%s'", sp->addr);
	*colon = '\0';
	port = atoi(colon + 1);
	if ((pct = strchr(host, '%'))) {
		*pct = '\0';
		snprintf(dev, IF_NAMESIZE, "%s", pct + 1);
	}
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		die(h, "bad IPv4 address '%s'", host);
	return sizeof(*a4);
}

static socklen_t unix_address(struct helper *h, const struct spec *sp, int index,
			      struct sockaddr_un *sun)
{
	char name[sizeof(sun->sun_path) + 16];
	/* "path:@x" binds the path "@x", which an abstract "@x" reads like. */
	bool as_path = !strncmp(sp->addr, "path:", 5);
	size_t n = decode(sp->addr + (as_path ? 5 : 0), name, sizeof(sun->sun_path));

	if (sp->count > 1)
		n += (size_t)snprintf(name + n, sizeof(name) - n, ".%d", index);
	if (n > sizeof(sun->sun_path))
		die(h, "unix name too long");
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, name, n);
	if (name[0] == '@' && !as_path) {
		sun->sun_path[0] = '\0';
	} else {
		char *path = malloc(n + 1);

		memcpy(path, name, n);
		path[n] = '\0';
		h->paths = realloc(h->paths, (h->npaths + 1) * sizeof(*h->paths));
		h->paths[h->npaths++] = path;
		unlink(path);
	}
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
}

static unsigned tcp_queue_len(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	/* For a listener, tcpi_unacked is sk_ack_backlog. */
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return 0;
	return ti.tcpi_unacked;
}

static void wait_connected(struct helper *h, int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int err = 0;
	socklen_t len = sizeof(err);

	if (poll(&p, 1, 5000) != 1)
		die(h, "connect timed out");
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err)
		die(h, "connect: %s", strerror(err));
}

static void wait_tcp_queue(struct helper *h, int lfd, unsigned want)
{
	for (int i = 0; i < 5000; i++) {
		if (tcp_queue_len(lfd) == want)
			return;
		usleep(1000);
	}
	die(h, "accept queue stuck at %u, expected %u", tcp_queue_len(lfd), want);
}

static void print_local(const struct spec *sp, const struct sockaddr_storage *ss,
			const char *dev, char *out, size_t size)
{
	char ip[INET6_ADDRSTRLEN];

	if (sp->proto == 0) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		snprintf(out, size, "%s%s%s:%u", ip, *dev ? "%" : "", dev, ntohs(a->sin_port));
	} else {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
		snprintf(out, size, "[%s%s%s]:%u", ip, *dev ? "%" : "", dev, ntohs(a->sin6_port));
	}
}

static void make_one(struct helper *h, const struct spec *sp, int index)
{
	int type = sp->proto == 3 ? SOCK_SEQPACKET : SOCK_STREAM;
	int family = sp->proto == 0 ? AF_INET : is_v6(sp) ? AF_INET6 : AF_UNIX;
	struct sockaddr_storage ss;
	socklen_t alen;
	char dev[IF_NAMESIZE] = "", local[600];
	int lfd = socket(family, type | SOCK_CLOEXEC, 0), one = 1;
	int queued = sp->queued < 0 ? sp->backlog + 1 : sp->queued;
	int pending[256], npending = 0;
	struct stat st;

	if (lfd < 0)
		die(h, "socket: %s", strerror(errno));
	if (family == AF_UNIX) {
		alen = unix_address(h, sp, index, (struct sockaddr_un *)&ss);
	} else {
		alen = inet_address(h, sp, &ss, dev);
		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (family == AF_INET6) {
			int v6only = sp->proto == 1;

			setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
		}
		if (*dev && setsockopt(lfd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev)) < 0)
			die(h, "SO_BINDTODEVICE %s: %s", dev, strerror(errno));
	}
	if (bind(lfd, (struct sockaddr *)&ss, alen) < 0)
		die(h, "bind %s: %s", sp->addr, strerror(errno));
	if (listen(lfd, sp->backlog) < 0)
		die(h, "listen: %s", strerror(errno));
	alen = sizeof(ss);
	getsockname(lfd, (struct sockaddr *)&ss, &alen);
	/* A path that fills sun_path comes back with the kernel's NUL, one
	 * byte longer than connect() accepts. */
	if (family == AF_UNIX && alen > sizeof(struct sockaddr_un))
		alen = sizeof(struct sockaddr_un);

	for (int i = 0; i < queued + sp->pending; i++) {
		int c = socket(family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

		if (c < 0)
			die(h, "client socket: %s", strerror(errno));
		if (connect(c, (struct sockaddr *)&ss, alen) < 0 && errno != EINPROGRESS)
			die(h, "connect %d: %s", i, strerror(errno));
		if (family != AF_UNIX && i < queued) {
			wait_connected(h, c);
			wait_tcp_queue(h, lfd, (unsigned)i + 1);
		} else if (sp->close_pending && npending < 256) {
			pending[npending++] = c;
		}
	}
	/* Each SYN to a full queue is dropped once; closed before it is sent
	 * again (a second after), the count stays what was asked. */
	if (npending) {
		usleep(200000);
		for (int i = 0; i < npending; i++)
			close(pending[i]);
	}
	if (family != AF_UNIX && h->burst_fd < 0) {
		h->burst_fd = lfd;
		h->burst_backlog = sp->backlog;
		h->burst_addr = ss;
		h->burst_alen = alen;
	}
	fstat(lfd, &st);
	h->last_fd = lfd;
	if (h->quiet)
		return;
	/* A unix name may hold any byte: it is printed as hex. */
	if (family == AF_UNIX) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		size_t n = alen - offsetof(struct sockaddr_un, sun_path);

		if (sun->sun_path[0])
			n = strnlen(sun->sun_path, n);
		for (size_t i = 0; i < n; i++)
			snprintf(local + 2 * i, 3, "%02x", (unsigned char)sun->sun_path[i]);
		local[2 * n] = '\0';
	} else
		print_local(sp, &ss, dev, local, sizeof(local));
	printf("sock proto=%s local=%s port=%u inode=%lu backlog=%d queued=%d\n",
	       proto_names[sp->proto == 4 ? 1 : sp->proto], local,
	       family == AF_UNIX ? 0 : ntohs(((struct sockaddr_in *)&ss)->sin_port),
	       (unsigned long)st.st_ino, sp->backlog, queued);
}

/* -B: the first TCP listener's queue overflows and is drained again, as in a
 * burst of load between two looks at it. */
static void burst(struct helper *h, int extra)
{
	int fds[1024], n = 0, lfd = h->burst_fd, fl;
	unsigned have = tcp_queue_len(lfd);

	for (unsigned i = have; i < (unsigned)h->burst_backlog + 1 && n < 1024; i++) {
		int c = socket(h->burst_addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

		if (c < 0 || (connect(c, (struct sockaddr *)&h->burst_addr, h->burst_alen) < 0 &&
			      errno != EINPROGRESS))
			die(h, "burst connect: %s", strerror(errno));
		wait_connected(h, c);
		wait_tcp_queue(h, lfd, i + 1);
		fds[n++] = c;
	}
	for (int i = 0; i < extra && n < 1024; i++) {
		int c = socket(h->burst_addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

		if (c < 0 || (connect(c, (struct sockaddr *)&h->burst_addr, h->burst_alen) < 0 &&
			      errno != EINPROGRESS))
			die(h, "burst connect: %s", strerror(errno));
		fds[n++] = c;
	}
	usleep(200000);
	/* Drained: every waiting connection accepted and closed. */
	fl = fcntl(lfd, F_GETFL);
	fcntl(lfd, F_SETFL, fl | O_NONBLOCK);
	for (int c; (c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0;)
		close(c);
	fcntl(lfd, F_SETFL, fl);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	printf("burst dropped=%d\n", extra);
	fflush(stdout);
}

/* N children, each holding a network namespace of its own until the parent
 * goes; named ones are removed by the child that made them. */
static void fork_namespaces(struct helper *h, const char *arg, pid_t *kids, int n)
{
	const char *colon = strchr(arg, ':');
	int ready[2];
	char byte;

	if (pipe(ready) < 0)
		die(h, "pipe: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			die(h, "fork: %s", strerror(errno));
		if (kids[i] == 0) {
			struct helper child = { 0 };
			sigset_t none;

			prctl(PR_SET_PDEATHSIG, SIGTERM);
			close(ready[0]);
			if (colon) {
				char name[256];

				snprintf(name, sizeof(name), "%s-%d", colon + 1, i);
				make_named_netns(&child, name);
			} else if (unshare(CLONE_NEWNET) < 0) {
				die(&child, "unshare: %s", strerror(errno));
			}
			if (write(ready[1], "x", 1) != 1)
				die(&child, "ready pipe: %s", strerror(errno));
			close(ready[1]);
			sigemptyset(&none);
			while (!got_signal)
				sigsuspend(&none);
			cleanup(&child);
			_exit(0);
		}
	}
	close(ready[1]);
	for (int i = 0; i < n; i++)
		if (read(ready[0], &byte, 1) != 1)
			die(h, "a child namespace failed");
	close(ready[0]);
}

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

/* The current network namespace's cookie: unlike its inode number, never
 * given to another namespace. 0 when the kernel has none (before 5.14). */
static unsigned long long netns_cookie(void)
{
	unsigned long long cookie = 0;
	socklen_t len = sizeof(cookie);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0)
		cookie = 0;
	if (fd >= 0)
		close(fd);
	return cookie;
}

/* -M: what the children are made of. */
struct ns_churn {
	int n, ms, port;
	char name[48];		/* prefix of the names of odd children, or "" */
	int *uts;		/* UTS namespaces made in advance, or NULL */
	int nuts;
};

/* -M: one short-lived child, alone in its network namespace, with one
 * listener; what it made is printed in one write. */
static void ns_child(const struct ns_churn *c, unsigned long seq)
{
	struct helper h = { .burst_fd = -1, .quiet = true };
	struct spec sp = { .proto = 0, .backlog = 5, .count = 1 };
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	struct stat ns, sock;
	char hostname[64], line[512];
	int n;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGTERM, SIG_DFL);
	snprintf(sp.addr, sizeof(sp.addr), "127.0.0.1:%d", c->port);
	/* The hostname is in place before the network namespace is made: a
	 * look at the namespace never finds the child with another one. */
	if (c->nuts && setns(c->uts[seq % (unsigned)c->nuts], CLONE_NEWUTS) < 0)
		die(&h, "setns uts: %s", strerror(errno));
	if (gethostname(hostname, sizeof(hostname)) < 0)
		die(&h, "gethostname: %s", strerror(errno));
	if (*c->name && seq % 2) {
		char name[80];

		snprintf(name, sizeof(name), "%s-%lu", c->name, seq);
		make_named_netns(&h, name);
	} else if (unshare(CLONE_NEWNET) < 0) {
		die(&h, "unshare: %s", strerror(errno));
	}
	lo_up(&h);
	make_one(&h, &sp, 0);
	if (getsockname(h.last_fd, (struct sockaddr *)&a, &alen) < 0 || fstat(h.last_fd, &sock) < 0 ||
	    stat("/proc/self/ns/net", &ns) < 0)
		die(&h, "identity: %s", strerror(errno));
	n = snprintf(line, sizeof(line), "nschild seq=%lu pid=%d netns=net:[%lu] cookie=%llu "
		     "inode=%lu port=%u hostname=%s name=%s\n", seq, (int)getpid(),
		     (unsigned long)ns.st_ino, netns_cookie(), (unsigned long)sock.st_ino,
		     ntohs(a.sin_port), hostname, h.netns_path[0] ? strrchr(h.netns_path, '/') + 1 : "");
	if (write(STDOUT_FILENO, line, (size_t)n) != n)
		_exit(1);
	usleep((useconds_t)c->ms * 1000);
	cleanup(&h);
	_exit(0);
}

/* -M HOST: UTS namespaces named HOST-0, HOST-1, ..., made once and held,
 * four for each child alive at a time: children join them in turn, so the
 * churn makes and frees network namespaces only (the two kinds share inode
 * numbers; the fewer other namespaces come and go, the sooner a dead
 * child's number is given to a new child's network namespace). */
static void make_uts_pool(struct helper *h, struct ns_churn *c, const char *host)
{
	int home = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	char name[64];

	c->nuts = 4 * c->n;
	c->uts = calloc((size_t)c->nuts, sizeof(*c->uts));
	if (home < 0 || !c->uts)
		die(h, "uts pool: %s", strerror(errno ? errno : ENOMEM));
	for (int i = 0; i < c->nuts; i++) {
		snprintf(name, sizeof(name), "%.40s-%d", host, i);
		if (unshare(CLONE_NEWUTS) < 0 || sethostname(name, strlen(name)) < 0 ||
		    (c->uts[i] = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC)) < 0)
			die(h, "uts %s: %s", name, strerror(errno));
	}
	if (setns(home, CLONE_NEWUTS) < 0)
		die(h, "setns uts back: %s", strerror(errno));
	close(home);
}

/* -M: N children alive at a time, each replaced as soon as it exits, so
 * that network namespaces die and are made continuously (and their inode
 * numbers are given again to new ones). */
static void churn_namespaces(struct helper *h, const char *arg)
{
	struct ns_churn c = { 0 };
	char host[48] = "";
	unsigned long seq = 0;
	int alive = 0;
	pid_t *kids;
	unsigned long *kid_seq;
	sigset_t block, old;

	if (sscanf(arg, "%d:%d:%47[^:]:%d:%47[^:]", &c.n, &c.ms, host, &c.port, c.name) < 2 ||
	    c.n <= 0 || c.ms < 0 || c.port < 0 || c.port > 65535)
		die(h, "bad namespace churn '%s'", arg);
	if (*host)
		make_uts_pool(h, &c, host);
	kids = calloc((size_t)c.n, sizeof(*kids));
	kid_seq = calloc((size_t)c.n, sizeof(*kid_seq));
	if (!kids || !kid_seq)
		die(h, "out of memory");
	/* SIGTERM is seen between two waits, never lost in one. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	while (!got_signal) {
		pid_t pid;

		for (int i = 0; i < c.n && !got_signal; i++) {
			if (kids[i] > 0)
				continue;
			kids[i] = fork();
			if (kids[i] == 0) {
				sigprocmask(SIG_SETMASK, &old, NULL);
				ns_child(&c, seq);
			}
			if (kids[i] < 0)
				die(h, "fork: %s", strerror(errno));
			kid_seq[i] = seq;
			seq++;
			alive++;
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		pid = wait(NULL);
		sigprocmask(SIG_BLOCK, &block, NULL);
		for (int i = 0; pid > 0 && i < c.n; i++)
			if (kids[i] == pid) {
				kids[i] = 0;
				alive--;
			}
	}
	for (int i = 0; i < c.n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGKILL);
	while (alive > 0 && wait(NULL) > 0)
		alive--;
	/* The names of the children killed before they could remove them. */
	for (int i = 0; *c.name && i < c.n; i++) {
		char path[128];

		if (kids[i] <= 0 || kid_seq[i] % 2 == 0)
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s-%lu", c.name, kid_seq[i]);
		umount2(path, MNT_DETACH);
		unlink(path);
	}
	for (int i = 0; i < c.nuts; i++)
		close(c.uts[i]);
	free(c.uts);
	free(kids);
	free(kid_seq);
}

/* Listeners made and closed in a ring, as a busy host does. AF_UNIX churn
 * takes an abstract name (@NAME), so nothing is left on disk. */
static void churn(struct helper *h, const char *arg)
{
	struct spec sp;
	int *ring;
	size_t n, next = 0;
	unsigned long round = 0;

	parse_spec(h, arg, &sp);
	if (sp.proto >= 2 && sp.addr[0] != '@')
		die(h, "churn: AF_UNIX needs an abstract name");
	n = sp.count > 0 ? (size_t)sp.count : 1;
	ring = calloc(n, sizeof(*ring));
	if (!ring)
		die(h, "out of memory");
	for (size_t i = 0; i < n; i++)
		ring[i] = -1;
	sp.count = 1;
	sp.queued = 0;
	sp.pending = 0;
	h->quiet = true;
	while (!got_signal) {
		struct spec one = sp;

		if (sp.proto >= 2 && strlen(sp.addr) < sizeof(one.addr) - 24)
			snprintf(one.addr, sizeof(one.addr), "%s.%lu", sp.addr, round);
		if (ring[next] >= 0)
			close(ring[next]);
		make_one(h, &one, 0);
		ring[next] = h->last_fd;
		next = (next + 1) % n;
		round++;
	}
	free(ring);
}

int main(int argc, char **argv)
{
	struct helper h = { 0 };
	const char *name = NULL, *somaxconn = NULL, *cmd = NULL, *churn_spec = NULL;
	const char *forks = NULL, *hostname = NULL, *cgroups[2] = { 0 }, *ns_churn = NULL;
	int ncgroups = 0;
	int burst_extra = -1, home = -1;
	bool leave = false, hold_child = false;
	pid_t holder = -1;
	pid_t *kids = NULL;
	int nkids = 0;
	bool unnamed = false;
	struct rlimit rl;
	struct stat st;
	unsigned long long cookie;
	sigset_t stop, old;
	int c;

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGUSR1, on_signal);
	signal(SIGUSR2, on_signal);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	/* Many listeners and their clients need many descriptors. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	h.burst_fd = -1;
	while ((c = getopt(argc, argv, "n:us:e:qC:F:B:h:G:XKM:")) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'u': unnamed = true; break;
		case 's': somaxconn = optarg; break;
		case 'e': cmd = optarg; break;
		case 'q': h.quiet = true; break;
		case 'C': churn_spec = optarg; break;
		case 'F': forks = optarg; break;
		case 'B': burst_extra = atoi(optarg); break;
		case 'h': hostname = optarg; break;
		case 'G':
			if (ncgroups == 2)
				die(&h, "-G at most twice");
			cgroups[ncgroups++] = optarg;
			break;
		case 'X': leave = true; break;
		case 'K': hold_child = true; break;
		case 'M': ns_churn = optarg; break;
		default: return 2;
		}
	}
	if (leave && (home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		die(&h, "/proc/self/ns/net: %s", strerror(errno));
	if (name)
		make_named_netns(&h, name);
	else if (unnamed && unshare(CLONE_NEWNET) < 0)
		die(&h, "unshare: %s", strerror(errno));
	if (name || unnamed)
		lo_up(&h);
	if (hostname && (unshare(CLONE_NEWUTS) < 0 || sethostname(hostname, strlen(hostname)) < 0))
		die(&h, "hostname %s: %s", hostname, strerror(errno));
	for (int i = 0; i < ncgroups; i++)
		join_cgroup(&h, cgroups[i]);
	if (somaxconn)
		write_file(&h, "/proc/sys/net/core/somaxconn", somaxconn);
	if (cmd && system(cmd) != 0)
		die(&h, "'%s' failed", cmd);
	for (int i = optind; i < argc && !got_signal; i++) {
		struct spec sp;

		parse_spec(&h, argv[i], &sp);
		for (int k = 0; k < sp.count; k++)
			make_one(&h, &sp, k);
	}
	if (forks) {
		nkids = atoi(forks);
		kids = calloc(nkids > 0 ? (size_t)nkids : 1, sizeof(*kids));
		if (!kids)
			die(&h, "out of memory");
		fork_namespaces(&h, forks, kids, nkids);
	}
	stat("/proc/self/ns/net", &st);
	cookie = netns_cookie();
	if (leave && setns(home, CLONE_NEWNET) < 0)
		die(&h, "setns back: %s", strerror(errno));
	if (hold_child) {
		fflush(stdout);
		if ((holder = fork_holder()) < 0)
			die(&h, "fork: %s", strerror(errno));
		printf("child pid=%d\n", (int)holder);
	}
	printf("ready pid=%d netns=net:[%lu] cookie=%llu\n", getpid(), (unsigned long)st.st_ino,
	       cookie);
	fflush(stdout);
	if (churn_spec)
		churn(&h, churn_spec);
	if (ns_churn)
		churn_namespaces(&h, ns_churn);
	/* Hold everything until a signal says stop. */
	sigprocmask(SIG_BLOCK, &stop, &old);
	sigaddset(&stop, SIGUSR1);
	sigaddset(&stop, SIGUSR2);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	while (!got_signal) {
		sigsuspend(&old);
		if (got_burst && burst_extra >= 0 && h.burst_fd >= 0)
			burst(&h, burst_extra);
		got_burst = 0;
		if (got_end_child && holder > 0) {
			kill(holder, SIGTERM);
			waitpid(holder, NULL, 0);
			holder = -1;
			printf("child ended\n");
			fflush(stdout);
		}
		got_end_child = 0;
	}
	if (holder > 0) {
		kill(holder, SIGTERM);
		waitpid(holder, NULL, 0);
	}
	for (int i = 0; i < nkids; i++)
		kill(kids[i], SIGTERM);
	for (int i = 0; i < nkids; i++)
		waitpid(kids[i], NULL, 0);
	free(kids);
	cleanup(&h);
	return 0;
}
