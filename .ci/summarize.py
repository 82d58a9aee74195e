# SPDX-License-Identifier: GPL-2.0-or-later
"""Prints 'N passed, N failed, N skipped' over meson's JSON test logs."""
import json
import os
import sys

counts = {"OK": 0, "FAIL": 0, "SKIP": 0}
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    with open(path) as f:
        for line in f:
            result = json.loads(line).get("result", "FAIL")
            key = result if result in counts else "FAIL"
            if result == "EXPECTEDFAIL":
                key = "OK"
            counts[key] += 1
print("%d passed, %d failed, %d skipped" % (counts["OK"], counts["FAIL"], counts["SKIP"]))
sys.exit(1 if counts["FAIL"] or not counts["OK"] else 0)
