# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_metrics.py: the metrics format, read strictly here and by promtool."""
import re
import subprocess

from sqtest import Helper, check, done, eq, need_root, need_tools, sockq, unique

need_root()
promtool, = need_tools("promtool")
name = unique("sqmet")
h = Helper("-n", name, "-s", "128", "tcp,127.0.0.1:0,0,full+3", "tcp,127.0.0.1:0,10,2",
           "unix,@%s,2,1" % name)

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
p = subprocess.run([promtool, "check", "metrics"], input=out, capture_output=True, text=True)
eq(p.returncode, 0, "promtool check metrics: %s" % p.stdout + p.stderr)
done()
