# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_privileges.py: what sockq does without CAP_SYS_ADMIN, and installed with file capabilities."""
import os
import shutil
import subprocess

from sqtest import SOCKQ, Helper, check, done, eq, need_root, need_tools, unique

need_root()
capsh, setcap, setpriv = need_tools("capsh", "setcap", "setpriv")
named = unique("sqpriv")
a = Helper("-n", named, "tcp,127.0.0.1:0,10,3", "unix,@%s,3,1" % named)


def without_sys_admin(args):
    return subprocess.run([capsh, "--drop=cap_sys_admin", "--", "-c", "%s %s" % (SOCKQ, args)],
                          capture_output=True, text=True)


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

# Installed with file capabilities instead of setuid, run by an ordinary user.
d = "/var/tmp/sockq-fcaps-%d" % os.getpid()
os.makedirs(d, exist_ok=True)
try:
    exe = os.path.join(d, "sockq")
    shutil.copy(SOCKQ, exe)
    os.chmod(d, 0o755)
    subprocess.run([setcap, "cap_sys_admin,cap_sys_ptrace+ep", exe], check=True)
    as_nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    p = subprocess.run(as_nobody + [exe, "-N", named, "--csv"], capture_output=True, text=True)
    eq(p.returncode, 0, "file capabilities let an ordinary user read a namespace: %r" % p.stderr)
    eq(len(p.stdout.splitlines()), len(a.socks) + 1, "all its rows")
    p = subprocess.run(as_nobody + [SOCKQ, "-N", named], capture_output=True, text=True)
    eq(p.returncode, 1, "without them the same user is refused")
finally:
    shutil.rmtree(d, ignore_errors=True)
done()
