# SPDX-License-Identifier: GPL-2.0-or-later
"""man_lint.py: the man page is clean for mandoc -Tlint."""
import os
import subprocess

from sqtest import done, eq, need_tools

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
mandoc, = need_tools("mandoc")
p = subprocess.run([mandoc, "-Tlint", os.path.join(ROOT, "man", "sockq.8")],
                   capture_output=True, text=True)
eq(p.stdout + p.stderr, "", "mandoc -Tlint is clean")
done()
