# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_write_target.py: --write replaces regular files only: whatever else is at FILE (a
device, a FIFO, a socket, a directory, any symbolic link) is refused and left as it was;
--write - is standard output."""
import os
import socket
import stat
import subprocess

from sqtest import SOCKQ, Helper, check, done, eq, need_root, sockq, tmpdir, unique

need_root()  # mknod, and a namespace of our own whose rows do not change
name = unique("sqwr")
Helper("-n", name, "tcp,127.0.0.1:0,5,1", "unix,@%s,3,0" % name)
ARGS = ["--csv", "-N", name]
rc, expected, err = sockq(*ARGS)
eq(rc, 0, "the rows to write (%s)" % err.strip())
check(expected.count("\n") == 3, "a header and two rows: %r" % expected)

# Everything lives in a scratch directory, never in the real /dev.
d = tmpdir()
os.chmod(d, 0o755)
regular_target = os.path.join(d, "target.prom")
with open(regular_target, "w") as f:
    f.write("old target\n")
# Kept open so the socket file stays what it is for the whole test.
listening = socket.socket(socket.AF_UNIX)


def make_socket(path):
    listening.bind(path)
    listening.listen(1)


# What is at FILE, and how to make it. A FIFO nobody reads would block an
# open() for writing forever: every run has a time-out.
kinds = [
    ("a symbolic link to /proc/self/fd/1", "stdout", lambda p: os.symlink("/proc/self/fd/1", p)),
    ("a character device (that of /dev/null)", "null",
     lambda p: os.mknod(p, stat.S_IFCHR | 0o666, os.makedev(1, 3))),
    ("a character device (that of /dev/full)", "full",
     lambda p: os.mknod(p, stat.S_IFCHR | 0o666, os.makedev(1, 7))),
    ("a block device (that of /dev/loop0)", "loop0",
     lambda p: os.mknod(p, stat.S_IFBLK | 0o660, os.makedev(7, 0))),
    ("a FIFO", "fifo", lambda p: os.mkfifo(p, 0o644)),
    ("an AF_UNIX socket file", "sock", make_socket),
    ("a directory", "dir", lambda p: os.mkdir(p, 0o755)),
    ("a symbolic link to a regular file", "link", lambda p: os.symlink(regular_target, p)),
    ("a symbolic link to nothing", "dangling", lambda p: os.symlink(os.path.join(d, "absent"), p)),
]


def identity(path):
    """What must not change: inode, type and mode, device numbers, link target."""
    st = os.lstat(path)
    return (st.st_ino, st.st_mode, st.st_rdev,
            os.readlink(path) if stat.S_ISLNK(st.st_mode) else None)


def run(*args, cwd=None):
    try:
        p = subprocess.run([os.path.abspath(SOCKQ), *args], capture_output=True, timeout=30, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


for what, base, make in kinds:
    path = os.path.join(d, base)
    make(path)
    before, listing = identity(path), sorted(os.listdir(d))
    got = run(*ARGS, "--write", path)
    if not check(got is not None, "--write to %s: sockq must not hang (killed after 30 s)" % what):
        continue
    rc, out, err = got
    eq(rc, 1, "--write to %s: refused, exit status 1 (stderr: %r)" % (what, err))
    eq(out, "", "--write to %s: nothing on standard output" % what)
    check("--write" in err and path in err,
          "--write to %s: the message names the option and the file: %r" % (what, err))
    check(os.path.lexists(path) and identity(path) == before,
          "--write to %s: left exactly as it was (inode, type, target): %r, was %r"
          % (what, identity(path) if os.path.lexists(path) else None, before))
    eq(sorted(os.listdir(d)), listing, "--write to %s: no file made or removed beside it" % what)
with open(regular_target) as f:
    eq(f.read(), "old target\n", "the regular file a refused symbolic link points to is untouched")
check(not os.path.lexists(os.path.join(d, "absent")), "a dangling link's target is not created")
listening.close()

# --write - is standard output, not a file named "-".
got = run(*ARGS, "--write", "-", cwd=d)
check(got is not None, "--write -: does not hang")
if got:
    rc, out, err = got
    eq((rc, out), (0, expected), "--write -: the rows on standard output (stderr: %r)" % err)
    check(not os.path.lexists(os.path.join(d, "-")), "--write -: no file named '-' is made")

# A regular file is still replaced whole: a new inode renamed over it, so a
# reader that opened the old one reads the old text to the end.
reg = os.path.join(d, "sockq.prom")
with open(reg, "w") as f:
    f.write("old answer\n")
old_ino = os.stat(reg).st_ino
with open(reg) as reader:
    got = run(*ARGS, "--write", reg)
    check(got is not None, "--write to a regular file: does not hang")
    if got:
        rc, out, err = got
        eq((rc, out), (0, ""), "--write to a regular file: exit 0, nothing on stdout (%r)" % err)
    eq(reader.read(), "old answer\n", "a reader of the old file still reads it whole")
with open(reg) as f:
    eq(f.read(), expected, "--write to a regular file: the new rows")
check(os.stat(reg).st_ino != old_ino, "--write to a regular file: replaced by rename, not rewritten")
check(stat.S_ISREG(os.lstat(reg).st_mode), "and it is a regular file")
eq(sorted(f for f in os.listdir(d) if f.startswith("sockq.prom")), ["sockq.prom"],
   "no temporary file left beside it")
done()
