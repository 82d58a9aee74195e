// SPDX-License-Identifier: GPL-2.0-or-later
/* dump_proof.c: the passes of a dump merged by inode, and whether their round boundaries prove it complete. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "grow.h"

#define NOT_SEEN UINT32_MAX

void dump_rows_init(struct dump_rows *d, struct rowstore *set)
{
	memset(d, 0, sizeof(*d));
	d->set = set;
	d->first = set->n;
}

/* The index alone: its room goes back while the passes are checked, and
 * a further pass makes it again. */
static void index_free(struct dump_rows *d)
{
	free(d->key);
	free(d->val);
	d->key = d->val = NULL;
	d->mask = d->used = 0;
	d->indexed = false;
}

void dump_index_free(struct dump_rows *d)
{
	index_free(d);
}

void dump_rows_free(struct dump_rows *d)
{
	index_free(d);
	free(d->bare);
	d->bare = NULL;
	d->bare_cap = d->nbare = 0;
}

static size_t slot_of(const struct dump_rows *d, uint32_t inode)
{
	/* Fibonacci hashing, the product's top bits: inodes are close to
	 * sequential, and the low bits of the product would follow them. */
	return (size_t)(((uint64_t)inode * 0x9E3779B97F4A7C15ull) >> d->shift);
}

/* Room for more inodes, the table at most 3/4 full. */
static int index_room(struct dump_rows *d, size_t more)
{
	size_t slots, old = d->key ? d->mask + 1 : 0;
	uint32_t *key, *val, *okey = d->key, *oval = d->val;

	if ((d->used + more) * 4 <= old * 3)
		return 0;
	slots = old ? old * 2 : 256;
	while ((d->used + more) * 4 > slots * 3)
		slots *= 2;
	key = calloc(slots, sizeof(*key));
	val = malloc(slots * sizeof(*val));
	if (!key || !val) {
		free(key);
		free(val);
		return -ENOMEM;
	}
	d->key = key;
	d->val = val;
	d->mask = slots - 1;
	d->shift = 64;
	for (size_t s = slots; s > 1; s >>= 1)
		d->shift--;
	for (size_t i = 0; i < old; i++) {
		size_t s;

		if (!okey[i])
			continue;
		for (s = slot_of(d, okey[i]); key[s]; s = (s + 1) & d->mask)
			;
		key[s] = okey[i];
		val[s] = oval[i];
	}
	free(okey);
	free(oval);
	return 0;
}

/* The row of inode, or NOT_SEEN; with add, an unseen inode is given row. */
static uint32_t index_find(struct dump_rows *d, uint32_t inode, bool add, uint32_t row)
{
	size_t s;

	for (s = slot_of(d, inode); d->key[s]; s = (s + 1) & d->mask)
		if (d->key[s] == inode)
			return d->val[s];
	if (add) {
		d->key[s] = inode;
		d->val[s] = row;
		d->used++;
	}
	return NOT_SEEN;
}

static int seq_push(struct dump_pass *p, uint32_t row)
{
	if (grow(&p->seq, &p->cap, p->n, sizeof(*p->seq), 256) < 0)
		return -ENOMEM;
	p->seq[p->n++] = row;
	return 0;
}

/* Indexes rows [first, end), which are each their inode's only row. */
static int index_rows(struct dump_rows *d, size_t end)
{
	int err;

	index_free(d);
	err = index_room(d, end - d->first);
	for (size_t i = d->first; err == 0 && i < end; i++)
		index_find(d, d->set->v[i].inode, true, (uint32_t)(i - d->first));
	d->indexed = err == 0;
	return err;
}

/* The first pass is over and took several rounds: index its rows, merging
 * any shown twice (sockets that came and went between rounds shift the
 * walk) into their first sight, which takes the later values. The pass's
 * rows in order are then no longer the rows as stored: they are written
 * down, as every later pass's are. */
static int index_first_pass(struct dump_rows *d, struct dump_pass *p)
{
	struct rowstore *set = d->set;
	size_t kept = d->first;
	bool written = false;	/* the pass's order written down in p->seq */
	int err;

	index_free(d);
	if ((err = index_room(d, set->n - d->first)) < 0)
		return err;
	for (size_t i = d->first; i < set->n; i++) {
		uint32_t row = (uint32_t)(kept - d->first);
		uint32_t seen = index_find(d, set->v[i].inode, true, row);

		if (seen != NOT_SEEN) {
			struct listener *old = &set->v[d->first + seen];
			uint32_t name_off = old->name_off;
			uint8_t name_len = old->name_len;

			rowstore_move(set, d->first + seen, i);
			old->name_off = name_off;
			old->name_len = name_len;
			row = seen;
		} else {
			rowstore_move(set, kept, i);
			kept++;
		}
		if (!written && seen != NOT_SEEN) {
			/* The first repeat: the order so far was the rows'. */
			written = true;
			p->n = 0;
			for (uint32_t r = 0; r < (uint32_t)(i - d->first) && err == 0; r++)
				err = seq_push(p, r);
		}
		if (written && err == 0)
			err = seq_push(p, row);
		if (err < 0)
			return err;
	}
	rowstore_truncate(set, kept);
	d->indexed = true;
	return 0;
}

