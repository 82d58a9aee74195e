// SPDX-License-Identifier: GPL-2.0-or-later
/* msg.c: messages on stderr, each on one line and prefixed "sockq: ". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"

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
		fprintf(stderr, "sockq: %s%s\n", prefix[e->level], e->text);
		/* Kept by what it says: printed once for the whole run. */
		one.v = (struct diag_entry *)e;
		one.n = 1;
		diagnostics_merge(said, &one);
	}
	if (d->lost)
		fputs("sockq: some messages were lost: out of memory\n", stderr);
}
