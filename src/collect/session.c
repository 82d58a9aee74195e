// SPDX-License-Identifier: GPL-2.0-or-later
/* session.c: a collection session: its namespaces and sources, its capabilities by phase, and one snapshot published per collection. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "fileio.h"
#include "nlsock.h"
#include "record.h"
#include "registry.h"
#include "session.h"
#include "source.h"

struct session {
	needs_t needs;
	bool repeat;
	struct sysroot sr;		/* the files read, and where a recording goes */
	struct registry reg;
	struct kernel_facts facts;
	char *rxbuf;			/* one receive buffer for every diag socket */
	void *host_state[SOURCES_MAX];
	bool host_open[SOURCES_MAX];
	struct snapshot_hint hint;	/* the last snapshot's sizes */
	uint64_t seq;
	caps_t keep;			/* what later collections need */
	struct diagnostics pending;	/* said at open, carried into the first snapshot */
	char boot_id[40];		/* read at the first collection that needs it */
	bool boot_id_read;
};

/* What a collection needs beyond its sources': entering namespaces, and
 * reading other users' /proc/PID/ns to find or check them. */
#define REGISTRY_CAPS (CAPS(CAP_SYS_ADMIN) | CAPS(CAP_SYS_PTRACE))

/* A set-user-ID sockq would handle names and paths from any local user
 * with another user's identity: it refuses, and says what to do instead. */
static int refuse_setuid(struct diagnostics *d)
{
	char hint[PATH_MAX + 64];

	if (getuid() == geteuid() && getgid() == getegid())
		return 0;
	caps_setcap_hint(hint, sizeof(hint));
	diag_error(d, "setuid", "session", "refusing to run set-user-ID or set-group-ID (uid %u, "
		   "effective %u): remove that bit (chmod u-s,g-s) and grant only the capabilities "
		   "sockq needs: %s", (unsigned)getuid(), (unsigned)geteuid(), hint);
	return -EPERM;
}

/* Every namespace held takes a few descriptors, and a host can have
 * thousands of namespaces; the soft limit is usually 1 024, the hard one
 * far higher. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int session_open(struct session **out, const struct session_cfg *cfg, struct diagnostics *d)
{
	struct session *s;
	int err;

	*out = NULL;
	if ((err = refuse_setuid(d)) < 0)
		return err;
	raise_fd_limit();
	s = calloc(1, sizeof(*s));
	if (!s || !(s->rxbuf = malloc(NLSOCK_BUFSIZE))) {
		free(s);
		return -ENOMEM;
	}
	/* Closed by session_close() whatever failed first: never fd 0. */
	s->reg.home.fd = s->reg.procfd = -1;
	s->needs = cfg->needs;
	s->repeat = cfg->repeat;
	err = sysroot_init(&s->sr);
	/* A recording holds all there is, and a replay asks for it all, in
	 * the same order: the kernel's replies are replayed as they came. */
	if (s->sr.record || sysroot_replaying(&s->sr))
		s->needs |= NEED_ALL;
	/* From here on only what collecting needs is effective: nothing else
	 * is held while reading what other users own, and the kernel fills
	 * its replies by the caller's capabilities (with CAP_NET_ADMIN, every
	 * socket's mark: bytes in every reply that nothing reads). What later
	 * collections need, and nothing more, stays permitted. */
	s->keep = sources_caps(s->needs, true) | REGISTRY_CAPS;
	if (err == 0 && (err = caps_set_effective(s->keep | sources_caps(s->needs, false))) < 0)
		diag_error(d, "caps", "session", "cannot lower capabilities: %s", strerror(-err));
	if (err == 0)
		err = registry_init(&s->reg, &s->sr, cfg->specs, cfg->nspecs,
				    cfg->repeat && cfg->follow, d);
	if (err == 0)
		err = registry_discover(&s->reg, s->needs, NULL, &s->pending);
	if (err < 0) {
		/* What made it fail is said with whatever came before it. */
		diagnostics_merge(d, &s->pending);
		session_close(s);
		return err;
	}
	*out = s;
	return 0;
}

size_t session_netns_count(const struct session *s)
{
	return s->reg.n;
}

struct open_ctx {
	struct session *s;
	struct source_ctx *ctx;
};

