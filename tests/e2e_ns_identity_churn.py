# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_ns_identity_churn.py: under a churn of short-lived namespaces, whose inode numbers the
kernel gives again to new ones, every row names its namespace by the process that made it, or
by nothing: never by another process that once had a namespace of the same inode number. Half
of them are named under /run/netns, and a row is labelled by its own namespace's name, or by
net:[INODE] once the name is gone: never by the name of an earlier namespace of that number."""
import atexit
import csv
import glob
import os
import signal
import subprocess
import tempfile
import threading
import time

from sqtest import SOCKQ, Helper, check, done, eq, need_root, unique

need_root()
# CHILDREN processes at a time, each alone in a network namespace of its own
# with one listener, each living LIFE_MS and replaced at once (about 50
# namespaces made and destroyed a second); every other one named.
CHILDREN, LIFE_MS = 20, 400
# Each run of sockq is paused for PAUSE seconds once it has found and named
# the namespaces and starts reading them, as a busy host deschedules it: the
# processes it found die meanwhile, and new namespaces get their inode
# numbers.
RUNS, PAUSE = 25, 0.8
PORT = 20000 + os.getpid() % 20000
COLUMNS = ["netns", "ns_pid", "ns_hostname", "ns_command", "inode"]

host = unique("sqchurn")
prefix = unique("sqchurnns")


def remove_names():
    """Names a child killed with the helper could not remove."""
    for path in glob.glob("/run/netns/%s-*" % prefix):
        subprocess.run(["umount", "-l", path], stderr=subprocess.DEVNULL)
        try:
            os.unlink(path)
        except OSError:
            pass


atexit.register(remove_names)
churn = Helper("-M", "%d:%d:%s:%d:%s" % (CHILDREN, LIFE_MS, host, PORT, prefix))
made = {}  # listener inode -> what its child printed


def read_children():
    for raw in churn.proc.stdout:
        line = raw.decode(errors="replace")
        if line.startswith("nschild "):
            fields = dict(f.split("=", 1) for f in line.split()[1:])
            made[fields["inode"]] = fields


reader = threading.Thread(target=read_children, daemon=True)
reader.start()


def reading(pid):
    """Whether sockq is past finding and naming the namespaces: it reads
    hostnames in their UTS namespaces, or holds a socket (a namespace's
    diag socket)."""
    try:
        fds = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return False
    for fd in fds:
        try:
            link = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if link.startswith("uts:[") or link.startswith("socket:["):
            return True
    return False


def run_paused():
    """One run of sockq -N all, in small steps (stopped and continued) until
    it starts reading namespaces, then stopped for PAUSE. Returns its rows
    and whether the pause happened."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen([SOCKQ, "-N", "all", "--port", str(PORT), "--csv", "-o", ",".join(COLUMNS)],
                             stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        paused = False
        try:
            while p.poll() is None and not paused:
                p.send_signal(signal.SIGSTOP)
                if reading(p.pid):
                    time.sleep(PAUSE)
                    paused = True
                p.send_signal(signal.SIGCONT)
                time.sleep(0.0003)
            p.wait(120)
        finally:
            if p.poll() is None:
                p.send_signal(signal.SIGCONT)
                p.kill()
                p.wait()
        out.seek(0)
        err.seek(0)
        return p.returncode, list(csv.DictReader(out)), err.read(), paused


time.sleep(LIFE_MS / 1000 * 2)  # the churn in full swing
results = [run_paused() for _ in range(RUNS)]
time.sleep(0.2)  # the last children's lines
churn.stop()
reader.join(10)

wrong_per_run, checked, shown, named = [], 0, 0, 0
for rc, rows, err, paused in results:
    check(rc in (0, 1), "sockq -N all under churn: exit status %d (%s)" % (rc, err.strip()))
    wrong = 0
    for r in rows:
        child = made.get(r.get("inode"))
        if not child:
            continue  # not this test's listener
        checked += 1
        named += child["name"] != ""
        ok = (r["netns"] in (child["netns"], child["name"] or child["netns"]) and
              r["ns_pid"] in ("", child["pid"]) and
              r["ns_hostname"] in ("", child["hostname"]) and r["ns_command"] in ("", "mksock"))
        if not ok:
            wrong += 1
            if shown < 5:
                shown += 1
                print("wrong row: %s; its listener was made by pid %s (hostname %s) in %s"
                      % (",".join(r[c] for c in COLUMNS), child["pid"], child["hostname"], child["netns"]))
    wrong_per_run.append(wrong)
print("note: %d children made %d namespaces; %d rows of theirs checked (%d of named ones) in %d "
      "runs (%d paused)" % (CHILDREN, len(made), checked, named, RUNS, sum(r[3] for r in results)))
print("note: wrong rows in each run: %s" % " ".join(map(str, wrong_per_run)))
check(checked > 0, "rows of the churned namespaces were seen")
check(named > 0, "rows of named churned namespaces were seen: %d" % named)
eq(glob.glob("/run/netns/%s-*" % prefix), [], "every name the children made is removed")
eq(sum(wrong_per_run), 0, "rows naming their namespace by a process that is not the one that made it")
done()
