// SPDX-License-Identifier: GPL-2.0-or-later
/* csv_guard.c: which CSV text cells need a leading ' to reach a spreadsheet as the same text. */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "escape.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* What a spreadsheet reads as a number, a date, a time, a boolean, a
 * percentage or an amount of money was found by opening CSV files in
 * LibreOffice Calc 7.4 and Gnumeric 1.12 (tests/e2e_spreadsheet.py keeps
 * the list). What they convert is digits with the punctuation of numbers,
 * dates and times, spaces, signs, currency signs and a few words; the rule
 * here takes any text made of those alone, wider than either program so
 * that no cell they convert is missed, and narrow enough that a name with
 * any other letter or character, or a path, is left alone. */

/* Code points above ASCII that make or join a number: digits of any
 * script (general category Nd: Gnumeric reads all of them), spaces (Zs),
 * currency signs (Sc), and the plus and minus signs Gnumeric reads
 * (U+2212, the superscript, subscript, heavy, small and fullwidth ones,
 * U+FB29). Unicode 14.0, the version of unicode_ranges.c; sorted. */
static const struct numeric_range {
	uint32_t first, last;
	bool digit;
} numeric_ranges[] = {
	{ 0xa0, 0xa0, false }, { 0xa2, 0xa5, false }, { 0x58f, 0x58f, false },
	{ 0x60b, 0x60b, false }, { 0x660, 0x669, true }, { 0x6f0, 0x6f9, true },
	{ 0x7c0, 0x7c9, true }, { 0x7fe, 0x7ff, false }, { 0x966, 0x96f, true },
	{ 0x9e6, 0x9ef, true }, { 0x9f2, 0x9f3, false }, { 0x9fb, 0x9fb, false },
	{ 0xa66, 0xa6f, true }, { 0xae6, 0xaef, true }, { 0xaf1, 0xaf1, false },
	{ 0xb66, 0xb6f, true }, { 0xbe6, 0xbef, true }, { 0xbf9, 0xbf9, false },
	{ 0xc66, 0xc6f, true }, { 0xce6, 0xcef, true }, { 0xd66, 0xd6f, true },
	{ 0xde6, 0xdef, true }, { 0xe3f, 0xe3f, false }, { 0xe50, 0xe59, true },
	{ 0xed0, 0xed9, true }, { 0xf20, 0xf29, true }, { 0x1040, 0x1049, true },
	{ 0x1090, 0x1099, true }, { 0x1680, 0x1680, false }, { 0x17db, 0x17db, false },
	{ 0x17e0, 0x17e9, true }, { 0x1810, 0x1819, true }, { 0x1946, 0x194f, true },
	{ 0x19d0, 0x19d9, true }, { 0x1a80, 0x1a89, true }, { 0x1a90, 0x1a99, true },
	{ 0x1b50, 0x1b59, true }, { 0x1bb0, 0x1bb9, true }, { 0x1c40, 0x1c49, true },
	{ 0x1c50, 0x1c59, true }, { 0x2000, 0x200a, false }, { 0x202f, 0x202f, false },
	{ 0x205f, 0x205f, false }, { 0x207a, 0x207b, false }, { 0x208a, 0x208b, false },
	{ 0x20a0, 0x20c0, false }, { 0x2212, 0x2212, false }, { 0x2795, 0x2796, false },
	{ 0x3000, 0x3000, false }, { 0xa620, 0xa629, true }, { 0xa838, 0xa838, false },
	{ 0xa8d0, 0xa8d9, true }, { 0xa900, 0xa909, true }, { 0xa9d0, 0xa9d9, true },
	{ 0xa9f0, 0xa9f9, true }, { 0xaa50, 0xaa59, true }, { 0xabf0, 0xabf9, true },
	{ 0xfb29, 0xfb29, false }, { 0xfdfc, 0xfdfc, false }, { 0xfe62, 0xfe63, false },
	{ 0xfe69, 0xfe69, false }, { 0xff04, 0xff04, false }, { 0xff0b, 0xff0b, false },
	{ 0xff0d, 0xff0d, false }, { 0xff10, 0xff19, true }, { 0xffe0, 0xffe1, false },
	{ 0xffe5, 0xffe6, false }, { 0x104a0, 0x104a9, true }, { 0x10d30, 0x10d39, true },
	{ 0x11066, 0x1106f, true }, { 0x110f0, 0x110f9, true }, { 0x11136, 0x1113f, true },
	{ 0x111d0, 0x111d9, true }, { 0x112f0, 0x112f9, true }, { 0x11450, 0x11459, true },
	{ 0x114d0, 0x114d9, true }, { 0x11650, 0x11659, true }, { 0x116c0, 0x116c9, true },
	{ 0x11730, 0x11739, true }, { 0x118e0, 0x118e9, true }, { 0x11950, 0x11959, true },
	{ 0x11c50, 0x11c59, true }, { 0x11d50, 0x11d59, true }, { 0x11da0, 0x11da9, true },
	{ 0x11fdd, 0x11fe0, false }, { 0x16a60, 0x16a69, true }, { 0x16ac0, 0x16ac9, true },
	{ 0x16b50, 0x16b59, true }, { 0x1d7ce, 0x1d7ff, true }, { 0x1e140, 0x1e149, true },
	{ 0x1e2f0, 0x1e2f9, true }, { 0x1e2ff, 0x1e2ff, false }, { 0x1e950, 0x1e959, true },
	{ 0x1ecb0, 0x1ecb0, false }, { 0x1fbf0, 0x1fbf9, true },
};

