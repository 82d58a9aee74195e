/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diag.h: inet_diag and unix_diag requests and their reply parsers, as kinds of listener dump. */
#ifndef SOCKQ_DIAG_H
#define SOCKQ_DIAG_H

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "dump.h"
#include "nlsock.h"
#include "snapshot.h"

/* What one parsed reply message holds. */
struct diag_row {
	struct listener l;
	uint32_t state;		/* TCP_* */
	uint32_t ifindex;	/* inet: bound device, 0 for none */
	uint32_t v6only;	/* inet: IPV6_V6ONLY, 0 or 1; SOCKQ_UNKNOWN for IPv4 */
	const char *name;	/* unix: raw name bytes (abstract ones start with NUL) */
	size_t name_len;
};

/* A row with nothing known yet: unknown queues, no name. The listener is
 * cleared as a whole and the rest set field by field: a memset of the
 * whole diag_row compiled to a string instruction that cost more than the
 * rest of the parse. */
static inline void diag_row_init(struct diag_row *r)
{
	memset(&r->l, 0, sizeof(r->l));
	r->l.recv_q = r->l.backlog = r->l.uid = r->l.drops = SOCKQ_UNKNOWN;
	r->state = 0;
	r->ifindex = 0;
	r->v6only = SOCKQ_UNKNOWN;
	r->name = NULL;
	r->name_len = 0;
}

/* The attributes of a reply message after its fixed header of hdrlen
 * bytes, walked with libmnl's bounds checks; each one's type and payload
 * length are read in place, not through two more calls into the shared
 * library for every attribute of every row. The walk stops at the end or
 * at an attribute whose length does not fit: diag_attrs_end() tells the
 * two apart. */
#define diag_attr_for_each(attr, nlh, hdrlen, tail)				\
	for ((attr) = mnl_nlmsg_get_payload_offset((nlh), (hdrlen));		\
	     mnl_attr_ok((attr), (const char *)(tail) - (const char *)(attr));	\
	     (attr) = mnl_attr_next(attr))

static inline uint16_t diag_attr_type(const struct nlattr *attr)
{
	return attr->nla_type & NLA_TYPE_MASK;
}

static inline uint16_t diag_attr_len(const struct nlattr *attr)
{
	return (uint16_t)(attr->nla_len - MNL_ATTR_HDRLEN);
}

/* Whether a walk that stopped at attr reached the message's end (true)
 * or a malformed attribute. */
static inline bool diag_attrs_end(const struct nlattr *attr, const char *tail)
{
	return tail - (const char *)attr < (ptrdiff_t)sizeof(struct nlattr);
}

/* Parse one inet_diag / unix_diag reply. Return 1 for a row, 0 for a message
 * to skip, -EBADMSG when it is malformed. The unit tests and the fuzzer
 * call them directly. */
int diag_parse_inet(const struct nlmsghdr *nlh, struct diag_row *r);
int diag_parse_unix(const struct nlmsghdr *nlh, struct diag_row *r);

/* The kinds of listener dump dump.c makes: TCP (one family, or with
 * AF_UNSPEC both in one walk) and AF_UNIX. */
extern const struct dump_kind diag_tcp;
extern const struct dump_kind diag_unix;

/* Count request sockets (SYN_RECV) per TCP listener of namespace nsidx,
 * whose rows begin at first, into the syn_q side column. A message that
 * cannot be parsed costs its own request, counted in *skipped, never the
 * dump. */
int diag_dump_synq(struct nlsock *s, struct snapshot *snap, uint32_t nsidx, int family,
		   size_t first, unsigned *skipped, const struct cancel *c);

#endif
