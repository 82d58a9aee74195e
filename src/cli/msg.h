/* SPDX-License-Identifier: GPL-2.0-or-later */
/* msg.h: messages on stderr, each on one line and prefixed "sockq: ". */
#ifndef SOCKQ_MSG_H
#define SOCKQ_MSG_H

#include "report.h"

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints what the stages recorded, in order, and forgets it. */
void msg_report(struct report *r);

#endif
