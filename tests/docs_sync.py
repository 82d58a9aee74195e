# SPDX-License-Identifier: GPL-2.0-or-later
"""docs_sync.py: --help, the man page, the completions and the columns agree."""
import csv
import io
import json
import os
import re

from sqtest import check, done, eq, sockq

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
COMP = os.path.join(ROOT, "completions")
man = open(os.path.join(ROOT, "man", "sockq.8"), encoding="utf-8").read()
man_text = man.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
scripts = {name: open(os.path.join(COMP, name), encoding="utf-8").read()
           for name in ("sockq", "_sockq", "sockq.fish")}

rc, helptext, _ = sockq("--help")
eq(rc, 0, "--help exits 0")
longs = sorted(set(re.findall(r"(?<![\w-])--([a-z][a-z0-9-]+)", helptext)))
shorts = sorted(set(re.findall(r"(?<![\w-])-([a-zA-Z0-9]),", helptext)))
check(len(longs) >= 25, "found the long options in --help: %s" % longs)
for opt in longs:
    check(re.search(r"(?<![\w-])--%s(?![\w-])" % re.escape(opt), man_text),
          "--%s is in the man page" % opt)
    check(re.search(r"(?<![\w-])--%s(?![\w-])" % re.escape(opt), scripts["sockq"]),
          "--%s is in the bash completion" % opt)
    check(re.search(r"--%s[\[=+\]'} ]" % re.escape(opt), scripts["_sockq"]),
          "--%s is in the zsh completion" % opt)
    check(re.search(r"-l %s\b" % re.escape(opt), scripts["sockq.fish"]),
          "--%s is in the fish completion" % opt)
for opt in shorts:
    check(re.search(r"(?<![\w-])-%s\b" % re.escape(opt), man_text), "-%s is in the man page" % opt)
    check(re.search(r"(?<![\w-])-%s\b" % re.escape(opt), scripts["sockq"]), "-%s in bash" % opt)
    check(re.search(r"-s %s\b" % re.escape(opt), scripts["sockq.fish"]), "-%s in fish" % opt)
# Every option the parser knows is in --help (and so everywhere else).
for opt in ("listening", "netns", "output-all", "list-columns", "no-header", "min-use", "warn"):
    check(opt in longs, "--%s is in --help" % opt)

for args in ((), ("--summary",)):
    rc, out, _ = sockq(*args, "--list-columns")
    eq(rc, 0, "--list-columns exits 0")
    cols = [line.split()[0] for line in out.splitlines()]
    # The same columns as JSON, the way util-linux lists its own, and as CSV.
    rc, js, _ = sockq(*args, "--list-columns", "-J")
    doc = json.loads(js) if rc == 0 else {}
    eq(list(doc), ["columns"], "--list-columns -J is one object with a columns array")
    eq([c["name"] for c in doc.get("columns", [])], cols, "--list-columns -J names")
    types = {c["name"]: c["type"] for c in doc.get("columns", [])}
    check(set(types.values()) <= {"string", "number", "boolean", "array-number", "array-string"},
          "column types: %r" % set(types.values()))
    rc, csv_out, _ = sockq(*args, "--list-columns", "--csv")
    csv_rows = list(csv.reader(io.StringIO(csv_out)))
    eq(csv_rows[:1], [["name", "type", "description"]], "--list-columns --csv header")
    eq([r[0] for r in csv_rows[1:]], cols, "--list-columns --csv names")
    eq([r[1] for r in csv_rows[1:]], [types.get(c) for c in cols], "--list-columns --csv types")
    check(len(cols) >= 10, "columns listed")
    for col in cols:
        check(re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(col), man_text),
              "column %s is in the man page" % col)
        rc, _, err = sockq(*args, "-o", col.upper(), "--csv", "-N", "/proc/self/ns/net")
        check(rc in (0, 1) and "unknown column" not in err, "-o %s is accepted" % col.upper())

# The man page names the version sockq says it is.
rc, out, _ = sockq("-V")
th = re.search(r'^\.TH SOCKQ 8 \S+ "sockq ([^"]+)"', man_text, re.M)
eq(th and th.group(1), out.split()[-1] if out else None, "the man page's version is sockq -V's")

rc, js, _ = sockq("--list-columns", "-J")
types = {c["name"]: c["type"] for c in json.loads(js)["columns"]}
eq((types["pid"], types["command"], types["recv_q"], types["clamped"], types["local"]),
   ("array-number", "array-string", "number", "boolean", "string"), "column types")
rc, _, err = sockq("--list-columns", "--format", "openmetrics")
eq(rc, 2, "--list-columns as metrics is a usage error")
check("--list-columns" in err, "the error names --list-columns: %r" % err)

done()
