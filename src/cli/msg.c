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

void msg_warn(struct report *r, const char *fmt, ...)
{
	va_list ap;

	r->failed = true;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void msg_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("note: ", fmt, ap);
	va_end(ap);
}
