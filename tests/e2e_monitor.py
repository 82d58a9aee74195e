# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_monitor.py: syn_q, --summary counters, --check, --watch and OpenMetrics."""
import json
import re
import shutil
import subprocess

from sqtest import Helper, check, done, eq, need_root, sockq, sockq_csv, unique

need_root()
name = unique("sqmon")
N = ["-N", name]

# SYN queue: SYN-ACKs to the clients are dropped, so the requests stay in
# SYN_RECV on the listener, exactly as many as were started.
iptables = shutil.which("iptables")
if check(iptables is not None, "iptables is installed"):
    rule = "%s -A INPUT -p tcp -m multiport --sports 45001,45002 --tcp-flags SYN,ACK SYN,ACK -j DROP" % iptables
    try:
        syn = Helper("-n", name + "s", "-e", rule,
                     "tcp,127.0.0.1:45001,10,0+4", "tcp,0.0.0.0:45002,10,0+2", "tcp,127.0.0.1:45003,10,0")
    except RuntimeError as e:
        syn = None
        check(False, "iptables rule in a namespace: %s" % e)
    if syn:
        rc, rows, err = sockq_csv("-N", name + "s", "-o", "local,recv_q,syn_q,syn_max")
        eq(rc, 0, "syn_q exit status: %s" % err)
        got = {r["local"]: r["syn_q"] for r in rows}
        eq(got.get("127.0.0.1:45001"), "4", "4 requests in SYN_RECV")
        eq(got.get("0.0.0.0:45002"), "2", "a wildcard listener takes its port's requests")
        eq(got.get("127.0.0.1:45003"), "0", "an idle listener has none")
        check(all(r["syn_max"].isdigit() for r in rows), "syn_max is the namespace's sysctl")
        rc, out, _ = sockq("--format", "openmetrics", "-o", "+syn_q", "-N", name + "s")
        check('sockq_syn_queue_length{netns="%ss",proto="tcp",local="127.0.0.1:45001"} 4' % name in out,
              "SYN queue gauge in OpenMetrics")

# Overflows: a backlog of 0 admits one; the next SYNs are dropped and counted.
h = Helper("-n", name, "-s", "128", "tcp,127.0.0.1:0,0,full+3", "tcp,127.0.0.1:0,10,2",
           "tcp,127.0.0.1:0,10,9", "unix,@%s,2,1" % name)
full_port, ok_port, warn_port = (s["port"] for s in h.socks[:3])
rc, rows, err = sockq_csv("-S", *N)
eq(rc, 0, "--summary exit status")
eq(len(rows), 1, "one row per namespace")
r = rows[0] if rows else {}
eq(r.get("netns"), name, "summary netns")
eq(r.get("somaxconn"), "128", "summary somaxconn")
eq(r.get("listeners"), "4", "summary listeners")
eq(r.get("full"), "1", "summary full")
check(int(r.get("listen_overflows") or 0) >= 3, "listen_overflows grew: %r" % r.get("listen_overflows"))
check(int(r.get("listen_drops") or 0) >= int(r.get("listen_overflows") or 0), "listen_drops >= overflows")
for k in ("tcp_max_syn_backlog", "tcp_syncookies", "tcp_abort_on_overflow"):
    check((r.get(k) or "").isdigit(), "summary %s" % k)
rc, out, _ = sockq("-S", "-J", *N)
eq(json.loads(out)[0]["full"], 1, "summary as JSON")
rc, out, _ = sockq("-S", *N)
check(out.startswith("NETNS") and "LISTEN_OVERFLOWS" in out, "summary as a table")

# --check: OK, WARNING and CRITICAL on crafted queues; perfdata after '|'.
for port, code, word in ((ok_port, 0, "OK"), (warn_port, 1, "WARNING"), (full_port, 2, "CRITICAL")):
    rc, out, _ = sockq("--check", "-t", "--port", str(port), *N)
    eq(rc, code, "--check on port %d" % port)
    check(out.startswith("SOCKQ %s - " % word) and " | listeners=1 " in out and out.count("\n") == 1,
          "status line %r" % out)
rc, out, _ = sockq("--check", "-t", "--port", str(warn_port), "--warn", "95", *N)
eq(rc, 0, "--warn 95 makes 81% OK")
rc, out, _ = sockq("--check", *N)
eq(rc, 2, "--check over the namespace is CRITICAL")
check("127.0.0.1:%d 1/0 (100%%)" % full_port in out, "names the worst listener: %r" % out)
rc, out, _ = sockq("--check", "-N", "no-such-%s" % name)
eq(rc, 3, "--check that cannot read is UNKNOWN")

# --watch: samples with a leading time column, a CSV time series.
rc, out, err = sockq("--watch", "0.2", "--count", "3", "--csv", *N)
eq(rc, 0, "--watch exit status: %s" % err)
lines = out.splitlines()
check(lines and lines[0].startswith("time,netns,"), "time column first, header once")
times = {l.split(",")[0] for l in lines[1:]}
eq(len(times), 3, "3 samples")
eq(len(lines) - 1, 3 * len(h.socks), "every listener in every sample")
check(all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", t) for t in times), "ISO 8601 ms")
check("Peak accept queues" in err, "peaks summary at the end (stderr when piped)")
rc, out, _ = sockq("-w", "0.1", "-c", "2", "-J", *N)
eq(rc, 0, "--watch JSON")

# The Prometheus text format (what promtool and node_exporter's textfile
# collector read): a strict reading, and promtool itself when present.
rc, out, _ = sockq("--format", "openmetrics", "-N", "all")
eq(rc, 0, "openmetrics exit status")
lines = out.splitlines()
eq(lines[-1] if lines else None, "# EOF", "ends with # EOF")
types, seen, ok = {}, set(), True
name_re = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
label_re = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
sample_re = re.compile(r"(%s)(\{%s(?:,%s)*\})? (\d+)$" % (name_re, label_re, label_re))
for line in lines[:-1]:
    m = re.match(r"# (TYPE|HELP) (%s) (.+)$" % name_re, line)
    if m:
        if m.group(1) == "TYPE":
            types[m.group(2)] = m.group(3)
        continue
    m = sample_re.match(line)
    if not check(m is not None, "valid sample line %r" % line):
        continue
    metric = m.group(1)
    family = metric
    check(family in types, "%s has a TYPE before its samples" % metric)
    check(types.get(family) != "counter" or metric.endswith("_total"), "counter %s ends in _total" % metric)
    check((metric, m.group(2)) not in seen, "series %s%s appears once" % (metric, m.group(2)))
    seen.add((metric, m.group(2)))
check(any(l.startswith('sockq_accept_queue_length{netns="%s",proto="tcp"' % name) for l in lines),
      "queue gauge per listener")
check(any(l.startswith('sockq_listen_overflows_total{netns="%s"}' % name) for l in lines), "overflow counter")
promtool = shutil.which("promtool")
if promtool:
    p = subprocess.run([promtool, "check", "metrics"], input=out, capture_output=True, text=True)
    eq(p.returncode, 0, "promtool check metrics: %s" % p.stdout + p.stderr)
else:
    print("note: promtool not installed; the format was checked by the reader above")
done()