int dump_pass_begin(struct dump_rows *d, struct dump_pass *p, unsigned number)
{
	size_t rows = d->set->n - d->first;

	memset(p, 0, sizeof(*p));
	p->number = number;
	p->first_new = d->set->n;
	d->next = 0;
	if (number == 0)
		return 0;
	/* A verifying pass shows about as many rows as there are: its order
	 * is written down in room made once. */
	if (grow(&p->seq, &p->cap, 0, sizeof(*p->seq), rows + rows / 8 + 64) < 0)
		return -ENOMEM;
	/* The rows are each their inode's only one by now. */
	if (!d->indexed)
		return index_rows(d, d->set->n);
	return 0;
}

static bool bit(const uint8_t *map, size_t cap, size_t i)
{
	return i / 8 < cap && (map[i / 8] >> (i % 8) & 1);
}

/* Row i (from the dump's first) is no longer bare. */
static void clear_bare(struct dump_rows *d, size_t i)
{
	if (!bit(d->bare, d->bare_cap, i))
		return;
	d->bare[i / 8] &= (uint8_t)~(1u << (i % 8));
	d->nbare--;
}

void dump_pass_restart(struct dump_rows *d, struct dump_pass *p)
{
	/* The rows the attempt added go, and with them their bare marks. */
	for (size_t i = p->first_new - d->first; i < d->set->n - d->first; i++)
		clear_bare(d, i);
	rowstore_truncate(d->set, p->first_new);
	p->n = p->nstarts = 0;
	p->skipped = 0;
	d->next = 0;
	/* The index must not point at the dropped rows. Without room to
	 * index again, the pass cannot be merged: it fails for want of memory. */
	if (p->number > 0 && index_rows(d, p->first_new) < 0)
		index_free(d);
}

int dump_seen(struct dump_rows *d, struct dump_pass *p, uint32_t inode, size_t *idx)
{
	size_t rows = d->set->n - d->first;
	uint32_t row;

	if (!d->indexed || p->number == 0 || !inode)
		return 0;
	if (d->next < rows && d->set->v[d->first + d->next].inode == inode)
		row = (uint32_t)d->next;
	else if ((row = index_find(d, inode, false, 0)) == NOT_SEEN)
		return 0;
	d->next = (size_t)row + 1;
	*idx = d->first + row;
	return seq_push(p, row) < 0 ? -ENOMEM : 1;
}

int dump_take(struct dump_rows *d, struct dump_pass *p, bool bare, size_t *idx)
{
	uint32_t row;
	int err;

	*idx = d->set->n - 1;
	row = (uint32_t)(*idx - d->first);
	/* The first pass only counts: it is indexed once it is over. It is
	 * never bare (dump.h). */
	if (p->number == 0) {
		p->n++;
		return 0;
	}
	if (!d->indexed)
		return -ENOMEM;
	if ((err = index_room(d, 1)) < 0 || (err = seq_push(p, row)) < 0)
		return err;
	if (bare) {
		size_t need = row / 8 + 1;

		if (need > d->bare_cap) {
			size_t cap = need * 2 < 64 ? 64 : need * 2;
			uint8_t *map = realloc(d->bare, cap);

			if (!map)
				return -ENOMEM;
			memset(map + d->bare_cap, 0, cap - d->bare_cap);
			d->bare = map;
			d->bare_cap = cap;
		}
		d->bare[row / 8] |= (uint8_t)(1u << (row % 8));
		d->nbare++;
	}
	index_find(d, d->set->v[*idx].inode, true, row);
	return 0;
}

bool dump_bare(const struct dump_rows *d, size_t idx)
{
	return d->nbare && bit(d->bare, d->bare_cap, idx - d->first);
}

void dump_filled(struct dump_rows *d, size_t idx)
{
	clear_bare(d, idx - d->first);
}

int dump_pass_round(struct dump_pass *p)
{
	if (grow(&p->starts, &p->scap, p->nstarts, sizeof(*p->starts), 64) < 0)
		return -ENOMEM;
	p->starts[p->nstarts++] = p->n;
	return 0;
}

int dump_pass_end(struct dump_rows *d, struct dump_pass *p)
{
	while (p->nstarts && p->starts[p->nstarts - 1] >= p->n)
		p->nstarts--;
	/* A dump served in one round shows each socket once, and is not
	 * made again: nothing to index. */
	if (p->number == 0 && p->nstarts > 0)
		return index_first_pass(d, p);
	return 0;
}

void dump_pass_free(struct dump_pass *p)
{
	free(p->seq);
	free(p->starts);
	p->seq = NULL;
	p->starts = NULL;
	p->n = p->cap = p->nstarts = p->scap = 0;
}

