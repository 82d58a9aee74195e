// SPDX-License-Identifier: GPL-2.0-or-later
/* test_dump_check.c: when passes of a dump, taken together, cannot have missed a listener. */
#include <stdlib.h>

#include "dump_check.h"
#include "unit.h"

static struct listener_set set;

/* A pass from a list of inodes and the row (within the pass) each round
 * after the first began at; -1 ends each list. */
static struct dump_pass make_pass(const int *inodes, const int *starts)
{
	struct dump_pass p = { .first = set.n };

	for (const int *i = inodes; *i >= 0; i++) {
		struct listener *l = listener_new(&set);

		memset(l, 0, sizeof(*l));
		l->inode = (uint32_t)*i;
	}
	p.end = set.n;
	for (const int *s = starts; *s >= 0; s++)
		dump_pass_round(&p, p.first + (size_t)*s);
	return p;
}

static bool cover(struct dump_pass *passes, size_t n)
{
	bool covered = false;

	CHECK(dump_passes_cover(&set, passes, n, &covered) == 0, "no error");
	for (size_t i = 0; i < n; i++)
		dump_pass_free(&passes[i]);
	set.n = 0;
	return covered;
}

#define P(...) (const int[]){ __VA_ARGS__, -1 }
#define NONE (const int[]){ -1 }

int main(void)
{
	struct dump_pass p[3];

	/* One pass in one round: nothing to check. */
	p[0] = make_pass(P(1, 2, 3), NONE);
	CHECK(cover(p, 1), "a single round is complete");

	/* One pass in two rounds: its gap is not covered by anything. */
	p[0] = make_pass(P(1, 2, 3, 4), P(2));
	CHECK(!cover(p, 1), "a lone pass with a gap is not");

	/* Two passes with their gaps elsewhere: each covers the other. */
	p[0] = make_pass(P(1, 2, 3, 4, 5, 6), P(2));
	p[1] = make_pass(P(1, 2, 3, 4, 5, 6), P(4));
	CHECK(cover(p, 2), "gaps at different rows");

	/* The same gap in both: a listener between 2 and 3 could be lost twice. */
	p[0] = make_pass(P(1, 2, 3, 4, 5, 6), P(2));
	p[1] = make_pass(P(1, 2, 3, 4, 5, 6), P(2));
	CHECK(!cover(p, 2), "gaps at the same row");

	/* The second pass shows a listener the first skipped at its gap, and
	 * has its own gap further on: covered both ways. */
	p[0] = make_pass(P(1, 2, 4, 5, 6, 7), P(2));
	p[1] = make_pass(P(1, 2, 3, 4, 5, 6, 7), P(5));
	CHECK(cover(p, 2), "a skipped listener found by the other pass");

	/* A gap of the second pass one row off the first's: 3 lies between
	 * 2 and 4 for the first pass and between its own rounds for the
	 * second. */
	p[0] = make_pass(P(1, 2, 4, 5), P(2));
	p[1] = make_pass(P(1, 2, 3, 4, 5), P(3));
	CHECK(!cover(p, 2), "overlapping gaps");
	/* ... and a third pass walking through there in one round settles it. */
	p[0] = make_pass(P(1, 2, 4, 5), P(2));
	p[1] = make_pass(P(1, 2, 3, 4, 5), P(3));
	p[2] = make_pass(P(1, 2, 3, 4, 5), P(1));
	CHECK(cover(p, 3), "a third pass covers both");

	/* A round that repeats a row of the round before was resumed no later
	 * than where it stopped: its gap needs no other pass. */
	p[0] = make_pass(P(1, 2, 3, 3, 4), P(3));
	CHECK(cover(p, 1), "a repeated row makes the gap safe");
	p[0] = make_pass(P(1, 2, 3, 9, 2, 4), P(3));
	CHECK(cover(p, 1), "also further into the round");

	/* Rows around a gap that the other pass never saw (sockets that came
	 * and went) are passed over to the nearest rows it did see. */
	p[0] = make_pass(P(1, 2, 8, 9, 3, 4), P(3));
	p[1] = make_pass(P(1, 2, 3, 4), P(2));
	CHECK(!cover(p, 2), "the nearest shared rows, 2 and 3, straddle the other pass's gap");
	p[0] = make_pass(P(1, 2, 8, 9, 3, 4), P(3));
	p[1] = make_pass(P(1, 2, 3, 4, 5), P(4));
	CHECK(cover(p, 2), "churned rows at the gap: covered through their neighbours");
	p[0] = make_pass(P(1, 2, 8, 9, 3, 4), P(3));
	p[1] = make_pass(P(1, 2, 3, 4, 5), P(1));
	CHECK(cover(p, 2), "the other pass's gap before the nearest shared row does not count");

	/* Rows the other pass shows in the opposite order prove nothing. */
	p[0] = make_pass(P(1, 2, 3, 4), P(2));
	p[1] = make_pass(P(1, 3, 2, 4), NONE);
	CHECK(!cover(p, 2), "rows out of order");
	listener_set_free(&set);
	return unit_done();
}
