# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_errors.py: every bad input gets a clear message and the documented exit code;
output faults are reported, never silent."""
import os
import subprocess

from sqtest import SOCKQ, Helper, check, done, eq, sanitized, sockq, sockq_csv, tmpdir, unique

TRY = "Try 'sockq --help' for more information."

# A message naming what others chose (a namespace's name, a label) shows it
# escaped: no control byte reaches the terminal.
rc, out, err = sockq("-N", "sqerr\x1b[31mred")
check(rc == 1 and "sqerr\\x1b[31mred" in err and "\x1b" not in err,
      "a message names it escaped: %r" % err)
for args, text in ((["--bogus"], "unknown option '--bogus'"),
                   (["-Z"], "unknown option '-Z'"),
                   (["-o"], "needs an argument"),
                   (["--netns"], "needs an argument"),
                   (["-o", "recv_q,bogus"], "unknown column 'bogus'"),
                   (["-o", ""], "empty column list"),
                   (["--sort", "nope"], "--sort: unknown column 'nope'"),
                   (["--format", "xml"], "--format 'xml': unknown format"),
                   (["--format"], "needs an argument"),
                   (["--color=sometimes"], "--color 'sometimes'"),
                   (["--watch=-1"], "--watch -1: the interval must be more than 0"),
                   (["--watch", "-1"], "unknown option '-1'"),
                   (["--watch", "0"], "--watch 0: the interval must be more than 0"),
                   (["--watch=abc"], "--watch 'abc': not a number"),
                   (["--watch=nan"], "--watch 'nan': not a number"),
                   (["--warn", "101"], "--warn '101': expected a percentage from 0 to 100"),
                   (["--warn", "-1"], "--warn '-1'"),
                   (["--min-use", "x"], "--min-use 'x'"),
                   (["--port", "70000"], "--port '70000'"),
                   (["--count", "0"], "--count '0'"),
                   (["--count", "3"], "--count needs --watch"),
                   (["-S", "-p"], "--processes does not apply to --summary"),
                   (["stray"], "unexpected argument 'stray'"),
                   (["-N", "a/b"], "--netns 'a/b'"),
                   (["-N", "web,/run/netns/x"], "a PATH is given alone"),
                   (["-o", "pid,"], "-o 'pid,': empty column name"),
                   (["-o", ",pid"], "-o ',pid': empty column name"),
                   (["-o", "+,pid"], "empty column name"),
                   (["-o", "inode,,pid"], "empty column name"),
                   (["-S", "--port", "22"], "--summary shows namespaces"),
                   (["-S", "--full"], "--summary shows namespaces"),
                   (["-S", "--min-use", "50"], "--summary shows namespaces"),
                   (["--color", "sometimes"], "--color 'sometimes': use auto, always or never"),
                   (["--watch", "abc"], "--watch 'abc': not a number of seconds"),
                   (["--write", ""], "--write: empty file name"),
                   (["--write", "f", "--watch", "1"], "--write replaces a file with one answer"),
                   (["--list-columns", "--format", "prometheus"], "--list-columns writes a table"),
                   (["--list-columns", "--write", "f"], "--list-columns writes to standard output"),
                   (["-S", "--backlog"], "--summary and --backlog show different rows"),
                   (["--backlog", "-N", "all"], "--netns does not apply"),
                   (["--full=3"], "option '--full' takes no argument"),
                   (["--warn", "50"], "--warn needs --check"),
                   (["--json=1"], "option '--json' takes no argument"),
                   (["--c"], "option '--c' is ambiguous"),
                   (["\x01"], "unexpected argument"),
                   (["-\x01"], "unknown option '-\\x01'")):
    rc, out, err = sockq(*args)
    eq(rc, 2, "%s exits 2" % args)
    check(text in err, "%s says %r: %r" % (args, text, err))
    check(err.rstrip().endswith(TRY), "%s points to --help" % args)
    eq(out, "", "%s prints nothing on stdout" % args)
rc, out, err = sockq("--check", "--bogus")
eq(rc, 3, "usage error with --check is UNKNOWN (3)")
rc, out, err = sockq("--chec", "--bogus")
eq(rc, 3, "also when --check is abbreviated")
for extra in (["-o", "proto"], ["--sort", "recv_q"], ["-p"], ["-H"], ["--color=never"],
              ["--output-all"], ["--reverse"]):
    rc, out, err = sockq("--check", *extra)
    check(rc == 3 and "--check writes one status line" in err,
          "--check %s: refused as UNKNOWN: %d %r" % (" ".join(extra), rc, err))
rc, out, err = sockq("--state", "--check")
eq(rc, 2, "but not when '--check' is the name of --state's file (%s)" % err.strip())
rc, out, err = sockq("-o", "bogus")
check("valid columns: netns, ns_container, proto, local" in err, "unknown column lists the valid ones")
rc, out, _ = sockq("--help")
check(rc == 0 and out.startswith("Usage: sockq"), "--help to stdout, exit 0")
rc, out, _ = sockq("-V")
check(rc == 0 and out.startswith("sockq 1."), "-V prints the version")

# An optional argument takes the next word only when that is a number that
# cannot be an option: --watch -4 is the option -4.
rc, out, err = sockq("--watch", "-4", "-c", "1", "--csv", "-o", "proto")
eq(rc, 0, "--watch -4 -c 1: -4 is the option (%s)" % err.strip())
check(all(l.split(",")[1] == "tcp" for l in out.splitlines()[1:]), "and it selects TCP/IPv4 only")
rc, out, err = sockq("--watch", "0.1", "-c", "2", "--csv", "-o", "proto")
eq(rc, 0, "--watch 0.1 still takes its interval")

# Output faults: a full disk is an error, with the documented status in
# every mode; a closed pipe is quiet.
with open("/dev/full", "w") as full:
    p = subprocess.run([SOCKQ, "--csv"], stdout=full, stderr=subprocess.PIPE, text=True)
    eq(p.returncode, 1, "--csv > /dev/full exits 1")
    check("write error" in p.stderr and "No space left" in p.stderr, "and says why: %r" % p.stderr)
    for args in (["-V"], ["--help"], ["--list-columns"], ["-S", "--list-columns"]):
        p = subprocess.run([SOCKQ, *args], stdout=full, stderr=subprocess.PIPE, text=True)
        eq(p.returncode, 1, "%s > /dev/full exits 1" % args)
        check("write error" in p.stderr, "%s > /dev/full says why: %r" % (args, p.stderr))
    p = subprocess.run([SOCKQ, "--check"], stdout=full, stderr=subprocess.PIPE, text=True)
    eq(p.returncode, 3, "--check > /dev/full is UNKNOWN")
    check("write error" in p.stderr, "--check > /dev/full says why: %r" % p.stderr)
# Every column but the owners, whose note an ordinary user would see.
cols = "netns,proto,local,port,recv_q,backlog,use_pct,state,somaxconn,clamped,syn_q,inode,uid"
p = subprocess.run("%s -o %s | head -c 1 >/dev/null" % (SOCKQ, cols), shell=True,
                   stderr=subprocess.PIPE, text=True)
eq(p.stderr, "", "a closed pipe makes no noise")

# A watch stopped (SIGSTOP) and continued skips the ticks it missed: no
# burst of samples.
import signal
import time
from datetime import datetime

w = subprocess.Popen([SOCKQ, "--watch", "0.2", "-c", "4", "-S", "--csv", "-o", "netns"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
# Stopped once the first sample is out, however long a busy machine took.
first = w.stdout.readline() + w.stdout.readline()
w.send_signal(signal.SIGSTOP)
time.sleep(1.2)
w.send_signal(signal.SIGCONT)
out, err = w.communicate(timeout=30)
out = first + out
eq(w.returncode, 0, "a stopped watch: exit status (%s)" % err.strip())
stamps = [datetime.strptime(l.split(",")[0], "%Y-%m-%dT%H:%M:%S.%fZ") for l in out.splitlines()[1:]]
gaps = [(b - a).total_seconds() for a, b in zip(stamps, stamps[1:])]
eq(len(stamps), 4, "4 samples")
# A burst of caught-up ticks would come milliseconds apart; a busy machine
# may shorten an interval, never to nothing.
check(gaps and gaps[0] > 1.0 and all(g > 0.05 for g in gaps[1:]),
      "the stop shows as one long gap, then samples an interval apart: %s" % gaps)

# Out of memory in the middle of a watch: an error and exit 1, and no
# peaks table from a half-made sample. (Not under a sanitizer, whose
# runtime must own malloc itself.)
if sanitized():
    print("note: allocation failure case not run: this build uses a sanitizer")
else:
    env = dict(os.environ, LD_PRELOAD=os.environ["FAILALLOC"], FAILALLOC_AFTER_SLEEPS="1")
    p = subprocess.run([SOCKQ, "--watch", "0.1", "-c", "3", "-p", "--csv"], capture_output=True,
                       text=True, env=env, timeout=30)
    eq(p.returncode, 1, "allocation failure in the second sample: exit 1")
    check("sample 2" in p.stderr and "Cannot allocate memory" in p.stderr,
          "names the sample and the reason: %r" % p.stderr)
    check("Peak" not in p.stderr + p.stdout, "and prints no peaks table")

if os.geteuid() == 0 and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
    # Zero listeners: the header alone, exit 0.
    empty = Helper("-u")
    rc, out, err = sockq("--csv", "-N", str(empty.pid))
    eq((rc, out.count("\n")), (0, 1), "no listeners: header only")
    rc, out, err = sockq("-N", str(empty.pid))
    eq((rc, out.count("\n")), (0, 1), "no listeners: table header only")
    rc, out, err = sockq("-J", "-N", str(empty.pid))
    eq((rc, out), (0, '{\n   "listeners": []\n}\n'), "no listeners: an empty named array")
    # The longest path a socket can have (107 bytes and the NUL).
    d = tmpdir()
    long_name = os.path.join(d, "p" * (107 - len(d) - 1))
    eq(len(long_name), 107, "test path is 107 bytes")
    h = Helper("-u", "unix,%s,3,2" % long_name)
    rc, rows, _ = sockq_csv("-N", str(h.pid))
    eq([r["local"] for r in rows], [long_name], "a 107-byte path is shown whole")
    # A regular file, a directory, a namespace of another type.
    for spec, text in (("/etc/hostname", "not a namespace file"), ("/", "is a directory"),
                       ("/proc/self/ns/mnt", "mount namespace"), ("/proc/self/ns/user", "user namespace")):
        rc, out, err = sockq("-N", spec)
        check(rc == 1 and text in err and spec in err, "-N %s: %r" % (spec, err))
    # Namespaces and processes vanishing while sockq scans: never an error.
    # One worker names its namespaces: a name is a plain file before the
    # namespace is mounted on it and after it is taken away again.
    import threading
    stop = threading.Event()

    def churn(named):
        while not stop.is_set():
            try:
                Helper(*(("-n", unique("sqerrns")) if named else ("-u",)),
                       "tcp,127.0.0.1:0,1,0").stop()
            except RuntimeError:
                pass

    workers = [threading.Thread(target=churn, args=(k == 0,)) for k in range(3)]
    for w in workers:
        w.start()
    try:
        for i in range(30):
            rc, out, err = sockq("--netns", "all", "-p", "--csv")
            if not eq(rc, 0, "--netns all -p during churn, run %d: %r" % (i, err)):
                break
            check("warning" not in err, "no warning for a vanished process or namespace: %r" % err)
    finally:
        stop.set()
        for w in workers:
            w.join()
    # A process that does not exist.
    rc, out, err = sockq("-N", "999999999")
    check(rc == 1 and "no process with PID 999999999" in err, "-N missing pid: %r" % err)
else:
    print("note: namespace cases not run (not root)")
done()
