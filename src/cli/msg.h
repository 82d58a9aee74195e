/* SPDX-License-Identifier: GPL-2.0-or-later */
/* msg.h: messages on stderr, each on one line and prefixed "sockq: ". */
#ifndef SOCKQ_MSG_H
#define SOCKQ_MSG_H

#include "diagnostics.h"

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints each cause of d not in said yet (as its level says: "note: ",
 * "warning: " or plain for an error), and adds it to said: a cause met at
 * every sample of a watch is said once. */
void msg_diagnostics(const struct diagnostics *d, struct diagnostics *said);

#endif
