/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report.h: what went wrong, or is worth a word, recorded by any stage and printed by the command line. */
#ifndef SOCKQ_REPORT_H
#define SOCKQ_REPORT_H

#include <stdbool.h>
#include <stddef.h>

enum report_level {
	REPORT_NOTE,		/* worth knowing; the run still succeeds */
	REPORT_WARNING,		/* something asked for was not read; the run goes on */
	REPORT_ERROR,		/* the reason the run stops */
};

struct report_entry {
	enum report_level level;
	char *text;
};

struct report {
	bool failed;		/* a warning or an error was recorded */
	bool lost;		/* a message could not be stored (no memory) */
	struct report_entry *v;
	size_t n, cap;
};

void report_add(struct report *r, enum report_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define report_note(r, ...) report_add((r), REPORT_NOTE, __VA_ARGS__)
#define report_warn(r, ...) report_add((r), REPORT_WARNING, __VA_ARGS__)
#define report_error(r, ...) report_add((r), REPORT_ERROR, __VA_ARGS__)

/* Forgets the messages once they are printed; failed stays. */
void report_clear(struct report *r);
void report_free(struct report *r);

#endif
