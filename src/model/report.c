// SPDX-License-Identifier: GPL-2.0-or-later
/* report.c: a list of messages, kept until the command line prints them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

void report_add(struct report *r, enum report_level level, const char *fmt, ...)
{
	va_list ap;
	char *text;
	int n;

	if (level != REPORT_NOTE)
		r->failed = true;
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		r->lost = true;
		return;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct report_entry *v = reallocarray(r->v, cap, sizeof(*v));

		if (!v) {
			free(text);
			r->lost = true;
			return;
		}
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n].level = level;
	r->v[r->n].text = text;
	r->n++;
}

void report_clear(struct report *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	r->n = 0;
	r->lost = false;
}

void report_free(struct report *r)
{
	report_clear(r);
	free(r->v);
	r->v = NULL;
	r->cap = 0;
}
