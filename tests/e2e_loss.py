# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_loss.py: nothing hides a listener or a namespace: a full-length path, descriptor limits,
a FIFO over a sysctl, a comma in a namespace path."""
import os
import subprocess

from sqtest import (SOCKQ, Helper, check, done, eq, need_root, need_tools, sanitized, sockq,
                    sockq_csv, tmpdir, unique)

need_root()
prlimit, mount = need_tools("prlimit", "mount")
d = tmpdir()

# A path that fills all 108 bytes of sun_path, bound without a NUL: the
# kernel reports it as 109 bytes. Every other listener stays in view too.
full = "p" * 108
h = Helper("-u", "unix,%s,3,2" % full, "unix,@%s-a,3,1" % unique("sqloss"), "tcp,127.0.0.1:0,5,1",
           cwd=d)
rc, rows, err = sockq_csv("-N", str(h.pid))
eq(rc, 0, "a 108-byte path: exit status (%s)" % err.strip())
eq(sorted(int(r["inode"]) for r in rows), sorted(s["inode"] for s in h.socks), "every listener shown")
eq([r["local"] for r in rows if r["local"].startswith("p")], [full], "the 108-byte path, whole")
eq([r["recv_q"] for r in rows if r["local"] == full], ["2"], "and its queue")


def limited(limit, *args):
    p = subprocess.run([prlimit, "--nofile=%d:%d" % (limit, limit), SOCKQ, *args],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


# A hundred namespaces of each kind under a limit of 64 descriptors: none
# is held while they are found, so all are read.
N = 100
prefix = unique("sqfd")
many = Helper("-F", "%d" % N)
named = Helper("-F", "%d:%s" % (N, prefix))
rc, out, err = limited(64, "--netns", "all", "-S", "--csv", "-o", "netns,ns_pid,listeners")
eq(rc, 0, "--netns all under 64 descriptors: exit status (%s)" % err.strip()[:300])
labels = [line.split(",")[0] for line in out.splitlines()[1:]]
eq(sum(1 for l in labels if l.startswith(prefix + "-")), N, "every named namespace")
kids = set(subprocess.run(["pgrep", "-P", str(many.pid)], capture_output=True, text=True).stdout.split())
eq(len(kids), N, "the helper holds its unnamed namespaces in children")
eq(sum(1 for line in out.splitlines()[1:] if line.split(",")[1] in kids), N, "every unnamed namespace")
check(all(line.split(",")[2] != "" for line in out.splitlines()[1:] if line.split(",")[0].startswith(prefix)),
      "each read, its listeners counted")

# --watch holds a few descriptors per namespace: enough room reads them
# all; too little is a failure that names the namespaces and still shows
# what it could open.
# Room is counted from the namespaces there are now: other work on the
# machine may hold many more than this test makes.
rc, out, _ = sockq("-S", "-N", "all", "--csv", "-o", "netns")
room = 256 + 8 * len(out.splitlines())
rc, out, err = limited(room, "--watch", "0.1", "-c", "1", "-N", "all", "--csv", "-o", "netns,inode")
eq(rc, 0, "--watch -N all with room: exit status (%s)" % err.strip()[:300])
rc, out, err = limited(64, "--watch", "0.1", "-c", "1", "-N", "all", "--csv", "-o", "netns,inode")
eq(rc, 1, "--watch -N all out of descriptors: exit 1")
check("Too many open files" in err and prefix in err, "and says so, naming them: %r" % err[:300])
shown = {l.split(",")[0] for l in out.splitlines()[1:]}
failed = {l.split("netns ", 1)[1].split(":", 1)[0] for l in err.splitlines() if "netns " in l}
check(len(out.splitlines()) > 1 and shown and not shown & failed,
      "and still shows what it opened, none of what it could not: %d shown" % len(shown))
many.stop()
named.stop()

# A dump that lost replies (ENOBUFS) is made again, from the namespace it
# is of: the socket that belongs to it, never a new one made where sockq
# stands. Made to happen with a preloaded recvmsg() that fails once.
if not sanitized():
    lost = Helper("-n", unique("sqnobufs"), "tcp,127.0.0.1:0,5,1", "unix,@%s,5,0" % unique("sqnb"))
    for nth in ("1", "2", "3"):
        env = dict(os.environ, LD_PRELOAD=os.environ["FAILALLOC"], FAILRECV_ENOBUFS=nth)
        p = subprocess.run([SOCKQ, "--csv", "-o", "inode,recv_q", "-N", str(lost.pid)], capture_output=True, text=True, env=env,
                           timeout=60)
        eq(p.returncode, 0, "ENOBUFS on read %s: exit 0 (%s)" % (nth, p.stderr.strip()))
        got = sorted(int(l.split(",")[0]) for l in p.stdout.splitlines()[1:])
        want = sorted(s["inode"] for s in lost.socks)
        check(got == want, "ENOBUFS on read %s: the namespace's listeners, none of sockq's own: "
              "%d rows, %d of them not the namespace's" % (nth, len(got), len(set(got) - set(want))))
    lost.stop()

# A FIFO bound over a sysctl file must not hang a run: the value is unknown.
fifo = os.path.join(d, "fifo")
os.mkfifo(fifo)
p = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                    "%s --bind %s /proc/sys/net/core/somaxconn && exec %s --csv -o proto,somaxconn"
                    % (mount, fifo, SOCKQ)], capture_output=True, text=True, timeout=30)
eq(p.returncode, 0, "a FIFO over somaxconn: exit status (%s)" % p.stderr.strip())
check(len(p.stdout.splitlines()) > 1 and all(l.endswith(",") for l in p.stdout.splitlines()[1:]),
      "somaxconn unknown, no hang: %r" % p.stdout[:200])

# A namespace path holding a comma is one path, not a list.
comma = os.path.join(d, "a,b")
open(comma, "w").close()
subprocess.run([mount, "--bind", "/proc/%d/ns/net" % h.pid, comma], check=True)
try:
    rc, rows, err = sockq_csv("-N", comma)
    eq(rc, 0, "-N PATH with a comma: exit status (%s)" % err.strip())
    eq(sorted(int(r["inode"]) for r in rows), sorted(s["inode"] for s in h.socks), "its listeners")
finally:
    subprocess.run(["umount", comma])
done()
