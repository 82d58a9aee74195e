/* SPDX-License-Identifier: GPL-2.0-or-later */
/* escape.h: making untrusted socket names safe for terminals and files. */
#ifndef SOCKQ_ESCAPE_H
#define SOCKQ_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* The most an escaped byte grows: one byte becomes \xHH. */
#define ESCAPE_MAX_GROWTH 4

/* Writes s into dst (room for ESCAPE_MAX_GROWTH * len bytes) with every
 * invalid UTF-8 byte, and every byte of a character of general category
 * Cc, Cf, Zl or Zp (controls, format characters such as the bidi
 * overrides and zero-width characters, line and paragraph separators), as
 * \xHH and a backslash as \\. Returns the length; *width, when given,
 * receives the columns a terminal shows: two for an East Asian Wide or
 * Fullwidth character, none for a combining mark (Mn, Me), one for any
 * other character, and an escape's own length. */
size_t escape_name(char *dst, const char *s, size_t len, size_t *width);

/* What escape_name() would return and store in *width, writing nothing. */
size_t escape_measure(const char *s, size_t len, size_t *width);

/* Whether a CSV text field s, as written (escaped), needs a leading ' for
 * a spreadsheet to take it as this text: it begins like a formula (OWASP:
 * = + - @ TAB CR), like a Gnumeric error value (#), or with ' itself, so
 * that no two texts make the same field; or, unless plain (sockq's own
 * text, which is never read as anything it is not), a spreadsheet would
 * read it as a number, date, time, boolean, percentage or money
 * (csv_guard.c). */
bool csv_needs_guard(const char *s, size_t len, bool plain);

#endif
