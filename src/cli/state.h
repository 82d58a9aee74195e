/* SPDX-License-Identifier: GPL-2.0-or-later */
/* state.h: --check --state FILE: each listener's drops as the last check saw them, by its key. */
#ifndef SOCKQ_STATE_H
#define SOCKQ_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "history.h"
#include "snapshot.h"

/* Reads FILE into history (each listener's drops by its key); *found is
 * false when there is none yet, or when it was written before the last
 * reboot (the kernel's cookies start again then). A file of the first
 * format, keyed by inodes, is taken for the listeners of snap that it
 * names (inodes are not reused while a socket lives); the next save
 * writes the new format. The file must be a regular file owned by the
 * user and writable by no one else, never a symbolic link. 0, or a
 * negative errno with *why saying what is wrong. */
int state_load(const char *path, const struct snapshot *snap, struct history *h, bool *found,
	       char *why, size_t whysz);

/* Writes every listener the history holds to FILE, as of boot boot_id: a new file in the
 * same directory, mode 0600, renamed over the old one, so a reader sees
 * the old state or the new one, never half of one. */
int state_save(const char *path, const struct history *h, const char *boot_id, char *why,
	       size_t whysz);

#endif
