# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_textfile.py: node_exporter's textfile collector serves the file the service writes,
every series as sockq wrote it, without an error, even where socket names collide.

The file is written by the service's own ExecStart= (the installed unit, its
textfile directory moved to a temporary one) with the unit's capability
bounding set and umask; a real prometheus-node-exporter, as an unprivileged
user as Debian runs it, reads that directory; both texts are parsed here and
compared series by series."""
import atexit
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

from sqtest import (Helper, check, done, eq, fail, need_root, need_tools, parse_metrics, tmpdir,
                    unique)
from squnits import SERVICE, Installed, command, run, write_arg

need_root()
exporter, = need_tools("prometheus-node-exporter")
need_tools("setpriv", "systemd-analyze")
NOBODY = 65534

inst = Installed()
out_dir = tmpdir()
os.chmod(out_dir, 0o755)
inst.retarget(out_dir)
setpriv, argv, umask, cwd = command(inst, inst.view(SERVICE))
prom = write_arg(argv)

# Listeners whose names collide: an abstract "\0x" and a relative path "@x"
# both read @x, with an absolute path sorting between them; a name that
# needs escaping (a quote, a backslash, a newline, a non-ASCII letter); a
# full queue that dropped connections, and a clamped backlog.
name = unique("sqtxt")
d = tmpdir()
h = Helper("-n", name, "-h", unique("sqtxt-host"), "-s", "128", "tcp,127.0.0.1:0,0,full+3!",
           "tcp,127.0.0.1:0,4096,2", "unix,@x,2,1", "unix,path:@x,2,0", "unix,%s/between,2,0" % d,
           'unix,@q"\\\\\\n\\xc3\\xa9,2,0', cwd=d)
abstract, path = h.socks[2], h.socks[3]

p = run(setpriv, argv, umask, cwd)
eq(p.returncode, 0, "the service's command (stderr: %s)" % p.stderr.strip())

def parse(text, what):
    """Types {family: type} and samples {(name, labels): value}, labels as
    Prometheus sees them: an empty value is no label."""
    types, series = parse_metrics(text, what)
    samples = {}
    for (name, labels), value in series.items():
        key = (name, frozenset((k, v) for k, v in labels if v != ""))
        check(key not in samples, "%s: %s%s twice once empty labels are dropped"
              % (what, name, sorted(labels)))
        samples[key] = float(value)
    return types, samples


def same(a, b):
    return a == b or (a != a and b != b)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, what, timeout=120):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, what), timeout=timeout) as r:
        return r.read().decode("utf-8", "surrogateescape")


def start_exporter(log_path):
    """node_exporter on a free port, as nobody: its process and port once it
    answers. A port another process took meanwhile makes it exit; then another."""
    for _ in range(5):
        port = free_port()
        log = open(log_path, "w")
        proc = subprocess.Popen(["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups",
                                 "--nnp", "--", exporter, "--collector.disable-defaults", "--collector.textfile",
                                 "--collector.textfile.directory=" + out_dir, "--web.disable-exporter-metrics",
                                 "--web.listen-address=127.0.0.1:%d" % port],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        atexit.register(stop, proc)
        for _ in range(300):
            if proc.poll() is not None:
                break
            try:
                if "Node Exporter" in get(port, "/", timeout=5) and proc.poll() is None:
                    return proc, port
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        stop(proc)
        if "address already in use" not in open(log_path).read():
            break
    fail("node_exporter did not start: %s" % open(log_path).read())
    return None, None


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


text = open(prom, encoding="utf-8", errors="surrogateescape").read()
file_types, file_samples = parse(text, "sockq.prom")
mine = [dict(k[1]) for k in file_samples if k[0] == "sockq_accept_queue_length" and dict(k[1]).get("netns") == name]
eq(sorted(l.get("inode") for l in mine if l.get("local") == "@x"), sorted(str(s["inode"]) for s in (abstract, path)),
   "the file tells the two @x listeners apart by inode")
eq(len(mine), len(h.socks), "the file holds every listener of %s" % name)

log_path = os.path.join(tmpdir(), "node_exporter.log")
proc, port = start_exporter(log_path)
try:
    scraped = get(port, "/metrics") if proc else ""
finally:
    if proc:
        stop(proc)
types, samples = parse(scraped, "node_exporter")
served = {k: v for k, v in samples.items() if k[0].startswith("sockq_")}
missing = [k for k in file_samples if k not in served]
extra = [k for k in served if k not in file_samples]
differ = [(k, v, served[k]) for k, v in file_samples.items() if k in served and not same(v, served[k])]
check(len(file_samples) > len(h.socks), "the file has series (%d)" % len(file_samples))
eq((len(missing), missing[:5]), (0, []), "series in the file that node_exporter does not serve")
eq((len(extra), extra[:5]), (0, []), "series node_exporter serves that the file does not hold")
eq((len(differ), differ[:5]), (0, []), "series whose value changed on the way")
eq({f: t for f, t in types.items() if f.startswith("sockq_")}, file_types, "every family keeps its type")
for s in h.socks:
    found = [v for (m, lbl), v in served.items() if m == "sockq_accept_queue_length" and
             dict(lbl).get("netns") == name and dict(lbl).get("local") == s["local"] and
             dict(lbl).get("inode", str(s["inode"])) == str(s["inode"])]
    eq(found, [float(s["queued"])], "node_exporter serves %r with its queue" % s["local"])

eq(samples.get(("node_textfile_scrape_error", frozenset())), 0.0, "node_textfile_scrape_error 0")
mtimes = {dict(k[1]).get("file"): v for k, v in samples.items() if k[0] == "node_textfile_mtime_seconds"}
eq([os.path.basename(f) for f in mtimes], ["sockq.prom"], "node_textfile_mtime_seconds for sockq.prom only")
check(all(abs(v - os.stat(prom).st_mtime) < 1 for v in mtimes.values()),
      "its value is the file's mtime: %s, %s" % (mtimes, os.stat(prom).st_mtime))
log = open(log_path, encoding="utf-8", errors="replace").read()
eq([l for l in log.splitlines() if "collected before" in l or "level=error" in l or "level=warn" in l], [],
   "node_exporter logged no error")
check("Listening on" in log, "the log is node_exporter's: %s" % log[-500:])
done()
