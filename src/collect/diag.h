/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diag.h: inet_diag and unix_diag queries and their reply parsers. */
#ifndef SOCKQ_DIAG_H
#define SOCKQ_DIAG_H

#include <linux/netlink.h>
#include <string.h>

#include "dump_check.h"
#include "nlsock.h"
#include "model.h"

/* What one parsed reply message holds. */
struct diag_row {
	struct listener l;
	uint32_t state;		/* TCP_* */
	uint32_t ifindex;	/* inet: bound device, 0 for none */
	const char *name;	/* unix: raw name bytes (abstract ones start with NUL) */
	size_t name_len;
};

/* A row with nothing known yet: unknown queues and owner, no name. The
 * listener is cleared as a whole and the rest set field by field: a memset
 * of the whole diag_row compiled to a string instruction that cost more
 * than the rest of the parse. */
static inline void diag_row_init(struct diag_row *r)
{
	memset(&r->l, 0, sizeof(r->l));
	r->l.recv_q = r->l.backlog = r->l.uid = r->l.drops = SOCKQ_UNKNOWN;
	r->state = 0;
	r->ifindex = 0;
	r->name = NULL;
	r->name_len = 0;
}

/* Parse one inet_diag / unix_diag reply. Return 1 for a row, 0 for a message
 * to skip, -EBADMSG when it is malformed. Exposed for tests and fuzzers. */
int diag_parse_inet(const struct nlmsghdr *nlh, struct diag_row *r);
int diag_parse_unix(const struct nlmsghdr *nlh, struct diag_row *r);

typedef int (*diag_parse_t)(const struct nlmsghdr *nlh, struct diag_row *r);

/* Parses nlh and, when it is a listener, appends it to set as *l. A
 * message that cannot be parsed costs its row, never the dump: it is
 * counted in *skipped. Returns an MNL_CB_* value; *l is NULL when the
 * message was skipped. */
int diag_take_listener(const struct nlmsghdr *nlh, diag_parse_t parse,
		       struct listener_set *set, uint32_t nsidx,
		       struct diag_row *r, struct listener **l, unsigned *skipped);

/* One reply of a listener dump. In a pass after the first, a socket taken
 * already (inode, from the message's fixed header; 0 when it is not a
 * listener's) is only counted in the pass; any other message is parsed
 * and, when it is a listener, taken into the dump's rows as *l. Returns an
 * MNL_CB_* value (MNL_CB_ERROR with errno set). */
int diag_take_reply(const struct nlmsghdr *nlh, diag_parse_t parse, uint32_t inode,
		    struct dump_rows *rows, struct dump_pass *pass, uint32_t nsidx,
		    struct diag_row *r, struct listener **l);

/* One pass, begun with dump_pass_begin(): takes the listeners of the
 * socket's namespace into the dump's rows, tagged nsidx, and notes in
 * *pass which rows it showed, where each round began, and how many
 * messages could not be parsed. Passes after the
 * first (pass->number) ask for one more small attribute per socket, which
 * nothing reads: every message grows by a few bytes, so the kernel's
 * 32 KiB rounds end at other rows than the first pass's did, and each
 * pass walks across the others' gaps (see dump_check.h). */
int diag_dump_tcp(struct nlsock *s, struct dump_rows *rows, uint32_t nsidx,
		  int family, struct dump_pass *pass);
int diag_dump_unix(struct nlsock *s, struct dump_rows *rows, uint32_t nsidx,
		   int family, struct dump_pass *pass);

/* Count request sockets (SYN_RECV) per listener of namespace nsidx, whose
 * rows begin at first. A message that cannot be parsed costs its own
 * request, counted in *skipped, never the dump. */
int diag_dump_synq(struct nlsock *s, struct listener_set *set, uint32_t nsidx,
		   int family, size_t first, unsigned *skipped);

#endif
