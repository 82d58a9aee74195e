# SPDX-License-Identifier: GPL-2.0-or-later
"""unicode_escape.py: every code point through sockq's escaping, against the rule worked out again from unicodedata.

unicode_escape.py ESCAPE_LINES SOURCE_ROOT

The expected answers come from the tests' one escaping oracle
(sqtest.escape_width), which works from unicodedata.category() and
east_asian_width(), not from unicode_ranges.c: Cc, Cf, Zl and Zp are
escaped byte by byte, Mn and Me take no column, East Asian Wide and
Fullwidth take two. Every code point but the surrogates is sent alone, then
seeded random mixes of them with ASCII, backslashes and broken UTF-8, so
the fast ASCII path and the search meet in one name."""
import os
import random
import subprocess
import sys

from sqtest import check, done, eq, escape_width, unicode_version_agrees

HELPER, ROOT = sys.argv[1], sys.argv[2]
RANGES_C = os.path.join(ROOT, "src", "render", "unicode_ranges.c")
GENERATOR = os.path.join(ROOT, "src", "render", "gen_unicode_ranges.py")


def expect(raw):
    """(escaped text, width) for the bytes raw, by the tests' oracle."""
    return escape_width(raw)


def expect_line(raw):
    """The line escape_lines should print for raw."""
    esc, width = expect(raw)
    esc = esc.encode()
    return b"%d\t%d\t%d\t%s\n" % (width, len(esc), width, esc)


def compare(what, names):
    """Counts and shows the first few names the helper answers wrongly."""
    text = "".join(raw.hex() + "\n" for raw in names).encode()
    res = subprocess.run([HELPER], input=text, capture_output=True, check=False)
    check(res.returncode == 0, "escape_lines exits 0: %d %s" % (res.returncode, res.stderr.decode(errors="replace")))
    wrong = {"escaping": 0, "width": 0, "measure": 0}
    # All of it at once first: the lines are only taken apart to say
    # what went wrong.
    if res.stdout != b"".join(expect_line(raw) for raw in names):
        lines = res.stdout.split(b"\n")[:-1]
        eq(len(lines), len(names), "%s: one answer per name" % what)
        for raw, line in zip(names, lines):
            w, mn, mw, esc = line.split(b"\t", 3)
            w, mn, mw = int(w), int(mn), int(mw)
            want, want_w = expect(raw)
            bad = []
            if esc != want.encode():
                bad.append("escaping")
            if w != want_w:
                bad.append("width")
            if mn != len(esc) or mw != w:
                bad.append("measure")
            for k in bad:
                wrong[k] += 1
            if bad and sum(wrong.values()) <= 20:
                print("%s: %s: got %r width %d (measured %d, %d), expected %r width %d"
                      % (what, raw.hex(), esc, w, mn, mw, want, want_w))
        check(any(wrong.values()), "%s: the difference is found line by line" % what)
    print("%s: %d names; wrong escaping %d, wrong width %d, measure disagreeing %d"
          % (what, len(names), wrong["escaping"], wrong["width"], wrong["measure"]))
    check(not any(wrong.values()), "%s: every name as the rule says" % what)


def random_name(rng, pool):
    parts = []
    for _ in range(rng.randint(1, 8)):
        pick = rng.random()
        if pick < 0.3:
            parts.append(bytes(rng.choice(b"abc/._-019") for _ in range(rng.randint(1, 20))))
        elif pick < 0.4:
            parts.append(b"\\")
        elif pick < 0.5:
            parts.append(bytes([rng.randint(0x80, 0xFF)]) * rng.randint(1, 2))
        elif pick < 0.55:
            parts.append(chr(rng.choice(pool)).encode()[:-1])
        else:
            parts.append(chr(rng.choice(pool)).encode())
    return b"".join(parts)


def main():
    unicode_version_agrees(RANGES_C)

    every = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    compare("every code point", [chr(c).encode() for c in every])

    # Broken UTF-8: every lone byte, surrogates, overlong forms, past
    # U+10FFFF, and sequences cut short.
    broken = [bytes([b]) for b in range(0x80, 0x100)]
    broken += [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xe0\x9f\xbf",
               b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf7\xbf\xbf\xbf", b"\xe2\x80",
               b"\xf0\x9f\x98", b"\xe2\x80a", b"\xe2a\x80"]
    compare("broken UTF-8", broken)

    rng = random.Random(20240521)
    pool = [c for c in every if c >= 0x80]
    compare("mixed names", [random_name(rng, pool) for _ in range(20000)])

    generated = subprocess.run([sys.executable, GENERATOR], capture_output=True, check=False)
    check(generated.returncode == 0, "gen_unicode_ranges.py runs: %s" % generated.stderr.decode())
    check(generated.stdout == open(RANGES_C, "rb").read(),
          "unicode_ranges.c is what gen_unicode_ranges.py writes")
    done()


main()
