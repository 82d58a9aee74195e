# SPDX-License-Identifier: GPL-2.0-or-later
"""units.py: the service and timer install where systemd looks, pass systemd-analyze
verify against the installed tree (binary, man page, every directive), and keep
the hardening the man page promises."""
import json
import os
import re
import shlex
import subprocess

from sqtest import check, done, eq, need_tools
from squnits import SERVICE, TIMER, Installed, unit_file, write_arg

need_tools("systemd-analyze", "man")
inst = Installed()
opts = inst.opts
prefix, textfile_dir = opts["prefix"], opts["textfile_dir"]

# Where systemd finds them: the directory asked for, else one on the system
# manager's search path for the usual prefixes (/usr/local/lib/systemd/system
# for /usr/local).
if opts["systemdsystemunitdir"]:
    eq(inst.unitdir, opts["systemdsystemunitdir"], "installed in -Dsystemdsystemunitdir")
elif prefix in ("/usr", "/usr/local"):
    p = subprocess.run(["systemd-analyze", "unit-paths"], capture_output=True, text=True)
    search = [os.path.normpath(x) for x in p.stdout.split()]
    check(inst.unitdir in search, "%s is on systemd's search path %s" % (inst.unitdir, search))
    check(inst.unitdir.startswith(prefix + "/"), "%s is under the prefix %s" % (inst.unitdir, prefix))
for unit in (SERVICE, TIMER):
    eq(re.findall(r"@\w+@", inst.text(unit)), [], "%s: every @VARIABLE@ substituted" % unit)
    eq(oct(os.stat(inst.path(unit)).st_mode & 0o777), oct(0o644), "%s: mode" % unit)

# systemd-analyze verify: unknown or misspelt directives, values it cannot
# parse, a missing or non-executable ExecStart= binary, a Documentation= man
# page man cannot find, a timer's missing unit. It warns about most of these
# and still exits 0, so any output is a failure.
man = {"MANPATH": inst.dest + os.path.join(prefix, opts["mandir"])}
p = inst.analyze("verify", "--man=yes", env=man)
eq((p.returncode, p.stdout + p.stderr), (0, ""), "systemd-analyze verify passes silently")

# The same verify sees a broken unit: a misspelt directive, and a binary that
# is not there, each in a copy of the installed service.
service = inst.text(SERVICE)
for what, broken in (("a misspelt directive", service.replace("\nType=", "\nTpye=")),
                     ("a missing binary", re.sub(r"(?m)^(ExecStart=\S*/)sockq ", r"\1sockq-missing ", service))):
    check(broken != service, "could make a copy with %s" % what)
    with open(inst.path(SERVICE), "w") as f:
        f.write(broken)
    p = inst.analyze("verify", "--man=yes", env=man)
    check(p.returncode != 0 or p.stdout + p.stderr,
          "verify notices %s (exit %d, %r)" % (what, p.returncode, p.stdout + p.stderr))
with open(inst.path(SERVICE), "w") as f:
    f.write(service)
os.rename(inst.dest + os.path.join(prefix, opts["mandir"], "man8", "sockq.8"), inst.dest + "/sockq.8")
p = inst.analyze("verify", "--man=yes", env=man)
check(p.returncode != 0 and "man sockq(8)" in p.stderr, "verify notices a missing man page: %r" % p.stderr)
os.rename(inst.dest + "/sockq.8", inst.dest + os.path.join(prefix, opts["mandir"], "man8", "sockq.8"))

# What systemd read: the command, one writable directory, the conditions.
svc, tmr = inst.view(SERVICE), inst.view(TIMER)
argv = shlex.split(svc["ExecStart"][0])
bindir = os.path.join(prefix, opts["bindir"])
eq(argv, [os.path.join(bindir, "sockq"), "--netns", "all", "--format", "prometheus", "--write",
          os.path.join(textfile_dir, "sockq.prom")], "ExecStart=")
check(os.access(inst.dest + argv[0], os.X_OK), "ExecStart= names the installed sockq")
eq(os.path.dirname(write_arg(argv)), textfile_dir, "it writes in the textfile directory")
eq(svc.get("ReadWritePaths"), [textfile_dir], "the only writable path is that directory")
eq(svc.get("ProtectSystem"), ["strict"], "everything else is read-only")
for name, view in ((SERVICE, svc), (TIMER, tmr)):
    eq(view.get("ConditionPathIsDirectory", ["?"])[0].split()[0], textfile_dir,
       "%s: only where the textfile directory exists" % name)
    eq(view.get("Documentation"), ["man:sockq(8)"], "%s: Documentation=" % name)
