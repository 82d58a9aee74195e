# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_privileges.py: what sockq does without CAP_SYS_ADMIN, and installed with file capabilities."""
import os
import shutil
import subprocess

from sqtest import MKSOCK, SOCKQ, Helper, check, done, eq, need_root, need_tools, sockq, unique

need_root()
setcap, setpriv = need_tools("setcap", "setpriv")
named = unique("sqpriv")
a = Helper("-n", named, "tcp,127.0.0.1:0,10,3", "unix,@%s,3,1" % named)


def without_sys_admin(args):
    """sockq as root without CAP_SYS_ADMIN. Root gets at exec its bounding
    set joined with its inheritable set (and keeps its ambient set), so the
    capability goes from all three: where the inheritable set is full
    (systemd-nspawn, some containers) the bounding set alone takes nothing."""
    return subprocess.run([setpriv, "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-sys_admin",
                           "--", SOCKQ, *args.split()], capture_output=True, text=True)


# Without CAP_SYS_ADMIN: an explicit namespace is an error that says how to
# get the capability; --netns all shows the current namespace and warns.
p = without_sys_admin("-N %s" % named)
eq(p.returncode, 1, "without CAP_SYS_ADMIN, -N NAME fails")
check("CAP_SYS_ADMIN" in p.stderr and
      "setcap cap_sys_admin,cap_sys_ptrace,cap_dac_read_search+ep" in p.stderr,
      "and names the capability and the setcap line: %r" % p.stderr)
eq(p.stdout, "", "and prints no rows")
p = without_sys_admin("--netns all --csv")
eq(p.returncode, 1, "without CAP_SYS_ADMIN, --netns all exits 1")
check("CAP_SYS_ADMIN" in p.stderr, "and says why")
lines = p.stdout.splitlines()
check(len(lines) >= 1 and lines[0].startswith("netns,"), "but still prints the current namespace")
check(not any(l.startswith(named + ",") for l in lines), "and nothing of the others")

# A namespace sockq could not enter has no listener count: unknown, not 0.
p = without_sys_admin("-S --netns all --csv -o netns,listeners,full")
rows = [l.split(",") for l in p.stdout.splitlines()[1:]]
eq([r[1:] for r in rows if r[0] == named], [["", ""]], "-S for a namespace not read: empty, not 0")

as_nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
d = "/var/tmp/sockq-fcaps-%d" % os.getpid()
secret = "/var/tmp/sockq-secret-%d" % os.getpid()
os.makedirs(d, exist_ok=True)
os.makedirs(secret, mode=0o700, exist_ok=True)
try:
    # Installed with file capabilities, run by an ordinary user: the setcap
    # line sockq suggests is enough for namespaces and for -p.
    exe = os.path.join(d, "sockq")
    shutil.copy(SOCKQ, exe)
    os.chmod(d, 0o755)
    subprocess.run([setcap, "cap_sys_admin,cap_sys_ptrace,cap_dac_read_search+ep", exe], check=True)
    p = subprocess.run(as_nobody + [exe, "-N", named, "--csv", "-p"], capture_output=True, text=True)
    eq(p.returncode, 0, "file capabilities let an ordinary user read a namespace: %r" % p.stderr)
    eq(len(p.stdout.splitlines()), len(a.socks) + 1, "all its rows")
    check(all(line.endswith(",%d,mksock" % a.pid) for line in p.stdout.splitlines()[1:]),
          "with the process holding each, a root process: %r" % p.stdout[:300])
    p = subprocess.run(as_nobody + [SOCKQ, "-N", named], capture_output=True, text=True)
    eq(p.returncode, 1, "without them the same user is refused")

    # A path the user names is opened with the user's own permissions: a
    # file in a directory the user cannot search gets the same answer
    # whether it exists or not, and nothing in it is opened.
    open(os.path.join(secret, "there"), "w").close()
    answers = []
    for name in ("there", "missing"):
        p = subprocess.run(as_nobody + [exe, "-N", os.path.join(secret, name)],
                           capture_output=True, text=True)
        eq(p.returncode, 1, "-N %s in a root-only directory: exit 1" % name)
        answers.append(p.stderr.replace(name, "NAME"))
    eq(answers[0], answers[1], "an existing and a missing file read the same")
    check("Permission denied" in answers[0], "the user's own answer: %r" % answers[0])

    # Set-user-ID root: refused, with what to do instead.
    suid = os.path.join(d, "sockq-suid")
    shutil.copy(SOCKQ, suid)
    os.chmod(suid, 0o4755)
    p = subprocess.run(as_nobody + [suid, "--csv"], capture_output=True, text=True)
    eq(p.returncode, 1, "set-user-ID: exit 1")
    check("refusing to run set-user-ID" in p.stderr and "setcap" in p.stderr,
          "set-user-ID: says so and what to do: %r" % p.stderr)
    eq(p.stdout, "", "set-user-ID: prints nothing")
finally:
    shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(secret, ignore_errors=True)

# --watch -p as root: the later samples find the owners of other users'
# sockets, as a single run does.
other = Helper(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", MKSOCK,
               "unix,@%s-nobody,3,0" % named, exe=setpriv)
ino = str(other.socks[0]["inode"])
rc, out, err = sockq("--watch", "0.1", "-c", "3", "-p", "-x", "--csv", "-o", "inode,pid")
eq(rc, 0, "--watch -p: exit status (%s)" % err.strip())
samples = [line.split(",")[2] for line in out.splitlines()[1:] if line.split(",")[1] == ino]
eq(samples, [str(other.pid)] * 3, "the owner of another user's socket in every sample")

# Refused even with CAP_SYS_PTRACE (sockq in a user namespace below the
# process's): the message says why, not "run as root".
p = subprocess.run(["unshare", "-U", "-r", SOCKQ, "-N", str(a.pid)], capture_output=True, text=True)
eq(p.returncode, 1, "-N PID from a user namespace below it: exit 1")
check("user namespace" in p.stderr and "run sockq as root" not in p.stderr,
      "and says it is the user namespace: %r" % p.stderr)
done()
