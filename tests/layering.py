# SPDX-License-Identifier: GPL-2.0-or-later
"""layering.py: every include of ours resolves inside a stage the including stage may use.

The stages and what each may use come from the build (stages.json, written
by meson.build from the table the libraries are built by). A stage's
interface is include/STAGE/, its private headers sit in src/STAGE/: another
stage may include only the interface of a stage it uses, never a private
header. The build enforces this through each library's include path; this
also catches a relative include ("../collect/x.h") that would slip past it,
and a header name two stages share."""
import json
import os
import re

from sqtest import check, done, eq

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
BUILD = os.environ.get("SOCKQ_BUILD_ROOT", "build")
stages = json.load(open(os.path.join(BUILD, "stages.json"), encoding="utf-8"))
check(len(stages) >= 4, "the build names its stages: %r" % sorted(stages))
eq(sorted(d for d in os.listdir(os.path.join(ROOT, "src")) if os.path.isdir(os.path.join(ROOT, "src", d))),
   sorted(stages), "src/ holds exactly the stages the build names")
eq(sorted(d for d in os.listdir(os.path.join(ROOT, "include"))),
   sorted(s for s in stages if os.path.isdir(os.path.join(ROOT, "include", s))),
   "include/ holds only stages")


def headers(path):
    return set(f for f in os.listdir(path) if f.endswith(".h")) if os.path.isdir(path) else set()


public = {s: headers(os.path.join(ROOT, "include", s)) for s in stages}
private = {s: headers(os.path.join(ROOT, "src", s)) for s in stages}
for s in stages:
    for t in stages:
        check(s == t or not (public[s] | private[s]) & (public[t] | private[t]),
              "%s and %s share no header name: %s" % (s, t, sorted((public[s] | private[s]) & (public[t] | private[t]))))
    check(not (public[s] & private[s]), "%s: a header is public or private, not both" % s)

# Each stage may use itself and what the build says, transitively never more.
for s, uses in stages.items():
    for u in uses:
        check(u in stages, "%s uses the stage %s, which the build names" % (s, u))
    visible = {s} | set(uses)
    for where in ("include", "src"):
        d = os.path.join(ROOT, where, s)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith((".c", ".h")):
                continue
            text = open(os.path.join(d, name), encoding="utf-8").read()
            for inc in re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M):
                check("/" not in inc, "%s/%s/%s includes %s by a path" % (where, s, name, inc))
                owners = [t for t in stages if inc in public[t] or inc in private[t]]
                if not check(len(owners) == 1, "%s/%s/%s: %s is in exactly one stage (%s)"
                             % (where, s, name, inc, owners)):
                    continue
                t = owners[0]
                check(t in visible, "%s/%s/%s includes %s from %s, which %s may not use"
                      % (where, s, name, inc, t, s))
                check(t == s or inc in public[t], "%s/%s/%s includes %s, private to %s"
                      % (where, s, name, inc, t))
                check(where == "src" or inc in public[t],
                      "include/%s/%s includes the private header %s" % (s, name, inc))
done()
