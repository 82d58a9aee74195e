// SPDX-License-Identifier: GPL-2.0-or-later
/* render_table.c: the aligned table for people, full queues highlighted. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

/* The table needs every column's width before its first line. Rather than
 * keep every row's formatted cells (most of sockq's memory at 18 000 rows),
 * it walks the rows twice: once measuring, once formatting each cell
 * straight into the output buffer. The first walk formats nothing it can
 * count instead: a number's width grows with its value, so it keeps each
 * column's largest number, and an address's length is counted from its
 * bytes (row_widths). Only names are read twice, to measure their escapes. */
struct measure {
	size_t width;
	uint64_t max_num;
	bool any_num;
};

/* A name longer than this many bytes (a deep cgroup path) is cut in the
 * table, at a character's start, and ends in a mark saying so; the other
 * formats write it whole. */
#define TABLE_CUT CELL_SCRATCH
#define CUT_MARK RENDER_CUT_MARK
#define CUT_MARK_LEN RENDER_CUT_MARK_LEN
#define CUT_MARK_WIDTH 1

/* Where to cut s (longer than TABLE_CUT). */
static size_t cut_at(const char *s, size_t len)
{
	return render_cut(s, len, TABLE_CUT);
}

static inline __attribute__((always_inline)) void
measure_cell(struct measure *m, const struct cell *c)
{
	size_t w;

	switch (c->kind) {
	case CELL_NUM:
		if (c->num > m->max_num || !m->any_num)
			m->max_num = c->num;
		m->any_num = true;
		return;
	case CELL_NONE:
		w = 1;
		break;
	case CELL_BOOL:
		w = c->num ? 3 : 2;
		break;
	case CELL_STR:
	default:
		if (c->plain)
			w = c->len;
		else if (c->len <= TABLE_CUT)
			escape_measure(c->s, c->len, &w);
		else {
			escape_measure(c->s, cut_at(c->s, c->len), &w);
			w += CUT_MARK_WIDTH;
		}
		break;
	}
	if (w > m->width)
		m->width = w;
}

/* Most pads are short: one fixed-size copy, the reserved room allows it. */
#define PAD_FAST 16
static void put_spaces(char *p, size_t n)
{
	if (n <= PAD_FAST)
		memcpy(p, "                ", PAD_FAST);
	else
		memset(p, ' ', n);
}

/* Writes a cell padded to width (right-aligned, or left-aligned and padded
 * when more columns follow) at p; returns the bytes written. p has room
 * for width + ESCAPE_MAX_GROWTH * TABLE_CUT + CUT_MARK_LEN + PAD_FAST bytes. */
static inline __attribute__((always_inline)) size_t
put_cell(char *p, const struct cell *c, size_t width, bool right, bool pad)
{
	size_t n, w;

	switch (c->kind) {
	case CELL_NUM:
		w = u64_width(c->num);
		if (right) {
			put_spaces(p, width - w);
			return width - w + u64_format_width(p + width - w, c->num, w);
		}
		n = u64_format_width(p, c->num, w);
		break;
	case CELL_NONE:
		p[0] = '-';
		n = w = 1;
		break;
	case CELL_BOOL:
		n = w = c->num ? 3 : 2;
		memcpy(p, c->num ? "yes" : "no", n);
		break;
	case CELL_STR:
	default:
		if (c->plain) {
			memcpy(p, c->s, c->len);
			n = w = c->len;
		} else if (c->len <= TABLE_CUT) {
			n = escape_name(p, c->s, c->len, &w);
		} else {
			n = escape_name(p, c->s, cut_at(c->s, c->len), &w);
			memcpy(p + n, CUT_MARK, CUT_MARK_LEN);
			n += CUT_MARK_LEN;
			w += CUT_MARK_WIDTH;
		}
		break;
	}
	if (right && width > w) {
		memmove(p + width - w, p, n);
		memset(p, ' ', width - w);
		return n + width - w;
	}
	if (pad && width > w) {
		put_spaces(p + n, width - w);
		return n + width - w;
	}
	return n;
}

/* A --watch sample's time leads every row; it is as wide as its header. */
static void put_time(struct sink *o, const struct view *v, bool header)
{
	size_t w = strlen(v->time);

	if (!header) {
		sink_write(o, v->time, w);
	} else {
		sink_puts(o, "TIME");
		sink_pad(o, w > 4 ? w - 4 : 0);
	}
	if (v->ncols)
		sink_putc(o, ' ');
}

static void put_header(struct sink *o, const struct view *v, const size_t *width)
{
	if (v->color)
		sink_puts(o, COLOR_BOLD);
	if (v->time)
		put_time(o, v, true);
	for (size_t k = 0; k < v->ncols; k++) {
		const struct column *col = view_column(v, v->cols[k]);
		size_t len = strlen(col->name);
		bool last = k + 1 == v->ncols;

		if (k)
			sink_putc(o, ' ');
		if (col->align == ALIGN_RIGHT)
			sink_pad(o, width[k] - len);
		for (size_t i = 0; i < len; i++)
			sink_putc(o, (char)toupper((unsigned char)col->name[i]));
		if (col->align == ALIGN_LEFT && !last)
			sink_pad(o, width[k] - len);
	}
	if (v->color)
		sink_puts(o, COLOR_RESET);
	sink_putc(o, '\n');
}

