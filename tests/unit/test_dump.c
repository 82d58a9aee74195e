// SPDX-License-Identifier: GPL-2.0-or-later
/* test_dump.c: the passes of a dump merged, their side columns with them, and when together they cannot have missed a listener. */
#include <stdlib.h>

#include "dump.h"
#include "unit.h"

static struct rowstore set;
static struct dump_rows rows;
static size_t taken;

/* A pass from the inodes its rounds showed, in order, and the index
 * (within the pass) each round after the first began at; -1 ends each
 * list. Rows are taken as the dump takes them: merged by inode. */
static struct dump_pass make_pass(unsigned number, const int *inodes, const int *starts)
{
	struct dump_pass p;
	const int *s = starts;
	size_t i = 0;

	if (number == 0)
		dump_rows_init(&rows, &set);
	dump_pass_begin(&rows, &p, number);
	for (const int *in = inodes; *in >= 0; in++, i++) {
		struct listener *l;

		if (*s >= 0 && (size_t)*s == i) {
			CHECK(dump_pass_round(&p) == 0, "round");
			s++;
		}
		/* A later pass parses only what it has not seen. */
		if (dump_seen(&rows, &p, (uint32_t)*in, &taken) == 1) {
			CHECK_EQ(set.v[taken].inode, (uint32_t)*in, "the row found is the socket's");
			continue;
		}
		l = rowstore_add(&set);
		l->inode = (uint32_t)*in;
		/* A side value, which must travel with its row. */
		if (set.side[LC_SYN_Q])
			rowstore_side_u32(&set, LC_SYN_Q)[set.n - 1] = number * 1000 + (uint32_t)*in;
		l->recv_q = number * 100 + (uint32_t)i;	/* which sight */
		l->name_off = 100 + number;
		CHECK(dump_take(&rows, &p, false, &taken) == 0, "take");
	}
	dump_pass_round(&p);
	CHECK(dump_pass_end(&rows, &p) == 0, "end");
	return p;
}

static bool cover_as(struct dump_pass *passes, size_t n, bool counts_shown)
{
	bool covered = false;

	CHECK(dump_passes_cover(&rows, passes, n, counts_shown, &covered) == 0, "no error");
	for (size_t i = 0; i < n; i++)
		dump_pass_free(&passes[i]);
	dump_rows_free(&rows);
	rowstore_truncate(&set, 0);
	return covered;
}

/* As an AF_UNIX dump: the kernel counts sockets it does not show. */
static bool cover(struct dump_pass *passes, size_t n)
{
	return cover_as(passes, n, false);
}

/* As a TCP walk of both families: it counts only what it shows. */
static bool cover_shown(struct dump_pass *passes, size_t n)
{
	return cover_as(passes, n, true);
}

#define P(...) (const int[]){ __VA_ARGS__, -1 }
#define NONE (const int[]){ -1 }

