// SPDX-License-Identifier: GPL-2.0-or-later
/* diag_inet.c: TCP listeners of one namespace through inet_diag. */
#include <errno.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Request sockets since Linux 4.4; not in the libc headers. */
#define TCP_NEW_SYN_RECV 12

/* The attributes read, in one walk: the socket's memory counters, whose
 * SK_MEMINFO_DROPS is sk_drops (a kernel too old to send that entry leaves
 * drops unknown), and IPV6_V6ONLY, which the kernel sends with every IPv6
 * socket unasked. Types this build does not know are skipped. */
static int inet_attrs(const struct nlmsghdr *nlh, struct diag_row *r)
{
	const char *tail = (const char *)nlh + nlh->nlmsg_len;
	const struct nlattr *attr;

	diag_attr_for_each(attr, nlh, sizeof(struct inet_diag_msg), tail) {
		const char *payload = (const char *)attr + MNL_ATTR_HDRLEN;

		switch (diag_attr_type(attr)) {
		case INET_DIAG_SKMEMINFO:
			if (diag_attr_len(attr) >= (SK_MEMINFO_DROPS + 1) * sizeof(uint32_t))
				memcpy(&r->l.drops, payload + SK_MEMINFO_DROPS * sizeof(uint32_t),
				       sizeof(r->l.drops));
			break;
		case INET_DIAG_SKV6ONLY:
			if (diag_attr_len(attr) >= 1)
				r->v6only = payload[0] != 0;
			break;
		default:
			break;
		}
	}
	return diag_attrs_end(attr, tail) ? 1 : -EBADMSG;
}

int diag_parse_inet(const struct nlmsghdr *nlh, struct diag_row *r)
{
	const struct inet_diag_msg *m;

	/* Replies carry the type of the request: the one walk's compatibility
	 * request gets TCPDIAG_GETSOCK back. */
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY && nlh->nlmsg_type != TCPDIAG_GETSOCK)
		return 0;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return -EBADMSG;

	diag_row_init(r);
	r->state = m->idiag_state;
	r->l.proto = m->idiag_family == AF_INET ? PROTO_TCP : PROTO_TCP6;
	r->l.inode = m->idiag_inode;
	r->l.cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
	/* For a listener the kernel reports sk_ack_backlog in rqueue and
	 * sk_max_ack_backlog in wqueue (inet_diag_fill_sk / tcp_diag). */
	r->l.recv_q = m->idiag_rqueue;
	r->l.backlog = m->idiag_wqueue;
	r->l.uid = m->idiag_uid;
	r->l.port = ntohs(m->id.idiag_sport);
	memcpy(r->l.addr, m->id.idiag_src, m->idiag_family == AF_INET ? 4 : 16);
	r->ifindex = m->id.idiag_if;
	return inet_attrs(nlh, r);
}

/* A listener bound to a device shows its name. Interface indexes are per
 * namespace: ask through the diag socket, which belongs to the namespace
 * being dumped (SIOCGIFNAME works on any socket and uses its namespace).
 * A vanished device, or a replayed dump, shows the index. */
static int inet_finish(struct dump_target *t, struct listener *l, const struct diag_row *r)
{
	char name[IF_NAMESIZE];
	size_t len;

	if (t->needs & NEED_SIDE(LC_V6ONLY)) {
		uint32_t *v6only = rowstore_side_u32(&t->snap->rows, LC_V6ONLY);

		if (!v6only)
			return -ENOMEM;
		v6only[l - t->snap->rows.v] = r->v6only;
	}
	if (!r->ifindex)
		return 0;
	if (r->ifindex == t->last_if) {
		l->name_off = t->last_if_name.off;
		l->name_len = (uint8_t)t->last_if_name.len;
		return 0;
	}
	if (nlsock_ifname(t->nl, r->ifindex, name) < 0)
		snprintf(name, sizeof(name), "%u", r->ifindex);
	len = strlen(name);
	if (pool_add_str(&t->snap->pool, name, len, &t->last_if_name) < 0)
		return -ENOMEM;
	l->name_off = t->last_if_name.off;
	l->name_len = (uint8_t)len;
	t->last_if = r->ifindex;
	return 0;
}

