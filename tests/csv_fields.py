# SPDX-License-Identifier: GPL-2.0-or-later
"""csv_fields.py: every code point, and mixes of what makes numbers and dates, through sockq's CSV fields, against the guard's rule worked out again from unicodedata.

csv_fields.py CSV_LINES SOURCE_ROOT

The rule (src/render/csv_guard.c; tests/e2e_spreadsheet.py shows the two
spreadsheet programs it comes from): a field gets a leading ' when its
escaped text begins with = + - @ TAB CR ' or #, or when it is not an
absolute path, holds a digit or is a boolean, and holds nothing but
digits of any script (Unicode Nd), spaces (Zs), currency signs (Sc), the
plus and minus signs Gnumeric reads, the punctuation " .,:/-+()%$'" and
the English words of numbers, dates and times, with no digit or word
after a percent sign. A field holding a comma, a
quote or a semicolon is quoted. Here the classes come from unicodedata,
not from the table in csv_guard.c."""
import os
import random
import subprocess
import sys
import unicodedata

from sqtest import check, done, eq, escape, unicode_version_agrees

HELPER, ROOT = sys.argv[1], sys.argv[2]
RANGES_C = os.path.join(ROOT, "src", "render", "unicode_ranges.c")

SIGNS = {0x207A, 0x207B, 0x208A, 0x208B, 0x2212, 0x2795, 0x2796, 0xFB29, 0xFE62, 0xFE63, 0xFF0B, 0xFF0D}
WORDS = {"e", "t", "z", "am", "pm", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
         "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july",
         "august", "september", "october", "november", "december", "mon", "tue", "wed", "thu",
         "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
         "sunday", "true", "false"}


def number_like(text):
    if text.startswith("/"):
        return False
    value = percent = False
    word = ""
    for ch in text + "\0":   # escaped text holds no NUL: it ends the last word
        if ch.isascii() and ch.isalpha():
            word += ch
            continue
        if word:
            # After a percent sign, no word and no digit.
            if word.lower() not in WORDS or percent:
                return False
            value |= word.lower() in ("true", "false")
            word = ""
        if ch == "\0":
            break
        if "0" <= ch <= "9" or (not ch.isascii() and unicodedata.category(ch) == "Nd"):
            if percent:
                return False
            value = True
        elif ch.isascii():
            if ch not in " .,:/-+()%$'":
                return False
            percent |= ch == "%"
        elif unicodedata.category(ch) not in ("Zs", "Sc") and ord(ch) not in SIGNS:
            return False
    return value


def field(raw):
    """The CSV field sockq should write for the name raw (bytes)."""
    text = escape(raw)
    if text[:1] and (text[0] in "=+-@\t\r'#" or number_like(text)):
        text = "'" + text
    if any(c in text for c in ',";'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def compare(what, names):
    data = "".join(raw.hex() + "\n" for raw in names).encode()
    res = subprocess.run([HELPER], input=data, capture_output=True, check=False)
    check(res.returncode == 0, "csv_lines exits 0: %d %s" % (res.returncode, res.stderr.decode(errors="replace")))
    got = res.stdout.decode("utf-8", "surrogateescape").split("\n")[:-1]
    eq(len(got), len(names), "%s: one field per name" % what)
    wrong = 0
    for raw, line in zip(names, got):
        want = field(raw)
        if line != want:
            wrong += 1
            if wrong <= 20:
                print("%s: %s: got %r, expected %r" % (what, raw.hex(), line, want))
    guarded = sum(1 for line in got if line.lstrip('"').startswith("'"))
    print("%s: %d names, %d guarded, %d wrong" % (what, len(names), guarded, wrong))
    check(not wrong, "%s: every field as the rule says" % what)
    return guarded


def main():
    unicode_version_agrees(RANGES_C)

    every = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    # Alone, a code point is guarded when it is a digit (or begins a
    # formula); after a digit, when it may be part of a number; both must
    # find every code point in its class.
    alone = compare("every code point", [chr(c).encode() for c in every])
    after = compare("every code point after 5", [("5" + chr(c)).encode() for c in every])
    nd = sum(1 for c in every if unicodedata.category(chr(c)) == "Nd")
    check(alone >= nd, "at least every digit alone is guarded: %d < %d" % (alone, nd))
    check(after > nd + len(SIGNS), "more are guarded after a digit: %d" % after)

    # Mixes of what numbers, dates and times are made of, with now and then
    # something that is not, so that both answers are common.
    rng = random.Random(20250521)
    pieces = ["0", "1", "23", "00123", "1e5", ".", ",", ":", "/", "-", "+", "(", ")", "%", "$", "'",
              " ", "\u00a0", "\u3000", "\u2212", "\u20ac", "\uff11", "\u0662", "\U0001d7ce",
              "e", "E", "T", "Z", "am", "PM", "Jan", "sept", "Monday", "TRUE", "false",
              "a", "x", "sock", "_", ";", "\\", "\n", "\u2013", "\u00e9", "=", "@", "#", "*", "["]
    mixes = []
    for _ in range(30000):
        parts = [rng.choice(pieces[:35] if rng.random() < 0.85 else pieces) for _ in range(rng.randint(1, 7))]
        mixes.append("".join(parts).encode())
    guarded = compare("mixes", mixes)
    check(len(mixes) // 4 < guarded < len(mixes) * 3 // 4, "mixes guarded and not: %d" % guarded)
    done()


main()
