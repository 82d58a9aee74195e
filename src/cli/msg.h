/* SPDX-License-Identifier: GPL-2.0-or-later */
/* msg.h: messages on stderr, and the run's record of partial failures. */
#ifndef SOCKQ_MSG_H
#define SOCKQ_MSG_H

#include <stdbool.h>

/* Something asked for could not be read, but the run carried on; the exit
 * status becomes 1 at the end. */
struct report {
	bool failed;
};

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
