# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_ss.py: sockq's recv_q and backlog equal ss's Recv-Q and Send-Q, and its v6only ss's
v6only, socket by socket."""
import subprocess

from sqtest import Helper, check, done, eq, need_root, need_tools, sockq_csv, tmpdir, unique

need_root()
ss, = need_tools("ss")
d = tmpdir()
name = unique("sqss")
h = Helper("-n", name, "-s", "128",
           "tcp,127.0.0.1:0,5,3", "tcp,0.0.0.0:0,1,full", "tcp6,[::]:0,9,4",
           "tcp46,[::]:0,6,2",            "unix,%s/a.sock,4,full" % d, "unix_seq,%s/b.sock,7,2" % d, "unix,@%s,3,1" % name,
           "tcp,127.0.0.1:0,300,0")


def ss_rows(*args):
    """inode -> (Recv-Q, Send-Q, v6only: "yes", "no" or "" where ss shows none)"""
    out = subprocess.run([ss, "-N", name, "-lnHe", *args], capture_output=True, text=True,
                         check=True).stdout
    rows = {}
    for line in out.splitlines():
        f = line.split()
        if f[0] in ("u_str", "u_seq"):
            rows[int(f[5])] = (int(f[2]), int(f[3]), "")
        else:
            ino = next(x for x in f if x.startswith("ino:"))
            v6 = [x[7:] for x in f if x.startswith("v6only:")]
            rows[int(ino[4:])] = (int(f[1]), int(f[2]), {"1": "yes", "0": "no"}[v6[0]] if v6 else "")
    return rows


want = ss_rows("-t")
want.update(ss_rows("-x"))
# The namespace by name, and the same namespace's rows out of --netns all.
for spec in (name, "all"):
    rc, rows, err = sockq_csv("-N", spec, "-o", "netns,inode,recv_q,backlog,v6only")
    eq(rc, 0, "-N %s: exit status (%s)" % (spec, err.strip()))
    got = {int(r["inode"]): (int(r["recv_q"]), int(r["backlog"]), r["v6only"])
           for r in rows if r["netns"] == name}
    eq(set(got), set(want), "-N %s: same listeners as ss in %s" % (spec, name))
    for ino in want:
        eq(got.get(ino), want[ino], "-N %s: inode %d: (recv_q, backlog, v6only) vs ss "
           "(Recv-Q, Send-Q, v6only)" % (spec, ino))
check(len(want) == len(h.socks), "ss sees every test listener")
eq(sorted(v[2] for v in want.values() if v[2]), ["no", "yes"],
   "one IPv6 listener of each kind, as ss sees them")
# And in the current namespace, whatever is listening there.
out = subprocess.run([ss, "-ltnxHe"], capture_output=True, text=True, check=True).stdout
rc, rows, _ = sockq_csv()
host = {int(r["inode"]): (int(r["recv_q"]), int(r["backlog"])) for r in rows}
for line in out.splitlines():
    f = line.split()
    if f[0] in ("u_str", "u_seq"):
        ino, q = int(f[5]), (int(f[2]), int(f[3]))
    elif f[0] == "tcp":
        ino, q = int(next(x for x in f if x.startswith("ino:"))[4:]), (int(f[2]), int(f[3]))
    else:
        continue
    eq(host.get(ino), q, "current namespace inode %d vs ss" % ino)
done()
