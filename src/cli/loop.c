// SPDX-License-Identifier: GPL-2.0-or-later
/* loop.c: waiting for the next sample, or for a signal to stop, on descriptors rather than in a signal handler. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "loop.h"

int loop_open(struct loop *l, double interval)
{
	struct itimerspec it = { 0 };
	sigset_t mask;
	int err;

	l->sigfd = l->timerfd = -1;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, &l->old) < 0)
		return -errno;
	l->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	l->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (l->sigfd < 0 || l->timerfd < 0)
		goto fail;
	it.it_interval.tv_sec = (time_t)interval;
	it.it_interval.tv_nsec = (long)((interval - (double)(time_t)interval) * 1e9);
	if (!it.it_interval.tv_sec && !it.it_interval.tv_nsec)
		it.it_interval.tv_nsec = 1;
	/* The first sample is taken at once, without waiting: the first tick
	 * is the second sample's. */
	it.it_value = it.it_interval;
	if (timerfd_settime(l->timerfd, 0, &it, NULL) < 0)
		goto fail;
	return 0;
fail:
	err = -errno;
	loop_close(l);
	return err;
}

void loop_close(struct loop *l)
{
	struct signalfd_siginfo si;

	/* A signal that stopped the watch is taken here: put back in the
	 * mask, it would end sockq before its last words. */
	while (l->sigfd >= 0 && read(l->sigfd, &si, sizeof(si)) == sizeof(si))
		;
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->timerfd >= 0)
		close(l->timerfd);
	l->sigfd = l->timerfd = -1;
	sigprocmask(SIG_SETMASK, &l->old, NULL);
}

enum wake loop_wait(struct loop *l)
{
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = l->sigfd, .events = POLLIN },
			{ .fd = l->timerfd, .events = POLLIN },
		};
		uint64_t ticks;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return WAKE_STOP;
		if (p[0].revents & POLLIN)
			return WAKE_STOP;
		if (!(p[1].revents & POLLIN) || read(l->timerfd, &ticks, sizeof(ticks)) != sizeof(ticks))
			continue;
		/* However many ticks passed, one sample; after a gap the ticks
		 * start again from now. */
		if (ticks > 1) {
			struct itimerspec it;

			if (timerfd_gettime(l->timerfd, &it) == 0) {
				it.it_value = it.it_interval;
				timerfd_settime(l->timerfd, 0, &it, NULL);
			}
		}
		return WAKE_TICK;
	}
}

struct cancel loop_cancel(const struct loop *l)
{
	/* Polled, never read: the signal stays pending for loop_wait. */
	return (struct cancel){ .fd = l->sigfd };
}
