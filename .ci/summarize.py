# SPDX-License-Identifier: GPL-2.0-or-later
"""Prints 'N passed, N failed, N skipped' over meson's JSON test logs.

With --no-skips, any skipped test fails the summary too: CI installs every
tool and runs as root, so a skip there means a test did not run."""
import json
import os
import sys

args = sys.argv[1:]
no_skips = "--no-skips" in args
paths = [a for a in args if a != "--no-skips"]
counts = {"OK": 0, "FAIL": 0, "SKIP": 0}
skipped = []
for path in paths:
    if not os.path.exists(path):
        continue
    with open(path) as f:
        for line in f:
            entry = json.loads(line)
            result = entry.get("result", "FAIL")
            key = result if result in counts else "FAIL"
            if result == "EXPECTEDFAIL":
                key = "OK"
            counts[key] += 1
            if key == "SKIP":
                skipped.append(entry.get("name", "?"))
print("%d passed, %d failed, %d skipped" % (counts["OK"], counts["FAIL"], counts["SKIP"]))
if no_skips and skipped:
    print("skipped where nothing may be: %s" % ", ".join(skipped))
sys.exit(1 if counts["FAIL"] or not counts["OK"] or (no_skips and skipped) else 0)
