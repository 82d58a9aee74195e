// SPDX-License-Identifier: GPL-2.0-or-later
/* diag.c: what the inet_diag and unix_diag dumps share: turning a reply into a row. */
#include <errno.h>
#include <netinet/tcp.h>

#include "diag.h"

int diag_take_listener(const struct nlmsghdr *nlh, diag_parse_t parse,
		       struct listener_set *set, uint32_t nsidx,
		       struct diag_row *r, struct listener **l, unsigned *skipped)
{
	int ret = parse(nlh, r);

	*l = NULL;
	if (ret < 0) {
		(*skipped)++;
		return MNL_CB_OK;
	}
	/* Both families report the state with the TCP numbering. */
	if (ret == 0 || r->state != TCP_LISTEN)
		return MNL_CB_OK;
	*l = listener_new(set);
	if (!*l) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	r->l.netns = nsidx;
	**l = r->l;
	return MNL_CB_OK;
}

int diag_take_reply(const struct nlmsghdr *nlh, diag_parse_t parse, uint32_t inode,
		    struct dump_rows *rows, struct dump_pass *pass, uint32_t nsidx,
		    struct diag_row *r, struct listener **l)
{
	int seen = dump_seen(rows, pass, inode), ret;
	long row;

	*l = NULL;
	if (seen != 0) {
		if (seen > 0)
			return MNL_CB_OK;
		errno = -seen;
		return MNL_CB_ERROR;
	}
	ret = diag_take_listener(nlh, parse, rows->set, nsidx, r, l, &pass->skipped);
	if (!*l)
		return ret;
	row = dump_take(rows, pass);
	if (row < 0) {
		*l = NULL;
		errno = (int)-row;
		return MNL_CB_ERROR;
	}
	*l = &rows->set->v[row];
	return MNL_CB_OK;
}
