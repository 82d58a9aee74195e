# SPDX-License-Identifier: GPL-2.0-or-later
"""layering.py: every include of ours resolves inside a stage the including stage may use.

The build enforces the rule through each stage's include path; this also
catches a relative include ("../collect/x.h") that would slip past it."""
import os
import re

from sqtest import check, done

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
SRC = os.path.join(ROOT, "src")
ALLOWED = {
    "model": {"model"},
    "collect": {"collect", "model"},
    "render": {"render", "model"},
    "cli": {"cli", "collect", "render", "model"},
}
headers = {stage: set(f for f in os.listdir(os.path.join(SRC, stage)) if f.endswith(".h"))
           for stage in ALLOWED}
stages = set(d for d in os.listdir(SRC) if os.path.isdir(os.path.join(SRC, d)))
check(stages == set(ALLOWED), "src/ holds exactly the four stages: %s" % sorted(stages))
for stage in ALLOWED:
    for name in sorted(os.listdir(os.path.join(SRC, stage))):
        if not name.endswith((".c", ".h")):
            continue
        text = open(os.path.join(SRC, stage, name), encoding="utf-8").read()
        for inc in re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M):
            owners = {s for s, hs in headers.items() if inc in hs}
            check("/" not in inc, "%s/%s includes %s by a path" % (stage, name, inc))
            check(len(owners) == 1, "%s/%s: %s is in exactly one stage (%s)" % (stage, name, inc, owners))
            check(owners <= ALLOWED[stage], "%s/%s includes %s from %s" % (stage, name, inc, owners))
done()
