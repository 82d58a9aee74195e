/* SPDX-License-Identifier: GPL-2.0-or-later */
/* model.h: the data model the collect and render stages share: listeners, their owners, namespaces. */
#ifndef SOCKQ_MODEL_H
#define SOCKQ_MODEL_H

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

/* One listening socket, kept compact (48 bytes): 64 000 of them must take
 * less memory than ss needs, so strings live in the set's pool and are
 * referenced by offset, and what only some columns need lives beside. */
struct listener {
	uint32_t inode;
	uint32_t netns;		/* index into listener_set.ns */
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
_Static_assert(sizeof(struct listener) == 48, "a row is 48 bytes");

/* What only --watch knows of a listener, beside its row: kept apart so
 * that a single run's rows stay small. */
struct listener_watch {
	uint32_t peak_q;	/* highest recv_q in any sample */
	uint32_t new_drops;	/* drops since the last sample; SOCKQ_UNKNOWN at first */
	uint32_t watch_drops;	/* drops since the watch began */
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

struct netns {
	char *label;		/* name under /run/netns, else net:[INODE] */
	dev_t dev;
	ino_t ino;
	bool current;
	bool read_ok;		/* every dump in it succeeded */
	bool vanished;		/* gone between being found and being read */
	uint32_t pid;		/* the process that identifies it, 0 when unknown */
	char comm[17];		/* that process's command, raw bytes */
	char *cgroup;		/* that process's cgroup path, NULL when unknown */
	char container[96];	/* the container, pod, machine or unit it names */
	uint8_t container_len;	/* 0: none; the label may hold any byte */
	char hostname[65];	/* that process's UTS hostname, raw bytes */
	bool hostname_known;
	struct ns_sysctl sys;
	uint32_t listeners;	/* derived by the model */
	uint32_t full;
	uint64_t drops;		/* the listeners' drops, UINT64_MAX if one is unknown */
};

/* One CPU's input backlog (process_backlog), host-wide, from
 * /proc/net/softnet_stat; the last row of the set sums every CPU. */
#define CPU_TOTAL UINT32_MAX
struct cpu_backlog {
	uint32_t cpu;		/* CPU_TOTAL for the sum */
	uint64_t processed;
	uint64_t dropped;	/* the backlog was full (netdev_max_backlog) */
	uint64_t time_squeeze;	/* the budget ran out with work left */
};

struct pool {
	char *data;
	size_t len, cap;
};

struct listener_set {
	struct listener *v;
	size_t n, cap;
	struct owner *owners;
	size_t nowners, capowners;
	struct netns *ns;
	size_t nns;
	struct listener_watch *watch;	/* beside v, while watching; else NULL */
	size_t watch_cap;
	/* Beside v too, only when asked for, so that rows stay small: each
	 * row's request sockets waiting (SOCKQ_UNKNOWN for AF_UNIX), and its
	 * first entry in owners (SOCKQ_NONE for none). NULL otherwise. */
	uint32_t *syn_q;
	size_t syn_q_cap;
	uint32_t *owner;
	size_t owner_cap;
	struct cpu_backlog *cpus;	/* with the total last; none when not read */
	size_t ncpus;
	uint32_t netdev_max_backlog;	/* SOCKQ_UNKNOWN when unreadable */
	struct pool pool;
};

/* pool.c */
int pool_add(struct pool *p, const void *s, size_t len, uint32_t *off);
static inline const char *pool_str(const struct pool *p, uint32_t off)
{
	/* A row with no name may point into a pool that holds nothing yet. */
	return p->data ? p->data + off : "";
}
void pool_free(struct pool *p);

/* listener.c: the model */
struct listener *listener_new(struct listener_set *set);
int listener_add_owner(struct listener_set *set, struct listener *l,
		       uint32_t pid, const char *comm, size_t commlen);
/* The same with the command already in the pool at comm_off, so that a
 * process holding many sockets keeps one copy of it. */
int listener_add_owner_at(struct listener_set *set, struct listener *l, uint32_t pid,
			  uint32_t comm_off);
void listener_set_free(struct listener_set *set);
void listener_set_clear_rows(struct listener_set *set);

static inline bool listener_is_tcp(const struct listener *l)
{
	return l->proto == PROTO_TCP || l->proto == PROTO_TCP6;
}

/* Room in set->watch for every row; 0 or -ENOMEM. */
int listener_set_watch_room(struct listener_set *set);
/* Room in set->syn_q and set->owner for every row; 0 or -ENOMEM. */
int listener_set_syn_q_room(struct listener_set *set);
int listener_set_owner_room(struct listener_set *set);

static inline uint32_t listener_syn_q(const struct listener_set *set, const struct listener *l)
{
	return set->syn_q ? set->syn_q[l - set->v] : SOCKQ_UNKNOWN;
}

static inline uint32_t listener_owner(const struct listener_set *set, const struct listener *l)
{
	return set->owner ? set->owner[l - set->v] : SOCKQ_NONE;
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

void listener_set_count_ns(struct listener_set *set);

/* The drops between two readings of a listener's counter: sk_drops is 32
 * bits, so across its wrap too. */
static inline uint32_t drops_since(uint32_t now, uint32_t then)
{
	return now - then;
}

/* A row that needs attention: its queue is full, or, while watching, it
 * dropped connections since the last sample. */
static inline bool listener_alert(const struct listener_set *set, const struct listener *l)
{
	const struct listener_watch *w = set->watch ? &set->watch[l - set->v] : NULL;

	return listener_full(l) || (w && w->new_drops != SOCKQ_UNKNOWN && w->new_drops > 0);
}
size_t listener_format_local(const struct listener_set *set,
			     const struct listener *l, char *buf, size_t size);
/* The length listener_format_local() would return for a TCP listener,
 * counted without writing where that is cheaper (IPv4, no device); else
 * written to scratch. */
size_t listener_local_width(const struct listener_set *set, const struct listener *l,
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


#endif /* SOCKQ_MODEL_H */
