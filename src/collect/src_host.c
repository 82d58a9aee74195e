// SPDX-License-Identifier: GPL-2.0-or-later
/* src_host.c: the host's sources: the processes holding each listener, and each CPU's input backlog. */
#include <errno.h>
#include <stdlib.h>

#include "backlog.h"
#include "owners.h"
#include "source.h"

/* A collection after the first looks up only the owners of new
 * listeners: what a session keeps between them. */
static int owners_open(struct source_ctx *ctx, void **state)
{
	(void)ctx;
	*state = owner_cache_new();
	return *state ? 0 : -ENOMEM;
}

static void owners_close(void *state)
{
	owner_cache_free(state);
}

static int owners_sample(struct source_ctx *ctx, void *state)
{
	int denied = owners_scan(ctx->snap, ctx->procfd, ctx->every_netns, state, ctx->cancel);

	if (denied > 0 && caps_effective(CAP_SYS_PTRACE))
		diag_note(ctx->diag, "owners-denied", "owners", "the descriptors of %d processes "
			  "could not be read, even with CAP_SYS_PTRACE; their sockets show no pid or "
			  "command", denied);
	else if (denied > 0)
		diag_note(ctx->diag, "owners-denied", "owners", "the descriptors of %d processes "
			  "could not be read; their sockets show no pid or command (run sockq as "
			  "root)", denied);
	return denied < 0 ? denied : 0;
}

const struct source source_owners = {
	.name = "owners",
	.scope = SOURCE_HOST,
	.provides = NEED_OWNERS,
	/* Other users' /proc/PID/ns and /proc/PID/fd. */
	.caps_sample = CAPS(CAP_SYS_PTRACE) | CAPS(CAP_DAC_READ_SEARCH),
	.open = owners_open,
	.sample = owners_sample,
	.close = owners_close,
};

static int backlog_sample(struct source_ctx *ctx, void *state)
{
	(void)state;
	return backlog_read(ctx->snap, ctx->sr);
}

const struct source source_backlog = {
	.name = "backlog",
	.scope = SOURCE_HOST,
	.provides = NEED_BACKLOG,
	.sample = backlog_sample,
};
