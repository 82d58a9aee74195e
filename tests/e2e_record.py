# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_record.py: a run recorded (SOCKQ_RECORD_ROOT) and replayed from its recording
(SOCKQ_SYSROOT) prints what it printed live, for every format and the main options, on
a host of listeners made in namespaces of its own."""

import world
from sqtest import MKSOCK, SOCKQ, check, done, eq, need_root, tmpdir

need_root()
answers = world.in_world(SOCKQ, MKSOCK, "compare", tmpdir())
eq(len(answers), len(world.invocations()), "every run made")
for args, live, replayed in answers:
    check(live == replayed, "sockq %s: live %r\nreplayed %r" % (" ".join(args), live, replayed))
check(any(rc == 0 and "pod:" in out for _, (rc, out, _), _ in answers), "the world's pod shows")
done()