/* Inside a namespace: each of its sources opens what it reads there. */
static int open_inside(struct ns_entry *e, void *data)
{
	struct open_ctx *oc = data;
	int err = 0;

	for (size_t i = 0; i < sources_count && err == 0; i++) {
		const struct source *src = sources[i];

		e->state[i] = NULL;
		if (src->scope == SOURCE_NETNS && src->open && source_used(src, oc->s->needs))
			err = src->open(oc->ctx, &e->state[i]);
	}
	return err;
}

static void close_inside(struct ns_entry *e, void *data)
{
	(void)data;
	for (size_t i = 0; i < sources_count; i++) {
		if (sources[i]->scope == SOURCE_NETNS && sources[i]->close && e->state[i])
			sources[i]->close(e->state[i]);
		e->state[i] = NULL;
	}
}

/* The namespace's row in the snapshot, as the session knows it. */
static int add_row(struct snapshot *snap, const struct ns_entry *e, bool read, uint32_t *idx)
{
	struct netns *ns;
	int err = snapshot_add_netns(snap, &ns, idx);

	if (err < 0)
		return err;
	ns->id = e->id;
	ns->cookie = e->cookie;
	ns->dev = e->dev;
	ns->ino = e->ino;
	ns->current = e->current;
	ns->read_ok = read;
	return pool_add_str(&snap->pool, e->label, strlen(e->label), &ns->label);
}

/* One namespace: opened if it is not held, each of its sources sampled,
 * and let go unless the session holds it. Returns 0 (what failed is said
 * in the snapshot) or a fatal error. */
static int read_netns(struct session *s, size_t *i, struct source_ctx *ctx)
{
	struct ns_entry *e = s->reg.v[*i];
	struct open_ctx oc = { .s = s, .ctx = ctx };
	bool gone = false;
	uint32_t idx;
	int err = 0;

	ctx->ns = e;
	/* Without the privilege to enter them, the others are listed, not read. */
	if (s->reg.skip_others && !e->current)
		return add_row(ctx->snap, e, false, &idx);
	if (!e->open) {
		err = registry_open(&s->reg, e, s->rxbuf, open_inside, &oc, ctx->diag, &gone);
		if (gone) {
			/* Gone between being found and being read: no row, no word. */
			registry_drop(&s->reg, *i, close_inside, NULL);
			(*i)--;
			return 0;
		}
		if (err < 0) {
			registry_close_entry(e, close_inside, NULL);
			if (source_fatal(err))
				return err;
			/* Said already; shown as not read. */
			return add_row(ctx->snap, e, false, &idx);
		}
	}
	if ((err = add_row(ctx->snap, e, true, &idx)) < 0)
		return err;
	ctx->nsidx = idx;
	ctx->first_row = ctx->snap->rows.n;
	for (size_t k = 0; k < sources_count && err == 0; k++) {
		const struct source *src = sources[k];

		if (src->scope != SOURCE_NETNS || !src->sample || !source_used(src, s->needs))
			continue;
		err = src->sample(ctx, e->state[k]);
		if (err < 0 && !source_fatal(err))
			err = 0;
	}
	/* A dump stopped half-way leaves replies queued on its socket, which
	 * the next request would read as its own: that namespace is opened
	 * afresh next time. */
	if (!s->repeat || err == -ECANCELED || err == -ETIMEDOUT)
		registry_close_entry(e, close_inside, NULL);
	return err;
}

static int sample_host(struct session *s, struct source_ctx *ctx)
{
	int err = 0;

	ctx->ns = NULL;
	ctx->nsidx = 0;
	ctx->first_row = 0;
	for (size_t k = 0; k < sources_count && err == 0; k++) {
		const struct source *src = sources[k];

		if (src->scope != SOURCE_HOST || !source_used(src, s->needs))
			continue;
		if (!s->host_open[k] && src->open && (err = src->open(ctx, &s->host_state[k])) < 0) {
			if (source_fatal(err))
				break;
			err = 0;
			continue;
		}
		s->host_open[k] = true;
		if (src->sample)
			err = src->sample(ctx, s->host_state[k]);
		if (err < 0 && !source_fatal(err))
			err = 0;
	}
	return err;
}

/* Which boot of the host this is: a state file written before a reboot
 * names listeners by cookies the kernel hands out again. It cannot change
 * while the session lives: read once. */
