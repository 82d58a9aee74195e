/* SPDX-License-Identifier: GPL-2.0-or-later */
/* types.h: what a snapshot holds: listeners, their holders, namespaces, CPUs, and the fields derived from them. */
#ifndef SOCKQ_TYPES_H
#define SOCKQ_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A value the kernel did not tell us (older kernel, unreadable sysctl). */
#define SOCKQ_UNKNOWN UINT32_MAX
#define SOCKQ_NONE UINT32_MAX

enum proto {
	PROTO_TCP,
	PROTO_TCP6,
	PROTO_UNIX,
	PROTO_UNIX_SEQ,
	PROTO_COUNT,
};

/* One listening socket, kept compact (56 bytes): 64 000 of them must take
 * less memory than ss needs, so strings live in the snapshot's pool and
 * are referenced by offset, and what only some columns need lives beside
 * the rows, in side columns (rowstore.h). */
struct listener {
	uint64_t cookie;	/* the kernel's socket cookie, unique until reboot */
	uint32_t inode;
	uint32_t netns;		/* index into the snapshot's namespace table */
	uint32_t recv_q;
	uint32_t backlog;	/* sk_max_ack_backlog */
	uint32_t uid;
	uint32_t drops;		/* sk_drops: connection attempts dropped (TCP) */
	uint32_t name_off;	/* AF_UNIX name, or the bound device of a TCP socket */
	uint16_t port;
	uint8_t name_len;	/* at most 109 (sun_path, and the kernel's NUL) */
	uint8_t proto;
	uint8_t addr[16];	/* network byte order; IPv4 uses the first 4 */
};
_Static_assert(sizeof(struct listener) == 56, "a row is 56 bytes");

/* What names one listener from snapshot to snapshot, and in the --check
 * state: the cookies the kernel hands out for the namespace and for the
 * socket, neither reused before the next boot (an inode is, soon). */
struct listener_key {
	uint64_t netns;
	uint64_t sock;
};

/* A process holding a listener; several chain through next. */
struct owner {
	uint32_t pid;
	uint32_t comm;		/* offset into the pool */
	uint32_t next;
};

/* The namespace's TcpExt counters sockq reads (/proc/net/netstat). */
enum ns_counter {
	CNT_LISTEN_OVERFLOWS,	/* ListenOverflows: full accept queue */
	CNT_LISTEN_DROPS,	/* ListenDrops: every drop at a listener */
	CNT_REQQ_FULL_DROP,	/* TCPReqQFullDrop: full SYN queue, no cookies */
	CNT_REQQ_FULL_COOKIES,	/* TCPReqQFullDoCookies: full SYN queue, cookies sent */
	CNT_COOKIES_SENT,	/* SyncookiesSent */
	CNT_COOKIES_RECV,	/* SyncookiesRecv */
	CNT_COOKIES_FAILED,	/* SyncookiesFailed */
	CNT_COUNT,
};

/* Per-namespace numbers read inside it; SOCKQ_UNKNOWN (UINT64_MAX for the
 * counters) when unreadable. */
struct ns_sysctl {
	uint32_t somaxconn;
	uint32_t tcp_max_syn_backlog;
	uint32_t tcp_syncookies;
	uint32_t tcp_abort_on_overflow;
	uint64_t counter[CNT_COUNT];
};

/* A string in the snapshot's pool. */
struct pstr {
	uint32_t off, len;
};

/* A network namespace as one snapshot saw it. */
struct netns {
	uint32_t id;		/* the session's: the same namespace keeps it */
	uint64_t cookie;	/* the kernel's namespace cookie; 0 when unknown */
	uint64_t dev, ino;	/* of its nsfs file, as opened */
	struct pstr label;	/* name under /run/netns, else net:[INODE] */
	bool current;		/* the namespace sockq was started in */
	bool read_ok;		/* every dump in it succeeded */
	/* What names it: the process that identifies it, checked to be in it
	 * while it was open; pid 0 and nothing else when none was. */
	uint32_t pid;
	struct pstr comm;	/* raw bytes */
	struct pstr cgroup;	/* as long as the kernel reports it */
	struct pstr container;	/* the container, pod, machine or unit the cgroup names */
	struct pstr hostname;	/* its UTS hostname, raw bytes */
	bool cgroup_known, container_known, hostname_known;
	struct ns_sysctl sys;
	uint32_t listeners;	/* derived once collected */
	uint32_t full;
	uint64_t drops;		/* the listeners' drops, UINT64_MAX if one is unknown */
};

