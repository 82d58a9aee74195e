// SPDX-License-Identifier: GPL-2.0-or-later
/* collect.c: visiting each namespace and reading its listeners and sysctls. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "backlog.h"
#include "caps.h"
#include "collect.h"
#include "columns.h"
#include "diag.h"
#include "procs.h"

static const char *const sysctl_paths[SYS_COUNT] = {
	[SYS_SOMAXCONN] = "/proc/sys/net/core/somaxconn",
	[SYS_SYN_BACKLOG] = "/proc/sys/net/ipv4/tcp_max_syn_backlog",
	[SYS_SYNCOOKIES] = "/proc/sys/net/ipv4/tcp_syncookies",
	[SYS_ABORT] = "/proc/sys/net/ipv4/tcp_abort_on_overflow",
};

/* Read in the namespace itself: /proc/thread-self follows the calling
 * thread, /proc/self/net the whole process. */
#define NETSTAT_PATH "/proc/thread-self/net/netstat"

static void handle_init(struct ns_handle *h)
{
	memset(h, 0, sizeof(*h));
	h->nl.replay_fd = h->nl.record_fd = -1;
	for (int i = 0; i < SYS_COUNT; i++)
		h->sys[i] = -1;
	h->netstat = -1;
}

static void handle_close(struct ns_handle *h)
{
	if (h->open)
		nlsock_close(&h->nl);
	for (int i = 0; i < SYS_COUNT; i++)
		if (h->sys[i] >= 0)
			close(h->sys[i]);
	if (h->netstat >= 0)
		close(h->netstat);
	handle_init(h);
}

/* A sysctl file: opened non-blocking, as whatever sits at that path is
 * read (a FIFO bound over it must not hang the run). A file that is not
 * there stays unknown: older kernels hide somaxconn in namespaces owned by
 * another user namespace, and that is not a failure. Running out of
 * descriptors or memory is. */
static int open_sysctl(const char *path, int *fd)
{
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd >= 0 || (errno != EMFILE && errno != ENFILE && errno != ENOMEM))
		return 0;
	return -errno;
}

/* Done inside the namespace: what each sample will read, and no more
 * (--watch holds these for every namespace at once). */
static int handle_open(struct collector *c, struct ns_handle *h)
{
	int err = nlsock_open(&h->nl);

	if (err < 0)
		return err;
	h->open = true;
	for (int i = 0; i < SYS_COUNT && err == 0; i++)
		if (i == SYS_SOMAXCONN || c->plan.sysctls)
			err = open_sysctl(sysctl_paths[i], &h->sys[i]);
	if (err == 0 && c->plan.counters)
		err = open_sysctl(NETSTAT_PATH, &h->netstat);
	return err;
}

void collect_plan(struct collect_plan *p, const struct query *q)
{
	bool listeners = q->rows == ROWS_LISTENERS;
	bool cpus = q->rows == ROWS_CPUS;

	/* The input backlog is the host's: no socket is dumped for it. */
	p->tcp4 = q->tcp4 && !cpus;
	p->tcp6 = q->tcp6 && !cpus;
	p->unix_stream = q->unix_stream && !cpus;
	p->backlog = !listeners;
	p->netns_all = q->netns_all;
	p->synq = listeners && query_shows(q, LC_SYN_Q);
	p->owners = listeners && (query_shows(q, LC_PID) || query_shows(q, LC_COMMAND));
	p->ns_processes = false;
	p->ns_what = 0;
	for (size_t i = 0; i < q->ncols; i++) {
		int col = q->cols[i];

		if (listeners) {
			p->ns_processes |= col == LC_NS_PID || col == LC_NS_COMMAND ||
					   col == LC_NS_CONTAINER || col == LC_NS_HOSTNAME ||
					   col == LC_NS_CGROUP;
			p->ns_what |= (col == LC_NS_COMMAND ? IDENT_COMMAND : 0) |
				      (col == LC_NS_HOSTNAME ? IDENT_HOSTNAME : 0);
		} else if (q->rows == ROWS_NAMESPACES) {
			p->ns_processes |= col == SC_NS_PID || col == SC_NS_COMMAND ||
					   col == SC_NS_CONTAINER || col == SC_NS_HOSTNAME ||
					   col == SC_NS_CGROUP;
			p->ns_what |= (col == SC_NS_COMMAND ? IDENT_COMMAND : 0) |
				      (col == SC_NS_HOSTNAME ? IDENT_HOSTNAME : 0);
		}
	}
	p->sysctls = q->rows == ROWS_NAMESPACES || (listeners && query_shows(q, LC_SYN_MAX));
	p->counters = q->rows == ROWS_NAMESPACES;
}

