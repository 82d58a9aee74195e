# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_metrics.py: the Prometheus text format and OpenMetrics, read strictly here, by promtool and
by prometheus_client's OpenMetrics parser; series unique whatever names local users choose."""
import subprocess

from sqtest import (Helper, check, done, eq, need_root, need_tools, parse_metrics, skip, sockq,
                    tmpdir, unique)

need_root()
promtool, = need_tools("promtool")
# The OpenMetrics reader is Debian's python3-prometheus-client, for Debian's python3.
DEBIAN_PY = "/usr/bin/python3"
if subprocess.run([DEBIAN_PY, "-c", "import prometheus_client.openmetrics.parser"],
                  capture_output=True).returncode != 0:
    skip("needs prometheus_client (Debian: apt-get install python3-prometheus-client)")
name = unique("sqmet")
d = tmpdir()
# A full queue with drops, a clamped backlog, and AF_UNIX names that read
# alike: an abstract "\0x" and a path "@x" both show as @x, and an absolute
# path sorts between them (so they are not neighbours).
h = Helper("-n", name, "-s", "128", "tcp,127.0.0.1:0,0,full+3!", "tcp,127.0.0.1:0,4096,2",
           "unix,@x,2,1", "unix,path:@x,2,0", "unix,@other,2,0", "unix,%s/between,2,0" % d, cwd=d)
full, clamped, abstract, path, other, between = h.socks

for dialect in ("prometheus", "openmetrics"):
    rc, out, err = sockq("-N", "all", "--format", dialect)
    eq(rc, 0, "%s: exit status (%s)" % (dialect, err.strip()))
    families, series = parse_metrics(out, dialect, dialect)
    eq(out.endswith("# EOF\n"), dialect == "openmetrics", "%s: # EOF only in OpenMetrics" % dialect)
    if dialect == "prometheus":
        check(all(not t.startswith("counter") or f.endswith("_total") for f, t in families.items()),
              "prometheus: counter families are named after their _total samples")
        eq(families.get("sockq_netns_info"), "gauge", "prometheus: the info series is a gauge")
    else:
        check(all(not f.endswith("_total") for f in families), "openmetrics: families without _total")
        eq(families.get("sockq_listen_drops"), "counter", "openmetrics: a counter family")
        eq(families.get("sockq_netns"), "info", "openmetrics: an info family")
    # (sample name, labels, value) of this test's namespace.
    mine = [(m, dict(lbl), v) for (m, lbl), v in series.items() if dict(lbl).get("netns") == name]

    def listener(metric, sock):
        found = [v for m, lbl, v in mine if m == metric and
                 lbl.get("inode", str(sock["inode"])) == str(sock["inode"]) and
                 lbl.get("local") == sock["local"]]
        return found[0] if len(found) == 1 else found

    eq(listener("sockq_accept_queue_length", full), "1", "%s: queue length" % dialect)
    eq(listener("sockq_accept_queue_full", full), "1", "%s: full" % dialect)
    eq(listener("sockq_accept_queue_full", clamped), "0", "%s: not full" % dialect)
    eq(float(listener("sockq_accept_queue_use_ratio", full)), 1.0, "%s: use ratio 1/(0+1)" % dialect)
    ratio = float(listener("sockq_accept_queue_use_ratio", clamped))
    check(abs(ratio - 2 / 129) < 1e-6, "%s: use ratio 2/129, to six digits: %r" % (dialect, ratio))
    eq(listener("sockq_accept_queue_clamped", clamped), "1", "%s: clamped" % dialect)
    eq(listener("sockq_accept_queue_clamped", full), "0", "%s: not clamped" % dialect)
    eq(listener("sockq_listener_drops_total", full), "3", "%s: the listener's drops" % dialect)
    eq(listener("sockq_listener_drops_total", abstract), [], "%s: no drops counter for AF_UNIX" % dialect)
    # Ports for TCP only; the inode on exactly the rows whose labels collide.
    lens = [lbl for m, lbl, v in mine if m == "sockq_accept_queue_length"]
    eq(sorted(l.get("port") for l in lens if l["proto"] == "tcp"),
       sorted(str(s["port"]) for s in (full, clamped)), "%s: a port label on TCP" % dialect)
    check(all("port" not in l for l in lens if l["proto"].startswith("unix")), "%s: none on AF_UNIX" % dialect)
    eq(sorted(l["inode"] for l in lens if "inode" in l), sorted(str(s["inode"]) for s in (abstract, path)),
       "%s: the two @x listeners, and only they, carry their inode" % dialect)
    check([int(v) > 0 for m, lbl, v in mine if m == "sockq_listen_drops_total"] == [True],
          "%s: the namespace's drops counter" % dialect)
    tool = ([promtool, "check", "metrics"] if dialect == "prometheus" else
            [DEBIAN_PY, "-c", "import sys; from prometheus_client.openmetrics.parser import "
             "text_string_to_metric_families as f; print(sum(len(x.samples) for x in "
             "f(sys.stdin.read())))"])
    p = subprocess.run(tool, input=out, capture_output=True, text=True)
    eq(p.returncode, 0, "%s: its reference reader accepts it: %s" % (dialect, p.stdout + p.stderr))
    if dialect == "openmetrics":
        eq(p.stdout.strip(), str(len(series)), "openmetrics: the parser reads every sample")
done()
