# SPDX-License-Identifier: GPL-2.0-or-later
"""world.py: a small host of listeners made in namespaces of its own, and the runs of sockq
that are checked against it: live, replayed from a recording (SOCKQ_RECORD_ROOT,
SOCKQ_SYSROOT), and against the expected output kept in tests/data/world.

As root, `python3 tests/world.py --write` makes the world and writes its
recording and every run's expected output into tests/data/world, after
checking that each run replayed from the recording prints what it printed
live."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), ".."))
DATA = os.path.abspath(os.path.join(ROOT, "tests", "data", "world"))
DOCKER = "docker-" + "b" * 64 + ".scope"
POD = "kubepods-burstable-pod12345678_1234_1234_1234_123456789abc.slice"
# A cgroup path over 4 KiB: 17 levels of 250 bytes, then a container's
# scope. The table cuts it, with a mark; the other formats write it whole.
DEEP = "/" + "/".join(chr(ord("a") + i) * 250 for i in range(17)) + "/" + DOCKER

# The helpers: (mksock arguments). Names are hostile where names may be.
HELPERS = [
    ["tcp,127.0.0.1:7001,4,2", "tcp6,[::1]:7002,8,9", "unix,/run/sq-a.sock,3,4",
     "unix_seq,@abs\\n name,5,1", "unix,path:@notabstract,2,0"],
    ["-n", "web", "-s", "64", "-h", "web-host", "tcp,0.0.0.0:443,511,12", "tcp,127.0.0.1:8080,64,65",
     "unix,/run/sq-api.sock,5,6", "unix,@evil\\xe2\\x80\\xaeevil,7,0", "unix,/run/=1+1,3,0",
     "unix,/run/00123,2,0"],
    ["-u", "-h", "pod-host", "-G", "v2:/kubepods.slice/kubepods-burstable.slice/%s/cri-containerd-%s.scope"
     % (POD, "a" * 64), "tcp,0.0.0.0:9090,4096,3", "tcp6,[::]:9090,16,0"],
    ["-u", "-K", "-h", "dock", "-G", "v2:/system.slice/" + DOCKER, "tcp,0.0.0.0:80,64,65",
     "unix,/tmp/sq-k.sock,1,0"],
    ["-u", "-h", "deep", "-G", "v2:" + DEEP, "tcp46,[::]:8443,32,5"],
]

FORMATS = ["table", "csv", "json", "prometheus", "openmetrics"]


def invocations():
    """Every run checked, as argument lists: each format with the main options."""
    runs = []
    for f in FORMATS:
        fmt = ["--format", f]
        for extra in (["-N", "all"], ["-N", "all", "-p"], ["-N", "all", "--output-all"],
                      ["-S", "-N", "all"], ["-S", "-N", "all", "--output-all"], ["--backlog"],
                      [], ["-N", "web"], ["-N", "all", "--sort", "recv_q"],
                      ["-N", "all", "--sort", "local", "--reverse"], ["-N", "all", "--full"],
                      ["-N", "all", "--min-use", "50"], ["-N", "all", "--port", "9090"],
                      ["-N", "all", "-t"], ["-N", "all", "-x"], ["-N", "all", "-4"],
                      ["-N", "all", "-6"], ["-N", "all", "-H"],
                      ["-N", "all", "-o", "netns,ns_container,ns_hostname,ns_cgroup,ns_pid,"
                       "ns_command,proto,local,v6only,syn_q,syn_max,peak_q,watch_drops"],
                      ["-N", "dock"], ["-N", "pod-host,web"]):
            runs.append(fmt + extra)
        if f not in ("prometheus", "openmetrics"):
            runs += [fmt + ["--list-columns"], fmt + ["-S", "--list-columns"],
                     fmt + ["-N", "all", "--watch", "0.1", "--count", "1"]]
    runs += [["-N", "all", "--color=always"], ["-ltnp", "-N", "all"], ["--check", "-N", "all"],
             ["--check", "-N", "all", "--warn", "10"], ["--check", "-N", "web", "-t"],
             ["-N", "nosuch"], ["-N", "999999"], ["-N", "docker:000000000000"]]
    return runs


TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def normal(text):
    """A run's output with what changes from run to run (a watch's time) made the same."""
    return TIME.sub("TIME", text)


def run(sockq, args, env=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.pop("SOCKQ_SYSROOT", None)
    e.pop("SOCKQ_RECORD_ROOT", None)
    e.update(env or {})
    p = subprocess.run([os.path.abspath(sockq), *args], capture_output=True, env=e, timeout=120,
                       cwd="/")
    return (p.returncode, normal(p.stdout.decode("utf-8", "surrogateescape")),
            normal(p.stderr.decode("utf-8", "surrogateescape")))


def replay(sockq, root, args):
    return run(sockq, args, {"SOCKQ_SYSROOT": root})


_INSIDE = r"""
import json, os, subprocess, sys, time
sys.path.insert(0, sys.argv[1])
import world
sockq, mksock, mode, out = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
os.makedirs("/run/netns", exist_ok=True)
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
helpers = []
for args in world.HELPERS:
    p = subprocess.Popen([mksock, "-q", *args], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    line = p.stdout.readline()
    while line and not line.startswith(b"ready"):
        line = p.stdout.readline()
    if not line:
        sys.exit("mksock %s did not start" % args)
    helpers.append(p)
answers = []
if mode == "record":
    answers.append(world.run(sockq, ["-N", "all", "-p"], {"SOCKQ_RECORD_ROOT": out}))
else:
    # Each run live, recording what it read; then replayed from that. A run
    # that fails before it reads anything (a namespace that is not there)
    # is replayed from a recording of the whole world.
    whole = os.path.join(out, "all")
    world.run(sockq, ["-N", "all", "-p"], {"SOCKQ_RECORD_ROOT": whole})
    for i, args in enumerate(world.invocations()):
        root = os.path.join(out, "%03d" % i)
        live = world.run(sockq, args, {"SOCKQ_RECORD_ROOT": root})
        answers.append([args, live, world.replay(sockq, root if os.path.isdir(root) else whole,
                                                 args)])
for p in reversed(helpers):
    p.terminate()
    p.wait()
print(json.dumps(answers))
"""


def in_world(sockq, mksock, mode, out):
    """Makes the world in new network, PID and mount namespaces, with an
    empty /run, and either records it once into out ("record") or runs
    every invocation live and replayed ("compare", recordings under out).
    Needs root."""
    p = subprocess.run(["unshare", "--net", "--pid", "--fork", "--mount", "--mount-proc", "--",
                        "sh", "-c", 'mount -t tmpfs sockq-world /run && exec "$@"', "sh",
                        sys.executable, "-c", _INSIDE, os.path.dirname(os.path.abspath(__file__)),
                        os.path.abspath(sockq), os.path.abspath(mksock), mode, out],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError("the world: exit %d: %s" % (p.returncode, p.stderr.strip()))
    return json.loads(p.stdout)


def expected_path(i, what):
    return os.path.join(DATA, "expected", "%03d.%s" % (i, what))


def write(sockq, mksock):
    """Records the world into tests/data/world/root and writes each
    invocation's replayed output as expected, once every run replayed from
    its own recording matched what it printed live."""
    sockq, mksock = os.path.abspath(sockq), os.path.abspath(mksock)
    scratch = tempfile.mkdtemp(prefix="sockq-world-")
    try:
        bad = [(a, live, rep) for a, live, rep in in_world(sockq, mksock, "compare", scratch)
               if [tuple(live)] != [tuple(rep)]]
        if bad:
            for a, live, rep in bad[:3]:
                print("live and replayed differ: sockq %s\n%r\n%r" % (" ".join(a), live, rep))
            sys.exit(1)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(DATA, ignore_errors=True)
    os.makedirs(os.path.join(DATA, "expected"))
    in_world(sockq, mksock, "record", os.path.join(DATA, "root"))
    for i, args in enumerate(invocations()):
        rc, out, err = replay(sockq, os.path.join(DATA, "root"), args)
        with open(expected_path(i, "args"), "w") as f:
            f.write(json.dumps(args) + "\n")
        for what, text in (("out", out), ("err", err), ("rc", "%d\n" % rc)):
            with open(expected_path(i, what), "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
    print("%d runs written to %s" % (len(invocations()), DATA))


if __name__ == "__main__":
    if sys.argv[1:2] != ["--write"] or len(sys.argv) != 4:
        sys.exit("usage: python3 tests/world.py --write SOCKQ MKSOCK   (as root)")
    write(sys.argv[2], sys.argv[3])
