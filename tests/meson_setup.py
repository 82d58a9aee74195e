# SPDX-License-Identifier: GPL-2.0-or-later
"""meson_setup.py: meson setup on a minimal machine says nothing alarming, and its summary says where
each shell's completion goes.

A minimal machine is made of this one: a PATH of links to every program here
but zsh, fish and cmake, and a pkg-config search path holding only the
libraries sockq needs (no bash-completion, fish or systemd .pc file)."""
import os
import re
import shutil
import subprocess

from sqtest import done, eq, meson_summary, skip, tmpdir

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
meson = os.environ.get("MESON") or shutil.which("meson")
pkgconfig = shutil.which("pkg-config")
if not meson or not pkgconfig:
    skip("needs meson and pkg-config (Debian: apt-get install meson pkg-config)")

work = tmpdir()
bindir, pcdir = os.path.join(work, "bin"), os.path.join(work, "pc")
os.mkdir(bindir)
os.mkdir(pcdir)
ABSENT = {"zsh", "zsh5", "fish", "cmake"}
for d in os.environ.get("PATH", "").split(":"):
    if not os.path.isdir(d):
        continue
    for name in os.listdir(d):
        path = os.path.join(d, name)
        if name not in ABSENT and not os.path.lexists(os.path.join(bindir, name)) and os.access(path, os.X_OK):
            os.symlink(path, os.path.join(bindir, name))
for lib in ("libmnl", "libcap"):
    where = subprocess.run([pkgconfig, "--variable=pcfiledir", lib], capture_output=True, text=True).stdout.strip()
    os.symlink(os.path.join(where, lib + ".pc"), os.path.join(pcdir, lib + ".pc"))
env = dict(os.environ, PATH=bindir, PKG_CONFIG_LIBDIR=pcdir, PKG_CONFIG_PATH="", NO_COLOR="1")
for shell in ("zsh", "fish"):
    eq(shutil.which(shell, path=bindir), None, "the minimal machine has no %s" % shell)


def setup(*options):
    build = os.path.join(tmpdir(), "build")
    p = subprocess.run([meson, "setup", "-Dtests=false", *options, build, ROOT],
                       capture_output=True, text=True, env=env)
    out = p.stdout + p.stderr
    eq(p.returncode, 0, "meson setup %s: %s" % (" ".join(options), out[-2000:]))
    return out


# Without the shells and systemd.pc: Debian's directories under each
# prefix, fish's linked from /etc under /usr/local; what is left out says
# so. And nothing found wanting: no NO, no CMake, no warning.
CASES = (
    ((), {
        "bash": "/usr/local/share/bash-completion/completions",
        "zsh": "/usr/local/share/zsh/site-functions",
        "fish": "/usr/local/share/fish/vendor_completions.d, linked from /etc/fish/completions",
    }, "/usr/local/lib/systemd/system"),
    (("--prefix=/usr", "-Dbash_completions=false", "-Dsystemdsystemunitdir=no"), {
        "bash": "not installed (-Dbash_completions=false)",
        "zsh": "/usr/share/zsh/vendor-completions",
        "fish": "/usr/share/fish/vendor_completions.d",
    }, "not installed (-Dsystemdsystemunitdir=no)"),
)
for options, completions, units in CASES:
    what = "meson setup %s on a minimal machine" % " ".join(options)
    out = setup(*options)
    eq([line for line in out.splitlines() if re.search(r"\bNO\b|CMake|WARNING|ERROR", line)], [],
       "%s: lines that look like errors" % what)
    eq(meson_summary(out, "Shell completions"), completions, "%s: the summary's completions" % what)
    eq(meson_summary(out, "Metrics timer").get("systemd units"), units, "%s: the summary's units" % what)
done()