eq(svc.get("Type"), ["oneshot"], "Type=oneshot")
eq(svc.get("UMask"), ["0022"], "UMask=0022: node_exporter's user reads the file")
eq(sorted(svc.get("CapabilityBoundingSet", [""])[0].split()), ["cap_sys_admin", "cap_sys_ptrace"],
   "CapabilityBoundingSet= holds CAP_SYS_ADMIN and CAP_SYS_PTRACE only")
eq(svc.get("RestrictNamespaces"), ["net uts"], "RestrictNamespaces=net uts")
check(svc.get("SystemCallFilter", [""])[0] and not svc["SystemCallFilter"][0].startswith("~"),
      "SystemCallFilter= is an allow list")
allowed = set(svc.get("SystemCallFilter", [""])[0].split())
for call in ("setns", "capset", "execve"):
    check(call in allowed, "the filter admits %s" % call)
for call in ("mount", "bpf", "setuid", "sethostname", "ptrace", "init_module", "setrlimit"):
    check(call not in allowed, "the filter refuses %s" % call)
settings = unit_file(inst.text(SERVICE))
eq(settings.get(("Service", "RestrictAddressFamilies")), ["AF_NETLINK"], "RestrictAddressFamilies=AF_NETLINK")
eq(tmr.get("Unit"), [SERVICE], "the timer starts the service")
eq((tmr.get("OnBootSec"), tmr.get("OnUnitActiveSec")), (["15s"], ["15s"]), "every 15 seconds")
eq(tmr.get("Accuracy"), ["1s"], "AccuracySec=1s")
timer_settings = unit_file(inst.text(TIMER))
eq(timer_settings.get(("Install", "WantedBy")), ["timers.target"], "WantedBy=timers.target")
check(("Install", "WantedBy") not in settings, "the service is started by the timer only")

# systemd's own security review of the service, offline: printed for the log;
# what the unit promises is asserted item by item, not the score.
p = inst.analyze("security", "--offline=yes", units=(SERVICE,), env=man)
print(p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr)
p = inst.analyze("security", "--offline=yes", "--json=short", units=(SERVICE,), env=man)
items = {i["name"]: i["set"] for i in json.loads(p.stdout or "[]")}
check(len(items) > 50, "systemd-analyze security judged the service (%d items)" % len(items))
on = ["NoNewPrivileges=", "ProtectSystem=", "ProtectHome=", "PrivateTmp=", "PrivateDevices=",
      "ProtectKernelModules=", "ProtectKernelLogs=", "ProtectKernelTunables=", "ProtectControlGroups=",
      "ProtectClock=", "PrivateMounts=", "RestrictRealtime=", "RestrictSUIDSGID=", "LockPersonality=",
      "MemoryDenyWriteExecute=", "SystemCallArchitectures=", "AmbientCapabilities=",
      "RestrictAddressFamilies=~AF_(INET|INET6)", "RestrictAddressFamilies=~AF_UNIX",
      "RestrictAddressFamilies=~AF_PACKET", "RestrictAddressFamilies=~…",
      "RestrictNamespaces=~user", "RestrictNamespaces=~mnt", "RestrictNamespaces=~pid",
      "RestrictNamespaces=~ipc", "RestrictNamespaces=~cgroup",
      "SystemCallFilter=~@mount", "SystemCallFilter=~@module", "SystemCallFilter=~@debug",
      "SystemCallFilter=~@raw-io", "SystemCallFilter=~@reboot", "SystemCallFilter=~@swap",
      "SystemCallFilter=~@clock", "SystemCallFilter=~@obsolete", "SystemCallFilter=~@cpu-emulation",
      "SystemCallFilter=~@resources"]
on += [n for n in items if n.startswith("CapabilityBoundingSet=~") and "SYS_ADMIN" not in n and "SYS_PTRACE" not in n]
for name in on:
    eq(items.get(name), True, "security: %s" % name)
# Deliberately not: sockq enters namespaces, reads other users' /proc/PID/ns,
# sees every process and /proc/net, reports the host's network namespace.
for name in ("CapabilityBoundingSet=~CAP_SYS_ADMIN", "CapabilityBoundingSet=~CAP_SYS_PTRACE",
             "ProtectProc=", "ProcSubset=", "PrivateNetwork=", "PrivateUsers="):
    eq(items.get(name), False, "security: %s is left off on purpose" % name)
done()
