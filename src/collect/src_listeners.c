// SPDX-License-Identifier: GPL-2.0-or-later
/* src_listeners.c: the sources of listener rows: each namespace's TCP and AF_UNIX listeners, dumped through its diag socket and made complete, and the SYN queues counted on them. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "diag.h"
#include "registry.h"
#include "source.h"

static void mark_unread(struct source_ctx *ctx)
{
	ctx->snap->ns[ctx->nsidx].read_ok = false;
}

/* A dump that failed: the namespace is read in part, and that is said. */
static void dump_failed(struct source_ctx *ctx, const char *source, const char *what, int err)
{
	struct ns_entry *e = ctx->ns;

	mark_unread(ctx);
	if (err == -ENOBUFS)
		diag_add(ctx->diag, DIAG_WARNING, "dump-lost", source, e->id, e->label,
			 "netns %s: the %s dump kept losing replies (the receive buffer overflowed); "
			 "rows may be missing", e->label, what);
	else if (err == -EINTR)
		diag_add(ctx->diag, DIAG_WARNING, "dump-interrupted", source, e->id, e->label,
			 "netns %s: the %s dump kept being interrupted by concurrent socket changes; "
			 "rows may be missing or repeated", e->label, what);
	else
		diag_add(ctx->diag, DIAG_WARNING, "dump-failed", source, e->id, e->label,
			 "netns %s: %s dump: %s%s%s", e->label, what, e->nl.ext_ack,
			 e->nl.ext_ack[0] ? ": " : "", strerror(-err));
}

/* One dump made complete, what it could not prove or parse said. */
static int dump(struct source_ctx *ctx, const char *source, const char *what,
		const struct dump_kind *kind, int family)
{
	struct ns_entry *e = ctx->ns;
	struct dump_target t = { .snap = ctx->snap, .nsidx = ctx->nsidx, .nl = &e->nl,
				 .cancel = ctx->cancel, .needs = ctx->needs };
	struct dump_outcome out;
	int err = dump_listeners(&t, kind, family, &out);

	if (err < 0)
		return err;
	if (!out.covered) {
		mark_unread(ctx);
		diag_add(ctx->diag, DIAG_WARNING, "dump-incomplete", source, e->id, e->label,
			 "netns %s: sockets came and went too fast for a complete %s dump in %u "
			 "passes; some listeners may be missing", e->label, what, out.passes);
	}
	/* Seen in the verifying pass only, and gone by the passes after it:
	 * they came and went during the dump; shown, with what is known. */
	if (out.bare)
		diag_add(ctx->diag, DIAG_NOTE, "seen-bare", source, e->id, e->label,
			 "netns %s: %u %s %s came and went during the dump and %s shown without "
			 "name or queue", e->label, out.bare, what,
			 out.bare == 1 ? "listener" : "listeners", out.bare == 1 ? "is" : "are");
	if (out.skipped)
		diag_add(ctx->diag, DIAG_WARNING, "bad-messages", source, e->id, e->label,
			 "netns %s: %u %s %s could not be parsed and %s left out", e->label,
			 out.skipped, what, out.skipped == 1 ? "message" : "messages",
			 out.skipped == 1 ? "was" : "were");
	return 0;
}

/* Whether the kernel does not serve the one-walk request at all. */
static bool one_walk_unserved(int err)
{
	return err == -EOPNOTSUPP || err == -EINVAL || err == -ENOENT;
}

/* A failed TCP dump: a kernel without IPv6 has no TCP/IPv6 sockets to show. */
static int tcp_failed(struct source_ctx *ctx, const char *what, int family, int err)
{
	if (source_fatal(err))
		return err;
	if (family != AF_INET6 || (err != -ENOENT && err != -EAFNOSUPPORT))
		dump_failed(ctx, "tcp", what, err);
	return 0;
}

/* Both TCP families in one walk when the kernel serves it (see
 * diag_inet.c), else one dump each; a kernel found not to serve it is not
 * asked again. */
