// SPDX-License-Identifier: GPL-2.0-or-later
/* formats.c: every output format: what writes it, what it needs collected, how --watch frames it and how --list-columns is laid out in it. */
#include <strings.h>

#include "render.h"

/* The metrics carry every namespace's numbers and names, and the host's
 * input backlog, whichever columns are shown. */
#define METRICS_NEEDS (NEED_DROPS | NEED_SOMAXCONN | NEED_SYSCTLS | NEED_COUNTERS | NEED_BACKLOG | \
		       NEED_NS_IDENTITY | NEED_NS_HOSTNAME)

const struct format formats[] = {
	{
		.name = "table", .render = render_table,
		.help = "aligned columns for people",
		.color = true, .frame = FRAME_BLOCK, .list = LIST_TEXT,
		.footer = render_table_footer,
	},
	{
		.name = "csv", .render = render_csv,
		.help = "RFC 4180, safe to open in a spreadsheet",
		.machine = true, .frame = FRAME_SERIES, .list = LIST_CSV,
	},
	{
		.name = "json", .render = render_json,
		.help = "one object holding a named array; JSON Lines with --watch",
		.machine = true, .frame = FRAME_DOCUMENT, .list = LIST_JSON,
	},
	{
		.name = "prometheus", .render = render_prometheus,
		.help = "Prometheus text format 0.0.4, as node_exporter's textfile collector reads it",
		.machine = true, .default_order = true, .needs = METRICS_NEEDS,
		.frame = FRAME_NONE, .list = LIST_NONE,
	},
	{
		.name = "openmetrics", .render = render_openmetrics,
		.help = "OpenMetrics 1.0 text",
		.machine = true, .default_order = true, .needs = METRICS_NEEDS,
		.frame = FRAME_NONE, .list = LIST_NONE,
	},
};

const size_t formats_count = sizeof(formats) / sizeof(formats[0]);

const struct format *format_find(const char *name)
{
	for (size_t i = 0; i < formats_count; i++)
		if (!strcasecmp(name, formats[i].name))
			return &formats[i];
	return NULL;
}
