# SPDX-License-Identifier: GPL-2.0-or-later
"""docs_sync.py: --help, the man page, the completions and the columns agree."""
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
    check(len(cols) >= 10, "columns listed")
    for col in cols:
        check(re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(col), man_text),
              "column %s is in the man page" % col)
        rc, _, err = sockq(*args, "-o", col.upper(), "--csv", "-N", "/proc/self/ns/net")
        check(rc in (0, 1) and "unknown column" not in err, "-o %s is accepted" % col.upper())

done()
