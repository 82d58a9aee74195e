# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_netns.py: --netns NAME|PATH|PID|all, per-namespace somaxconn, errors, privileges."""
import os
import shutil
import subprocess

from sqtest import SOCKQ, Helper, check, done, eq, need_root, sockq, sockq_csv, unique

need_root()
named = unique("sqns")
a = Helper("-n", named, "-s", "64", "tcp,127.0.0.1:0,4096,0", "tcp,127.0.0.1:0,10,3")
b = Helper("-u", "-s", "1024", "tcp,0.0.0.0:0,2000,2", "unix,@%s-b,3,1" % named)


def rows_of(rows, label):
    return [r for r in rows if r["netns"] == label]


# --netns all: both, each with its own somaxconn, the unnamed one identifiable.
rc, rows, err = sockq_csv("--netns", "all", "-o", "+ns_pid,ns_command")
eq(rc, 0, "--netns all exit status (%s)" % err.strip())
ra = rows_of(rows, named)
rb = rows_of(rows, b.netns)
eq(sorted(int(r["inode"]) for r in ra), sorted(s["inode"] for s in a.socks), "named namespace rows")
eq(sorted(int(r["inode"]) for r in rb), sorted(s["inode"] for s in b.socks), "unnamed namespace rows")
eq({r["somaxconn"] for r in ra}, {"64"}, "named somaxconn")
eq({r["somaxconn"] for r in rb}, {"1024"}, "unnamed somaxconn")
big = [r for r in ra if r["backlog"] == "64"]
eq(len(big), 1, "asked 4096, got 64")
eq(big[0]["clamped"] if big else None, "yes", "clamped yes")
ten = [r for r in ra if r["backlog"] == "10"]
eq((ten[0]["recv_q"], ten[0]["clamped"]) if ten else None, ("3", "no"), "backlog 10 with 3 queued")
eq({r["backlog"] for r in rb if r["proto"] == "tcp"}, {"1024"}, "unnamed clamp to 1024")
eq({r["ns_pid"] for r in rb}, {str(b.pid)}, "unnamed namespace named by its process")
eq({r["ns_command"] for r in rb}, {"mksock"}, "and its command")
host = [r for r in rows if r["netns"] not in (named, b.netns)]
check(all(int(r["inode"]) not in {s["inode"] for s in a.socks + b.socks} for r in host),
      "no test listener attributed to another namespace")
eq(len({(r["netns"], r["inode"]) for r in rows}), len(rows), "each listener once")
rc, out, _ = sockq("--netns", "all")
check(out.splitlines()[0].startswith("NETNS "), "table shows netns with several namespaces")

# One namespace at a time, by name, PID and path, and combined.
for spec, want in ((named, a), (str(b.pid), b), ("/proc/%d/ns/net" % b.pid, b)):
    rc, rows, err = sockq_csv("-N", spec)
    eq(rc, 0, "-N %s exit status" % spec)
    eq(sorted(int(r["inode"]) for r in rows), sorted(s["inode"] for s in want.socks), "-N %s rows" % spec)
    eq({r["netns"] for r in rows}, {want.netns if want is b else named}, "-N %s label" % spec)
rc, rows, _ = sockq_csv("-N", "%s,%d" % (named, b.pid), "-N", named)
eq(len(rows), len(a.socks) + len(b.socks), "comma list and repeats, each namespace once")

# Errors name the argument; malformed specs are usage errors.
for spec, rc_want, text in (("no-such-ns-%d" % os.getpid(), 1, "no network namespace named"),
                            ("/etc/passwd", 1, "not a namespace file"),
                            ("/tmp", 1, "is a directory"),
                            ("/proc/self/ns/mnt", 1, "mount namespace, not a network namespace"),
                            ("2147483646", 1, "no process with PID"),
                            ("", 2, "empty namespace"),
                            ("a/b", 2, "not a namespace NAME"),
                            ("0", 2, "not a namespace NAME"),
                            ("x,,y", 2, "empty namespace")):
    rc, out, err = sockq("-N", spec)
    eq(rc, rc_want, "-N %r exit status" % spec)
    check(text in err and (spec in err or spec == ""), "-N %r message names it: %r" % (spec, err))
    eq(out, "", "-N %r prints no rows" % spec)

# Capabilities: rendering happens with none held.
rc, out, err = sockq("--netns", "all", env={"SOCKQ_DEBUG_CAPS": "1"})
check("render CapEff:\t0000000000000000" in err, "capabilities dropped before rendering: %r" % err)
check("render CapPrm:\t0000000000000000" in err, "permitted set empty too")

capsh = shutil.which("capsh")
if check(capsh is not None, "capsh is installed (libcap2-bin)"):
    p = subprocess.run([capsh, "--drop=cap_sys_admin", "--", "-c", "%s -N %s" % (SOCKQ, named)],
                       capture_output=True, text=True)
    eq(p.returncode, 1, "without CAP_SYS_ADMIN, -N NAME fails")
    check("CAP_SYS_ADMIN" in p.stderr and "setcap cap_sys_admin,cap_sys_ptrace+ep" in p.stderr,
          "and names the capability and the setcap line: %r" % p.stderr)
    eq(p.stdout, "", "and prints no rows")
    p = subprocess.run([capsh, "--drop=cap_sys_admin", "--", "-c", "%s --netns all --csv" % SOCKQ],
                       capture_output=True, text=True)
    eq(p.returncode, 1, "without CAP_SYS_ADMIN, --netns all exits 1")
    check("CAP_SYS_ADMIN" in p.stderr, "and says why")
    lines = p.stdout.splitlines()
    check(len(lines) >= 1 and lines[0].startswith("netns,"), "but still prints the current namespace")
    check(not any(l.startswith(named + ",") for l in lines), "and nothing of the others")

# Installed with file capabilities instead of setuid, run by an ordinary user.
setcap = shutil.which("setcap")
setpriv = shutil.which("setpriv")
if check(setcap and setpriv, "setcap and setpriv are installed"):
    d = "/var/tmp/sockq-fcaps-%d" % os.getpid()
    os.makedirs(d, exist_ok=True)
    try:
        exe = os.path.join(d, "sockq")
        shutil.copy(SOCKQ, exe)
        os.chmod(d, 0o755)
        subprocess.run([setcap, "cap_sys_admin,cap_sys_ptrace+ep", exe], check=True)
        p = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                            exe, "-N", named, "--csv"], capture_output=True, text=True)
        eq(p.returncode, 0, "file capabilities let an ordinary user read a namespace: %r" % p.stderr)
        eq(len(p.stdout.splitlines()), len(a.socks) + 1, "all its rows")
        p = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                            SOCKQ, "-N", named], capture_output=True, text=True)
        eq(p.returncode, 1, "without them the same user is refused")
    finally:
        shutil.rmtree(d, ignore_errors=True)
done()
