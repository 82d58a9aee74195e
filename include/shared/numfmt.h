/* SPDX-License-Identifier: GPL-2.0-or-later */
/* numfmt.h: decimal numbers by hand, for addresses and cells: printf's parsing is too slow per row. */
#ifndef SOCKQ_NUMFMT_H
#define SOCKQ_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* The longest decimal u64. */
#define U64_DIGITS_MAX 20

/* Decimal digits of v, for column widths. */
static inline size_t u64_width(uint64_t v)
{
	size_t w = 1;

	/* Four digits a step: most values here are below 10 000. */
	while (v >= 10000) {
		v /= 10000;
		w += 4;
	}
	return w + (v >= 10) + (v >= 100) + (v >= 1000);
}

extern const char u64_digit_pairs[201];

/* Writes v, of width w (u64_width(v)), in decimal at buf, two digits a step
 * from a table (the division is the cost); returns w. */
static inline size_t u64_format_width(char *buf, uint64_t v, size_t w)
{
	size_t i = w;

	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;

		v /= 100;
		buf[--i] = u64_digit_pairs[d + 1];
		buf[--i] = u64_digit_pairs[d];
	}
	if (v >= 10) {
		buf[--i] = u64_digit_pairs[v * 2 + 1];
		buf[--i] = u64_digit_pairs[v * 2];
	} else {
		buf[--i] = (char)('0' + v);
	}
	return w;
}

static inline size_t u64_format(char *buf, uint64_t v)
{
	return u64_format_width(buf, v, u64_width(v));
}

#endif
