# SPDX-License-Identifier: GPL-2.0-or-later
"""squnits.py: the systemd units as installed, and as systemd itself reads them.

The units are installed with meson install --destdir into a temporary tree
and read back by systemd-analyze with --root on that tree, so ExecStart=
names the sockq installed there and Documentation= the man page installed
there. No systemd needs to run: systemd-analyze loads units offline.
"""
import json
import os
import shlex
import shutil
import subprocess

from sqtest import check, eq, need_tools, skip, tmpdir

SERVICE = "sockq-textfile.service"
TIMER = "sockq-textfile.timer"
BUILD = os.environ.get("SOCKQ_BUILD_ROOT", "build")
# What systemd gives a system service: no environment of the caller.
SERVICE_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
# The targets the units' default dependencies name; systemd-analyze refuses
# a unit whose start job needs one it cannot load.
STUB_TARGETS = ("sysinit.target", "basic.target", "shutdown.target", "timers.target")


def build_options():
    meson = os.environ.get("MESON", shutil.which("meson"))
    out = subprocess.run([meson, "introspect", BUILD, "--buildoptions"], capture_output=True,
                         text=True, check=True).stdout
    return {o["name"]: o["value"] for o in json.loads(out)}


class Installed:
    """meson install --destdir DEST: the tree, the build's options, the units' directory."""

    def __init__(self):
        meson = os.environ.get("MESON", shutil.which("meson"))
        self.dest = tmpdir()
        p = subprocess.run([meson, "install", "-C", BUILD, "--destdir", self.dest, "--no-rebuild",
                            "--quiet"], capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("meson install: %s" % (p.stdout + p.stderr))
        self.opts = build_options()
        found = {}
        for d, _, names in os.walk(self.dest):
            for n in names:
                if n in (SERVICE, TIMER):
                    found.setdefault(n, []).append(os.path.join(d, n))
        self.found = found
        if self.opts["systemdsystemunitdir"] == "no":
            eq(found, {}, "-Dsystemdsystemunitdir=no installs no unit")
            skip("the units are not installed in this build (-Dsystemdsystemunitdir=no)")
        for n in (SERVICE, TIMER):
            if not check(len(found.get(n, [])) == 1, "%s installed once: %s" % (n, found.get(n))):
                raise RuntimeError("%s not installed" % n)
        self.unitdir = "/" + os.path.relpath(os.path.dirname(found[SERVICE][0]), self.dest)
        eq(os.path.dirname(found[TIMER][0]), os.path.dirname(found[SERVICE][0]),
           "the service and the timer in one directory")
        stubs = os.path.join(self.dest, "etc", "systemd", "system")
        os.makedirs(stubs, exist_ok=True)
        for t in STUB_TARGETS:
            with open(os.path.join(stubs, t), "w") as f:
                f.write("[Unit]\nDescription=%s, for systemd-analyze verify\n" % t)

    def path(self, unit):
        """The unit's file inside the tree."""
        return self.dest + os.path.join(self.unitdir, unit)

    def text(self, unit):
        with open(self.path(unit), encoding="utf-8") as f:
            return f.read()

    def retarget(self, directory):
        """Point both units at another textfile directory, changing that path only."""
        old = self.opts["textfile_dir"]
        for unit in (SERVICE, TIMER):
            text = self.text(unit)
            check(old in text, "%s names the textfile directory %s" % (unit, old))
            with open(self.path(unit), "w", encoding="utf-8") as f:
                f.write(text.replace(old, directory))

    def analyze(self, *args, env=None, units=(SERVICE, TIMER)):
        """systemd-analyze ARGS --root=DEST on the installed units."""
        e = {k: v for k, v in os.environ.items() if not k.startswith("SYSTEMD_")}
        e.update(env or {})
        return subprocess.run(["systemd-analyze", *args, "--root=" + self.dest,
                               *[self.path(u) for u in units]],
                              capture_output=True, text=True, env=e, timeout=120)

    def view(self, unit):
        """The unit as systemd loaded it, from the dump verify writes at debug level:
        key -> list of values; ExecStart -> the command lines."""
        p = self.analyze("verify", "--man=no", env={"SYSTEMD_LOG_LEVEL": "debug"})
        view, inside, section = {}, False, None
        for line in p.stdout.splitlines():
            if line.startswith("\t-> Unit "):
                inside = line == "\t-> Unit %s:" % unit
                continue
            if not inside or not line.startswith("\t\t"):
                continue
            body = line[2:]
            if body.startswith("-> "):
                section = body[3:].rstrip(":")
                continue
            if body.startswith("\t"):
                if section and body.strip().startswith("Command Line: "):
                    view.setdefault(section, []).append(body.strip()[len("Command Line: "):])
                continue
            section = None
            key, _, value = body.partition(": ")
            view.setdefault(key.rstrip(":"), []).append(value)
        if not view:
            raise RuntimeError("systemd-analyze printed no dump of %s: %s" % (unit, p.stderr[-2000:]))
        return view


def unit_file(text):
    """(section, key) -> values, in order, as systemd reads a unit file: comments,
    continuation lines, an empty assignment resetting the list."""
    out, section, pending = {}, None, ""
    for raw in text.splitlines():
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, _, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if value:
            out.setdefault((section, key), []).append(value)
        else:
            out[(section, key)] = []
    return out


def filter_admits(view):
    """The predicate of the service's SystemCallFilter= as systemd resolved it."""
    spec = " ".join(view.get("SystemCallFilter", [])).split()
    if not spec:
        return None
    if spec[0].startswith("~"):
        denied = {s.lstrip("~") for s in spec}
        return lambda name: name not in denied
    allowed = set(spec)
    return lambda name: name in allowed


def command(inst, view):
    """How systemd would start the service: setpriv with its bounding set, no
    inheritable or ambient capability and no_new_privs, then ExecStart= with
    the binary of the installed tree; and the umask and working directory it
    gives."""
    need_tools("setpriv")
    argv = shlex.split(view["ExecStart"][0])
    argv[0] = inst.dest + argv[0]
    caps = view.get("CapabilityBoundingSet", [""])[0].split()
    bounding = ",".join(["-all"] + ["+" + c[len("cap_"):] for c in caps])
    settings = unit_file(inst.text(SERVICE))
    nnp = settings.get(("Service", "NoNewPrivileges"), ["no"])[-1] in ("yes", "true", "on", "1")
    # A root service gets at exec its bounding set joined with the inheritable
    # set it inherits, plus its ambient set; systemd gives it empty ones
    # (no AmbientCapabilities= here), so they are emptied too, or a full
    # inheritable set (systemd-nspawn, some containers) would keep what
    # the bounding set takes.
    setpriv = ["setpriv", "--bounding-set=" + bounding, "--inh-caps=-all", "--ambient-caps=-all"] + \
        (["--nnp"] if nnp else []) + ["--"]
    umask = int(view.get("UMask", ["0022"])[0], 8)
    cwd = view.get("WorkingDirectory", ["/"])[0]
    return setpriv, argv, umask, cwd


def run(setpriv, argv, umask, cwd, prefix=()):
    """Run the service's command the way systemd would, under setpriv."""
    return subprocess.run(setpriv + list(prefix) + argv, cwd=cwd, env=SERVICE_ENV,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          errors="surrogateescape", preexec_fn=lambda: os.umask(umask),
                          timeout=300)


def write_arg(argv):
    """The FILE of --write FILE in a command line."""
    for i, a in enumerate(argv):
        if a == "--write" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--write="):
            return a[len("--write="):]
    return None
