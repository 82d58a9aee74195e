# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_churn.py: listeners that exist throughout are each shown exactly once while others come and go."""
import collections

from sqtest import MKSOCK, Helper, check, done, eq, need_root, need_tools, sockq

need_root()
nsenter, = need_tools("nsenter")
STABLE = 6000
RUNS = 150
# The stable listeners, TCP and AF_UNIX, in one namespace, held by two
# processes (each stays below the descriptor limit); then two processes
# making and closing listeners there as fast as they can.
tcp = Helper("-u", "-q", "tcp,127.0.0.1:0,16,0*%d" % STABLE)
# Abstract names are per namespace: these cannot meet another test's. They
# hash (a checksum of the name) into buckets shared with the churn's.
unx = Helper(nsenter, "-t", str(tcp.pid), "-n", MKSOCK, "-q", "unix,@stable,16,0*%d" % STABLE,
             exe=nsenter)
rc, out, err = sockq("--csv", "-H", "-o", "inode", "-N", str(tcp.pid))
stable = set(out.split())
eq(len(stable), 2 * STABLE, "every stable listener, before the churn")
churners = [Helper(nsenter, "-t", str(tcp.pid), "-n", MKSOCK, "-q", "-C", spec, exe=nsenter)
            for spec in ("tcp,127.0.0.1:0,16,0*64", "unix,@churn,16,0*64")]
lost = repeated = warned = 0
for i in range(RUNS):
    rc, out, err = sockq("--csv", "-H", "-o", "inode", "-N", str(tcp.pid))
    rows = collections.Counter(out.split())
    lost += len(stable - set(rows))
    repeated += sum(n - 1 for n in rows.values() if n > 1)
    warned += rc != 0
    if rc != 0 and warned == 1:
        print("note: run %d: exit %d: %s" % (i, rc, err.strip()))
eq(lost, 0, "stable listeners missing, over %d runs" % RUNS)
eq(repeated, 0, "rows repeated, over %d runs" % RUNS)
eq(warned, 0, "runs that could not prove their dump complete")
for c in churners:
    c.stop()
check(all(c.proc.returncode == 0 for c in churners), "the churners ran until stopped")
done()