/* Words that may stand in a number, date or time: the exponent, ISO 8601's
 * T and Z, the half of the day, English month and day names (LibreOffice
 * reads the names of the language it imports with; English is what both
 * programs use by default here), and the booleans, which alone are a cell
 * a spreadsheet converts. */
static const char number_words[][10] = {
	"e", "t", "z", "am", "pm",
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"january", "february", "march", "april", "june", "july", "august", "september",
	"october", "november", "december",
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"true", "false",
};
#define BOOLEAN_WORDS 2		/* the last ones */

static const struct numeric_range *numeric_range_of(uint32_t c)
{
	size_t lo = 0, hi = LEN(numeric_ranges);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c > numeric_ranges[mid].last)
			lo = mid + 1;
		else if (c < numeric_ranges[mid].first)
			hi = mid;
		else
			return &numeric_ranges[mid];
	}
	return NULL;
}

/* The code point of the UTF-8 sequence at s and its length, or 0 for a
 * broken one (escaped text has none, but the test costs nothing). */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;

	if (!n || n > len)
		return 0;
	*cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	return n;
}

/* Which of number_words the n letters at s are, or -1. Most words of a
 * name are none: the length and the first letter turn them away. */
static int number_word(const char *s, size_t n)
{
	if (n >= sizeof(number_words[0]))
		return -1;
	for (size_t i = 0; i < LEN(number_words); i++)
		if (number_words[i][0] == (s[0] | 0x20) && !number_words[i][n] &&
		    !strncasecmp(number_words[i], s, n))
			return (int)i;
	return -1;
}

static bool is_ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether a spreadsheet may read text s as a number, date, time, boolean,
 * percentage or money: it holds a digit or is a boolean, and nothing but
 * digits, spaces, the punctuation of numbers, dates and times, currency
 * signs and number_words, with no digit or word after a percent sign
 * ("1%2" and "127.0.0.1%1:80", an address on a device known by its index,
 * are text; "50% " and "5%-" are not). An absolute path is never read so
 * (seen: "/1/2", "/00123", "/2024-01-02"), and most names of AF_UNIX
 * sockets are one. */
static bool number_like(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	const size_t bools = LEN(number_words) - BOOLEAN_WORDS;
	bool value = false;	/* a digit, or a boolean */
	bool percent = false;
	size_t i = 0;

	if (s[0] == '/')
		return false;
	while (i < len) {
		const struct numeric_range *r;
		uint32_t cp;
		size_t n;
		int w;

		if (s[i] >= '0' && s[i] <= '9') {
			if (percent)
				return false;
			value = true;
			i++;
		} else if (s[i] < 0x80 && s[i] && strchr(" .,:/-+()%$'", s[i])) {
			percent |= s[i] == '%';
			i++;
		} else if (is_ascii_letter(s[i])) {
			for (n = 1; i + n < len && is_ascii_letter(s[i + n]); n++)
				;
			w = number_word(text + i, n);
			if (w < 0 || percent)
				return false;
			value |= (size_t)w >= bools;
			i += n;
		} else if ((n = utf8_next(s + i, len - i, &cp)) && (r = numeric_range_of(cp))) {
			if (r->digit && percent)
				return false;
			value |= r->digit;
			i += n;
		} else {
			return false;
		}
	}
	return value;
}

bool csv_needs_guard(const char *s, size_t len, bool plain)
{
	if (!len)
		return false;
	/* A formula (OWASP's list: = + - @ TAB CR), an error value of
	 * Gnumeric's (#N/A and the like), and the guard itself: a text that
	 * begins with ' gets one more, so that no two texts make one field. */
	if (s[0] && strchr("=+-@\t\r#'", s[0]))
		return true;
	return !plain && number_like(s, len);
}