static int tcp_sample(struct source_ctx *ctx, void *state)
{
	bool v4 = ctx->needs & NEED_TCP4, v6 = ctx->needs & NEED_TCP6;
	int err;

	(void)state;
	if (v4 && v6 && !ctx->facts->no_one_walk) {
		err = dump(ctx, "tcp", "TCP", &diag_tcp, AF_UNSPEC);
		if (err >= 0 || !one_walk_unserved(err))
			return err < 0 ? tcp_failed(ctx, "TCP", AF_UNSPEC, err) : 0;
		ctx->facts->no_one_walk = true;
	}
	if (v4 && (err = dump(ctx, "tcp", "TCP/IPv4", &diag_tcp, AF_INET)) < 0 &&
	    (err = tcp_failed(ctx, "TCP/IPv4", AF_INET, err)) < 0)
		return err;
	if (v6 && (err = dump(ctx, "tcp", "TCP/IPv6", &diag_tcp, AF_INET6)) < 0 &&
	    (err = tcp_failed(ctx, "TCP/IPv6", AF_INET6, err)) < 0)
		return err;
	return 0;
}

const struct source source_tcp = {
	.name = "tcp",
	.scope = SOURCE_NETNS,
	.provides = NEED_TCP4 | NEED_TCP6,
	.sample = tcp_sample,
};

static int unix_sample(struct source_ctx *ctx, void *state)
{
	struct ns_entry *e = ctx->ns;
	int err = dump(ctx, "unix", "AF_UNIX", &diag_unix, AF_UNIX);

	(void)state;
	if (err >= 0 || source_fatal(err))
		return err;
	if (err != -ENOENT) {
		dump_failed(ctx, "unix", "AF_UNIX", err);
		return 0;
	}
	/* No unix_diag module: still show the TCP rows. */
	if (ctx->facts->no_unix_diag)
		return 0;
	ctx->facts->no_unix_diag = true;
	if (ctx->needs & NEED_TCP)
		diag_add(ctx->diag, DIAG_NOTE, "no-unix-diag", "unix", e->id, NULL,
			 "AF_UNIX listeners are not shown: this kernel has no unix_diag (try "
			 "'modprobe unix_diag')");
	else
		diag_add(ctx->diag, DIAG_WARNING, "no-unix-diag", "unix", e->id, NULL,
			 "AF_UNIX listeners cannot be read: this kernel has no unix_diag (try "
			 "'modprobe unix_diag')");
	return 0;
}

const struct source source_unix = {
	.name = "unix",
	.scope = SOURCE_NETNS,
	.provides = NEED_UNIX,
	.sample = unix_sample,
};

/* One SYN_RECV dump, its failure or unreadable messages said. */
static int synq_walk(struct source_ctx *ctx, const char *what, int family)
{
	struct ns_entry *e = ctx->ns;
	unsigned skipped = 0;
	int err = diag_dump_synq(&e->nl, ctx->snap, ctx->nsidx, family, ctx->first_row, &skipped,
				 ctx->cancel);

	if (skipped)
		diag_add(ctx->diag, DIAG_WARNING, "bad-messages", "synq", e->id, e->label,
			 "netns %s: %u %s %s could not be parsed; the SYN queues may count too few",
			 e->label, skipped, what, skipped == 1 ? "message" : "messages");
	if (err < 0 && source_fatal(err))
		return err;
	if (err < 0 && (family != AF_INET6 || (err != -ENOENT && err != -EAFNOSUPPORT)))
		dump_failed(ctx, "synq", what, err);
	return 0;
}

/* Request sockets counted on their listeners, in one walk like the rows
 * where the kernel serves it (the TCP source found out). */
static int synq_sample(struct source_ctx *ctx, void *state)
{
	struct rowstore *rs = &ctx->snap->rows;
	uint32_t *syn_q = rowstore_side_u32(rs, LC_SYN_Q);
	bool v4 = ctx->needs & NEED_TCP4, v6 = ctx->needs & NEED_TCP6;
	int err;

	(void)state;
	if (!syn_q)
		return -ENOMEM;
	/* Counted from zero on TCP rows; AF_UNIX has no SYN queue. */
	for (size_t i = ctx->first_row; i < rs->n; i++)
		syn_q[i] = listener_is_tcp(&rs->v[i]) ? 0 : SOCKQ_UNKNOWN;
	if (v4 && v6 && !ctx->facts->no_one_walk)
		return synq_walk(ctx, "TCP SYN_RECV", AF_UNSPEC);
	if (v4 && (err = synq_walk(ctx, "TCP/IPv4 SYN_RECV", AF_INET)) < 0)
		return err;
	if (v6 && (err = synq_walk(ctx, "TCP/IPv6 SYN_RECV", AF_INET6)) < 0)
		return err;
	return 0;
}

const struct source source_synq = {
	.name = "synq",
	.scope = SOURCE_NETNS,
	.provides = NEED_SYNQ,
	.sample = synq_sample,
};
