/* SPDX-License-Identifier: GPL-2.0-or-later */
/* state.h: --check --state FILE: each listener's drops as the last check saw them. */
#ifndef SOCKQ_STATE_H
#define SOCKQ_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "inode_map.h"
#include "model.h"

/* Reads FILE into drops (keyed by inode_key(namespace, socket inode));
 * *found is false when there is none yet. The file must be a regular
 * file owned by the user and writable by no one else, never a symbolic
 * link. 0, or a negative errno with *why saying what is wrong. */
int state_load(const char *path, struct inode_map *drops, bool *found, char *why, size_t whysz);

/* Writes the drops of every listener read to FILE, and keeps those of
 * prev (the last state) for namespaces not read whole this time: a new
 * file in the same directory, mode 0600, renamed over the old one, so a
 * reader sees the old state or the new one, never half of one. */
int state_save(const char *path, const struct listener_set *set, const struct inode_map *prev,
	       char *why, size_t whysz);

#endif
