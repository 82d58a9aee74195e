# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_metrics.py: the Prometheus text format and OpenMetrics, read strictly here, by promtool and
by prometheus_client's OpenMetrics parser; series unique whatever names local users choose."""
import re
import subprocess

from sqtest import Helper, check, done, eq, need_root, need_tools, skip, sockq, tmpdir, unique

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

name_re = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
label_re = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
sample_re = re.compile(r"(%s)(\{%s(?:,%s)*\})? ([0-9.eE+-]+|NaN)$" % (name_re, label_re, label_re))


def read(text, dialect):
    """families: name -> type; series: (sample, labels) -> value; checks the
    order (HELP, then TYPE, then samples) and the names each dialect wants."""
    families, series, last_help = {}, {}, None
    lines = text.splitlines()
    for line in lines:
        m = re.match(r"# (HELP|TYPE) (%s) (.+)$" % name_re, line)
        if m and m.group(1) == "HELP":
            last_help = m.group(2)
            continue
        if m:
            check(last_help == m.group(2), "%s: HELP before TYPE of %s" % (dialect, m.group(2)))
            families[m.group(2)] = m.group(3)
            continue
        if line == "# EOF":
            continue
        m = sample_re.match(line)
        if not check(m is not None, "%s: a valid sample line: %r" % (dialect, line)):
            continue
        key = (m.group(1), m.group(2))
        check(key not in series, "%s: series %s%s appears once" % (dialect, m.group(1), m.group(2)))
        series[key] = m.group(3)
        fam = m.group(1)
        if dialect == "openmetrics":
            fam = re.sub(r"_(total|info)$", "", fam)
        check(fam in families, "%s: %s belongs to a family announced before" % (dialect, m.group(1)))
    return families, series


def labels(lbl):
    return dict(re.findall(r'([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"', lbl or ""))


for dialect in ("prometheus", "openmetrics"):
    rc, out, err = sockq("-N", "all", "--format", dialect)
    eq(rc, 0, "%s: exit status (%s)" % (dialect, err.strip()))
    families, series = read(out, dialect)
    eq(out.endswith("# EOF\n"), dialect == "openmetrics", "%s: # EOF only in OpenMetrics" % dialect)
    if dialect == "prometheus":
        check(all(not t.startswith("counter") or f.endswith("_total") for f, t in families.items()),
              "prometheus: counter families are named after their _total samples")
        eq(families.get("sockq_netns_info"), "gauge", "prometheus: the info series is a gauge")
    else:
        check(all(not f.endswith("_total") for f in families), "openmetrics: families without _total")
        eq(families.get("sockq_listen_drops"), "counter", "openmetrics: a counter family")
        eq(families.get("sockq_netns"), "info", "openmetrics: an info family")
    mine = {k: v for k, v in series.items() if labels(k[1]).get("netns") == name}

    def listener(metric, sock):
        found = [v for (m, lbl), v in mine.items() if m == metric and
                 labels(lbl).get("inode", str(sock["inode"])) == str(sock["inode"]) and
                 labels(lbl).get("local") == sock["local"].replace("\\", "\\\\")]
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
    lens = [labels(lbl) for (m, lbl) in mine if m == "sockq_accept_queue_length"]
    eq(sorted(l.get("port") for l in lens if l["proto"] == "tcp"),
       sorted(str(s["port"]) for s in (full, clamped)), "%s: a port label on TCP" % dialect)
    check(all("port" not in l for l in lens if l["proto"].startswith("unix")), "%s: none on AF_UNIX" % dialect)
    eq(sorted(l["inode"] for l in lens if "inode" in l), sorted(str(s["inode"]) for s in (abstract, path)),
       "%s: the two @x listeners, and only they, carry their inode" % dialect)
    check(re.search(r'^sockq_listen_drops_total\{netns="%s"\} [1-9]' % name, out, re.M),
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
