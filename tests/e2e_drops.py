# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_drops.py: connections each listener dropped, exactly, in every format, between samples
and between checks; the namespace counters and the host's input backlog."""
import os
import re
import shutil
import signal
import subprocess

from sqtest import (SOCKQ, Helper, check, done, eq, metric_samples, need_root, need_tools, sockq,
                    sockq_csv, sockq_json, tmpdir, unique)

need_root()
ss, ip = need_tools("ss", "ip")
name = unique("sqdrop")
d = tmpdir()
# Backlog 2, its queue filled (3 connections), then 5 attempts more, each
# dropped once and closed before it is sent again; backlog 4 with 1 + 3
# (all admitted: none dropped); AF_UNIX, which counts nothing.
h = Helper("-n", name, "-B", "4", "tcp,127.0.0.1:0,2,full+5!", "tcp,127.0.0.1:0,4,1+3!",
           "unix,@%s,2,1" % name)
burst_sock, calm_sock, unix_sock = h.socks
WANT = {burst_sock["inode"]: 5, calm_sock["inode"]: 0}


def kernel_counters():
    """TcpExt of the namespace, read without sockq."""
    lines = subprocess.run([ip, "netns", "exec", name, "cat", "/proc/net/netstat"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    tcpext = [l.split()[1:] for l in lines if l.startswith("TcpExt:")]
    return dict(zip(tcpext[0], map(int, tcpext[1])))


def ss_drops():
    """inode -> d<N> of skmem, as ss -tlm shows it."""
    out = subprocess.run([ss, "-N", name, "-tlnmeH"], capture_output=True, text=True,
                         check=True).stdout
    found = {}
    for entry in re.split(r"\n(?=LISTEN)", out.strip()):
        ino = re.search(r"ino:(\d+)", entry)
        dr = re.search(r"skmem:\(.*?,d(\d+)\)", entry)
        if ino and dr:
            found[int(ino.group(1))] = int(dr.group(1))
    return found


rc, rows, err = sockq_csv("-N", name)
eq(rc, 0, "exit status (%s)" % err.strip())
got = {int(r["inode"]): r["drops"] for r in rows}
for ino, want in WANT.items():
    eq(got.get(ino), str(want), "drops of inode %d" % ino)
eq(got.get(unix_sock["inode"]), "", "AF_UNIX counts no drops: empty")
eq({ino: n for ino, n in ss_drops().items() if ino in WANT}, WANT, "ss -tlm shows the same d<N>")
counters = kernel_counters()
eq(counters["ListenDrops"], sum(WANT.values()), "the namespace's ListenDrops is their sum")
check(rows and list(rows[0])[6:8] == ["state", "drops"], "drops comes after state")

rc, objs, _ = sockq_json("-N", name)
eq({o["inode"]: o["drops"] for o in objs}, {**WANT, unix_sock["inode"]: None}, "drops in JSON")
rc, out, _ = sockq("-N", name, "--format", "openmetrics")
eq(sorted(int(v) for _, v in metric_samples(out, "sockq_listener_drops_total", netns=name)),
   sorted(WANT.values()), "a drops counter per TCP listener")

# The namespace: its counters, the listeners' sum, what remains.
rc, rows, _ = sockq_csv("-S", "-N", name, "-o", "netns,listen_overflows,listen_drops,drops,"
                        "drops_elsewhere,reqq_full_drop,reqq_full_cookies,cookies_sent,"
                        "cookies_recv,cookies_failed")
r = rows[0] if rows else {}
eq(r.get("listen_drops"), str(counters["ListenDrops"]), "-S listen_drops")
eq(r.get("listen_overflows"), str(counters["ListenOverflows"]), "-S listen_overflows")
eq(r.get("drops"), "5", "-S drops: the listeners' sum")
eq(r.get("drops_elsewhere"), "0", "-S drops_elsewhere: nothing else dropped")
for col, key in (("reqq_full_drop", "TCPReqQFullDrop"), ("reqq_full_cookies", "TCPReqQFullDoCookies"),
                 ("cookies_sent", "SyncookiesSent"), ("cookies_recv", "SyncookiesRecv"),
                 ("cookies_failed", "SyncookiesFailed")):
    eq(r.get(col), str(counters[key]), "-S %s is TcpExt %s" % (col, key))


def burst():
    """The first listener overflows by 4 and is drained; returns when done."""
    h.proc.send_signal(signal.SIGUSR1)
    line = h.proc.stdout.readline().decode()
    check(line.startswith("burst dropped=4"), "the helper made its burst: %r" % line)


# --watch: a burst between two samples shows as new_drops, while every
# sampled queue is within its backlog. The queue is drained first (a burst
# ends drained), and the watch is stopped during the next one, so no
# sample falls inside it.
burst()
w = subprocess.Popen([SOCKQ, "-N", name, "-t", "--watch", "0.2", "-c", "4", "--csv", "-o",
                      "inode,recv_q,backlog,drops,new_drops"], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
lines = [w.stdout.readline(), w.stdout.readline(), w.stdout.readline()]
w.send_signal(signal.SIGSTOP)
burst()
w.send_signal(signal.SIGCONT)
rest, err = w.communicate(timeout=30)
eq(w.returncode, 0, "--watch exit status (%s)" % err.strip())
series = [l.strip().split(",") for l in (lines + rest.splitlines())[1:]]
mine = [s for s in series if s[1] == str(burst_sock["inode"])]
eq(len(mine), 4, "4 samples of the listener")
check(all(int(s[2]) <= int(s[3]) for s in mine), "every sampled queue within its backlog: %s" % mine)
eq([s[5] for s in mine].count("4"), 1, "one sample shows the 4 new drops: %s" % mine)
eq([s[5] for s in mine].count(""), 1, "the first sample has none to compare with")
eq(mine[-1][4], "13", "drops since listen(): 5 + 4 + 4")
peaks = err.split("Peak accept queues while watching:\n")[-1].splitlines()
row = [l.split() for l in peaks if "127.0.0.1:%d" % burst_sock["port"] in l]
eq(peaks[0].split()[-1] if peaks else None, "WATCH_DROPS", "the peaks table has the watch's drops")
eq(row[0][-1] if row else None, "4", "4 of them for the listener that overflowed")

# In a table, a listener that dropped since the last sample is highlighted
# though its queue is no longer full.
w = subprocess.Popen([SOCKQ, "-N", name, "-t", "--watch", "0.2", "-c", "2", "--color=always", "-o",
                      "inode,recv_q,new_drops"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     text=True)
first = [w.stdout.readline() for _ in range(3)]
w.send_signal(signal.SIGSTOP)
burst()
w.send_signal(signal.SIGCONT)
rest, err = w.communicate(timeout=30)
hot = [l for l in rest.splitlines() if str(burst_sock["inode"]) in l]
check(hot and "\x1b[1;31m" in hot[-1] and not any("\x1b[1;31m" in l for l in first),
      "highlighted after the burst, not before: %r" % (first + hot))

# --check --state: OK; a burst; CRITICAL once, naming the listener; OK again.
state = os.path.join(d, "check.state")
results = []
for step in range(3):
    if step == 1:
        burst()
    results.append(sockq("--check", "-t", "--port", str(burst_sock["port"]), "-N", name,
                         "--state", state))
eq([r[0] for r in results], [0, 2, 0], "--check --state: OK, CRITICAL, OK")
check("dropped 4 connections since the last check" in results[1][1] and
      "127.0.0.1:%d" % burst_sock["port"] in results[1][1] and "+4" in results[1][1],
      "the CRITICAL line names the listener and the drops: %r" % results[1][1])
check("drops=%dc" % (5 + 4 * 4) in results[2][1] and "new_drops=0" in results[2][1],
      "perfdata: %r" % results[2][1])
eq(oct(os.stat(state).st_mode & 0o777), "0o600", "the state file is mode 0600")
rc, out, _ = sockq("--check", "-t", "--port", str(burst_sock["port"]), "-N", name)
check(rc == 0 and "new_drops" not in out, "without --state, old drops alone never alarm: %r" % out)

# A listener left out of one check (another port) is still remembered:
# when a later check looks at it, only the drops since are new.
other = os.path.join(d, "other.state")
rc, out, _ = sockq("--check", "-t", "--port", str(calm_sock["port"]), "-N", name, "--state", other)
check(rc in (0, 1) and "new_drops=0" in out, "a check of another listener: no drops (%s)" % out.strip())
burst()
rc, out, _ = sockq("--check", "-t", "--port", str(burst_sock["port"]), "-N", name, "--state", other)
eq(rc, 2, "the listener not checked then: CRITICAL for the drops since (%s)" % out.strip())
check("+4" in out and "new_drops=4" in out, "exactly the 4 since: %r" % out)

# A namespace that cannot be found is a status line too.
rc, out, _ = sockq("--check", "-N", "no-such-%s" % name, "--state", other)
eq(rc, 3, "a namespace not found: UNKNOWN")
check(out.startswith("SOCKQ UNKNOWN - "), "with its status line: %r" % out)

# The state file is never followed through a link, nor taken from others.
link = os.path.join(d, "link.state")
os.symlink("/etc/passwd", link)
rc, out, _ = sockq("--check", "--state", link)
check(rc == 3 and "symbolic link" in out, "a symbolic link: UNKNOWN: %r" % out)
check(open("/etc/passwd").read().startswith("root:"), "and nothing written through it")
theirs = os.path.join(d, "theirs.state")
shutil.copy(state, theirs)
os.chown(theirs, 65534, 65534)
os.chmod(theirs, 0o644)
rc, out, _ = sockq("--check", "--state", theirs)
check(rc == 3 and "belongs to uid 65534" in out, "another user's file: UNKNOWN: %r" % out)
os.chmod(state, 0o620)
rc, out, _ = sockq("--check", "--state", state)
check(rc == 3 and "others may write to it" in out, "a file others may write: UNKNOWN: %r" % out)


# The host's input backlog, per CPU, against /proc read here.
def softnet():
    return [[int(x, 16) for x in line.split()] for line in open("/proc/net/softnet_stat")]


before = softnet()
rc, rows, _ = sockq_csv("--backlog")
after = softnet()
eq(rc, 0, "--backlog exit status")
eq([r["cpu"] for r in rows], [str(f[12]) if len(f) > 12 else str(i) for i, f in enumerate(before)] +
   ["all"], "one row per CPU, then all")
for r, b, a in zip(rows, before, after):
    check(b[1] <= int(r["dropped"]) <= a[1] and b[2] <= int(r["time_squeeze"]) <= a[2] and
          b[0] <= int(r["processed"]) <= a[0], "CPU %s as /proc says" % r["cpu"])
eq(int(rows[-1]["processed"]), sum(int(r["processed"]) for r in rows[:-1]), "all is the sum")
eq({r["netdev_max_backlog"] for r in rows},
   {open("/proc/sys/net/core/netdev_max_backlog").read().strip()}, "the limit, net.core.netdev_max_backlog")
rc, out, _ = sockq("--format", "openmetrics", "-N", name)
eq(len([l for l, _ in metric_samples(out, "sockq_input_backlog_dropped_total") if "cpu" in l]),
   len(before), "a backlog drops counter per CPU in the metrics")
rc, out, _ = sockq("-S", "-N", name)
check("Input backlog, all %d CPUs" % len(before) in out, "-S ends with the host's backlog")
done()