/* A listener's inode from the fixed header, which a later pass looks up
 * before parsing anything else; 0 for any other message. */
static uint32_t inet_inode(const struct nlmsghdr *nlh)
{
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*m) || m->idiag_state != TCP_LISTEN)
		return 0;
	return m->idiag_inode;
}

#define EXT(attr) (1u << ((attr) - 1))

/* The first pass asks for the memory counters, which hold sk_drops (40
 * bytes a message, and a fifth of the kernel's work), when drops are
 * needed. The verifying pass only looks for sockets it has not seen, and
 * the fixed header holds all of a listener but its drops: it asks for
 * nothing, which is what makes its messages another size (a listener
 * first seen there, made during the dump, shows no drops). After a first
 * pass that asked for nothing it asks for the TOS, 8 bytes. Any further
 * pass asks for the 200-odd bytes of tcp_info, with or without the TOS. */
static const uint8_t pass_ext[] = {
	EXT(INET_DIAG_SKMEMINFO),
	0,
	EXT(INET_DIAG_INFO),
	EXT(INET_DIAG_INFO) | EXT(INET_DIAG_TOS),
};

/* Room for either request. */
#define REQ_SIZE (MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct inet_diag_req_v2) > \
					      sizeof(struct inet_diag_req) ?	\
					      sizeof(struct inet_diag_req_v2) :	\
					      sizeof(struct inet_diag_req)))

/* A TCP dump of one family, or with AF_UNSPEC of both in one walk: the
 * kernel keeps a single listening table for every family and namespace,
 * and walks all of it for each request. Only the old compatibility request
 * (TCPDIAG_GETSOCK, an inet_diag_req) is served with the family left open:
 * the current one insists on a family. */
static void build_request(char *buf, int family, uint32_t states, uint8_t ext)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	if (family == AF_UNSPEC) {
		struct inet_diag_req *req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));

		nlh->nlmsg_type = TCPDIAG_GETSOCK;
		/* Ignored by the dump, which serves both families. */
		req->idiag_family = AF_INET;
		req->idiag_states = states;
		req->idiag_ext = ext;
	} else {
		struct inet_diag_req_v2 *req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));

		nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
		req->sdiag_family = (uint8_t)family;
		req->sdiag_protocol = IPPROTO_TCP;
		req->idiag_states = states;
		req->idiag_ext = ext;
	}
}

static struct nlmsghdr *inet_request(char *buf, int family, unsigned pass, needs_t needs)
{
	uint8_t ext = pass_ext[pass % (sizeof(pass_ext) / sizeof(pass_ext[0]))];

	if (pass == 0 && !(needs & NEED_DROPS))
		ext = 0;
	else if (pass == 1 && !(needs & NEED_DROPS))
		ext = EXT(INET_DIAG_TOS);
	build_request(buf, family, 1u << TCP_LISTEN, ext);
	return (struct nlmsghdr *)buf;
}

/* The kernel keeps one listening table for every family, so the TCP walk
 * of both families shows every listener it passes: see dump.h. */
const struct dump_kind diag_tcp = {
	.request = inet_request,
	.inode = inet_inode,
	.parse = diag_parse_inet,
	.finish = inet_finish,
	.counts_shown = true,
};
_Static_assert(REQ_SIZE <= DUMP_REQ_MAX, "a request fits dump.c's buffer");

/* Request sockets, matched to their listener. Under a SYN flood there can
 * be as many requests as tcp_max_syn_backlog allows, on hosts with
 * thousands of listeners: the listeners of the namespace and family are
 * indexed by port once, so each request looks at its port's few rows. */
