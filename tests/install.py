# SPDX-License-Identifier: GPL-2.0-or-later
"""install.py: meson install puts every file where distributions expect it."""
import os
import shutil
import subprocess
import tempfile

from sqtest import check, done, eq

build = os.environ["SOCKQ_BUILD_ROOT"]
meson = os.environ.get("MESON", shutil.which("meson"))
dest = tempfile.mkdtemp(prefix="sockq-install-")
try:
    p = subprocess.run([meson, "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet"],
                       capture_output=True, text=True)
    eq(p.returncode, 0, "meson install: %s" % p.stderr)
    prefix = subprocess.run([meson, "introspect", build, "--buildoptions"], capture_output=True,
                            text=True).stdout
    import json
    opts = {o["name"]: o["value"] for o in json.loads(prefix)}
    root = dest + opts["prefix"]
    files = []
    for d, _, names in os.walk(dest):
        files += [os.path.relpath(os.path.join(d, n), root) for n in names]
    want = [opts["bindir"] + "/sockq",
            opts["mandir"] + "/man8/sockq.8",
            "share/zsh/site-functions/_sockq",
            "share/fish/vendor_completions.d/sockq.fish"]
    for w in want:
        check(w in files, "%s installed (got %s)" % (w, files))
    check(any(f.endswith("bash-completion/completions/sockq") for f in files) or
          any(f.endswith("/completions/sockq") for f in files), "bash completion installed")
    exe = os.path.join(root, opts["bindir"], "sockq")
    check(os.access(exe, os.X_OK), "the installed binary is executable")
    p = subprocess.run([exe, "--version"], capture_output=True, text=True)
    check(p.returncode == 0 and p.stdout.startswith("sockq "), "and runs")
finally:
    shutil.rmtree(dest, ignore_errors=True)
done()
