# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_output.py: column selection, sorting, filters, processes and JSON for hostile names."""
import json
import os
import resource
import socket
import subprocess

from sqtest import SOCKQ, Helper, check, done, eq, need_root, sockq, sockq_csv, sockq_json, tmpdir, unique

need_root()
d = tmpdir()
name = unique("sqout")
h = Helper("-n", name, "-s", "100",
           "tcp,127.0.0.1:0,10,2", "tcp,127.0.0.1:0,10,9", "tcp,127.0.0.1:0,3,full",
           "tcp6,[::1]:0,50,0", "unix,%s/a.sock,4,4" % d,
           "unix,%s/evil\\n\\x1b[31m\\\\\\\"\\xff,1,0" % d)
N = ["-N", name]
ports = sorted(s["port"] for s in h.socks if s["port"])

rc, out, _ = sockq("--csv", "-o", "PROTO,Recv_Q", *N)
eq(out.splitlines()[0], "proto,recv_q", "-o picks columns, case-insensitive")
rc, out, _ = sockq("--csv", "-o", "+port,syn_max", *N)
check(out.splitlines()[0].endswith(",uid,port,syn_max"), "-o +LIST appends to the defaults")
rc, rows, _ = sockq_csv("-o", "proto,port", *N)
eq(sorted(int(r["port"]) for r in rows if r["port"]), ports, "port column")
eq({r["port"] for r in rows if r["proto"].startswith("unix")}, {""}, "port empty for AF_UNIX")
rc, all_out, _ = sockq("--csv", "--output-all", *N)
rc, cols, _ = sockq("--list-columns")
eq(all_out.splitlines()[0].split(","), [l.split()[0] for l in cols.splitlines()], "--output-all")
rc, out, _ = sockq("--csv", "-H", *N)
eq(len(out.splitlines()), len(h.socks), "-H drops the CSV header")
rc, out, _ = sockq("-H", *N)
eq(len(out.splitlines()), len(h.socks), "-H drops the table header")

# Sorting: numbers high to low, text A to Z, --reverse.
rc, rows, _ = sockq_csv("--sort", "recv_q", *N)
q = [int(r["recv_q"]) for r in rows]
eq(q, sorted(q, reverse=True), "--sort recv_q: high to low")
rc, rows, _ = sockq_csv("--sort", "recv_q", "--reverse", *N)
eq([int(r["recv_q"]) for r in rows], sorted(q), "--reverse")
rc, rows, _ = sockq_csv("--sort", "local", *N)
loc = [r["local"] for r in rows]
eq(loc, sorted(loc), "--sort local: A to Z")

# Filters.
rc, rows, _ = sockq_csv("--full", *N)
eq(sorted(r["inode"] for r in rows),
   sorted(str(s["inode"]) for s in h.socks if s["queued"] > min(s["backlog"], 100)), "--full")