int main(void)
{
	struct dump_pass p[3];

	/* One pass in one round: nothing to check. */
	p[0] = make_pass(0, P(1, 2, 3), NONE);
	CHECK(cover(p, 1), "a single round is complete");

	/* One pass in two rounds: its gap is not covered by anything. */
	p[0] = make_pass(0, P(1, 2, 3, 4), P(2));
	CHECK(!cover(p, 1), "a lone pass with a gap is not");

	/* Two passes with their gaps elsewhere: each covers the other. */
	p[0] = make_pass(0, P(1, 2, 3, 4, 5, 6), P(2));
	p[1] = make_pass(1, P(1, 2, 3, 4, 5, 6), P(4));
	CHECK(cover(p, 2), "gaps at different rows");

	/* The same gap in both: a listener between 2 and 3 could be lost twice. */
	p[0] = make_pass(0, P(1, 2, 3, 4, 5, 6), P(2));
	p[1] = make_pass(1, P(1, 2, 3, 4, 5, 6), P(2));
	CHECK(!cover(p, 2), "gaps at the same row");

	/* The second pass shows a listener the first skipped at its gap, and
	 * has its own gap further on: covered both ways. */
	p[0] = make_pass(0, P(1, 2, 4, 5, 6, 7), P(2));
	p[1] = make_pass(1, P(1, 2, 3, 4, 5, 6, 7), P(5));
	CHECK(cover(p, 2), "a skipped listener found by the other pass");

	/* A gap of the second pass one row off the first's: 3 lies between
	 * 2 and 4 for the first pass and between its own rounds for the
	 * second. */
	p[0] = make_pass(0, P(1, 2, 4, 5), P(2));
	p[1] = make_pass(1, P(1, 2, 3, 4, 5), P(3));
	CHECK(!cover(p, 2), "overlapping gaps");
	/* ... and a third pass walking through there in one round settles it. */
	p[0] = make_pass(0, P(1, 2, 4, 5), P(2));
	p[1] = make_pass(1, P(1, 2, 3, 4, 5), P(3));
	p[2] = make_pass(2, P(1, 2, 3, 4, 5), P(1));
	CHECK(cover(p, 3), "a third pass covers both");

	/* A round that repeats a row of the round before was resumed no later
	 * than where it stopped: its gap needs no other pass. */
	p[0] = make_pass(0, P(1, 2, 3, 3, 4), P(3));
	CHECK(cover(p, 1), "a repeated row makes the gap safe");
	p[0] = make_pass(0, P(1, 2, 3, 9, 2, 4), P(3));
	CHECK(cover(p, 1), "also further into the round");

	/* Rows around a gap that the other pass never saw (sockets that came
	 * and went) are passed over to the nearest rows it did see. */
	p[0] = make_pass(0, P(1, 2, 8, 9, 3, 4), P(3));
	p[1] = make_pass(1, P(1, 2, 3, 4), P(2));
	CHECK(!cover(p, 2), "the nearest shared rows, 2 and 3, straddle the other pass's gap");
	p[0] = make_pass(0, P(1, 2, 8, 9, 3, 4), P(3));
	p[1] = make_pass(1, P(1, 2, 3, 4, 5), P(4));
	CHECK(cover(p, 2), "churned rows at the gap: covered through their neighbours");
	p[0] = make_pass(0, P(1, 2, 8, 9, 3, 4), P(3));
	p[1] = make_pass(1, P(1, 2, 3, 4, 5), P(1));
	CHECK(cover(p, 2), "the other pass's gap before the nearest shared row does not count");

	/* Rows the other pass shows in the opposite order prove nothing. */
	p[0] = make_pass(0, P(1, 2, 3, 4), P(2));
	p[1] = make_pass(1, P(1, 3, 2, 4), NONE);
	CHECK(!cover(p, 2), "rows out of order");

	/* Where only shown sockets are counted, a pass all of whose rows came
	 * again lost nothing, wherever the rounds ended: nothing closed. */
	p[0] = make_pass(0, P(1, 2, 3, 4, 5, 6), P(2));
	p[1] = make_pass(1, P(1, 2, 3, 4, 5, 6), P(2));
	CHECK(cover_shown(p, 2), "the same gap, nothing closed: complete");
	p[0] = make_pass(0, P(1, 2, 3, 4, 5, 6), P(2));
	p[1] = make_pass(1, P(9, 1, 2, 3, 4, 5, 6), P(3));
	CHECK(cover_shown(p, 2), "a socket opened meanwhile changes nothing");
	/* ... but a row of the first pass gone from the second may have
	 * shifted its rounds: then the gaps decide, and coincide here. */
	p[0] = make_pass(0, P(1, 2, 3, 4, 5, 6), P(2));
	p[1] = make_pass(1, P(1, 3, 4, 5, 6), P(1));
	CHECK(!cover_shown(p, 2), "a row closed: the gaps must be covered");
	/* A third pass showing the rows again settles the second; it finds
	 * the rows merged so far though the index was let go in between. */
	p[0] = make_pass(0, P(1, 2, 3, 4, 5, 6), P(2));
	p[1] = make_pass(1, P(1, 3, 4, 5, 6), P(1));
	dump_rows_free(&rows);
	p[2] = make_pass(2, P(1, 3, 4, 5, 6, 7), P(1));
	CHECK(set.n == 7, "indexed again: only the new row is added (%zu rows)", set.n);
	CHECK(cover_shown(p, 3), "the second pass shown again by the third");

	/* The rows of all passes, merged: each inode once, in the order first
	 * seen. Within the first pass a socket shown twice takes its later
	 * values and keeps its first name; a later pass adds only sockets not
	 * seen yet. */
	CHECK(rowstore_side(&set, LC_SYN_Q) != NULL, "a side column");
	p[0] = make_pass(0, P(1, 2, 3, 3, 4), P(3));
	CHECK(set.n == 4, "a row repeated within the first pass is merged: %zu rows", set.n);
	p[1] = make_pass(1, P(5, 1, 2, 3, 4), P(2));
	CHECK(set.n == 5, "a later pass adds only what is new: %zu rows", set.n);
	{
		const uint32_t inode[] = { 1, 2, 3, 4, 5 }, q[] = { 0, 1, 3, 4, 100 };

		for (size_t i = 0; i < 5; i++) {
			CHECK(set.v[i].inode == inode[i], "row %zu is inode %u", i, inode[i]);
			CHECK(set.v[i].recv_q == q[i], "row %zu has the values of sight %u: %u", i,
			      q[i], set.v[i].recv_q);
			CHECK(set.v[i].name_off == (i < 4 ? 100u : 101u), "row %zu's name", i);
			CHECK_EQ(rowstore_get_u32(&set, LC_SYN_Q, i), (i < 4 ? 0u : 1000u) + inode[i],
				 "the side value moved with its row");
		}
	}
	CHECK(cover(p, 2), "merged passes still cover each other");

	/* A pass started over drops only the rows it added. */
	p[0] = make_pass(0, P(1, 2, 3, 4), P(2));
	dump_pass_begin(&rows, &p[1], 1);
	for (uint32_t in = 9; in >= 8; in--) {
		struct listener *l = rowstore_add(&set);

		l->inode = in;
		/* Taken from a bare pass: 9 and 8 have no values yet. */
		CHECK(dump_seen(&rows, &p[1], in, &taken) == 0 &&
		      dump_take(&rows, &p[1], true, &taken) == 0, "new rows");
		CHECK(dump_bare(&rows, taken), "a row of a bare pass is bare");
	}
	CHECK(rows.nbare == 2 && !dump_bare(&rows, 1), "two bare rows, none of the first pass");
	CHECK(dump_seen(&rows, &p[1], 2, &taken) == 1 && taken == 1 &&
	      dump_seen(&rows, &p[1], 9, &taken) == 1 && taken == 4, "seen rows");
	CHECK(set.n == 6, "two rows added");
	dump_pass_restart(&rows, &p[1]);
	CHECK(set.n == 4 && p[1].n == 0, "restart drops them");
	CHECK(rows.nbare == 0, "and their bare marks");
	CHECK(dump_seen(&rows, &p[1], 9, &taken) == 0, "an inode of the dropped attempt is new again");
	CHECK(dump_seen(&rows, &p[1], 4, &taken) == 1, "one of the first pass is not");
	dump_pass_end(&rows, &p[1]);
	cover(p, 2);

	/* A bare row takes its values once, from the next pass that has them;
	 * until then the dump is not over. */
	p[0] = make_pass(0, P(1, 2, 3, 4), P(2));
	dump_pass_begin(&rows, &p[1], 1);
	rowstore_add(&set)->inode = 7;
	CHECK(dump_take(&rows, &p[1], true, &taken) == 0 && dump_bare(&rows, taken), "7 is bare");
	dump_pass_end(&rows, &p[1]);
	dump_index_free(&rows);
	dump_pass_begin(&rows, &p[2], 2);
	CHECK(dump_seen(&rows, &p[2], 7, &taken) == 1 && dump_bare(&rows, taken),
	      "seen again, still bare until filled");
	dump_filled(&rows, taken);
	CHECK(!dump_bare(&rows, taken) && rows.nbare == 0, "filled");
	dump_pass_end(&rows, &p[2]);
	dump_pass_free(&p[2]);
	cover(p, 2);

	/* Found by position when the order is the first pass's, by the index
	 * when it is not: the same rows either way. */
	p[0] = make_pass(0, P(10, 11, 12, 13, 14, 15), P(3));
	p[1] = make_pass(1, P(10, 11, 14, 12, 13, 15, 16), P(4));
	CHECK(set.n == 7, "one row added: %zu", set.n);
	cover(p, 2);
	rowstore_free(&set);
	return unit_done();
}
