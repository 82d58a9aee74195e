# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_netns.py: --netns NAME|PATH|PID|all, per-namespace somaxconn, errors, privileges."""
import os

from sqtest import Helper, alone, check, done, eq, need_root, sockq, sockq_csv, unique

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

# What was asked decides the table's namespace columns, not what the host
# holds: on a host with one namespace, --netns all and a -N list of more
# than one item show them; one -N item, or none, does not.
lone = unique("sqlone")
shows_ns = {
    ("--netns", "all"): True,
    ("-N", "all"): True,
    ("-N", "1,1"): True,
    ("-N", "1", "-N", "1"): True,
    ("-N", "1"): False,
    (): False,
}
count, *answers = alone(lone, ("-S", "--netns", "all", "--csv", "-o", "netns,listeners"), *shows_ns)
count = count[1].splitlines()
eq(len(count), 2, "a host of one namespace: -S --netns all finds one: %r" % count)
label, listeners = count[1].split(",") if len(count) == 2 else (None, None)
eq(listeners, "1", "holding the one listener")
for (args, ns), (rc, out, err) in zip(shows_ns.items(), answers):
    what = "one namespace, sockq %s" % " ".join(args)
    eq(rc, 0, "%s: exit status (%s)" % (what, err.strip()))
    lines = [l.split() for l in out.splitlines()]
    want = ["NETNS", "NS_CONTAINER", "PROTO"] if ns else ["PROTO", "LOCAL", "RECV_Q"]
    eq(lines[0][:3] if lines else None, want, "%s: the first columns" % what)
    rows = [l for l in lines[1:] if "@" + lone in l]
    eq(len(rows), 1, "%s: the listener, once" % what)
    if ns and rows:
        eq(rows[0][0], label, "%s: the row names its namespace" % what)

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

# Capabilities: rendering happens with none held, and collecting with only
# what it needs: entering namespaces (CAP_SYS_ADMIN) and looking at other
# users' processes (CAP_SYS_PTRACE), never CAP_NET_ADMIN, with which the
# kernel would add every socket's mark to each reply.
rc, out, err = sockq("--netns", "all", env={"SOCKQ_DEBUG_CAPS": "1"})
check("render CapEff:\t0000000000000000" in err, "capabilities dropped before rendering: %r" % err)
check("render CapPrm:\t0000000000000000" in err, "permitted set empty too")
collect = [int(l.split()[-1], 16) for l in err.splitlines() if "debug: collect CapEff:" in l]
eq(len(collect), 1, "one collection: %r" % err)
CAP_DAC_READ_SEARCH, CAP_NET_ADMIN, CAP_SYS_PTRACE, CAP_SYS_ADMIN = 2, 12, 19, 21
want = 1 << CAP_SYS_ADMIN | 1 << CAP_SYS_PTRACE
if collect:
    eq(collect[0] & want, want, "collecting: CAP_SYS_ADMIN and CAP_SYS_PTRACE effective")
    eq(collect[0] & ~(want | 1 << CAP_DAC_READ_SEARCH), 0,
       "collecting: nothing else effective (CapEff %016x)" % collect[0])

done()
