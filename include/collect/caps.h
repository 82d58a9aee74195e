/* SPDX-License-Identifier: GPL-2.0-or-later */
/* caps.h: capability checks before privileged steps, lowering them for a step, dropping them. */
#ifndef SOCKQ_CAPS_H
#define SOCKQ_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/capability.h>

bool caps_effective(cap_value_t cap);

/* Whether sockq runs with more privilege than whoever started it (file
 * capabilities): then a path the user names is opened with the user's
 * own permissions. */
bool caps_elevated(void);

/* For a step taken with the invoking user's own permissions (opening a
 * path the user named): caps_lower() empties the effective set, keeping
 * the permitted one; caps_raise() makes every permitted capability
 * effective again. 0 or a negative errno. */
int caps_lower(void);
int caps_raise(void);

/* Clears the effective and inheritable sets and keeps in the permitted set
 * only the n capabilities of keep that it holds (none when n is 0):
 * untrusted names are formatted with no capability effective. */
int caps_drop(const cap_value_t *keep, size_t n);

/* With SOCKQ_DEBUG_CAPS set (and not in secure-exec mode), prints the
 * process's CapEff and CapPrm lines to stderr: the tests' proof of what
 * rendering runs with. */
void caps_debug_report(const char *when);

/* The text to suggest when a capability is missing: the setcap command
 * for this binary. Writes into buf. */
void caps_setcap_hint(char *buf, size_t size);

/* The capabilities a file-capability install needs: entering namespaces,
 * reading other users' /proc/PID/ns, and their /proc/PID/fd for -p. */
#define CAPS_SETCAP_LIST "cap_sys_admin,cap_sys_ptrace,cap_dac_read_search+ep"

#endif
