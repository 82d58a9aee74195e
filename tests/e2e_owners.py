# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_owners.py: -p finds every holder in a listener's namespace, a holder elsewhere when it
has none there, and --watch -p follows new listeners and holders that exit."""
import csv
import datetime
import io
import os
import signal
import subprocess
import time

from sqtest import MKSOCK, SOCKQ, Helper, check, done, eq, need_root, sockq_csv, unique

need_root()


def owners(*args):
    rc, rows, err = sockq_csv("-p", "-o", "inode,pid,command", *args)
    eq(rc, 0, "sockq -p %s: %s" % (" ".join(args), err))
    return {int(r["inode"]): r["pid"] for r in rows}


# Two holders in the namespace: both listed, in pid order (joined with ';'
# in CSV).
a = unique("sqown")
held = Helper("-n", a, "-K", "tcp,127.0.0.1:0,5,0", "unix,@%s,5,0" % a)
both = "%d;%d" % tuple(sorted((held.pid, held.child)))
eq(owners("-N", a), {s["inode"]: both for s in held.socks}, "every holder in the namespace")

# A process with more descriptors than one read of its fd directory
# returns (about 1 300): every listener still finds it.
c = unique("sqown")
crowd = Helper("-n", c, "tcp,127.0.0.1:0,5,0*2500")
got = owners("-N", c)
eq(len(got), 2500, "all 2 500 listeners shown")
eq(sorted(i for i, pid in got.items() if pid != str(crowd.pid)), [],
   "each held by the process with 2 500 descriptors")
crowd.stop()

# Listeners whose only holder lives in another namespace (it made them and
# went back): found by the second look, with processes elsewhere on the
# host passed over in the first.
b = unique("sqown")
away = Helper("-X", "-n", b, "tcp,127.0.0.1:0,5,0", "unix,@%s,5,0" % b)
eq(owners("-N", b), {s["inode"]: str(away.pid) for s in away.socks},
   "a holder outside the namespace, when none is in it")
# Shown with the other namespace, and with every namespace, the same.
got = owners("-N", "%s,%s" % (a, b))
eq({i: got.get(i) for i in (s["inode"] for s in away.socks)},
   {s["inode"]: str(away.pid) for s in away.socks}, "-N A,B: the holder elsewhere")
eq({i: got.get(i) for i in (s["inode"] for s in held.socks)},
   {s["inode"]: both for s in held.socks}, "-N A,B: both holders")
got = owners("-N", "all")
eq({i: got.get(i) for i in (s["inode"] for s in away.socks + held.socks)},
   {**{s["inode"]: str(away.pid) for s in away.socks}, **{s["inode"]: both for s in held.socks}},
   "--netns all: the same holders")


# --watch -p keeps each listener's holders from the sample that first
# showed it: a listener born later gets its own, and a holder that exits
# makes every listener's holders be looked up again.
def samples(out, deadline):
    """Yields each sample's time and rows ({inode: pid}) as the watch writes them."""
    header = out.readline()
    check(header.startswith("time,inode,pid"), "watch CSV header: %r" % header)
    cur, rows = None, {}
    while time.time() < deadline:
        line = out.readline()
        if not line:
            return
        r = next(csv.reader(io.StringIO(line)))
        if cur is not None and r[0] != cur:
            yield datetime.datetime.strptime(cur, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
                tzinfo=datetime.timezone.utc).timestamp(), rows
            rows = {}
        cur = r[0]
        rows[int(r[1])] = r[2]


watch = subprocess.Popen([SOCKQ, "--watch", "0.2", "--count", "300", "--csv", "-p",
                          "-o", "inode,pid", "-N", a], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
newcomer, step, nsamples = None, 0, 0
try:
    for when, rows in samples(watch.stdout, time.time() + 60):
        nsamples += 1
        if step == 0 and all(rows.get(s["inode"]) == both for s in held.socks):
            # The samples show both holders; now a new listener.
            newcomer = Helper("ip", "netns", "exec", a, MKSOCK, "tcp,127.0.0.1:0,5,0", exe=True)
            step = 1
        elif step == 1 and newcomer.socks[0]["inode"] in rows:
            eq(rows[newcomer.socks[0]["inode"]], str(newcomer.pid),
               "a listener born during the watch gets its holder")
            eq({s["inode"]: rows.get(s["inode"]) for s in held.socks},
               {s["inode"]: both for s in held.socks}, "the others keep theirs")
            # One of the two holders exits: the survivor alone, from the
            # next sample on.
            os.kill(held.pid, signal.SIGUSR2)
            check(held.proc.stdout.readline().startswith(b"child ended"), "the child ended")
            ended = time.time()
            step = 2
        elif step == 2 and when > ended:
            # Samples already written when the child ended may show it.
            eq({s["inode"]: rows.get(s["inode"]) for s in held.socks},
               {s["inode"]: str(held.pid) for s in held.socks},
               "a holder that exited is gone in the next sample")
            step = 3
            break
finally:
    watch.send_signal(signal.SIGINT)
    try:
        watch.wait(30)
    except subprocess.TimeoutExpired:
        watch.kill()
        watch.wait()
eq(step, 3, "the watch went through every step (%d samples)" % nsamples)
done()
