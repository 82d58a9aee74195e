# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_errors.py: every bad input gets a clear message and the documented exit code;
output faults are reported, never silent."""
import os
import subprocess

from sqtest import SOCKQ, Helper, check, done, eq, need_root, sockq, sockq_csv, tmpdir, unique

TRY = "Try 'sockq --help' for more information."
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
                   (["--watch", "-1"], "--watch -1: the interval must be more than 0"),
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
                   (["-N", "a/b"], "--netns 'a/b'")):
    rc, out, err = sockq(*args)
    eq(rc, 2, "%s exits 2" % args)
    check(text in err, "%s says %r: %r" % (args, text, err))
    check(err.rstrip().endswith(TRY), "%s points to --help" % args)
    eq(out, "", "%s prints nothing on stdout" % args)
rc, out, err = sockq("--check", "--bogus")
eq(rc, 3, "usage error with --check is UNKNOWN (3)")
rc, out, err = sockq("-o", "bogus")
check("valid columns: netns, proto, local" in err, "unknown column lists the valid ones")
rc, out, _ = sockq("--help")
check(rc == 0 and out.startswith("Usage: sockq"), "--help to stdout, exit 0")
rc, out, _ = sockq("-V")
check(rc == 0 and out.startswith("sockq 1."), "-V prints the version")

# Output faults: a full disk is an error, a closed pipe is quiet.
with open("/dev/full", "w") as full:
    p = subprocess.run([SOCKQ, "--csv"], stdout=full, stderr=subprocess.PIPE, text=True)
eq(p.returncode, 1, "--csv > /dev/full exits 1")
check("write error" in p.stderr and "No space left" in p.stderr, "and says why: %r" % p.stderr)
# Every column but the owners, whose note an ordinary user would see.
cols = "netns,proto,local,port,recv_q,backlog,use_pct,state,somaxconn,clamped,syn_q,inode,uid"
p = subprocess.run("%s -o %s | head -c 1 >/dev/null" % (SOCKQ, cols), shell=True,
                   stderr=subprocess.PIPE, text=True)
eq(p.stderr, "", "a closed pipe makes no noise")

if os.geteuid() == 0 and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
    # Zero listeners: the header alone, exit 0.
    empty = Helper("-u")
    rc, out, err = sockq("--csv", "-N", str(empty.pid))
    eq((rc, out.count("\n")), (0, 1), "no listeners: header only")
    rc, out, err = sockq("-N", str(empty.pid))
    eq((rc, out.count("\n")), (0, 1), "no listeners: table header only")
    rc, out, err = sockq("-J", "-N", str(empty.pid))
    eq((rc, out), (0, "[]\n"), "no listeners: empty JSON array")
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
    import threading
    stop = threading.Event()

    def churn():
        while not stop.is_set():
            try:
                Helper("-u", "tcp,127.0.0.1:0,1,0").stop()
            except RuntimeError:
                pass

    workers = [threading.Thread(target=churn) for _ in range(3)]
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