int collect_init(struct collector *c, struct listener_set *set, struct report *r)
{
	int err;

	memset(c, 0, sizeof(*c));
	c->set = set;
	c->report = r;
	err = netns_home_open(&c->home);
	if (err < 0)
		report_error(r, "cannot open this thread's network namespace: %s", strerror(-err));
	return err;
}

int collect_resolve(struct collector *c, const struct query *q)
{
	return netns_resolve(q, &c->home, c->set, &c->src, c->report);
}

/* The files held since the user named the namespaces: not needed once
 * each is read. */
static void close_ns_files(struct collector *c)
{
	for (size_t i = 0; c->src && i < c->set->nns; i++) {
		if (c->src[i].fd >= 0)
			close(c->src[i].fd);
		c->src[i].fd = -1;
	}
}

void collect_free(struct collector *c)
{
	collect_close_all(c);
	close_ns_files(c);
	owner_cache_free(c->owners);
	c->owners = NULL;
	free(c->src);
	c->src = NULL;
	netns_home_close(&c->home);
}

static ssize_t pread_all(int fd, char *buf, size_t size)
{
	size_t got = 0;

	while (got < size - 1) {
		ssize_t n = pread(fd, buf + got, size - 1 - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	return (ssize_t)got;
}

static uint32_t read_u32(int fd)
{
	char buf[32], *end;
	unsigned long v;

	if (fd < 0 || pread_all(fd, buf, sizeof(buf)) <= 0)
		return SOCKQ_UNKNOWN;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno || end == buf || v >= SOCKQ_UNKNOWN)
		return SOCKQ_UNKNOWN;
	return (uint32_t)v;
}

const char *const netstat_names[CNT_COUNT] = {
	[CNT_LISTEN_OVERFLOWS] = "ListenOverflows",
	[CNT_LISTEN_DROPS] = "ListenDrops",
	[CNT_REQQ_FULL_DROP] = "TCPReqQFullDrop",
	[CNT_REQQ_FULL_COOKIES] = "TCPReqQFullDoCookies",
	[CNT_COOKIES_SENT] = "SyncookiesSent",
	[CNT_COOKIES_RECV] = "SyncookiesRecv",
	[CNT_COOKIES_FAILED] = "SyncookiesFailed",
};

void netstat_parse(const char *text, const char *const *names, size_t n, uint64_t *values)
{
	const char *hdr = strstr(text, "TcpExt:");
	const char *val = hdr ? strstr(hdr + 7, "TcpExt:") : NULL;

	for (size_t i = 0; i < n; i++)
		values[i] = UINT64_MAX;
	if (!val)
		return;
	/* Two lines: the field names, then the values in the same order. */
	hdr += 7;
	val += 7;
	while (*hdr && *hdr != '\n' && *val && *val != '\n') {
		size_t hl, vl;
		char *end;
		unsigned long long v;

		while (*hdr == ' ')
			hdr++;
		while (*val == ' ')
			val++;
		hl = strcspn(hdr, " \n");
		vl = strcspn(val, " \n");
		if (!hl || !vl)
			break;
		v = strtoull(val, &end, 10);
		for (size_t i = 0; end == val + vl && i < n; i++)
			if (strlen(names[i]) == hl && !strncmp(hdr, names[i], hl))
				values[i] = v;
		hdr += hl;
		val += vl;
	}
}

static void read_sysctls(struct ns_handle *h, struct ns_sysctl *s)
{
	char buf[8192];

	s->somaxconn = read_u32(h->sys[SYS_SOMAXCONN]);
	s->tcp_max_syn_backlog = read_u32(h->sys[SYS_SYN_BACKLOG]);
	s->tcp_syncookies = read_u32(h->sys[SYS_SYNCOOKIES]);
	s->tcp_abort_on_overflow = read_u32(h->sys[SYS_ABORT]);
	for (int i = 0; i < CNT_COUNT; i++)
		s->counter[i] = UINT64_MAX;
	if (h->netstat >= 0 && pread_all(h->netstat, buf, sizeof(buf)) > 0)
		netstat_parse(buf, netstat_names, CNT_COUNT, s->counter);
}

static void dump_failed(struct collector *c, struct netns *ns, const char *what,
			struct nlsock *nl, int err)
{
	ns->read_ok = false;
	if (err == -EINTR)
		report_warn(c->report, "netns %s: the %s dump kept being interrupted by "
			       "concurrent socket changes; rows may be missing or repeated",
			 ns->label, what);
	else
		report_warn(c->report, "netns %s: %s dump: %s%s%s", ns->label, what,
			 nl->ext_ack, nl->ext_ack[0] ? ": " : "", strerror(-err));
}

typedef int (*dump_fn)(struct nlsock *s, struct dump_rows *rows, uint32_t nsidx,
		       int family, struct dump_pass *pass);

/* One listener dump, made complete. sock_diag serves a dump in rounds of
 * about 32 KiB, each resuming by position within a hash bucket, and never
 * says when sockets came or went in between (it does not set
 * NLM_F_DUMP_INTR): a row can come twice, and a listener that existed all
 * along can be skipped when an earlier socket in its bucket closed. A dump
 * that took more than one round is made again, as often as it takes for
 * every gap between rounds to have been walked through by another pass
 * (dump_check.h); the passes are merged by inode as they come, each
 * listener kept once. */
static int dump_listeners(struct collector *c, uint32_t idx, const char *what,
			  dump_fn dump, int family)
{
	struct dump_pass passes[DUMP_PASSES_MAX] = { 0 };
	struct ns_handle *h = &c->h[idx];
	const char *label = c->set->ns[idx].label;
	struct dump_rows rows;
	size_t n = 0;
	unsigned skipped = 0;
	bool covered = true;
	int err;

	dump_rows_init(&rows, c->set);
	do {
		err = dump_pass_begin(&rows, &passes[n], (unsigned)n);
		if (err == 0)
			err = dump(&h->nl, &rows, idx, family, &passes[n]);
		/* The same unreadable message comes in every pass. */
		if (passes[n].skipped > skipped)
			skipped = passes[n].skipped;
		n++;
		/* The index is not needed to check the passes: its room goes
		 * back first (a further pass makes it again). */
		if (err == 0 && passes[0].nstarts > 0 && n > 1) {
			dump_rows_free(&rows);
			err = dump_passes_cover(&rows, passes, n,
						dump == diag_dump_tcp && family == AF_UNSPEC, &covered);
		}
	} while (err == 0 && passes[0].nstarts > 0 && (n == 1 || !covered) &&
		 n < DUMP_PASSES_MAX);
	for (size_t i = 0; i < n; i++)
		dump_pass_free(&passes[i]);
	dump_rows_free(&rows);
	if (err == -ENOMEM)
		return -ENOMEM;
	if (err == 0 && !covered)
		report_warn(c->report, "netns %s: sockets came and went too fast for a complete %s "
			    "dump in %zu passes; some listeners may be missing", label, what, n);
	if (skipped)
		report_warn(c->report, "netns %s: %u %s %s could not be parsed and %s left out",
			    label, skipped, what, skipped == 1 ? "message" : "messages",
			    skipped == 1 ? "was" : "were");
	return err;
}

/* Whether the kernel does not serve the one-walk request at all. */
static bool one_walk_unserved(int err)
{
	return err == -EOPNOTSUPP || err == -EINVAL || err == -ENOENT;
}

/* A failed TCP dump: a kernel without IPv6 has no TCP/IPv6 sockets to show. */
static int tcp_failed(struct collector *c, uint32_t idx, const char *what, int family, int err)
{
	if (err == -ENOMEM)
		return err;
	if (family != AF_INET6 || (err != -ENOENT && err != -EAFNOSUPPORT))
		dump_failed(c, &c->set->ns[idx], what, &c->h[idx].nl, err);
	return 0;
}

/* Both TCP families in one walk when the kernel serves it (see
 * diag_inet.c), else one dump each; a kernel found not to serve it is not
 * asked again. */
static int read_tcp(struct collector *c, uint32_t idx)
{
	int err;

	if (c->plan.tcp4 && c->plan.tcp6 && !c->no_one_walk) {
		err = dump_listeners(c, idx, "TCP", diag_dump_tcp, AF_UNSPEC);
		if (err >= 0 || !one_walk_unserved(err))
			return err < 0 ? tcp_failed(c, idx, "TCP", AF_UNSPEC, err) : 0;
		c->no_one_walk = true;
	}
	if (c->plan.tcp4 && (err = dump_listeners(c, idx, "TCP/IPv4", diag_dump_tcp, AF_INET)) < 0 &&
	    tcp_failed(c, idx, "TCP/IPv4", AF_INET, err) < 0)
		return err;
	if (c->plan.tcp6 && (err = dump_listeners(c, idx, "TCP/IPv6", diag_dump_tcp, AF_INET6)) < 0 &&
	    tcp_failed(c, idx, "TCP/IPv6", AF_INET6, err) < 0)
		return err;
	return 0;
}

/* One SYN_RECV dump, its failure or unreadable messages said. */
static int synq_walk(struct collector *c, uint32_t idx, size_t first, const char *what,
		     int family)
{
	unsigned skipped = 0;
	int err = diag_dump_synq(&c->h[idx].nl, c->set, idx, family, first, &skipped);

	if (skipped)
		report_warn(c->report, "netns %s: %u %s %s could not be parsed; the SYN queues "
			    "may count too few", c->set->ns[idx].label, skipped, what,
			    skipped == 1 ? "message" : "messages");
	return err < 0 ? tcp_failed(c, idx, what, family, err) : 0;
}

/* Request sockets counted on their listeners, in one walk like the rows
 * where the kernel serves it (read_tcp() found out). */
static int read_synq(struct collector *c, uint32_t idx, size_t first)
{
	/* Counted from zero on TCP rows; AF_UNIX has no SYN queue. */
	if (listener_set_syn_q_room(c->set) < 0)
		return -ENOMEM;
	for (size_t i = first; i < c->set->n; i++)
		c->set->syn_q[i] = listener_is_tcp(&c->set->v[i]) ? 0 : SOCKQ_UNKNOWN;
	if (c->plan.tcp4 && c->plan.tcp6 && !c->no_one_walk)
		return synq_walk(c, idx, first, "TCP SYN_RECV", AF_UNSPEC);
	if (c->plan.tcp4 && synq_walk(c, idx, first, "TCP/IPv4 SYN_RECV", AF_INET) < 0)
		return -ENOMEM;
	if (c->plan.tcp6 && synq_walk(c, idx, first, "TCP/IPv6 SYN_RECV", AF_INET6) < 0)
		return -ENOMEM;
	return 0;
}

static int read_namespace(struct collector *c, uint32_t idx)
{
	struct netns *ns = &c->set->ns[idx];
	size_t first = c->set->n;
	int err;

	ns->read_ok = true;
	read_sysctls(&c->h[idx], &ns->sys);
	if ((c->plan.tcp4 || c->plan.tcp6) && (err = read_tcp(c, idx)) < 0)
		return err;
	if (c->plan.unix_stream &&
	    (err = dump_listeners(c, idx, "AF_UNIX", diag_dump_unix, AF_UNIX)) < 0) {
		if (err == -ENOMEM)
			return err;
		if (err != -ENOENT) {
			dump_failed(c, ns, "AF_UNIX", &c->h[idx].nl, err);
		} else if (!c->unix_warned) {
			/* No unix_diag module: still show the TCP rows. */
			c->unix_warned = true;
			if (c->plan.tcp4 || c->plan.tcp6)
				report_note(c->report, "AF_UNIX listeners are not shown: this kernel has "
					    "no unix_diag (try 'modprobe unix_diag')");
			else
				report_warn(c->report, "AF_UNIX listeners cannot be read: this kernel "
					    "has no unix_diag (try 'modprobe unix_diag')");
		}
	}
	if (c->plan.synq && (err = read_synq(c, idx, first)) < 0)
		return err;
	return 0;
}

/* Reach the namespace, enter it, open what must be opened inside, and
 * come back. Failing to come back is fatal: whatever we read next would
 * carry the wrong label. A namespace that went away since it was found is
 * left out without a word; any other failure is a warning naming it. */
static int open_namespace(struct collector *c, uint32_t idx)
{
	struct netns *ns = &c->set->ns[idx];
	int fd, owned, err, lerr;

	handle_init(&c->h[idx]);
	owned = netns_open(ns, &c->src[idx], &fd);
	if (owned == -ENOENT) {
		ns->vanished = true;
		return 0;
	}
	if (owned < 0) {
		if (owned == -ENOMEM)
			return owned;
		report_warn(c->report, "netns %s: cannot open it: %s", ns->label, strerror(-owned));
		return 0;
	}
	err = netns_enter(fd);
	if (owned)
		close(fd);
	if (err < 0) {
		report_warn(c->report, "netns %s: cannot enter it: %s", ns->label, strerror(-err));
		return 0;
	}
	err = handle_open(c, &c->h[idx]);
	lerr = ns->current ? 0 : netns_leave(&c->home);
	if (lerr < 0) {
		report_error(c->report, "cannot return to the original network namespace after "
			     "visiting %s: %s; stopping", ns->label, strerror(-lerr));
		handle_close(&c->h[idx]);
		return lerr;
	}
	if (err < 0) {
		handle_close(&c->h[idx]);
		if (err == -ENOMEM)
			return err;
		report_warn(c->report, "netns %s: cannot open its diag socket or sysctls: %s",
			    ns->label, strerror(-err));
	}
	return 0;
}

/* Entering another namespace needs CAP_SYS_ADMIN. Say so once, before
 * trying, with the exact way to get it. */
static int check_privilege(struct collector *c, bool *skip_others)
{
	char hint[4200];
	const struct netns *other = NULL;

	*skip_others = false;
	for (size_t i = 0; i < c->set->nns && !other; i++)
		if (!c->set->ns[i].current)
			other = &c->set->ns[i];
	if (!other || caps_effective(CAP_SYS_ADMIN))
		return 0;
	caps_setcap_hint(hint, sizeof(hint));
	if (!c->plan.netns_all) {
		report_error(c->report, "--netns %s: entering another network namespace needs "
			  "CAP_SYS_ADMIN; run sockq as root, or grant it with: %s",
			  other->label, hint);
		return -EPERM;
	}
	report_warn(c->report, "showing only the current network namespace: entering the "
		       "others needs CAP_SYS_ADMIN; run sockq as root, or grant it with: %s",
		 hint);
	*skip_others = true;
	return 0;
}

static int alloc_handles(struct collector *c)
{
	c->h = calloc(c->set->nns ? c->set->nns : 1, sizeof(*c->h));
	if (!c->h)
		return -ENOMEM;
	for (size_t i = 0; i < c->set->nns; i++)
		handle_init(&c->h[i]);
	return 0;
}

static int finish_sample(struct collector *c)
{
	if (c->plan.owners) {
		int denied, err;

		/* What is permitted is raised for the scan alone: after the
		 * first sample of a watch, only what the scan needs is left. */
		if ((err = caps_raise()) < 0)
			return err;
		denied = procs_scan_owners(c->set, c->plan.netns_all, c->owners);
		if (denied > 0 && caps_effective(CAP_SYS_PTRACE))
			report_note(c->report, "the descriptors of %d processes could not be read, "
				    "even with CAP_SYS_PTRACE; their sockets show no pid or command",
				    denied);
		else if (denied > 0)
			report_note(c->report, "the descriptors of %d processes could not be read; "
				    "their sockets show no pid or command (run sockq as root)", denied);
		/* Names from other users are formatted next: never with more
		 * than the user's own rights. */
		if ((err = caps_lower()) < 0)
			return err;
		if (denied < 0)
			return denied;
	}
	listener_set_count_ns(c->set);
	if (c->plan.backlog)
		return backlog_read(c->set);
	return 0;
}

/* What both ways of collecting do first. */
static int prepare(struct collector *c, bool *skip_others)
{
	int err = check_privilege(c, skip_others);

	if (err < 0)
		return err;
	if ((err = alloc_handles(c)) < 0)
		return err;
	if (c->plan.ns_processes)
		return netns_identify(c->set, c->plan.netns_all, c->plan.ns_what, c->report);
	return 0;
}

int collect_once(struct collector *c)
{
	bool skip_others;
	int err = prepare(c, &skip_others);

	if (err < 0)
		return err;
	for (uint32_t i = 0; i < c->set->nns && err >= 0; i++) {
		if (skip_others && !c->set->ns[i].current)
			continue;
		err = open_namespace(c, i);
		if (err >= 0 && c->h[i].open)
			err = read_namespace(c, i);
		handle_close(&c->h[i]);
	}
	if (err >= 0)
		err = finish_sample(c);
	free(c->h);
	c->h = NULL;
	/* Namespace files are not needed once everything is read. */
	close_ns_files(c);
	return err;
}

int collect_open_all(struct collector *c)
{
	bool skip_others;
	int err = prepare(c, &skip_others);

	if (err < 0)
		return err;
	/* Samples after the first look up only the owners of new listeners. */
	if (c->plan.owners && !(c->owners = owner_cache_new()))
		return -ENOMEM;
	for (uint32_t i = 0; i < c->set->nns && err >= 0; i++)
		if (!skip_others || c->set->ns[i].current)
			err = open_namespace(c, i);
	return err;
}

int collect_sample(struct collector *c)
{
	listener_set_clear_rows(c->set);
	for (uint32_t i = 0; i < c->set->nns; i++) {
		int err;

		if (!c->h[i].open)
			continue;
		err = read_namespace(c, i);
		if (err < 0)
			return err;
	}
	return finish_sample(c);
}

void collect_close_all(struct collector *c)
{
	if (!c->h)
		return;
	for (size_t i = 0; i < c->set->nns; i++)
		handle_close(&c->h[i]);
	free(c->h);
	c->h = NULL;
}
