// SPDX-License-Identifier: GPL-2.0-or-later
/* cancel.c: whether a collection should stop now. */
#include <errno.h>
#include <limits.h>
#include <poll.h>

#include "cancel.h"

static bool has_deadline(const struct cancel *c)
{
	return c->deadline.tv_sec || c->deadline.tv_nsec;
}

int cancel_timeout_ms(const struct cancel *c)
{
	struct timespec now;
	long long ms;

	if (!c || !has_deadline(c))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(c->deadline.tv_sec - now.tv_sec) * 1000 +
	     (c->deadline.tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

int cancel_check(const struct cancel *c)
{
	if (!c)
		return 0;
	if (c->fd >= 0) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };

		if (poll(&p, 1, 0) > 0 && (p.revents & POLLIN))
			return -ECANCELED;
	}
	if (has_deadline(c) && cancel_timeout_ms(c) == 0)
		return -ETIMEDOUT;
	return 0;
}