/* One CPU's input backlog (process_backlog), host-wide, from
 * /proc/net/softnet_stat; the last row sums every CPU. */
#define CPU_TOTAL UINT32_MAX
struct cpu_backlog {
	uint32_t cpu;		/* CPU_TOTAL for the sum */
	uint64_t processed;
	uint64_t dropped;	/* the backlog was full (netdev_max_backlog) */
	uint64_t time_squeeze;	/* the budget ran out with work left */
};

/* Every string of a snapshot, in one growing buffer. */
struct pool {
	char *data;
	size_t len, cap;
};

/* pool.c */
int pool_add(struct pool *p, const void *s, size_t len, uint32_t *off);
int pool_add_str(struct pool *p, const void *s, size_t len, struct pstr *out);
/* Room for more bytes, so a size known ahead costs one allocation. */
int pool_reserve(struct pool *p, size_t more);
static inline const char *pool_str(const struct pool *p, uint32_t off)
{
	/* A row with no name may point into a pool that holds nothing yet. */
	return p->data ? p->data + off : "";
}
void pool_free(struct pool *p);

static inline bool listener_is_tcp(const struct listener *l)
{
	return l->proto == PROTO_TCP || l->proto == PROTO_TCP6;
}

/* The kernel admits one connection more than the backlog: both
 * sk_acceptq_is_full() and the AF_UNIX check compare with '>'. */
static inline bool listener_full(const struct listener *l)
{
	if (l->recv_q == SOCKQ_UNKNOWN || l->backlog == SOCKQ_UNKNOWN)
		return false;
	return l->recv_q > l->backlog;
}

static inline uint32_t listener_use_pct(const struct listener *l)
{
	if (l->recv_q == SOCKQ_UNKNOWN || l->backlog == SOCKQ_UNKNOWN)
		return SOCKQ_UNKNOWN;
	return (uint32_t)(100ull * l->recv_q / ((uint64_t)l->backlog + 1));
}

/* listen() cuts the requested backlog down to somaxconn silently; a backlog
 * equal to it is the trace that this most likely happened. 1 yes, 0 no,
 * -1 unknown. */
static inline int listener_clamped(const struct listener *l, const struct netns *ns)
{
	if (ns->sys.somaxconn == SOCKQ_UNKNOWN || l->backlog == SOCKQ_UNKNOWN)
		return -1;
	return l->backlog == ns->sys.somaxconn;
}

/* The drops between two readings of a listener's counter: sk_drops is 32
 * bits, so across its wrap too. */
static inline uint32_t drops_since(uint32_t now, uint32_t then)
{
	return now - then;
}

/* ADDR:PORT, [ADDR]:PORT, with %DEV for a socket bound to a device; the
 * raw name for AF_UNIX, which the caller escapes. Returns the length. */
size_t listener_format_local(const struct pool *pool, const struct listener *l,
			     char *buf, size_t size);
/* The length listener_format_local() would return for a TCP listener,
 * counted without writing where that is cheaper (IPv4, no device); else
 * written to scratch. */
size_t listener_local_width(const struct pool *pool, const struct listener *l,
			    char *scratch, size_t size);

/* Protocol names with their lengths, asked for once per row. */
struct proto_label {
	const char *name;
	size_t len;
};
extern const struct proto_label proto_labels[PROTO_COUNT];

static inline const char *proto_name(enum proto p)
{
	return p < PROTO_COUNT ? proto_labels[p].name : "?";
}

static inline size_t proto_name_len(enum proto p)
{
	return p < PROTO_COUNT ? proto_labels[p].len : 1;
}

#endif
