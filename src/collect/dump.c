// SPDX-License-Identifier: GPL-2.0-or-later
/* dump.c: one listener dump, pass by pass, each reply parsed into rows and each row taken once, until the passes prove it complete. */
#include <errno.h>
#include <netinet/tcp.h>

#include "diag.h"
#include "dump.h"

/* One pass in progress. */
struct pass_run {
	struct dump_target *t;
	const struct dump_kind *k;
	struct dump_rows *rows;
	struct dump_pass *pass;
};

static void pass_restart(void *data)
{
	struct pass_run *r = data;

	dump_pass_restart(r->rows, r->pass);
}

static int pass_round(void *data)
{
	struct pass_run *r = data;

	return dump_pass_round(r->pass);
}

static const struct nlsock_hooks pass_hooks = { .restart = pass_restart, .round = pass_round };

/* Whether pass number carries nothing but each socket's identity. */
static bool bare_pass(const struct dump_kind *k, unsigned number)
{
	return number < 32 && (k->bare_passes >> number & 1);
}

/* A bare row takes the values of a pass that carries them: parsed into it
 * where it stands. 1 (the socket is seen), or a negative errno. */
static int fill_bare(struct pass_run *r, const struct nlmsghdr *nlh, size_t idx)
{
	struct listener *l = &r->t->snap->rows.v[idx];
	struct diag_row row;
	int ret = r->k->parse(nlh, &row);

	if (ret < 0) {
		r->pass->skipped++;
		return 1;
	}
	if (ret == 0 || row.state != TCP_LISTEN || row.l.inode != l->inode)
		return 1;
	row.l.netns = l->netns;
	*l = row.l;
	if (r->k->finish && (ret = r->k->finish(r->t, l, &row)) < 0)
		return ret;
	dump_filled(r->rows, idx);
	return 1;
}

/* One reply of a listener dump. In a pass after the first, a socket taken
 * already (by its inode, read from the fixed header before anything else)
 * is only counted in the pass: that is what makes a verifying pass cheap.
 * Any other message is parsed and, when it is a listener, taken into the
 * rows. A message that cannot be parsed costs its row, never the dump: it
 * is counted. */
static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct pass_run *r = data;
	struct snapshot *snap = r->t->snap;
	bool bare = bare_pass(r->k, r->pass->number);
	struct diag_row row;
	struct listener *l;
	size_t idx;
	int seen = dump_seen(r->rows, r->pass, r->k->inode(nlh), &idx), ret;

	if (seen > 0 && !bare && dump_bare(r->rows, idx))
		seen = fill_bare(r, nlh, idx);
	if (seen != 0) {
		if (seen > 0)
			return MNL_CB_OK;
		errno = -seen;
		return MNL_CB_ERROR;
	}
	ret = r->k->parse(nlh, &row);
	if (ret < 0) {
		r->pass->skipped++;
		return MNL_CB_OK;
	}
	/* Both families report the state with the TCP numbering. */
	if (ret == 0 || row.state != TCP_LISTEN)
		return MNL_CB_OK;
	if (!(l = rowstore_add(&snap->rows))) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	row.l.netns = r->t->nsidx;
	*l = row.l;
	if ((ret = dump_take(r->rows, r->pass, bare, &idx)) < 0 ||
	    (r->k->finish && (ret = r->k->finish(r->t, &snap->rows.v[idx], &row)) < 0)) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* One pass: the request of its number, every reply taken, the pass ended. */
static int make_pass(struct dump_target *t, const struct dump_kind *k, int family,
		     struct dump_rows *rows, struct dump_pass *pass)
{
	char buf[DUMP_REQ_MAX] __attribute__((aligned(4)));
	struct pass_run r = { .t = t, .k = k, .rows = rows, .pass = pass };
	int err;

	memset(buf, 0, sizeof(buf));
	err = nlsock_dump(t->nl, k->request(buf, family, pass->number, t->needs), reply_cb, &r,
			  &pass_hooks, t->cancel);
	if (err == 0)
		err = dump_pass_end(rows, pass);
	return err;
}

/* sock_diag serves a dump in rounds of about 32 KiB, each resuming by
 * position within a hash bucket, and never says when sockets came or went
 * in between (it does not set NLM_F_DUMP_INTR): a row can come twice, and
 * a listener that existed all along can be skipped when an earlier socket
 * in its bucket closed. A dump that took more than one round is made
 * again, as often as it takes for every gap between rounds to have been
 * walked through by another pass, and for every listener first seen in a
 * bare pass to have been seen with its values; the passes are merged by
 * inode as they come, each listener kept once. */
int dump_listeners(struct dump_target *t, const struct dump_kind *k, int family,
		   struct dump_outcome *out)
{
	struct dump_pass passes[DUMP_PASSES_MAX] = { 0 };
	struct dump_rows rows;
	size_t n = 0;
	int err;

	*out = (struct dump_outcome){ .covered = true };
	dump_rows_init(&rows, &t->snap->rows);
	do {
		err = dump_pass_begin(&rows, &passes[n], (unsigned)n);
		if (err == 0)
			err = make_pass(t, k, family, &rows, &passes[n]);
		/* The same unreadable message comes in every pass. */
		if (passes[n].skipped > out->skipped)
			out->skipped = passes[n].skipped;
		n++;
		/* The index is not needed to check the passes: its room goes
		 * back first (a further pass makes it again). */
		if (err == 0 && passes[0].nstarts > 0 && n > 1) {
			dump_index_free(&rows);
			err = dump_passes_cover(&rows, passes, n,
						k->counts_shown && family == AF_UNSPEC, &out->covered);
		}
	} while (err == 0 && passes[0].nstarts > 0 &&
		 (n == 1 || !out->covered || rows.nbare > 0) && n < DUMP_PASSES_MAX);
	for (size_t i = 0; i < n; i++)
		dump_pass_free(&passes[i]);
	out->bare = (unsigned)rows.nbare;
	dump_rows_free(&rows);
	out->passes = (unsigned)n;
	return err;
}
