// SPDX-License-Identifier: GPL-2.0-or-later
/* history.c: each listener's peak queue and drop counts across snapshots, in a table keyed by its cookies. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "snapshot.h"

#define UNSEEN UINT32_MAX

struct entry {
	struct listener_key key;	/* sock 0: an empty slot (the kernel's cookies start at 1) */
	uint32_t peak;			/* highest recv_q */
	uint32_t last;			/* drops at the last snapshot, or UNSEEN */
	uint32_t first;			/* drops when first seen, or SOCKQ_UNKNOWN */
};

struct table {
	struct entry *v;
	size_t mask, used;		/* no slots until the first reserve */
};

struct history {
	enum history_policy policy;
	struct table t;
	unsigned long snapshots;	/* how many it compared */
	bool loaded;			/* a state was put into it */
};

static size_t slot_of(const struct table *t, struct listener_key k)
{
	uint64_t x = k.sock * 0x9E3779B97F4A7C15ull ^ k.netns;

	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 32;
	return (size_t)x & t->mask;
}

static bool key_eq(struct listener_key a, struct listener_key b)
{
	return a.sock == b.sock && a.netns == b.netns;
}

static struct entry *find(const struct table *t, struct listener_key k)
{
	if (!t->v)
		return NULL;
	for (size_t s = slot_of(t, k);; s = (s + 1) & t->mask) {
		if (!t->v[s].key.sock)
			return NULL;
		if (key_eq(t->v[s].key, k))
			return &t->v[s];
	}
}

/* A table with room for n entries, at most half full. */
static int table_init(struct table *t, size_t n)
{
	size_t slots = 16;

	while (slots < n * 2)
		slots *= 2;
	t->v = calloc(slots, sizeof(*t->v));
	if (!t->v)
		return -ENOMEM;
	t->mask = slots - 1;
	t->used = 0;
	return 0;
}

/* The entry of k, added (from init) when missing; the table must have room. */
static struct entry *insert(struct table *t, struct listener_key k, const struct entry *init)
{
	size_t s;

	for (s = slot_of(t, k); t->v[s].key.sock; s = (s + 1) & t->mask)
		if (key_eq(t->v[s].key, k))
			return &t->v[s];
	t->v[s] = *init;
	t->v[s].key = k;
	t->used++;
	return &t->v[s];
}

static int table_room(struct table *t, size_t more)
{
	struct table grown;

	if (t->v && (t->used + more) * 2 <= t->mask + 1)
		return 0;
	if (table_init(&grown, t->used + more) < 0)
		return -ENOMEM;
	for (size_t i = 0; t->v && i <= t->mask; i++)
		if (t->v[i].key.sock)
			insert(&grown, t->v[i].key, &t->v[i]);
	free(t->v);
	*t = grown;
	return 0;
}

struct history *history_new(enum history_policy policy)
{
	struct history *h = calloc(1, sizeof(*h));

	if (h)
		h->policy = policy;
	return h;
}

void history_free(struct history *h)
{
	if (!h)
		return;
	free(h->t.v);
	free(h);
}

static int frame_room(struct history_frame *f, size_t n)
{
	uint32_t **arrays[] = { &f->peak_q, &f->new_drops, &f->all_drops };

	if (f->cap < n) {
		size_t cap = n ? n : 1;

		/* Each grown in turn: one that fails leaves the others valid. */
		for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
			uint32_t *grown = reallocarray(*arrays[i], cap, sizeof(**arrays[i]));

			if (!grown)
				return -ENOMEM;
			*arrays[i] = grown;
		}
		f->cap = cap;
	}
	f->n = n;
	return 0;
}

void history_frame_free(struct history_frame *f)
{
	free(f->peak_q);
	free(f->new_drops);
	free(f->all_drops);
	memset(f, 0, sizeof(*f));
}

/* Whether a namespace of the snapshot, by cookie, was read only in part. */
static bool unread_netns(const struct snapshot *s, uint64_t cookie)
{
	for (size_t i = 0; i < s->nns; i++)
		if (s->ns[i].cookie == cookie)
			return !s->ns[i].read_ok;
	return false;
}

int history_advance(struct history *h, const struct snapshot *s, struct history_frame *f)
{
	size_t n = s->rows.n;
	bool first = h->snapshots == 0 && !h->loaded;
	struct table now = { 0 };
	bool partial = false;

	for (size_t i = 0; i < s->nns && !partial; i++)
		partial = !s->ns[i].read_ok;
	if (frame_room(f, n) < 0 || table_init(&now, n + h->t.used) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct listener *l = &s->rows.v[i];
		struct listener_key k = snapshot_key(s, i);
		const struct entry *was = k.sock ? find(&h->t, k) : NULL;
		struct entry fresh = {
			.peak = 0, .last = UNSEEN,
			/* Since the first snapshot: the drops it saw are old;
			 * a listener born later counts all of its own. */
			.first = first ? l->drops : 0,
		};
		struct entry *e;

		if (!k.sock) {
			f->peak_q[i] = l->recv_q;
			f->new_drops[i] = f->all_drops[i] = SOCKQ_UNKNOWN;
			continue;
		}
		e = insert(&now, k, was ? was : &fresh);
		if (l->recv_q != SOCKQ_UNKNOWN && l->recv_q > e->peak)
			e->peak = l->recv_q;
		f->peak_q[i] = e->peak;
		f->new_drops[i] = f->all_drops[i] = SOCKQ_UNKNOWN;
		if (l->drops == SOCKQ_UNKNOWN)
			continue;
		if (e->last != UNSEEN)
			f->new_drops[i] = drops_since(l->drops, e->last);
		else if (h->policy == HISTORY_NEW_IS_QUIET)
			f->new_drops[i] = 0;
		else if (!first)
			f->new_drops[i] = l->drops;
		if (e->first != SOCKQ_UNKNOWN)
			f->all_drops[i] = drops_since(l->drops, e->first);
		e->last = l->drops;
	}
	/* A namespace read in part keeps what was known of it; when every
	 * one was read whole, nothing is left to keep. */
	for (size_t i = 0; partial && h->t.v && i <= h->t.mask; i++) {
		const struct entry *e = &h->t.v[i];

		if (e->key.sock && !find(&now, e->key) && unread_netns(s, e->key.netns))
			insert(&now, e->key, e);
	}
	free(h->t.v);
	h->t = now;
	h->snapshots++;
	return 0;
}

bool history_next(const struct history *h, size_t *pos, struct listener_key *key, uint32_t *drops)
{
	for (; h->t.v && *pos <= h->t.mask; (*pos)++) {
		const struct entry *e = &h->t.v[*pos];

		if (e->key.sock && e->last != UNSEEN) {
			*key = e->key;
			*drops = e->last;
			(*pos)++;
			return true;
		}
	}
	return false;
}

int history_put(struct history *h, struct listener_key key, uint32_t drops)
{
	struct entry init = { .peak = 0, .last = drops, .first = SOCKQ_UNKNOWN };

	if (!key.sock)
		return 0;
	if (table_room(&h->t, 1) < 0)
		return -ENOMEM;
	insert(&h->t, key, &init)->last = drops;
	h->loaded = true;
	return 0;
}

size_t history_size(const struct history *h)
{
	return h->t.used;
}

bool history_started(const struct history *h)
{
	return h->snapshots > 0 || h->loaded;
}
