// SPDX-License-Identifier: GPL-2.0-or-later
/* test_span.c: a column spanned at once agrees with its cells made one by one, on random rows: the largest number, the widest word, whether any is unknown. */
#include <stdlib.h>

#include "columns.h"
#include "snapshot.h"
#include "unit.h"

static uint32_t seed = 12345;

static uint32_t next(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

/* A value that is often small, sometimes large, sometimes unknown. */
static uint32_t value(void)
{
	switch (next(4)) {
	case 0:
		return SOCKQ_UNKNOWN;
	case 1:
		return next(10);
	case 2:
		return next(100000);
	default:
		return 0xfffffff0u + next(15);
	}
}

int main(void)
{
	struct snapshot *snap = snapshot_new(NULL);
	struct rowset set = { .snap = snap };
	struct netns *ns;
	char scratch[CELL_SCRATCH];
	size_t spanned = 0;

	for (int round = 0; round < 200; round++) {
		size_t n = next(50);
		uint32_t *order = malloc((n + 1) * sizeof(*order));

		rowstore_truncate(&snap->rows, 0);
		while (snap->nns < 3) {
			uint32_t idx;

			snapshot_add_netns(snap, &ns, &idx);
		}
		for (int i = 0; i < 3; i++)
			snap->ns[i].sys.somaxconn = next(3) ? next(70000) : SOCKQ_UNKNOWN;
		for (size_t i = 0; i < n; i++) {
			struct listener *l = rowstore_add(&snap->rows);

			l->proto = (uint8_t)next(PROTO_COUNT);
			l->netns = next(3);
			l->recv_q = value();
			l->backlog = value();
			l->drops = value();
			l->uid = value();
			l->inode = next(2) ? next(1000) + 1 : 0xfffffff0u + next(15);
			l->port = (uint16_t)next(65536);
			order[i] = (uint32_t)(n - 1 - i);
		}
		/* v6only: unknown (IPv4, AF_UNIX), no or yes. */
		{
			uint32_t *v6 = n ? rowstore_side_u32(&snap->rows, LC_V6ONLY) : NULL;

			for (size_t i = 0; v6 && i < n; i++)
				v6[i] = next(3) == 0 ? SOCKQ_UNKNOWN : next(2);
		}
		for (int col = 0; col < LC_COUNT; col++) {
			struct column_span s, want = { 0 };

			if (!column_span(&set, ROWS_LISTENERS, order, n, col, &s))
				continue;
			spanned++;
			for (size_t i = 0; i < n; i++) {
				struct cell c;

				size_t w = 0;

				row_cell(&set, ROWS_LISTENERS, order[i], col, &c, scratch);
				switch (c.kind) {
				case CELL_NONE:
					want.any_none = true;
					break;
				case CELL_NUM:
					want.any_num = true;
					if (c.num > want.max_num)
						want.max_num = c.num;
					break;
				case CELL_BOOL:
					w = c.num ? 3 : 2;
					break;
				case CELL_STR:
				default:
					CHECK(c.plain, "column %d: a spanned word needs no escaping", col);
					w = c.len;
					break;
				}
				if (w > want.width)
					want.width = w;
			}
			CHECK(s.max_num == want.max_num && s.any_num == want.any_num &&
			      s.any_none == want.any_none && s.width == want.width,
			      "column %d, %zu rows: spanned %llu/%d/%d/%zu, cells %llu/%d/%d/%zu", col, n,
			      (unsigned long long)s.max_num, s.any_num, s.any_none, s.width,
			      (unsigned long long)want.max_num, want.any_num, want.any_none, want.width);
		}
		free(order);
	}
	CHECK(spanned >= 200 * 10, "columns spanned: %zu", spanned);
	snapshot_unref(snap);
	return unit_done();
}
