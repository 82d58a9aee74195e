// SPDX-License-Identifier: GPL-2.0-or-later
/* escape.c: one escaping rule for untrusted names in every output format. */
#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "unicode_ranges.h"

static const char hex[] = "0123456789abcdef";

/* Length of the valid UTF-8 sequence at s, or 0; *cp receives the code
 * point. Overlong forms, surrogates and values past U+10FFFF are invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* The class of code point c (unicode_ranges.h). Controls and format
 * characters are escaped because they can hide text or reorder it on
 * screen (the bidi overrides make "evil" read as "live"). Below U+0300
 * (ASCII, Latin-1 and Latin Extended: most names that are not plain
 * ASCII) nothing is wide or combining and only the controls and the soft
 * hyphen are escaped, so no search is needed; gen_unicode_ranges.py
 * refuses a Unicode version where that changes. */
static enum cp_class cp_class_of(uint32_t c)
{
	const struct cp_range *r = cp_ranges;
	size_t n = cp_ranges_count;

	if (c < 0x300)
		return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0xad ? CP_ESCAPED : CP_NARROW;
	/* The last range starting at or before c, halving without a branch
	 * to mispredict when a name mixes scripts; the first range starts at
	 * U+0000, so there is one. */
	while (n > 1) {
		size_t half = n / 2;

		r = r[half].first <= c ? r + half : r;
		n -= half;
	}
	return c <= r->last ? (enum cp_class)r->class : CP_NARROW;
}

/* Length of the leading run of printable ASCII other than the backslash,
 * eight bytes a step: a byte b is out when b < 0x20, b >= 0x7f, or
 * b == '\\', and each test sets the byte's high bit (the classic
 * "has a zero byte" trick, on x - 0x20, x + 1 and x ^ '\\'). */
static size_t plain_run(const unsigned char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t x, bad;

		memcpy(&x, s + i, 8);
		bad = (x - ones * 0x20) | (x + ones) | x;
		bad |= ((x ^ (ones * '\\')) - ones) & ~(x ^ (ones * '\\'));
		bad &= high;
		if (bad)
			break;
	}
	while (i < len && s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\')
		i++;
	return i;
}

/* One body for writing and for measuring: with dst NULL nothing is
 * written, and the compiler makes two functions of it. */
static inline __attribute__((always_inline)) size_t
escape(char *dst, const char *src, size_t len, size_t *width)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = plain_run(s, len), o = i, w = i;

	/* Printable ASCII, nearly every name, is copied as it is. A name
	 * that is nothing else returns here, before the loop: inside it, the
	 * code for the other characters cost such names about 5%. */
	if (i == len) {
		if (dst && len)		/* an empty name may come without a pointer */
			memcpy(dst, s, len);
		if (width)
			*width = len;
		return len;
	}
	if (dst)
		memcpy(dst, s, i);
	while (i < len) {
		size_t run = plain_run(s + i, len - i) + i, n;
		enum cp_class cls;
		uint32_t cp;

		if (run > i) {
			if (dst)
				memcpy(dst + o, s + i, run - i);
			o += run - i;
			w += run - i;
			i = run;
			continue;
		}
		n = utf8_seq(s + i, len - i, &cp);
		cls = n ? cp_class_of(cp) : CP_ESCAPED;

		if (n == 1 && s[i] == '\\') {
			if (dst)
				dst[o] = dst[o + 1] = '\\';
			o += 2;
			w += 2;
		} else if (cls != CP_ESCAPED) {
			for (size_t k = 0; k < n; k++, o++)
				if (dst)
					dst[o] = (char)s[i + k];
			w += cls;
		} else {
			/* An invalid byte alone, or every byte of a character
			 * escaped whole. */
			if (!n)
				n = 1;
			for (size_t k = 0; k < n; k++) {
				if (dst) {
					dst[o] = '\\';
					dst[o + 1] = 'x';
					dst[o + 2] = hex[s[i + k] >> 4];
					dst[o + 3] = hex[s[i + k] & 0xf];
				}
				o += 4;
				w += 4;
			}
		}
		i += n;
	}
	if (width)
		*width = w;
	return o;
}

size_t escape_name(char *dst, const char *s, size_t len, size_t *width)
{
	return escape(dst, s, len, width);
}

size_t escape_measure(const char *s, size_t len, size_t *width)
{
	return escape(NULL, s, len, width);
}
