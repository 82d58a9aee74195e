// SPDX-License-Identifier: GPL-2.0-or-later
/* escape.c: one escaping rule for untrusted names in every output format. */
#include <stdint.h>

#include "escape.h"

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

/* C0 and C1 controls, and the characters that reorder text on screen
 * (an attacker can make "evil" read as "live" with them). */
static int needs_escape(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
	       c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

size_t escape_name(char *dst, const char *src, size_t len, size_t *width)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0, w = 0, i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n;

		/* Printable ASCII, nearly every name, is copied as it is. */
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
			dst[o++] = (char)s[i++];
			w++;
			continue;
		}
		n = utf8_seq(s + i, len - i, &cp);

		if (n == 1 && s[i] == '\\') {
			dst[o++] = '\\';
			dst[o++] = '\\';
			w += 2;
		} else if (n && !needs_escape(cp)) {
			for (size_t k = 0; k < n; k++)
				dst[o++] = (char)s[i + k];
			w++;
		} else {
			/* An invalid byte alone, or every byte of a control. */
			if (!n)
				n = 1;
			for (size_t k = 0; k < n; k++) {
				dst[o++] = '\\';
				dst[o++] = 'x';
				dst[o++] = hex[s[i + k] >> 4];
				dst[o++] = hex[s[i + k] & 0xf];
				w += 4;
			}
		}
		i += n;
	}
	if (width)
		*width = w;
	return o;
}

bool csv_formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
