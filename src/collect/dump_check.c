// SPDX-License-Identifier: GPL-2.0-or-later
/* dump_check.c: matching the round boundaries of several passes of a dump. */
#include <errno.h>
#include <stdlib.h>

#include "dump_check.h"
#include "inode_map.h"

int dump_pass_round(struct dump_pass *p, size_t n)
{
	if (p->nstarts == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		size_t *v = reallocarray(p->starts, cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		p->starts = v;
		p->cap = cap;
	}
	p->starts[p->nstarts++] = n;
	return 0;
}

void dump_pass_end(struct dump_pass *p, size_t n)
{
	p->end = n;
	while (p->nstarts && p->starts[p->nstarts - 1] >= n)
		p->nstarts--;
}

void dump_pass_free(struct dump_pass *p)
{
	free(p->starts);
	p->starts = NULL;
	p->nstarts = p->cap = 0;
}

/* Where each inode first comes in a pass, counted from its first row. */
static int position_map(const struct listener_set *set, const struct dump_pass *p,
			struct inode_map *m)
{
	int err = inode_map_reserve(m, p->end - p->first);

	for (size_t i = p->first; err == 0 && i < p->end; i++)
		inode_map_get_or_add(m, set->v[i].inode, (uint32_t)(i - p->first));
	return err;
}

static long position(const struct listener_set *set, const struct inode_map *m, size_t row)
{
	uint32_t inode = set->v[row].inode;
	size_t pos = inode_map_start(m, inode);
	uint32_t *v = inode_map_next(m, inode, &pos);

	return v ? (long)*v : -1;
}

/* Whether pass q walked, within one round, across the gap of pass p that
 * begins at row start (between rows start - 1 and start). */
static bool gap_covered(const struct listener_set *set, const struct dump_pass *p,
			size_t start, const struct dump_pass *q, const struct inode_map *qpos)
{
	long from = -1, to = (long)(q->end - q->first);

	/* The nearest rows on either side that q saw too; sockets that came
	 * or went between the passes are passed over. */
	for (size_t i = start; i-- > p->first;)
		if ((from = position(set, qpos, i)) >= 0)
			break;
	for (size_t i = start; i < p->end; i++) {
		long pos = position(set, qpos, i);

		if (pos >= 0) {
			to = pos;
			break;
		}
	}
	if (from >= to)
		return false;
	/* A round of q began after from and no later than to: q crossed a
	 * gap of its own there. */
	for (size_t k = 0; k < q->nstarts; k++) {
		long r = (long)(q->starts[k] - q->first);

		if (r > from && r <= to)
			return false;
	}
	return true;
}

/* Whether round k + 1 of pass p shows a row the pass showed already. A pass
 * never walks a hash bucket again once it has left it, so such a row is in
 * the bucket the round resumed in, at or after the resume position: the
 * kernel resumed at or before where it had stopped (sockets came, none
 * went, before that point), and nothing after it was skipped. */
static bool round_repeats(const struct listener_set *set, const struct dump_pass *p,
			  size_t k, const struct inode_map *ppos)
{
	size_t end = k + 1 < p->nstarts ? p->starts[k + 1] : p->end;

	for (size_t i = p->starts[k]; i < end; i++)
		if (position(set, ppos, i) < (long)(i - p->first))
			return true;
	return false;
}

int dump_passes_cover(const struct listener_set *set, const struct dump_pass *passes,
		      size_t n, bool *covered)
{
	struct inode_map *pos = calloc(n ? n : 1, sizeof(*pos));
	int err = pos ? 0 : -ENOMEM;

	*covered = true;
	for (size_t q = 0; err == 0 && q < n; q++)
		err = position_map(set, &passes[q], &pos[q]);
	for (size_t p = 0; err == 0 && p < n && *covered; p++) {
		for (size_t k = 0; k < passes[p].nstarts && *covered; k++) {
			size_t start = passes[p].starts[k];
			bool any = start >= passes[p].end;

			if (!any)
				any = round_repeats(set, &passes[p], k, &pos[p]);
			for (size_t q = 0; q < n && !any; q++)
				any = q != p && gap_covered(set, &passes[p], start, &passes[q],
							    &pos[q]);
			*covered = any;
		}
	}
	for (size_t q = 0; pos && q < n; q++)
		inode_map_free(&pos[q]);
	free(pos);
	if (err < 0)
		*covered = false;
	return err;
}
