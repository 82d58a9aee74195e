# SPDX-License-Identifier: GPL-2.0-or-later
"""expected.py: every format and the main options, replayed from a recorded host
(tests/data/world) without root, print exactly what they printed when it was recorded.

The recording and the expected output are made by `tests/world.py --write`, which
first checks each run replayed prints what it printed live; e2e_record checks that
again on every run of the suite as root."""
import json
import os

import world
from sqtest import SOCKQ, check, done, eq

runs = sorted(f[:-5] for f in os.listdir(os.path.join(world.DATA, "expected")) if f.endswith(".args"))
eq(len(runs), len(world.invocations()), "a recorded run for every invocation world.py lists")
formats = set()
for name in runs:
    base = os.path.join(world.DATA, "expected", name)
    args = json.load(open(base + ".args"))
    rc, out, err = world.replay(SOCKQ, os.path.join(world.DATA, "root"), args)
    want_out = open(base + ".out", encoding="utf-8", errors="surrogateescape").read()
    want_err = open(base + ".err", encoding="utf-8", errors="surrogateescape").read()
    want_rc = int(open(base + ".rc").read())
    ok = check((rc, out, err) == (want_rc, want_out, want_err),
               "sockq %s: got exit %d,\n%s%s\nexpected exit %d,\n%s%s" %
               (" ".join(args), rc, out[:2000], err[:500], want_rc, want_out[:2000], want_err[:500]))
    if ok and "--format" in args:
        formats.add(args[args.index("--format") + 1])
eq(sorted(formats), sorted(world.FORMATS), "every format is checked")
print("%d runs compared, %d formats" % (len(runs), len(formats)))
done()