static void read_boot_id(struct session *s, struct snapshot *snap)
{
	if (!s->boot_id_read) {
		char path[PATH_MAX], *buf = NULL;
		size_t cap = 0;
		ssize_t n = read_file_at(AT_FDCWD,
					 sysroot_path(&s->sr, "/proc/sys/kernel/random/boot_id", path),
					 &buf, &cap, 64);

		if (n > 0)
			snprintf(s->boot_id, sizeof(s->boot_id), "%.*s", (int)strcspn(buf, "\n"), buf);
		free(buf);
		s->boot_id_read = true;
	}
	memcpy(snap->boot_id, s->boot_id, sizeof(snap->boot_id));
}

/* After a collection: a session made for one has no more use for any
 * capability; one made for more keeps in its permitted set what they
 * need, none effective. */
static int end_phase(struct session *s)
{
	int err = s->repeat ? caps_drop(s->keep) : caps_drop(0);

	caps_debug_report("render");
	return err;
}

int session_collect(struct session *s, const struct cancel *c, struct snapshot **out,
		    struct diagnostics *d)
{
	struct snapshot *snap;
	struct source_ctx ctx = {
		.facts = &s->facts, .sr = &s->sr, .procfd = s->reg.procfd, .needs = s->needs,
		.cancel = c, .every_netns = s->reg.any_all,
	};
	int err = 0;

	*out = NULL;
	/* Later collections raise again what the first left permitted. */
	if (s->seq > 0 && (err = caps_set_effective(s->keep)) < 0) {
		diag_error(d, "caps", "session", "cannot raise capabilities: %s", strerror(-err));
		return err;
	}
	caps_debug_report("collect");
	snap = snapshot_new(s->seq ? &s->hint : NULL);
	if (!snap)
		return -ENOMEM;
	snap->seq = ++s->seq;
	snap->needs = s->needs;
	clock_gettime(CLOCK_REALTIME, &snap->taken);
	clock_gettime(CLOCK_MONOTONIC, &snap->taken_mono);
	ctx.snap = snap;
	ctx.diag = &snap->diag;
	diagnostics_merge(&snap->diag, &s->pending);
	diagnostics_clear(&s->pending);
	/* The first collection uses what the session found when it opened. */
	if (s->seq > 1)
		err = registry_discover(&s->reg, s->needs, c, &snap->diag);
	for (size_t i = 0; err >= 0 && i < s->reg.n; i++) {
		if (registry_gone(&s->reg, s->reg.v[i], &snap->diag)) {
			registry_drop(&s->reg, i--, close_inside, NULL);
			continue;
		}
		err = read_netns(s, &i, &ctx);
		if (err == 0)
			err = cancel_check(c);
	}
	if (err >= 0)
		err = sample_host(s, &ctx);
	if (err >= 0 && (s->needs & NEED_BOOT_ID))
		read_boot_id(s, snap);
	if (err >= 0)
		err = snapshot_publish(snap);
	if (err >= 0 && s->sr.record && (err = record_snapshot(s->sr.record, &s->reg, snap)) < 0)
		diag_error(&snap->diag, "record", "session", "SOCKQ_RECORD_ROOT %s: %s", s->sr.record,
			   strerror(-err));
	if (err < 0) {
		/* What said why goes to the caller, with the rest. */
		diagnostics_merge(d, &snap->diag);
		if (err == -ECANCELED || err == -ETIMEDOUT || err == -ENOMEM)
			diag_error(d, err == -ENOMEM ? "nomem" : "stopped", "session", "%s",
				   err == -ENOMEM ? "out of memory" : err == -ETIMEDOUT ?
				   "the collection took too long and was stopped" :
				   "the collection was stopped");
		snapshot_unref(snap);
		end_phase(s);
		return err;
	}
	snapshot_hint_of(snap, &s->hint);
	if ((err = end_phase(s)) < 0) {
		diag_error(d, "caps", "session", "cannot drop capabilities: %s", strerror(-err));
		snapshot_unref(snap);
		return err;
	}
	*out = snap;
	return 0;
}

int session_thread_drop_privileges(void)
{
	return caps_drop(0);
}

void session_close(struct session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->reg.n; i++)
		registry_close_entry(s->reg.v[i], close_inside, NULL);
	for (size_t k = 0; k < sources_count; k++)
		if (s->host_open[k] && sources[k]->close)
			sources[k]->close(s->host_state[k]);
	registry_free(&s->reg);
	sysroot_free(&s->sr);
	diagnostics_free(&s->pending);
	free(s->rxbuf);
	free(s);
}