/* The row a pass showed i-th, counted from the dump's first row. */
static inline uint32_t row_at(const struct dump_pass *p, size_t i)
{
	return p->seq ? p->seq[i] : (uint32_t)i;
}

/* Where each row first comes in pass p, or NOT_SEEN; for a pass whose rows
 * are simply the rows in order (no seq), nothing is written: pos_in()
 * answers from the row itself. */
static void positions(const struct dump_pass *p, uint32_t *pos, size_t rows)
{
	for (size_t r = 0; r < rows; r++)
		pos[r] = NOT_SEEN;
	for (size_t i = p->n; i-- > 0;)
		pos[row_at(p, i)] = (uint32_t)i;
}

static inline uint32_t pos_in(const struct dump_pass *p, const uint32_t *pos, uint32_t row)
{
	if (pos)
		return pos[row];
	return row < p->n ? row : NOT_SEEN;
}

/* Whether pass q walked, within one round, across the gap of pass p that
 * begins at its start-th row (between rows start - 1 and start). */
static bool gap_covered(const struct dump_pass *p, size_t start, const struct dump_pass *q,
			const uint32_t *qpos)
{
	long from = -1, to = (long)q->n;

	/* The nearest rows on either side that q saw too; sockets that came
	 * or went between the passes are passed over. */
	for (size_t i = start; i-- > 0;)
		if (pos_in(q, qpos, row_at(p, i)) != NOT_SEEN) {
			from = pos_in(q, qpos, row_at(p, i));
			break;
		}
	for (size_t i = start; i < p->n; i++)
		if (pos_in(q, qpos, row_at(p, i)) != NOT_SEEN) {
			to = pos_in(q, qpos, row_at(p, i));
			break;
		}
	if (from >= to)
		return false;
	/* A round of q began after from and no later than to: q crossed a
	 * gap of its own there. */
	for (size_t k = 0; k < q->nstarts; k++)
		if ((long)q->starts[k] > from && (long)q->starts[k] <= to)
			return false;
	return true;
}

/* Whether round k + 1 of pass p shows a row the pass showed already. A pass
 * never walks a hash bucket again once it has left it, so such a row is in
 * the bucket the round resumed in, at or after the resume position: the
 * kernel resumed at or before where it had stopped (sockets came, none
 * went, before that point), and nothing after it was skipped. */
static bool round_repeats(const struct dump_pass *p, size_t k, const uint32_t *ppos)
{
	size_t end = k + 1 < p->nstarts ? p->starts[k + 1] : p->n;

	for (size_t i = p->starts[k]; i < end; i++)
		if (pos_in(p, ppos, row_at(p, i)) < i)
			return true;
	return false;
}

/* Whether every row pass p showed was shown again by a later pass: then
 * none of them closed while p was made, and where the kernel counts only
 * shown sockets in resuming a round, nothing can have shifted p's rounds. */
static bool shown_again(const struct dump_pass *passes, size_t n, size_t p,
			uint32_t *const *pos)
{
	for (size_t i = 0; i < passes[p].n; i++) {
		uint32_t row = row_at(&passes[p], i);
		bool again = false;

		for (size_t q = p + 1; q < n && !again; q++)
			again = pos_in(&passes[q], pos[q], row) != NOT_SEEN;
		if (!again)
			return false;
	}
	return true;
}

int dump_passes_cover(const struct dump_rows *d, const struct dump_pass *passes,
		      size_t n, bool counts_shown, bool *covered)
{
	size_t rows = d->set->n - d->first;
	uint32_t *pos[DUMP_PASSES_MAX] = { NULL };
	int err = 0;

	*covered = false;
	if (n > DUMP_PASSES_MAX)
		return -EINVAL;
	for (size_t q = 0; q < n && err == 0; q++) {
		if (!passes[q].seq)
			continue;
		pos[q] = reallocarray(NULL, rows ? rows : 1, sizeof(*pos[q]));
		if (pos[q])
			positions(&passes[q], pos[q], rows);
		else
			err = -ENOMEM;
	}
	for (size_t p = 0; err == 0 && counts_shown && p + 1 < n && !*covered; p++)
		*covered = shown_again(passes, n, p, pos);
	for (size_t p = 0; err == 0 && !*covered && p < n; p++) {
		bool all = true;

		for (size_t k = 0; k < passes[p].nstarts && all; k++) {
			size_t start = passes[p].starts[k];
			bool any = start >= passes[p].n;

			if (!any)
				any = round_repeats(&passes[p], k, pos[p]);
			for (size_t q = 0; q < n && !any; q++)
				any = q != p && gap_covered(&passes[p], start, &passes[q], pos[q]);
			all = any;
		}
		if (!all)
			break;
		if (p + 1 == n)
			*covered = true;
	}
	for (size_t q = 0; q < n; q++)
		free(pos[q]);
	return err;
}
