/* SPDX-License-Identifier: GPL-2.0-or-later */
/* caps.h: the calling thread's capabilities: checked, raised for a phase, lowered, dropped. */
#ifndef SOCKQ_CAPS_H
#define SOCKQ_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/capability.h>

/* A set of capabilities, one bit each (CAPS(CAP_SYS_ADMIN)). */
typedef uint64_t caps_t;
#define CAPS(c) ((caps_t)1 << (c))

/* Everything here acts on the calling thread only: libcap's
 * cap_set_proc() sets one thread's sets unless the program links libpsx,
 * which sockq does not. A thread made later starts with the sets its
 * creator had at that moment. */

bool caps_effective(cap_value_t cap);

/* Whether sockq runs with more privilege than whoever started it (file
 * capabilities): then a path the user names is opened with the user's
 * own permissions. */
bool caps_elevated(void);

/* Makes exactly the permitted capabilities of want effective, keeping the
 * permitted set. 0 or a negative errno. */
int caps_set_effective(caps_t want);

/* Makes none effective for a while (*was: those that were), and those of
 * was again after. 0 or a negative errno. */
int caps_lower(caps_t *was);
int caps_restore(caps_t was);

/* Clears the effective and inheritable sets and keeps in the permitted set
 * only those of keep that it holds (none when keep is 0). */
int caps_drop(caps_t keep);

/* With SOCKQ_DEBUG_CAPS set (and not in secure-exec mode), prints the
 * calling thread's CapEff and CapPrm lines to stderr: the tests' proof of
 * what rendering runs with. */
void caps_debug_report(const char *when);

/* The text to suggest when a capability is missing: the setcap command
 * for this binary. Writes into buf. */
void caps_setcap_hint(char *buf, size_t size);

/* The capabilities a file-capability install needs: entering namespaces,
 * reading other users' /proc/PID/ns, and their /proc/PID/fd for -p. */
#define CAPS_SETCAP_LIST "cap_sys_admin,cap_sys_ptrace,cap_dac_read_search+ep"

#endif
