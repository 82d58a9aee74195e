/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unicode_ranges.h: the code points escaping and the table's widths treat specially. */
#ifndef SOCKQ_UNICODE_RANGES_H
#define SOCKQ_UNICODE_RANGES_H

#include <stddef.h>
#include <stdint.h>

/* What a code point is to sockq. A class that is shown as it is also
 * counts the columns a terminal gives it. */
enum cp_class {
	CP_COMBINING = 0,	/* Mn, Me: drawn over the character before */
	CP_NARROW = 1,		/* everything not listed */
	CP_WIDE = 2,		/* East_Asian_Width W or F */
	CP_ESCAPED = 3,		/* Cc, Cf, Zl, Zp: written as \xHH per byte */
};

/* A run of code points of one class; last and class share a word to keep
 * the table small. */
struct cp_range {
	uint32_t first;
	unsigned int last : 24;
	unsigned int class : 8;
};

/* Sorted, not overlapping, and narrow code points left out
 * (gen_unicode_ranges.py writes them in unicode_ranges.c). */
extern const struct cp_range cp_ranges[];
extern const size_t cp_ranges_count;

#endif
