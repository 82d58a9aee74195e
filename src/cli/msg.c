// SPDX-License-Identifier: GPL-2.0-or-later
/* msg.c: messages on stderr, each on one line and prefixed "sockq: ". */
#include <stdarg.h>
#include <stdio.h>

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

void msg_report(struct report *r)
{
	static const char *const prefix[] = {
		[REPORT_NOTE] = "note: ",
		[REPORT_WARNING] = "warning: ",
		[REPORT_ERROR] = "",
	};

	for (size_t i = 0; i < r->n; i++)
		fprintf(stderr, "sockq: %s%s\n", prefix[r->v[i].level], r->v[i].text);
	if (r->lost)
		fputs("sockq: some messages were lost: out of memory\n", stderr);
	report_clear(r);
}