struct synq_dump {
	struct snapshot *set;
	uint32_t *syn_q;
	uint32_t nsidx;
	uint32_t *by_port;	/* row indexes, by port, then in dump order */
	size_t n;
	unsigned *skipped;
};

static void synq_restart(void *data)
{
	struct synq_dump *d = data;

	*d->skipped = 0;
	for (size_t i = 0; i < d->n; i++)
		d->syn_q[d->by_port[i]] = 0;
}

static const struct nlsock_hooks synq_hooks = { .restart = synq_restart };

static int cmp_port(const void *pa, const void *pb, void *data)
{
	const struct snapshot *set = data;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	if (set->rows.v[a].port != set->rows.v[b].port)
		return set->rows.v[a].port < set->rows.v[b].port ? -1 : 1;
	return (a > b) - (a < b);
}

static bool addr_any(const uint8_t *a, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (a[i])
			return false;
	return true;
}

/* The listener a request belongs to: same family, port and address, or a
 * wildcard listener of the family on that port. With SO_REUSEPORT several
 * listeners match; the request is counted once, on the first of the group
 * in dump order. */
static struct listener *synq_owner(struct synq_dump *d, const struct diag_row *r)
{
	size_t alen = r->l.proto == PROTO_TCP ? 4 : 16;
	struct listener *wild = NULL;
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->set->rows.v[d->by_port[mid]].port < r->l.port)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < d->n; i++) {
		struct listener *l = &d->set->rows.v[d->by_port[i]];

		if (l->port != r->l.port)
			break;
		if (l->proto != r->l.proto)
			continue;
		if (!memcmp(l->addr, r->l.addr, alen))
			return l;
		if (!wild && addr_any(l->addr, alen))
			wild = l;
	}
	return wild;
}

static int synq_cb(const struct nlmsghdr *nlh, void *data)
{
	struct synq_dump *d = data;
	struct diag_row r;
	struct listener *l;
	int ret = diag_parse_inet(nlh, &r);

	if (ret < 0)
		(*d->skipped)++;
	if (ret <= 0 || (r.state != TCP_SYN_RECV && r.state != TCP_NEW_SYN_RECV))
		return MNL_CB_OK;
	l = synq_owner(d, &r);
	if (l)
		d->syn_q[l - d->set->rows.v]++;
	return MNL_CB_OK;
}

int diag_dump_synq(struct nlsock *s, struct snapshot *set, uint32_t nsidx, int family,
		   size_t first, unsigned *skipped, const struct cancel *c)
{
	char buf[REQ_SIZE];
	struct synq_dump d = { .set = set, .nsidx = nsidx, .skipped = skipped };
	const struct listener *v = set->rows.v;
	int err;

	d.syn_q = rowstore_side_u32(&set->rows, LC_SYN_Q);
	d.by_port = malloc((set->rows.n - first + 1) * sizeof(*d.by_port));
	if (!d.syn_q || !d.by_port) {
		free(d.by_port);
		return -ENOMEM;
	}
	for (size_t i = first; i < set->rows.n; i++)
		if (v[i].netns == nsidx && listener_is_tcp(&v[i]) &&
		    (family == AF_UNSPEC || v[i].proto == (family == AF_INET ? PROTO_TCP : PROTO_TCP6)))
			d.by_port[d.n++] = (uint32_t)i;
	qsort_r(d.by_port, d.n, sizeof(*d.by_port), cmp_port, set);

	/* Asking for SYN_RECV also returns the kernel's NEW_SYN_RECV request
	 * sockets (inet_diag_dump_icsk adds them). */
	memset(buf, 0, sizeof(buf));
	build_request(buf, family, (1u << TCP_SYN_RECV) | (1u << TCP_NEW_SYN_RECV), 0);
	err = nlsock_dump(s, (struct nlmsghdr *)buf, synq_cb, &d, &synq_hooks, c);
	free(d.by_port);
	return err;
}
