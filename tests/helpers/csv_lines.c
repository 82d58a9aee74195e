// SPDX-License-Identifier: GPL-2.0-or-later
/* csv_lines.c: test helper that writes names read in hex as the CSV fields sockq makes of them.
 *
 * Each line of stdin is one name as hex digits ("3d312b31" is =1+1); each
 * line of stdout is the field render_csv_text() writes for it: escaped,
 * guarded with a leading ' where a spreadsheet would not read it as this
 * text, quoted where needed. A field holds no newline (escaping turns one
 * into \x0a), so each answer is one line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "unhex.h"

int main(void)
{
	struct sink o;
	unsigned char raw[CELL_SCRATCH];
	char *line = NULL;
	size_t cap = 0;
	ssize_t got, n;
	unsigned long lineno = 0;

	if (sink_fd(&o, STDOUT_FILENO) < 0)
		return 1;
	while ((got = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)got;

		lineno++;
		if (len && line[len - 1] == '\n')
			len--;
		if (len / 2 > sizeof(raw) || (n = unhex(line, len, raw)) < 0) {
			fprintf(stderr, "csv_lines: line %lu: not hex, or over %d bytes\n", lineno,
				CELL_SCRATCH);
			sink_free(&o);
			free(line);
			return 2;
		}
		render_csv_text(&o, (const char *)raw, (size_t)n, false);
		sink_putc(&o, '\n');
	}
	free(line);
	got = sink_flush(&o);
	sink_free(&o);
	return got < 0 ? 1 : 0;
}
