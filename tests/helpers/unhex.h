/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unhex.h: a line of hex digits back into the bytes the test helpers are given. */
#ifndef SOCKQ_TESTS_UNHEX_H
#define SOCKQ_TESTS_UNHEX_H

#include <stddef.h>
#include <sys/types.h>

static inline int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes len hex digits at line into raw (room for len / 2 bytes);
 * returns the bytes, or -1 for an odd length or a digit that is none. */
static inline ssize_t unhex(const char *line, size_t len, unsigned char *raw)
{
	if (len % 2)
		return -1;
	for (size_t i = 0; i < len; i += 2) {
		int hi = hex_value(line[i]), lo = hex_value(line[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		raw[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	return (ssize_t)(len / 2);
}

#endif
