// SPDX-License-Identifier: GPL-2.0-or-later
/* render_columns.c: --list-columns: each column's name, type and meaning, as a table, CSV or JSON. */
#include <errno.h>

#include "render.h"

/* The value types util-linux's --list-columns -J names. */
static const char *json_type(enum col_json t)
{
	switch (t) {
	case JSON_NUM:
		return "number";
	case JSON_BOOL:
		return "boolean";
	case JSON_NUM_LIST:
		return "array-number";
	case JSON_STR_LIST:
		return "array-string";
	case JSON_STR:
	default:
		return "string";
	}
}

int render_column_list(struct sink *o, enum row_kind rows, const struct format *f, bool header)
{
	const struct column *cols = column_table(rows);
	size_t n = column_count(rows);

	switch (f->list) {
	case LIST_JSON:
		sink_puts(o, "{\n   \"columns\": [");
		for (size_t i = 0; i < n; i++) {
			sink_printf(o, "%s\n      {\"name\":\"%s\",\"type\":\"%s\",\"description\":\"",
				   i ? "," : "", cols[i].name, json_type(cols[i].json));
			render_backslashed(o, cols[i].help, strlen(cols[i].help));
			sink_puts(o, "\"}");
		}
		sink_puts(o, "\n   ]\n}\n");
		return 0;
	case LIST_CSV:
		if (header)
			sink_puts(o, "name,type,description\n");
		for (size_t i = 0; i < n; i++) {
			sink_printf(o, "%s,%s,", cols[i].name, json_type(cols[i].json));
			render_csv_text(o, cols[i].help, strlen(cols[i].help), false);
			sink_putc(o, '\n');
		}
		return 0;
	case LIST_TEXT:
		for (size_t i = 0; i < n; i++)
			sink_printf(o, "%-22s %s\n", cols[i].name, cols[i].help);
		return 0;
	case LIST_NONE:
	default:
		return -EINVAL;
	}
}
