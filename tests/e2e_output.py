# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_output.py: column selection, sorting, filters, processes and JSON for hostile names."""
import json
import socket

from sqtest import Helper, check, done, eq, need_root, sockq, sockq_csv, sockq_json, tmpdir, unique

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
done()
