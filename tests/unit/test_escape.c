// SPDX-License-Identifier: GPL-2.0-or-later
/* test_escape.c: the escaping rule for untrusted names, case by case. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"
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
	/* Every format character and separator (Cf, Zl, Zp), not only the
	 * bidi ones: U+2028 and U+2029 break lines, U+061C reorders, U+200B
	 * and U+FEFF are invisible, U+00AD may not show, tag characters
	 * (U+E0001, U+E0020-E007F) hide text. */
	{ "a\xe2\x80\xa8" "b", 0, "a\\xe2\\x80\\xa8b", 14 },
	{ "\xe2\x80\xa9", 0, "\\xe2\\x80\\xa9", 12 },
	{ "\xd8\x9c", 0, "\\xd8\\x9c", 8 },
	{ "ad\xe2\x80\x8bmin", 0, "ad\\xe2\\x80\\x8bmin", 17 },
	{ "soft\xc2\xadhyphen", 0, "soft\\xc2\\xadhyphen", 18 },
	{ "\xef\xbb\xbf/run", 0, "\\xef\\xbb\\xbf/run", 16 },
	{ "\xf3\xa0\x80\x81\xf3\xa0\x81\x81", 0,
	  "\\xf3\\xa0\\x80\\x81\\xf3\\xa0\\x81\\x81", 32 },
	/* Latin-1 around the soft hyphen passes: U+00A0, U+00AC, U+00AE. */
	{ "\xc2\xa0\xc2\xac\xc2\xae", 0, "\xc2\xa0\xc2\xac\xc2\xae", 3 },
	/* Wide and fullwidth characters take two columns: U+65E5 U+672C,
	 * U+FF21, U+1F600, and U+2FFFD, unassigned in plane 2. */
	{ "\xe6\x97\xa5\xe6\x9c\xac", 0, "\xe6\x97\xa5\xe6\x9c\xac", 4 },
	{ "\xef\xbc\xa1", 0, "\xef\xbc\xa1", 2 },
	{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80", 2 },
	{ "\xf0\xaf\xbf\xbd", 0, "\xf0\xaf\xbf\xbd", 2 },
	/* Unassigned elsewhere, one column: U+0378, U+10FFFF. */
	{ "\xcd\xb8\xf4\x8f\xbf\xbf", 0, "\xcd\xb8\xf4\x8f\xbf\xbf", 2 },
	/* Combining marks take none: e U+0301, U+20DD (Me), U+3099 (wide
	 * but combining), U+0300 and U+E01EF (where the search starts and
	 * where the table ends). */
	{ "e\xcc\x81", 0, "e\xcc\x81", 1 },
	{ "o\xe2\x83\x9d", 0, "o\xe2\x83\x9d", 1 },
	{ "\xe3\x81\x8b\xe3\x82\x99", 0, "\xe3\x81\x8b\xe3\x82\x99", 2 },
	{ "a\xcc\x80\xf3\xa0\x87\xaf", 0, "a\xcc\x80\xf3\xa0\x87\xaf", 1 },
	/* All of it at once, after a run long enough for the fast path:
	 * 12 + 2 + 1 + 12 + 2 + 1 + 0 + 4 columns. */
	{ "0123456789ab\xe6\x97\xa5" "a\xe2\x80\x8b\\e\xcc\x81\x01", 0,
	  "0123456789ab\xe6\x97\xa5" "a\\xe2\\x80\\x8b\\\\e\xcc\x81\\x01", 34 },
};

/* A name of every length up to several scratches, of characters of one to
 * four bytes, controls, backslashes, quotes and broken sequences, written
 * by render_backslashed() a piece at a time: the same as escaping it whole
 * and backslashing the result, wherever the pieces end. */
static void test_backslashed(void)
{
	static const char *const parts[] = {
		"a", "\xc3\xa9", "\xe6\xbc\xa2", "\xf0\x9f\x98\x80", "\\", "\"", "\n",
		"\xe2\x80\xae", "\xc3", "\x80\x80", "\xf0\x9f",
	};
	char name[1200], whole[1200 * ESCAPE_MAX_GROWTH], want[2 * sizeof(whole)];
	unsigned seed = 7;

	for (int round = 0; round < 300; round++) {
		struct sink o;
		size_t len = 0, n, k = 0;

		while (len < sizeof(name) - 4) {
			const char *p;

			seed = seed * 1103515245u + 12345u;
			p = parts[(seed >> 8) % (sizeof(parts) / sizeof(parts[0]))];
			if ((seed >> 20) % 97 == (unsigned)round % 97)
				break;
			memcpy(name + len, p, strlen(p));
			len += strlen(p);
		}
		n = escape_name(whole, name, len, NULL);
		for (size_t i = 0; i < n; i++) {
			if (whole[i] == '"' || whole[i] == '\\')
				want[k++] = '\\';
			want[k++] = whole[i];
		}
		CHECK(sink_mem(&o, 1 << 20) == 0, "a memory sink");
		render_backslashed(&o, name, len);
		CHECK(o.len == k && !memcmp(o.buf, want, k), "a name of %zu bytes written in pieces "
		      "is the name escaped whole (%zu and %zu bytes)", len, o.len, k);
		sink_free(&o);
	}
}

/* A memory sink holds its limit and no more, however the bytes came:
 * byte by byte through the buffer's room, or in a write of their own. */
static void test_sink_limit(void)
{
	for (size_t limit = 10; limit < 200000; limit *= 7) {
		for (int way = 0; way < 2; way++) {
			struct sink o;
			size_t len = 0;

			CHECK(sink_mem(&o, limit) == 0, "a memory sink of %zu", limit);
			for (size_t i = 0; i < limit; i++)
				sink_putc(&o, 'x');
			CHECK(sink_flush(&o) == 0 && sink_data(&o, &len) && len == limit,
			      "%zu bytes fit a limit of %zu", len, limit);
			if (way)
				sink_write(&o, "yy", 2);
			else
				sink_putc(&o, 'y');
			CHECK_EQ(sink_flush(&o), -EFBIG, "one byte more is refused");
			sink_free(&o);
		}
	}
}

int main(void)
{
	test_backslashed();
	test_sink_limit();
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
	return unit_done();
}
