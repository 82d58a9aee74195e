// SPDX-License-Identifier: GPL-2.0-or-later
/* src_sysctl.c: the source of each namespace's sysctls and TcpExt counters, through files opened inside it and read again at every collection. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "registry.h"
#include "source.h"
#include "sysctl.h"

enum { SYS_SOMAXCONN, SYS_SYN_BACKLOG, SYS_SYNCOOKIES, SYS_ABORT, SYS_COUNT };

static const char *const sysctl_paths[SYS_COUNT] = {
	[SYS_SOMAXCONN] = "/proc/sys/net/core/somaxconn",
	[SYS_SYN_BACKLOG] = "/proc/sys/net/ipv4/tcp_max_syn_backlog",
	[SYS_SYNCOOKIES] = "/proc/sys/net/ipv4/tcp_syncookies",
	[SYS_ABORT] = "/proc/sys/net/ipv4/tcp_abort_on_overflow",
};

/* Read in the namespace itself: /proc/thread-self follows the calling
 * thread, /proc/self/net the whole process. */
#define NETSTAT_PATH "/proc/thread-self/net/netstat"

/* What is kept open in a namespace, so that it is read again without
 * entering it: an open /proc/sys or /proc/net file reads the namespace it
 * was opened in. */
struct sysctl_state {
	int sys[SYS_COUNT];
	int netstat;
};

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

/* Where a namespace's own file is: opened inside it, or in a recording
 * under its directory ("/proc/sys/x" as "sys/x", "/proc/thread-self/net/x"
 * as "net/x"). */
static const char *ns_file(const struct source_ctx *ctx, const char *path, char *buf)
{
	const char *rel = path + strlen("/proc/");

	if (!sysroot_replaying(ctx->sr))
		return path;
	if (!strncmp(rel, "thread-self/", 12))
		rel += 12;
	return sysroot_netns_path(ctx->sr->root, ctx->ns->ino, rel, buf);
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

static void sysctl_close(void *state)
{
	struct sysctl_state *st = state;

	if (!st)
		return;
	for (int i = 0; i < SYS_COUNT; i++)
		if (st->sys[i] >= 0)
			close(st->sys[i]);
	if (st->netstat >= 0)
		close(st->netstat);
	free(st);
}

/* Inside the namespace: what each collection will read, and no more
 * (a watch holds these for every namespace at once). */
static int sysctl_open(struct source_ctx *ctx, void **state)
{
	struct sysctl_state *st = malloc(sizeof(*st));
	char buf[PATH_MAX];
	int err = 0;

	if (!st)
		return -ENOMEM;
	for (int i = 0; i < SYS_COUNT; i++)
		st->sys[i] = -1;
	st->netstat = -1;
	for (int i = 0; i < SYS_COUNT && err == 0; i++)
		if ((i == SYS_SOMAXCONN && (ctx->needs & NEED_SOMAXCONN)) ||
		    (ctx->needs & NEED_SYSCTLS))
			err = open_sysctl(ns_file(ctx, sysctl_paths[i], buf), &st->sys[i]);
	if (err == 0 && (ctx->needs & NEED_COUNTERS))
		err = open_sysctl(ns_file(ctx, NETSTAT_PATH, buf), &st->netstat);
	if (err < 0) {
		sysctl_close(st);
		return err;
	}
	*state = st;
	return 0;
}

/* One read: a sysctl's few bytes come whole. */
static uint32_t read_u32(int fd)
{
	char buf[32], *end;
	unsigned long v;
	int whole;

	if (fd < 0 || read_fd_small(fd, buf, sizeof(buf), &whole) <= 0)
		return SOCKQ_UNKNOWN;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno || end == buf || v >= SOCKQ_UNKNOWN)
		return SOCKQ_UNKNOWN;
	return (uint32_t)v;
}

static int sysctl_sample(struct source_ctx *ctx, void *state)
{
	struct ns_sysctl *s = &ctx->snap->ns[ctx->nsidx].sys;
	struct sysctl_state *st = state;
	char buf[8192];
	int whole;

	s->somaxconn = read_u32(st->sys[SYS_SOMAXCONN]);
	s->tcp_max_syn_backlog = read_u32(st->sys[SYS_SYN_BACKLOG]);
	s->tcp_syncookies = read_u32(st->sys[SYS_SYNCOOKIES]);
	s->tcp_abort_on_overflow = read_u32(st->sys[SYS_ABORT]);
	for (int i = 0; i < CNT_COUNT; i++)
		s->counter[i] = UINT64_MAX;
	if (st->netstat >= 0 && read_fd_small(st->netstat, buf, sizeof(buf), &whole) > 0 && whole)
		netstat_parse(buf, netstat_names, CNT_COUNT, s->counter);
	return 0;
}

const struct source source_sysctl = {
	.name = "sysctl",
	.scope = SOURCE_NETNS,
	.provides = NEED_SOMAXCONN | NEED_SYSCTLS | NEED_COUNTERS,
	.open = sysctl_open,
	.sample = sysctl_sample,
	.close = sysctl_close,
};
