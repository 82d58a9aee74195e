/* SPDX-License-Identifier: GPL-2.0-or-later */
/* caps.h: capability checks before privileged steps, and dropping them all. */
#ifndef SOCKQ_CAPS_H
#define SOCKQ_CAPS_H

#include <stdbool.h>
#include <sys/capability.h>

bool caps_effective(cap_value_t cap);

/* Clears the effective, permitted and inheritable sets: after collection
 * nothing sockq does needs privilege, and untrusted names are formatted
 * with none held. */
int caps_drop_all(void);

/* With SOCKQ_DEBUG_CAPS set (and not in secure-exec mode), prints the
 * process's CapEff line to stderr: the tests' proof that rendering runs
 * with no capability. */
void caps_debug_report(const char *when);

/* The text to suggest when a capability is missing: the setcap command
 * for this binary. Writes into buf. */
void caps_setcap_hint(char *buf, size_t size);

#endif
