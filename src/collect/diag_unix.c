// SPDX-License-Identifier: GPL-2.0-or-later
/* diag_unix.c: AF_UNIX stream and seqpacket listeners through unix_diag. */
#include <errno.h>
#include <netinet/tcp.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "diag.h"

#define UNIX_NAME_MAX (sizeof(((struct sockaddr_un *)0)->sun_path))

/* The attributes asked for; NULL when absent. Their lengths are checked
 * before use, and types this build does not know are skipped (newer
 * kernels add some). */
struct unix_attrs {
	const struct nlattr *name, *rqlen, *uid;
};

static int unix_attrs(const struct nlmsghdr *nlh, size_t offset, struct unix_attrs *a)
{
	const struct nlattr *attr;
	const char *tail = (const char *)nlh + nlh->nlmsg_len;

	diag_attr_for_each(attr, nlh, offset, tail) {
		uint16_t len = diag_attr_len(attr);

		switch (diag_attr_type(attr)) {
		case UNIX_DIAG_NAME:
			/* A path that fills all of sun_path arrives with the
			 * NUL the kernel added: 109 bytes for 108. */
			if (len > UNIX_NAME_MAX + 1 ||
			    (len == UNIX_NAME_MAX + 1 &&
			     ((const char *)mnl_attr_get_payload(attr))[len - 1] != '\0'))
				return -EBADMSG;
			a->name = attr;
			break;
		case UNIX_DIAG_RQLEN:
			if (len < sizeof(struct unix_diag_rqlen))
				return -EBADMSG;
			a->rqlen = attr;
			break;
		case UNIX_DIAG_UID:
			if (len < sizeof(uint32_t))
				return -EBADMSG;
			a->uid = attr;
			break;
		default:
			break;
		}
	}
	return diag_attrs_end(attr, tail) ? 0 : -EBADMSG;
}

int diag_parse_unix(const struct nlmsghdr *nlh, struct diag_row *r)
{
	const struct unix_diag_msg *m;
	struct unix_attrs a = { 0 };

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return 0;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->udiag_family != AF_UNIX)
		return -EBADMSG;
	if (unix_attrs(nlh, sizeof(*m), &a) < 0)
		return -EBADMSG;

	diag_row_init(r);
	r->state = m->udiag_state;
	if (m->udiag_type == SOCK_STREAM)
		r->l.proto = PROTO_UNIX;
	else if (m->udiag_type == SOCK_SEQPACKET)
		r->l.proto = PROTO_UNIX_SEQ;
	else
		return 0;
	r->l.inode = m->udiag_ino;
	r->l.cookie = (uint64_t)m->udiag_cookie[1] << 32 | m->udiag_cookie[0];
	if (a.rqlen) {
		struct unix_diag_rqlen q;

		/* For a listener: pending connections and sk_max_ack_backlog. */
		memcpy(&q, mnl_attr_get_payload(a.rqlen), sizeof(q));
		r->l.recv_q = q.udiag_rqueue;
		r->l.backlog = q.udiag_wqueue;
	}
	if (a.uid)
		r->l.uid = mnl_attr_get_u32(a.uid);
	if (a.name) {
		r->name = mnl_attr_get_payload(a.name);
		r->name_len = mnl_attr_get_payload_len(a.name);
		/* Checked above: the 109th byte is the kernel's NUL. */
		if (r->name_len > UNIX_NAME_MAX)
			r->name_len = UNIX_NAME_MAX;
		/* The kernel keeps a path name's terminating NUL; an abstract
		 * name (leading NUL) is raw bytes and keeps its full length. */
		if (r->name_len && r->name[0] != '\0')
			r->name_len = strnlen(r->name, r->name_len);
	}
	return 1;
}

/* A listener's inode from the fixed header, which a later pass looks up
 * before parsing anything else; 0 for any other message. */
static uint32_t unix_inode(const struct nlmsghdr *nlh)
{
	const struct unix_diag_msg *m = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*m) || m->udiag_state != TCP_LISTEN)
		return 0;
	return m->udiag_ino;
}

/* Its name, into the pool. */
static int unix_finish(struct dump_target *t, struct listener *l, const struct diag_row *r)
{
	if (!r->name_len)
		return 0;
	if (pool_add(&t->snap->pool, r->name, r->name_len, &l->name_off) < 0)
		return -ENOMEM;
	l->name_len = (uint8_t)r->name_len;
	return 0;
}

/* What each pass asks for. The first, a listener's name, queue and owner.
 * The verifying pass, nothing: the fixed header identifies a socket, and
 * its messages are half the size, so its rounds end elsewhere and it
 * takes half as many; a listener it is the first to see is bare and comes
 * again with its values in the next pass (dump.h). Any pass after that
 * asks for the values again, with 4 bytes more (the pending connections'
 * list, empty or not) or 40 (memory counters), for rounds of other sizes. */
#define UNIX_VALUES (UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID)
static const uint32_t pass_show[] = {
	UNIX_VALUES, 0, UNIX_VALUES | UDIAG_SHOW_ICONS, UNIX_VALUES | UDIAG_SHOW_MEMINFO,
};
#define UNIX_BARE_PASSES (1u << 1)

static struct nlmsghdr *unix_request(char *buf, int family, unsigned pass, needs_t needs)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct unix_diag_req *req;

	(void)family;
	(void)needs;
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = AF_UNIX;
	req->udiag_states = 1u << TCP_LISTEN;
	req->udiag_show = pass_show[pass % (sizeof(pass_show) / sizeof(pass_show[0]))];
	return nlh;
}

/* AF_UNIX counts every socket of a bucket, listening or not, in the
 * position a round resumes from: see dump.h. */
const struct dump_kind diag_unix = {
	.request = unix_request,
	.inode = unix_inode,
	.parse = diag_parse_unix,
	.finish = unix_finish,
	.counts_shown = false,
	.bare_passes = UNIX_BARE_PASSES,
};
_Static_assert(!(UNIX_BARE_PASSES & 1), "the first pass carries the values");
_Static_assert(DUMP_PASSES_MAX <= sizeof(pass_show) / sizeof(pass_show[0]),
	       "a pass that is bare is followed by one that is not");
_Static_assert(MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct unix_diag_req)) <= DUMP_REQ_MAX,
	       "a request fits dump.c's buffer");
