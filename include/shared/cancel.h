/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cancel.h: a request to stop, and a deadline, passed down to every walk and dump so that a collection in progress can end early. */
#ifndef SOCKQ_CANCEL_H
#define SOCKQ_CANCEL_H

#include <stdbool.h>
#include <time.h>

/* Either part may be absent: fd -1 (nothing can ask to stop), deadline
 * zero (no time limit). The fd is readable once a stop is asked for (a
 * signalfd, an eventfd); it is polled, never read, so every holder sees
 * it. */
struct cancel {
	int fd;
	struct timespec deadline;	/* CLOCK_MONOTONIC */
};

#define CANCEL_NONE ((struct cancel){ .fd = -1 })

/* 0 to go on; -ECANCELED when a stop was asked for, -ETIMEDOUT past the
 * deadline. A NULL cancel never stops. */
int cancel_check(const struct cancel *c);

/* Milliseconds left before the deadline (-1: none, 0: past), for poll(). */
int cancel_timeout_ms(const struct cancel *c);

#endif
