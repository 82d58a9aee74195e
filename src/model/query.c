// SPDX-License-Identifier: GPL-2.0-or-later
/* query.c: building a query and settling its columns. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "query.h"

void query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
	q->rows = ROWS_LISTENERS;
	q->min_use = -1;
	q->port = -1;
	q->sort_col = -1;
}

void query_free(struct query *q)
{
	for (size_t i = 0; i < q->n_netns_specs; i++)
		free(q->netns_specs[i]);
	free(q->netns_specs);
	q->netns_specs = NULL;
	q->n_netns_specs = 0;
}

int query_add_netns(struct query *q, const char *spec)
{
	char **v = reallocarray(q->netns_specs, q->n_netns_specs + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	q->netns_specs = v;
	v[q->n_netns_specs] = strdup(spec);
	if (!v[q->n_netns_specs])
		return -ENOMEM;
	q->n_netns_specs++;
	return 0;
}

static bool has(const int *cols, size_t n, int col)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i] == col)
			return true;
	return false;
}

int query_ask_column(struct query *q, int col)
{
	if (has(q->asked, q->nasked, col))
		return 0;
	if (q->nasked == QUERY_MAX_COLS)
		return -E2BIG;
	q->asked[q->nasked++] = col;
	return 0;
}

static void push(struct query *q, int col)
{
	if (!has(q->cols, q->ncols, col) && q->ncols < QUERY_MAX_COLS)
		q->cols[q->ncols++] = col;
}

void query_resolve_columns(struct query *q, unsigned defaults)
{
	const struct column *all = column_table(q->rows);
	size_t count = column_count(q->rows);

	q->ncols = 0;
	if (q->all_columns) {
		for (size_t i = 0; i < count; i++)
			push(q, (int)i);
		return;
	}
	if (!q->asked_set || q->asked_append)
		for (size_t i = 0; i < count; i++)
			if (all[i].defaults & defaults)
				push(q, (int)i);
	for (size_t i = 0; q->asked_set && i < q->nasked; i++)
		push(q, q->asked[i]);
	if (q->processes && q->rows == ROWS_LISTENERS) {
		push(q, LC_PID);
		push(q, LC_COMMAND);
	}
}

bool query_shows(const struct query *q, int col)
{
	return has(q->cols, q->ncols, col);
}

needs_t query_needs(const struct query *q)
{
	needs_t protocols = (q->tcp4 ? NEED_TCP4 : 0) | (q->tcp6 ? NEED_TCP6 : 0) |
			    (q->unix_stream ? NEED_UNIX : 0);
	needs_t needs = columns_needs(q->rows, q->cols, q->ncols);

	switch (q->rows) {
	case ROWS_LISTENERS:
		needs |= NEED_ROWS;
		break;
	case ROWS_NAMESPACES:
		/* The table's last line and JSON's input_backlog. */
		needs |= NEED_BACKLOG;
		break;
	case ROWS_CPUS:
		break;
	}
	if (needs & NEED_ROWS)
		needs = (needs & ~(needs_t)NEED_ROWS) | protocols;
	return needs;
}
