# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_netns_all_twice.py: --netns all given twice (-N all,all) reads and says everything once:
the same rows as -N all, and each warning or note about the namespaces once."""
import os
import re
import shutil
import subprocess

from sqtest import SOCKQ, Helper, check, done, eq, need_root, need_tools, unique

need_root()
setcap, setpriv = need_tools("setcap", "setpriv")
named = unique("sqall2")
# A root process's namespace, reachable by its name: a user without
# CAP_SYS_PTRACE finds it under /run/netns but cannot inspect the process.
a = Helper("-n", named, "tcp,127.0.0.1:0,5,1")
# A listener in the host's namespace, which every way of running sees.
b = Helper("unix,@%s-host,3,0" % named)
inodes = {str(s["inode"]) for s in a.socks + b.socks}


def ours(out):
    """The rows of this test's listeners, as (netns, inode)."""
    rows = [tuple(line.split(",")[:2]) for line in out.splitlines()[1:]]
    return sorted(r for r in rows if len(r) == 2 and r[1] in inodes)


def shape(line):
    """A line of stderr with its numbers made alike, but for a namespace's label."""
    m = re.match(r"(sockq: \w+: netns \S+:)(.*)", line)
    return m.group(1) + re.sub(r"\d+", "N", m.group(2)) if m else re.sub(r"\d+", "N", line)


def compare(runner, what, provoked):
    """-N all and -N all,all under runner: same exit status, same rows of
    ours, and every line of stderr once; the provoked message once."""
    once = runner(["-N", "all", "--csv", "-o", "netns,inode"])
    twice = runner(["-N", "all,all", "--csv", "-o", "netns,inode"])
    also = runner(["-N", "all", "-N", "all", "--csv", "-o", "netns,inode"])
    for args, p in (("-N all,all", twice), ("-N all -N all", also)):
        eq(p.returncode, once.returncode, "%s: %s exits as -N all does (%s)" % (what, args, p.stderr))
        eq(ours(p.stdout), ours(once.stdout), "%s: %s shows the rows of -N all" % (what, args))
        lines = p.stderr.splitlines()
        eq(len([l for l in lines if provoked in l]), 1,
           "%s: %s says %r once: %r" % (what, args, provoked, p.stderr))
        # The same message counted in two walks may differ in its numbers;
        # the label of the namespace a message is about is kept whole
        # (other namespaces of the host may have names alike but for them).
        shapes = [shape(l) for l in lines]
        eq(sorted(l for l in set(shapes) if shapes.count(l) > 1), [],
           "%s: %s: no line of stderr twice" % (what, args))
    check(provoked in once.stderr, "%s: -N all itself says %r: %r" % (what, provoked, once.stderr))
    return once


# (1) Installed with file capabilities without CAP_SYS_PTRACE, run by an
# ordinary user: the namespace of every root process cannot be inspected,
# and sockq warns (exit status 1).
d = "/var/tmp/sockq-all2-%d" % os.getpid()
os.makedirs(d, exist_ok=True)
try:
    os.chmod(d, 0o755)
    exe = os.path.join(d, "sockq")
    shutil.copy(SOCKQ, exe)
    subprocess.run([setcap, "cap_sys_admin,cap_dac_read_search+ep", exe], check=True)

    def as_nobody(args):
        return subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", exe, *args],
                              capture_output=True, text=True, timeout=120)

    once = compare(as_nobody, "an ordinary user with CAP_SYS_ADMIN only",
                   "could not be inspected")
    eq(once.returncode, 1, "which is a warning: exit status 1")
    check((named, str(a.socks[0]["inode"])) in ours(once.stdout),
          "the named namespace's listener is read: %r" % ours(once.stdout))
finally:
    shutil.rmtree(d, ignore_errors=True)


# (2) In a user namespace of its own, sockq has every capability there but
# none over the processes outside it: a note. (Named namespaces, this test's
# among them, cannot be entered from there: a warning each, once.)
def in_userns(args):
    return subprocess.run(["unshare", "-U", "-r", SOCKQ, *args], capture_output=True, text=True,
                          timeout=120)


once = compare(in_userns, "in a user namespace of its own",
               "could not be inspected")
check("sockq: note: " in once.stderr, "which is a note: %r" % once.stderr)
check(str(b.socks[0]["inode"]) in {r[1] for r in ours(once.stdout)},
      "the listener of the host's namespace is shown: %r" % ours(once.stdout))
done()
