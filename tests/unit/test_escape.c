// SPDX-License-Identifier: GPL-2.0-or-later
/* test_escape.c: the escaping rule for untrusted names, case by case, and the CSV formula guard. */
#include <stdlib.h>

#include "escape.h"
#include "unit.h"

struct escape_case {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	const char *out;
	size_t width;		/* what a terminal shows */
};

static const struct escape_case cases[] = {
	{ "/run/app.sock", 0, "/run/app.sock", 13 },
	{ "", 0, "", 0 },
	{ "a\\b", 0, "a\\\\b", 4 },
	{ "line\nbreak", 0, "line\\x0abreak", 13 },
	{ "\x1b[2J", 0, "\\x1b[2J", 7 },
	{ "del\x7f", 0, "del\\x7f", 7 },
	{ "nul\0in", 6, "nul\\x00in", 9 },
	/* Printable UTF-8 passes, one column a character. */
	{ "caf\xc3\xa9", 0, "caf\xc3\xa9", 4 },
	/* C1 control U+0085 (NEL), as its two bytes. */
	{ "a\xc2\x85z", 0, "a\\xc2\\x85z", 10 },
	/* Bidi overrides and isolates: U+202E, U+2066, U+200F. */
	{ "x\xe2\x80\xaey", 0, "x\\xe2\\x80\\xaey", 14 },
	{ "\xe2\x81\xa6", 0, "\\xe2\\x81\\xa6", 12 },
	{ "\xe2\x80\x8f", 0, "\\xe2\\x80\\x8f", 12 },
	/* Invalid UTF-8: a lone continuation, an overlong NUL, a surrogate,
	 * a code point past U+10FFFF, a truncated sequence. */
	{ "\x80", 0, "\\x80", 4 },
	{ "\xc0\x80", 0, "\\xc0\\x80", 8 },
	{ "\xed\xa0\x80", 0, "\\xed\\xa0\\x80", 12 },
	{ "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80", 16 },
	{ "ab\xe2\x80", 0, "ab\\xe2\\x80", 10 },
	/* Longer than the eight-byte fast path, with a control at the end. */
	{ "0123456789abcdef\x01", 0, "0123456789abcdef\\x01", 20 },
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct escape_case *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->in);
		char *buf = malloc(len * ESCAPE_MAX_GROWTH + 1);
		size_t w = 0, mw = 0, n, mn;

		if (!buf)
			return 1;
		n = escape_name(buf, c->in, len, &w);
		mn = escape_measure(c->in, len, &mw);
		CHECK_MEM(buf, n, c->out, "escape_name");
		CHECK_EQ(w, c->width, c->out);
		CHECK(mn == n && mw == w, "escape_measure agrees with escape_name on \"%s\"", c->out);
		CHECK(n <= len * ESCAPE_MAX_GROWTH, "growth bound on \"%s\"", c->out);
		free(buf);
	}
	/* Spreadsheet formulas: = + - @ TAB CR start one; nothing else does. */
	for (int ch = 0; ch < 256; ch++) {
		int want = ch == '=' || ch == '+' || ch == '-' || ch == '@' || ch == '\t' || ch == '\r';

		CHECK(csv_formula_start((char)ch) == want, "csv_formula_start(0x%02x)", ch);
	}
	return unit_done();
}
