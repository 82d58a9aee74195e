# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_monitor.py: --summary counters, --check and --watch."""
import json
import re
import subprocess

from sqtest import SOCKQ, Helper, check, done, eq, need_root, sockq, sockq_csv, unique

need_root()
name = unique("sqmon")
N = ["-N", name]

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
doc = json.loads(out)
eq(list(doc), ["namespaces", "input_backlog"], "summary JSON names its arrays")
eq(doc["namespaces"][0]["full"], 1, "summary as JSON")
rc, out, _ = sockq("-S", *N)
check(out.startswith("NETNS") and "LISTEN_OVERFLOWS" in out, "summary as a table")

# --check: OK, WARNING and CRITICAL on crafted queues; perfdata after '|'.
for port, code, word in ((ok_port, 0, "OK"), (warn_port, 1, "WARNING"), (full_port, 2, "CRITICAL")):
    rc, out, _ = sockq("--check", "-t", "--port", str(port), *N)
    eq(rc, code, "--check on port %d" % port)
    check(out.startswith("SOCKQ %s - " % word) and " | listeners=1 " in out and out.count("\n") == 1,
          "status line %r" % out)
# A status line that cannot be written is no verdict, WARNING included
# (whose 1 is also the runtime failure's).
for port in (ok_port, warn_port, full_port):
    with open("/dev/full", "w") as full:
        p = subprocess.run([SOCKQ, "--check", "-t", "--port", str(port), *N], stdout=full,
                           stderr=subprocess.PIPE, text=True)
    eq(p.returncode, 3, "--check on port %d > /dev/full: UNKNOWN" % port)
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
# --watch -J: JSON Lines, one object a sample, each with its time.
rc, out, _ = sockq("-w", "0.1", "-c", "2", "-J", *N)
eq(rc, 0, "--watch JSON")
samples = out.splitlines()
eq(len(samples), 2, "one line a sample: %r" % out[:200])
for line in samples:
    try:
        doc = json.loads(line)
    except ValueError:
        doc = {}
    eq(sorted(doc), ["listeners", "time"], "a sample holds its time and its listeners")
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", doc.get("time", "")),
          "sample time: %r" % doc.get("time"))
    eq(sorted(l["local"] for l in doc.get("listeners", [])),
       sorted(s["local"] for s in h.socks), "every listener in the sample")
rc, out, _ = sockq("-w", "0.1", "-c", "2", "-J", "-S", *N)
docs = [json.loads(l) for l in out.splitlines()]
eq([sorted(d) for d in docs], [["input_backlog", "namespaces", "time"]] * 2, "--watch -S -J samples")

done()
