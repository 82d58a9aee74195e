/* SPDX-License-Identifier: GPL-2.0-or-later */
/* history.h: what sockq remembers of each listener from one snapshot to the next, by its key: the highest queue and the drops since. */
#ifndef SOCKQ_HISTORY_H
#define SOCKQ_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "types.h"

struct snapshot;

/* What a history knows of the rows of one snapshot, row by row. */
struct history_frame {
	uint32_t *peak_q;	/* highest recv_q in any snapshot it saw */
	uint32_t *new_drops;	/* drops since the last snapshot; SOCKQ_UNKNOWN when unknown */
	uint32_t *all_drops;	/* drops since the history first saw the listener */
	size_t n, cap;
};

/* How a listener the last snapshot did not have counts: --watch takes it
 * as born since, so all its drops are new (but in the first sample, where
 * nothing is known yet); --check as new to the check, its old drops no
 * alarm. */
enum history_policy {
	HISTORY_BORN_SINCE,
	HISTORY_NEW_IS_QUIET,
};

struct history;

struct history *history_new(enum history_policy policy);
void history_free(struct history *h);

/* Compares the snapshot with what the history holds and fills frame (its
 * arrays grown to the snapshot's rows); then the history holds the
 * snapshot's listeners, and keeps those of namespaces the snapshot could
 * not read whole, so a namespace unreadable for a while does not lose
 * them. 0 or -ENOMEM (the history is then as it was). */
int history_advance(struct history *h, const struct snapshot *s, struct history_frame *frame);
void history_frame_free(struct history_frame *f);

/* The history's listeners, for a state file: each key and its drops at
 * the last snapshot (those known). Start with *pos = 0; false at the end. */
bool history_next(const struct history *h, size_t *pos, struct listener_key *key, uint32_t *drops);
/* A listener's drops as a state file kept them; 0 or -ENOMEM. */
int history_put(struct history *h, struct listener_key key, uint32_t drops);
/* How many listeners it knows, and whether it saw any snapshot or state. */
size_t history_size(const struct history *h);
bool history_started(const struct history *h);

#endif
