// SPDX-License-Identifier: GPL-2.0-or-later
/* src_identity.c: the source of each namespace's name beyond its label: the process that identifies it, its cgroup and container, command and hostname, read while the namespace is held. */
#include <errno.h>
#include <string.h>

#include "identity.h"
#include "registry.h"
#include "source.h"

static int put(struct snapshot *s, const char *text, size_t len, struct pstr *out)
{
	return pool_add_str(&s->pool, text, len, out);
}

/* The namespace is held open while this runs (its diag socket pins it), so
 * the processes checked to live in (dev, ino) live in this namespace and
 * no other: its rows and its name come from the same one. */
static int identity_sample(struct source_ctx *ctx, void *state)
{
	struct ns_entry *e = ctx->ns;
	struct identity id = { 0 };
	struct netns *ns;
	int err;

	(void)state;
	err = identity_choose(ctx->procfd, e->cand, e->ncand, e->dev, e->ino, ctx->needs,
			      sysroot_replaying(ctx->sr), &id);
	if (err == -EXDEV) {
		diag_error(ctx->diag, "home", "identity", "cannot return to the original UTS "
			   "namespace after reading the hostname of netns %s; stopping", e->label);
		return err;
	}
	ns = &ctx->snap->ns[ctx->nsidx];
	if (err == 0 && id.pid) {
		ns->pid = id.pid;
		ns->container_known = id.container_known;
		err = put(ctx->snap, id.container, id.container_len, &ns->container);
		if (err == 0 && id.cgroup) {
			ns->cgroup_known = true;
			err = put(ctx->snap, id.cgroup, id.cgroup_len, &ns->cgroup);
		}
		if (err == 0 && id.comm_known)
			err = put(ctx->snap, id.comm, strlen(id.comm), &ns->comm);
		if (err == 0 && id.hostname_known) {
			ns->hostname_known = true;
			err = put(ctx->snap, id.hostname, strlen(id.hostname), &ns->hostname);
		}
	}
	identity_clear(&id);
	return err;
}

const struct source source_identity = {
	.name = "identity",
	.scope = SOURCE_NETNS,
	.provides = NEED_NS_IDENTITY | NEED_NS_COMMAND | NEED_NS_HOSTNAME,
	/* Other users' /proc/PID/ns; entering a UTS namespace for its name. */
	.caps_sample = CAPS(CAP_SYS_PTRACE) | CAPS(CAP_SYS_ADMIN),
	.sample = identity_sample,
};
