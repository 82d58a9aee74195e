// SPDX-License-Identifier: GPL-2.0-or-later
/* formats.c: every output format: what writes it and how --watch frames it. */
#include <strings.h>

#include "render.h"

const struct format formats[] = {
	{
		.name = "table", .render = render_table,
		.help = "aligned columns for people",
		.color = true, .frame = FRAME_BLOCK,
	},
	{
		.name = "csv", .render = render_csv,
		.help = "RFC 4180, safe to open in a spreadsheet",
		.machine = true, .frame = FRAME_SERIES,
	},
	{
		.name = "json", .render = render_json,
		.help = "one object holding a named array; JSON Lines with --watch",
		.machine = true, .frame = FRAME_DOCUMENT,
	},
	{
		.name = "prometheus", .render = render_prometheus,
		.help = "Prometheus text format 0.0.4, as node_exporter's textfile collector reads it",
		.machine = true, .default_order = true, .all_sysctls = true,
		.frame = FRAME_NONE,
	},
	{
		.name = "openmetrics", .render = render_openmetrics,
		.help = "OpenMetrics 1.0 text",
		.machine = true, .default_order = true, .all_sysctls = true,
		.frame = FRAME_NONE,
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
