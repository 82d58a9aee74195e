# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_sandbox.py: the service's sandbox admits what sockq does, and takes what it does not need.

No systemd runs here, so the service's own ExecStart= (as systemd-analyze
read it from the installed unit, the textfile directory moved to a
temporary one) runs under setpriv with the unit's capability bounding set
and no_new_privs, the umask and working directory systemd would give it,
and under strace; every system call, socket family, namespace type, path
and memory mapping strace saw is then held against what the unit's
SystemCallFilter=, RestrictAddressFamilies=, RestrictNamespaces=,
ProtectSystem=/ReadWritePaths=, ProtectHome=, PrivateTmp=, PrivateDevices=,
MemoryDenyWriteExecute=, LockPersonality= and RestrictSUIDSGID= admit.
Then each of the two capabilities is taken away in turn, to show it is
needed."""
import os
import re
import resource

from sqtest import (Helper, check, done, eq, metric_samples, need_root, need_tools, parse_metrics,
                    sanitized, skip, tmpdir, unique)
from squnits import SERVICE, Installed, command, filter_admits, run, unit_file, write_arg

need_root()
need_tools("strace", "setpriv", "systemd-analyze")
if sanitized():
    skip("the sandbox is checked on the plain build: a sanitizer's runtime makes system "
         "calls of its own, and its leak check stops under strace")
inst = Installed()
out_dir = tmpdir()
os.chmod(out_dir, 0o755)
inst.retarget(out_dir)
view = inst.view(SERVICE)
setpriv, argv, umask, cwd = command(inst, view)
prom = write_arg(argv)
eq(os.path.dirname(prom), out_dir, "ExecStart= writes in the textfile directory")

# Listeners in a named namespace with a hostname of its own, and in a
# namespace no name leads to, held by a root process with every capability:
# only /proc/PID/ns/net leads there.
name, host = unique("sqsbx"), unique("sqsbx-host")
named = Helper("-n", name, "-h", host, "tcp,127.0.0.1:0,4,1", "unix,@%s,2,1" % name)
hidden = Helper("-u", "-h", host + "-u", "tcp,127.0.0.1:0,8,2")
trace = os.path.join(tmpdir(), "strace.log")

# systemd's default LimitNOFILE= for services is 1024:524288; sockq raises
# the soft limit itself.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
p = run(setpriv, argv, umask, cwd, prefix=("strace", "-f", "-qq", "-y", "-s", "256", "-o", trace, "--"))
eq(p.returncode, 0, "the service's command under its bounding set (stderr: %s)" % p.stderr.strip())


def series(text):
    """(metric, netns, local) -> value of the listener series."""
    _, samples = parse_metrics(text, "the service's file")
    return {(m, dict(lbl).get("netns"), dict(lbl)["local"]): v for (m, lbl), v in samples.items()
            if m.startswith("sockq_") and "local" in dict(lbl) and "proto" in dict(lbl)}


def hostnames(text):
    return {l["netns"]: l["hostname"] for l, v in metric_samples(text, "sockq_netns_info") if v == "1"}


# (a) The file holds both namespaces' listeners: the reduced capabilities suffice.
text = open(prom, encoding="utf-8", errors="surrogateescape").read() if os.path.exists(prom) else ""
got = series(text)
for h, label in ((named, name), (hidden, hidden.netns)):
    for s in h.socks:
        eq(got.get(("sockq_accept_queue_length", label, s["local"])), str(s["queued"]),
           "%s %s is in the file with its queue" % (label, s["local"]))
names = hostnames(text)
eq((names.get(name), names.get(hidden.netns)), (host, host + "-u"), "hostnames read in their UTS namespaces")
mode = os.stat(prom).st_mode & 0o777 if os.path.exists(prom) else None
eq(mode, 0o666 & ~umask, "the file's mode comes from UMask=")
check(mode is not None and mode & 0o004, "node_exporter's user may read it")
check(not [f for f in os.listdir(out_dir) if f != os.path.basename(prom)],
      "nothing else left in the directory: %s" % os.listdir(out_dir))

calls = []
for line in open(trace, encoding="utf-8", errors="surrogateescape"):
    m = re.match(r"\d+ +(?:<\.\.\. )?([a-z0-9_]+)(?:\(| resumed>)(.*)$", line)
    if m:
        calls.append((m.group(1), m.group(2)))
check(len(calls) > 100 and calls[0][0] == "execve", "strace saw the run, from its execve (%d calls)" % len(calls))
# sockq has no child, but every task is in the trace (-f) should it get one.

# (b) Every system call is one the filter admits.
admits = filter_admits(view)
check(admits is not None, "the service has a SystemCallFilter=")
names_seen = sorted({c for c, _ in calls})
print("system calls: " + " ".join(names_seen))
eq([c for c in names_seen if admits and not admits(c)], [], "system calls outside SystemCallFilter=")

# (c) Every socket is of a family RestrictAddressFamilies= lists.
settings = unit_file(inst.text(SERVICE))
families = set(" ".join(settings.get(("Service", "RestrictAddressFamilies"), [])).split())
check(families and not any(f.startswith("~") for f in families), "RestrictAddressFamilies= is an allow list")
opened = {re.match(r"(\w+)", a).group(1) for c, a in calls if c in ("socket", "socketpair")}
check(opened, "sockq opened sockets: %s" % opened)
eq(sorted(opened - families), [], "socket families outside RestrictAddressFamilies=%s" % " ".join(sorted(families)))

# (d) Every namespace entered or made is of a type RestrictNamespaces= lists;
# setns(fd, 0) would be any type, which systemd refuses.
ns_names = {"CLONE_NEWNET": "net", "CLONE_NEWUTS": "uts", "CLONE_NEWNS": "mnt", "CLONE_NEWIPC": "ipc",
            "CLONE_NEWUSER": "user", "CLONE_NEWPID": "pid", "CLONE_NEWCGROUP": "cgroup"}
restrict = set(view.get("RestrictNamespaces", [""])[0].split())
entered = []
for c, a in calls:
    if c == "setns":
        m = re.match(r"\d+(?:<[^>]*>)?, (\w+)\)", a)
        entered.append(ns_names.get(m.group(1), m.group(1)) if m else a)
    elif c in ("unshare", "clone", "clone3"):
        entered += [ns_names[f] for f in re.findall(r"CLONE_NEW\w+", a) if f in ns_names]
eq(sorted(set(entered)), ["net", "uts"], "sockq enters network and UTS namespaces")
eq(sorted(set(entered) - restrict), [], "namespace types outside RestrictNamespaces=%s" % " ".join(restrict))

# (e) It writes only in ReadWritePaths=, (f) reads nothing ProtectHome=,
# PrivateTmp= or PrivateDevices= would hide.
writable = [os.path.join(d, "") for d in " ".join(view.get("ReadWritePaths", [])).split()]
path_calls = {"open", "openat", "openat2", "creat", "access", "faccessat", "faccessat2", "stat", "lstat",
              "newfstatat", "statx", "readlink", "readlinkat", "rename", "renameat", "renameat2", "unlink",
              "unlinkat", "mkdir", "mkdirat", "rmdir", "link", "linkat", "symlink", "symlinkat", "chmod",
              "fchmodat", "chown", "lchown", "fchownat", "truncate", "utimensat", "mknod", "mknodat",
              "statfs", "chdir", "execve", "fchmod", "fchown", "ftruncate", "fsync", "fstatfs", "getdents64"}
writes = {"rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat", "rmdir", "link",
          "linkat", "symlink", "symlinkat", "chmod", "fchmodat", "chown", "lchown", "fchownat", "truncate",
          "utimensat", "mknod", "mknodat", "fchmod", "fchown", "ftruncate", "creat"}


def within(path, dirs):
    """Under one of dirs (each ending in /), or that directory itself."""
    return any(path.startswith(w) or path == w.rstrip("/") for w in dirs)


dev_ok = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/ptmx"}
hidden_paths, written = set(), set()
for c, a in calls:
    if c not in path_calls:
        continue
    # strace -y shows AT_FDCWD as the working directory, which is not a path used.
    a = re.sub(r"AT_FDCWD<[^>]*>", "AT_FDCWD", a)
    paths = re.findall(r'"(/[^"]*)"', a) + re.findall(r"<(/[^>]*)>", a)
    if c == "execve":
        paths = paths[:1]
    # linkat's first path is what is linked (the file being written, as
    # /proc/self/fd/N), not a place written to.
    if c == "linkat" and len(paths) > 1 and paths[0].startswith("/proc/self/fd/"):
        paths = paths[1:]
    write = c in writes or (c in ("open", "openat", "openat2") and re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", a))
    for path in paths:
        if write:
            written.add(path)
        if (path.startswith(("/home/", "/root/", "/run/user/", "/tmp/", "/var/tmp/")) or
                path in ("/home", "/root", "/run/user") or
                (path.startswith("/dev/") and path not in dev_ok and not path.startswith("/dev/pts/"))):
            if not within(path, writable) and not path.startswith(inst.dest + "/"):
                hidden_paths.add(path)
check(written, "strace saw the writes: %s" % written)
eq(sorted(p for p in written if not within(p, writable)), [],
   "paths written outside ReadWritePaths=%s" % writable)
eq(sorted(hidden_paths), [], "paths the sandbox hides")

# MemoryDenyWriteExecute=: no writable and executable mapping, no mprotect
# to executable; LockPersonality=: no change of personality;
# RestrictSUIDSGID=: no set-user-ID or set-group-ID mode.
eq([c + a for c, a in calls if (c in ("mmap", "mmap2") and "PROT_WRITE" in a and "PROT_EXEC" in a) or
    (c in ("mprotect", "pkey_mprotect") and "PROT_EXEC" in a)], [], "write and execute mappings")
eq([a for c, a in calls if c == "personality" and not a.startswith("0xffffffff)")], [], "personality changes")
eq([c + a for c, a in calls if c in ("chmod", "fchmod", "fchmodat") and
    any(int(m, 8) & 0o6000 for m in re.findall(r", (0[0-7]+)", a))], [], "set-ID modes")

# Each capability is needed. Without CAP_SYS_ADMIN sockq cannot enter the
# named namespace (nor any but its own); without CAP_SYS_PTRACE it cannot
# read /proc/PID/ns of a process with more capabilities than it has, and the
# unnamed namespace is lost. Each run says so and exits 1, and still
# replaces the file with what it read.
for cap, lost, kept in (("sys_admin", name, None), ("sys_ptrace", hidden.netns, name)):
    bounding = [s for s in setpriv[1].split("=", 1)[1].split(",") if s != "+" + cap]
    eq(len(bounding), len(setpriv[1].split(",")) - 1, "took %s from the bounding set" % cap)
    q = run([setpriv[0], "--bounding-set=" + ",".join(bounding)] + setpriv[2:], argv, umask, cwd)
    eq(q.returncode, 1, "without CAP_%s: exit status" % cap.upper())
    check("CAP_" + cap.upper() in q.stderr, "without CAP_%s: stderr says it is needed: %s" % (cap.upper(), q.stderr))
    got = series(open(prom, encoding="utf-8", errors="surrogateescape").read())
    check(not [k for k in got if k[1] == lost], "without CAP_%s: no listener of %s" % (cap.upper(), lost))
    if kept:
        check([k for k in got if k[1] == kept], "without CAP_%s: %s still read" % (cap.upper(), kept))
resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
done()
