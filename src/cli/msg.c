// SPDX-License-Identifier: GPL-2.0-or-later
/* msg.c: messages on stderr, each on one line and prefixed "sockq: ". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "msg.h"
#include "render.h"

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "sockq: %s", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void msg_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("note: ", fmt, ap);
	va_end(ap);
}

/* A message holds what others named (a namespace's name, a path, a
 * container's label): escaped as in every format, so that no control
 * byte reaches the terminal. */
static void put_escaped(const char *s)
{
	char esc[CELL_SCRATCH * ESCAPE_MAX_GROWTH];
	size_t len = strlen(s);

	while (len) {
		size_t take = render_cut(s, len, CELL_SCRATCH);

		fwrite(esc, 1, escape_name(esc, s, take, NULL), stderr);
		s += take;
		len -= take;
	}
}

static bool said_before(const struct diagnostics *said, const struct diag_entry *e)
{
	for (size_t i = 0; i < said->n; i++)
		if (said->v[i].level == e->level && !strcmp(said->v[i].code, e->code) &&
		    !strcmp(said->v[i].text, e->text))
			return true;
	return false;
}

void msg_diagnostics(const struct diagnostics *d, struct diagnostics *said)
{
	static const char *const prefix[] = {
		[DIAG_NOTE] = "note: ",
		[DIAG_WARNING] = "warning: ",
		[DIAG_ERROR] = "",
	};
	struct diagnostics one = { 0 };

	for (size_t i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];

		if (said_before(said, e))
			continue;
		fprintf(stderr, "sockq: %s", prefix[e->level]);
		put_escaped(e->text);
		fputc('\n', stderr);
		/* Kept by what it says: printed once for the whole run. */
		one.v = (struct diag_entry *)e;
		one.n = 1;
		diagnostics_merge(said, &one);
	}
	if (d->lost)
		fputs("sockq: some messages were lost: out of memory\n", stderr);
}
