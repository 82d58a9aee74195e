// SPDX-License-Identifier: GPL-2.0-or-later
/* escape_lines.c: test helper that escapes names read in hex and prints what escaping says of each.
 *
 * Each line of stdin is one name as hex digits ("e280a8" is U+2028); each
 * line of stdout answers one, four fields separated by a tab:
 *
 *   WIDTH  MEASURED_LENGTH  MEASURED_WIDTH  ESCAPED
 *
 * from escape_name() and escape_measure(). ESCAPED holds no tab or newline:
 * both are controls, so they come out as \xHH. Hex keeps any byte, a
 * newline or invalid UTF-8 too, in a line of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "escape.h"
#include "unhex.h"

int main(void)
{
	char *line = NULL, *esc = NULL;
	unsigned char *raw = NULL;
	size_t cap = 0, room = 0;
	ssize_t got;
	unsigned long lineno = 0;

	while ((got = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)got, w, mw, n, mn;
		ssize_t nraw;

		lineno++;
		if (len && line[len - 1] == '\n')
			len--;
		if (len / 2 + 1 > room) {
			room = len / 2 + 1;
			free(raw);
			free(esc);
			raw = malloc(room);
			esc = malloc(room * ESCAPE_MAX_GROWTH);
			if (!raw || !esc) {
				perror("escape_lines");
				return 1;
			}
		}
		nraw = unhex(line, len, raw);
		if (nraw < 0) {
			fprintf(stderr, "escape_lines: line %lu is not hex\n", lineno);
			return 2;
		}
		n = escape_name(esc, (const char *)raw, (size_t)nraw, &w);
		mn = escape_measure((const char *)raw, (size_t)nraw, &mw);
		printf("%zu\t%zu\t%zu\t", w, mn, mw);
		fwrite(esc, 1, n, stdout);
		putchar('\n');
	}
	free(line);
	free(raw);
	free(esc);
	return fflush(stdout) ? 1 : 0;
}
