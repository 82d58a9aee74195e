# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_core.py: real listeners with exact queues; every column of every format checked."""
import os

from sqtest import Helper, check, done, eq, need_root, sockq, sockq_csv, sockq_json, tmpdir, unique

need_root()
d = tmpdir()
name = unique("sqcore")
SOMAXCONN = 64
h = Helper("-n", name, "-s", str(SOMAXCONN),
           "tcp,127.0.0.1:0,0,0",
           "tcp,127.0.0.1:0,1,1",
           "tcp,127.0.0.1:0,5,3",
           "tcp,127.0.0.1:0,5,full",
           "tcp,0.0.0.0:0,4096,2",           # asks for more than somaxconn
           "tcp6,[::1]:0,5,2",
           "tcp6,[::]:0,3,full",
           "tcp,127.0.0.1%lo:0,7,1",
           "unix,%s/stream.sock,0,full" % d,
           "unix,%s/stream5.sock,5,3" % d,
           "unix_seq,%s/seq.sock,5,full" % d,
           "unix_seq,@%s-abstract,2,1" % name,
           "unix,%s/comma\\,\"quote\",2,0" % d,
           # Hostile names: a newline, a terminal escape, invalid UTF-8,
           # a backslash, a right-to-left override, spreadsheet formulas.
           "unix,%s/evil\\n\\x1b[2J\\xff\\xc0\\x80\\\\\\xe2\\x80\\xaegnp.exe,1,1" % d,
           "unix,=HYPERLINK(\"x\"),1,0",
           "unix,+cmd,1,0",
           "unix_seq,@=1+1\\n,1,1",
           cwd=d)

HEADER = ["netns", "proto", "local", "recv_q", "backlog", "use_pct", "state", "drops",
          "somaxconn", "clamped", "inode", "uid"]


def expected(s):
    backlog = min(s["backlog"], SOMAXCONN)
    q = s["queued"]
    return {
        "netns": name,
        "proto": s["proto"],
        "local": s["local"],
        "recv_q": str(q),
        "backlog": str(backlog),
        "use_pct": str(100 * q // (backlog + 1)),
        "state": "full" if q > backlog else "ok",
        # No connection attempt beyond the backlog + 1 admitted: none dropped.
        "drops": "0" if s["proto"].startswith("tcp") else "",
        "somaxconn": str(SOMAXCONN),
        "clamped": "yes" if backlog == SOMAXCONN else "no",
        "inode": str(s["inode"]),
        "uid": "0",
    }


def csv_local(local):
    guarded = "'" + local if local[:1] in ("=", "+", "-", "@", "\t", "\r") else local
    return guarded


rc, rows, err = sockq_csv("-N", name)
eq(rc, 0, "exit status")
eq(err, "", "stderr")
by_inode = {r["inode"]: r for r in rows}
eq(len(rows), len(h.socks), "one row per listener")
for s in h.socks:
    r = by_inode.get(str(s["inode"]))
    if not check(r is not None, "listener %s missing" % s["local"]):
        continue
    exp = expected(s)
    exp["local"] = csv_local(exp["local"])
    for col in HEADER:
        eq(r[col], exp[col], "%s %s column %s" % (s["proto"], s["local"], col))

rc, out, _ = sockq("--csv", "-N", name)
eq(out.splitlines()[0], ",".join(HEADER), "CSV header and column order")
# The clamp: asked 4096, got somaxconn.
clamped = [r for r in rows if r["clamped"] == "yes"]
eq(len(clamped), 1, "exactly one clamped listener")

# JSON: numbers as numbers, clamped as a boolean.
rc, objs, _ = sockq_json("-N", name)
eq(rc, 0, "json exit status")
eq(len(objs), len(h.socks), "json rows")
for o in objs:
    s = next(x for x in h.socks if x["inode"] == o["inode"])
    exp = expected(s)
    eq(o["local"], exp["local"], "json local")
    for col in ("recv_q", "backlog", "use_pct", "somaxconn", "inode", "uid"):
        eq(o[col], int(exp[col]), "json %s %s" % (s["local"], col))
    eq(o["drops"], int(exp["drops"]) if exp["drops"] else None, "json %s drops" % s["local"])
    eq(o["clamped"], exp["clamped"] == "yes", "json clamped")
    eq(o["state"], exp["state"], "json state")

# Stable order: netns, proto, local; two runs diff clean.
rc, out2, _ = sockq("--csv", "-N", name)
eq(out2, out, "two runs give the same output")
protos = [r["proto"] for r in rows]
eq(protos, sorted(protos, key=["tcp", "tcp6", "unix", "unix_seq"].index), "rows sorted by proto")

# Selectors.
for args, want in ((["-t"], {"tcp", "tcp6"}), (["-x"], {"unix", "unix_seq"}),
                   (["-4"], {"tcp"}), (["-6"], {"tcp6"}), (["-x", "-4"], {"tcp", "unix", "unix_seq"})):
    rc, rows2, _ = sockq_csv("-N", name, *args)
    eq({r["proto"] for r in rows2}, want, "selector %s" % " ".join(args))

# The table: upper-case headers, every listener, full ones marked.
rc, out, _ = sockq("-l", "-N", name)
lines = out.splitlines()
eq(lines[0].split(), [c.upper() for c in HEADER if c != "netns"], "table header")
eq(len(lines), len(h.socks) + 1, "table rows")
eq(sum(1 for l in lines if " full " in l), sum(1 for s in h.socks if expected(s)["state"] == "full"),
   "table shows the full rows")
check("\x1b" not in out, "no colour when piped")
rc, out, _ = sockq("-N", name, "--color=always")
check("\x1b[1;31m" in out, "--color=always highlights full rows")
rc, out, _ = sockq("-N", name, "--color=always", env={"NO_COLOR": "1"})
check("\x1b[1;31m" in out, "--color=always wins over NO_COLOR")

# No raw control byte in any format, and each row stays on one line.
for fmt in ("--csv", "--json", "--format=table", "--format=openmetrics"):
    rc, out, _ = sockq(fmt, "-N", name)
    check(not any(ord(c) < 0x20 and c != "\n" for c in out), "%s: no control bytes" % fmt)
    check("\u202e" not in out, "%s: no bidi override" % fmt)
    check("\udcff" not in out, "%s: valid UTF-8" % fmt)
rc, out, _ = sockq("--csv", "-N", name)
eq(len(out.splitlines()), len(h.socks) + 1, "CSV has one line per listener")
check(',"\'=HYPERLINK(""x"")",' in out, "formula neutralised and quoted in CSV")
check(",'+cmd," in out, "leading + neutralised in CSV")
check(",'@=1+1\\x0a," in out, "abstract name guarded and escaped in CSV")

# Socket files were really made where we said.
check(os.path.exists(os.path.join(d, "stream.sock")), "socket file exists")
done()
