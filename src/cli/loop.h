/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loop.h: the wait between samples: one poll over a timer and the signals that stop sockq, which also tells a collection in progress to stop. */
#ifndef SOCKQ_LOOP_H
#define SOCKQ_LOOP_H

#include <signal.h>
#include <stdbool.h>

#include "cancel.h"

struct loop {
	int sigfd;		/* SIGINT and SIGTERM, blocked, arrive here */
	int timerfd;		/* a tick every interval */
	sigset_t old;		/* the mask before, put back at the end */
};

enum wake { WAKE_TICK, WAKE_STOP };

/* Blocks SIGINT and SIGTERM (they arrive on a descriptor instead of
 * interrupting a system call) and starts a tick every interval seconds,
 * the first one interval from now. 0 or a negative errno. */
int loop_open(struct loop *l, double interval);
void loop_close(struct loop *l);

/* Waits for the next tick, or a signal to stop. Ticks missed while sockq
 * was stopped (SIGSTOP, a suspended machine) or slower than the interval
 * are skipped, not caught up in a burst of samples. */
enum wake loop_wait(struct loop *l);

/* A cancel for collections in the loop: a signal to stop ends one in
 * progress. */
struct cancel loop_cancel(const struct loop *l);

#endif