rc, rows, _ = sockq_csv("--min-use", "80", *N)
want = [s for s in h.socks if 100 * s["queued"] // (min(s["backlog"], 100) + 1) >= 80]
eq(sorted(r["inode"] for r in rows), sorted(str(s["inode"]) for s in want), "--min-use 80")
rc, rows, _ = sockq_csv("--port", str(ports[0]), *N)
eq([int(r["inode"]) for r in rows], [s["inode"] for s in h.socks if s["port"] == ports[0]], "--port")

# Processes: one /proc scan; the helper holds every listener.
rc, rows, err = sockq_csv("-p", *N)
eq(rc, 0, "-p exit status")
check(rows and list(rows[0])[-2:] == ["pid", "command"], "-p adds pid and command last")
eq({r["pid"] for r in rows}, {str(h.pid)}, "-p pid")
eq({r["command"] for r in rows}, {"mksock"}, "-p command")
rc, objs, _ = sockq_json("-o", "inode,pid,command", *N)
check(all(o["pid"] == [h.pid] for o in objs), "pid in JSON is an array of numbers: %r" % objs[:1])
check(all(o["command"] == ["mksock"] for o in objs), "command in JSON is an array of strings")

# JSON stays valid for hostile names, and the name reads as escaped.
rc, out, _ = sockq("--json", "--output-all", *N)
doc = json.loads(out)
eq(list(doc), ["listeners"], "JSON is one object with one named array")
objs = doc["listeners"]
evil = [o for o in objs if "evil" in (o["local"] or "")]
eq(len(evil), 1, "hostile name present")
if evil:
    eq(evil[0]["local"], d + "/evil\\x0a\\x1b[31m\\\\\"\\xff", "hostile name escaped in JSON")
eq(objs[0]["pid"], [h.pid], "JSON with every column")
check(all(isinstance(o["recv_q"], int) for o in objs), "numbers are numbers")
check(all(o["syn_q"] is None or isinstance(o["syn_q"], int) for o in objs), "unknown is null or number")

# The default order, row by row, against the rule written again here:
# protocol, then address and port numerically, or the raw name bytes (a
# shorter name first when one begins the other), then inode. In the first
# namespace every name shares a directory, some agree for more than 20
# bytes past it, some begin others, and several hundred rows take the sort
# through many byte positions; in the second, abstract names hold NUL bytes.
PROTOS = ["tcp", "tcp6", "unix", "unix_seq"]


def order_key(s):
    if s["proto"] in ("tcp", "tcp6"):
        host = s["local"].rsplit(":", 1)[0].strip("[]")
        fam = socket.AF_INET if s["proto"] == "tcp" else socket.AF_INET6
        return (PROTOS.index(s["proto"]), socket.inet_pton(fam, host), s["port"], b"", s["inode"])
    return (PROTOS.index(s["proto"]), b"", 0, s["raw"], s["inode"])


long = "q" * 30
paths = Helper("-n", unique("sqorder"),
               "tcp,127.0.0.1:0,5,0*3", "tcp,127.0.0.2:0,5,0", "tcp,0.0.0.0:0,5,0",
               "tcp6,[::1]:0,5,0*2", "tcp6,[::]:0,5,0*2",
               "unix,%s/o-%s1,5,0" % (d, long), "unix,%s/o-%s2,5,0" % (d, long),
               "unix,%s/o-%s,5,0" % (d, long), "unix,%s/o-,5,0" % d, "unix,%s/o-\\x01,5,0" % d,
               "unix,%s/o-b1,5,0" % d, "unix,%s/o-a9,5,0" % d, "unix,%s/o-n,5,0*300" % d,
               "unix_seq,%s/o-s2,5,0" % d, "unix_seq,%s/o-s1,5,0" % d)
abstract = Helper("-u", "tcp,127.0.0.1:0,5,0", "unix,@sq-order\\x00b,5,0", "unix,@sq-order,5,0",
                  "unix,@sq-order\\x00a,5,0", "unix,%s/o-p,5,0" % d)
for helper in (paths, abstract):
    want = [s["inode"] for s in sorted(helper.socks, key=order_key)]
    rc, rows, _ = sockq_csv("-N", str(helper.pid), "-o", "inode")
    eq(rc, 0, "default order: exit status")
    eq([int(r["inode"]) for r in rows], want, "default order, row by row (%d rows)" % len(want))
    rc, rows, _ = sockq_csv("-N", str(helper.pid), "-o", "inode", "--reverse")
    eq([int(r["inode"]) for r in rows], want[::-1], "--reverse alone reverses the default order")

# ss reflexes: -n changes nothing, so "sockq -ltnp" is "sockq -ltp".
rc_n, out_n, err_n = sockq("-ltnp", "--csv", *N)
rc_p, out_p, _ = sockq("-ltp", "--csv", *N)
eq((rc_n, out_n), (rc_p, out_p), "-ltnp is -ltp: %s" % err_n)
check(len(out_n.splitlines()) == 1 + sum(s["proto"].startswith("tcp") for s in h.socks),
      "-ltnp shows the TCP listeners")
eq(sockq("--numeric", "--csv", *N)[:2], sockq("--csv", *N)[:2], "--numeric changes nothing")
# --color takes WHEN as the next word as well as after '='.
for when, colored in (("always", True), ("never", False)):
    rc, out, err = sockq("--color", when, *N)
    eq(rc, 0, "--color %s: %s" % (when, err))
    eq("\033[" in out, colored, "--color %s colours or not" % when)
    eq((rc, out), sockq("--color=" + when, *N)[:2], "--color %s is --color=%s" % (when, when))

# --write: the same bytes as standard output, in a file replaced whole.
target = os.path.join(d, "out.prom")
for fmt in ("prometheus", "csv", "json"):
    rc, out, _ = sockq("--format", fmt, *N)
    rc_w, out_w, err_w = sockq("--format", fmt, "--write", target, *N)
    eq((rc_w, out_w), (0, ""), "--write %s: nothing on standard output: %s" % (fmt, err_w))
    with open(target) as f:
        eq(f.read(), out, "--write %s writes what standard output would get" % fmt)
mask = os.umask(0o022)
os.umask(mask)
eq(oct(os.stat(target).st_mode & 0o777), oct(0o666 & ~mask), "--write: the mode the umask gives")
os.chmod(d, 0o755)
def limited(limit):
    def fn():
        os.umask(0o077)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return fn
# A write that fails leaves the old file, and no new file beside it.
before = open(target).read()
p = subprocess.run([SOCKQ, "--output-all", "-N", name, "--write", target],
                   capture_output=True, preexec_fn=limited(64), timeout=60)
eq(p.returncode, 1, "--write past the file size limit fails")
check(b"--write" in p.stderr and b"left as it was" in p.stderr, "the error says so: %r" % p.stderr)
eq(open(target).read(), before, "the old file is left whole")
eq(sorted(f for f in os.listdir(d) if f.startswith("out.prom")), ["out.prom"], "no temporary file left")
p = subprocess.run([SOCKQ, "--csv", "-N", name, "--write", target],
                   capture_output=True, preexec_fn=limited(1 << 20), timeout=60)
eq(p.returncode, 0, "--write under umask 077")
eq(oct(os.stat(target).st_mode & 0o777), oct(0o600), "--write follows the umask")
rc, _, err = sockq("--write", os.path.join(d, "no-such-dir", "x"), *N)
eq(rc, 1, "--write into a missing directory")
check("--write" in err and "No such file" in err, "names the option and the cause: %r" % err)
for extra in (["--watch", "1"], ["--check"]):
    rc, _, err = sockq("--write", target, *extra, *N)
    check(rc in (2, 3) and "--write" in err, "--write with %s is a usage error: %r" % (extra[0], err))
rc, _, err = sockq("--write", "", *N)
eq(rc, 2, "--write with an empty name")
rc, _, err = sockq("--write", d, *N)
eq(rc, 1, "--write to a directory")
check("is a directory; name a file" in err, "says so: %r" % err)
eq(sorted(f for f in os.listdir(os.path.dirname(d)) if f.startswith(os.path.basename(d) + ".")), [],
   "and leaves no file beside it")
done()