/* The room put_cell() may use for a cell of a given width, and so for a
 * row: a cell is never wider than an escaped scratch buffer, and columns
 * are never repeated, so the widest row fits the output buffer and is
 * reserved at once. */
#define CELL_ROOM(width) (1 + (width) + ESCAPE_MAX_GROWTH * TABLE_CUT + CUT_MARK_LEN + PAD_FAST)
_Static_assert(LC_COUNT * CELL_ROOM(ESCAPE_MAX_GROWTH * TABLE_CUT + CUT_MARK_LEN) <= SINK_BUFSIZE &&
	       (int)SC_COUNT <= (int)LC_COUNT, "the widest table row fits the output buffer");

/* What the table keeps per column, one row's cells, and its room; the
 * columns measured cell by cell, and where each is in the view. */
struct table {
	struct measure *m;
	size_t *width;
	bool *right;
	struct cell *cells;
	char *scratch;
	size_t row_room;
	int *slow;
	size_t *slow_at, nslow;
};

static void put_row(struct sink *o, const struct view *v, const struct table *t, size_t r)
{
	bool highlight = v->color && row_alert(&v->rs, v->rows, v->order[r]);
	char *p, *start;

	if (v->time)
		put_time(o, v, false);
	if (highlight)
		sink_puts(o, COLOR_FULL);
	view_row(v, r, t->cells, t->scratch);
	p = start = sink_reserve(o, t->row_room);
	for (size_t k = 0; k < v->ncols; k++) {
		if (k)
			*p++ = ' ';
		p += put_cell(p, &t->cells[k], t->width[k], t->right[k], k + 1 < v->ncols);
	}
	o->len += (size_t)(p - start);
	if (highlight)
		sink_puts(o, COLOR_RESET);
	sink_putc(o, '\n');
}

/* Under the namespaces, the host's input backlog in one line: packets can
 * be dropped there before any listener sees them. */
int render_table_footer(struct sink *o, const struct view *v)
{
	const struct snapshot *set = view_snap(v);
	const struct cpu_backlog *all;

	if (v->rows != ROWS_NAMESPACES || !set->ncpus)
		return 0;
	all = &set->cpus[set->ncpus - 1];
	sink_printf(o, "\nInput backlog, all %zu CPUs: %llu dropped, %llu time squeezes; "
		   "net.core.netdev_max_backlog ", set->ncpus - 1,
		   (unsigned long long)all->dropped, (unsigned long long)all->time_squeeze);
	if (set->netdev_max_backlog == SOCKQ_UNKNOWN)
		sink_putc(o, '-');
	else
		sink_u64(o, set->netdev_max_backlog);
	sink_puts(o, " (per CPU: sockq --backlog)\n");
	return 0;
}

int render_table(struct sink *o, const struct view *v)
{
	size_t nc = v->ncols ? v->ncols : 1;
	struct table t = {
		.m = calloc(nc, sizeof(*t.m)),
		.width = calloc(nc, sizeof(*t.width)),
		.right = calloc(nc, sizeof(*t.right)),
		.cells = calloc(nc, sizeof(*t.cells)),
		.scratch = malloc(nc * CELL_SCRATCH),
		.slow = calloc(nc, sizeof(*t.slow)),
		.slow_at = calloc(nc, sizeof(*t.slow_at)),
	};
	int err = 0;

	if (!t.m || !t.width || !t.right || !t.cells || !t.scratch || !t.slow || !t.slow_at) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t k = 0; k < v->ncols; k++) {
		const struct column *col = view_column(v, v->cols[k]);
		struct column_span s;

		t.m[k].width = v->header ? strlen(col->name) : 0;
		t.right[k] = col->align == ALIGN_RIGHT;
		/* Numbers are spanned a column at a time; the rest is measured
		 * cell by cell below. */
		if (column_span(&v->rs, v->rows, v->order, v->n, v->cols[k], &s)) {
			t.m[k].max_num = s.max_num;
			t.m[k].any_num = s.any_num;
			if (s.width > t.m[k].width)
				t.m[k].width = s.width;
			if (s.any_none && t.m[k].width < 1)
				t.m[k].width = 1;
		} else {
			t.slow_at[t.nslow] = k;
			t.slow[t.nslow++] = v->cols[k];
		}
	}
	for (size_t r = 0; t.nslow && r < v->n; r++) {
		row_widths(&v->rs, v->rows, v->order[r], t.slow, t.nslow, t.cells, t.scratch);
		for (size_t j = 0; j < t.nslow; j++)
			measure_cell(&t.m[t.slow_at[j]], &t.cells[j]);
	}
	for (size_t k = 0; k < v->ncols; k++) {
		t.width[k] = t.m[k].width;
		if (t.m[k].any_num && u64_width(t.m[k].max_num) > t.width[k])
			t.width[k] = u64_width(t.m[k].max_num);
		t.row_room += CELL_ROOM(t.width[k]);
	}
	if (v->header)
		put_header(o, v, t.width);
	for (size_t r = 0; r < v->n; r++)
		put_row(o, v, &t, r);
out:
	free(t.m);
	free(t.width);
	free(t.right);
	free(t.cells);
	free(t.scratch);
	free(t.slow);
	free(t.slow_at);
	return err;
}
