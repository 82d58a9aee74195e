# SPDX-License-Identifier: GPL-2.0-or-later
"""completions.py: bash, zsh and fish, driven for real, offer what sockq
accepts; each shell loads the file from where meson installs it.

SOCKQ_COMPLETIONS names another directory of scripts to drive instead of
completions/, such as an older commit's, to see these checks fail there."""
import atexit
import ctypes
import json
import os
import re
import shutil
import subprocess

import shells
from sqtest import check, done, eq, fail, meson_summary, need_tools, skip, sockq, tmpdir

ROOT = os.path.abspath(os.environ.get("SOCKQ_SOURCE_ROOT", "."))
COMP = os.path.abspath(os.environ.get("SOCKQ_COMPLETIONS", os.path.join(ROOT, "completions")))
bash, zsh, fish = need_tools("bash", "zsh", "fish")
if not os.path.exists(shells.BASH_COMPLETION):
    skip("needs bash-completion (Debian: apt-get install bash-completion)")

for exe, script in ((bash, "sockq"), (zsh, "_sockq"), (fish, "sockq.fish")):
    p = subprocess.run([exe, "-n", os.path.join(COMP, script)], capture_output=True, text=True)
    eq(p.returncode, 0, "%s -n %s: %s" % (exe, script, p.stderr))

# What the completions must offer, from sockq itself.
rc, helptext, _ = sockq("--help")
longs = sorted(set(re.findall(r"^\s+(?:-\w, )?--([a-z][a-z0-9-]*)", helptext, re.M)))
check(len(longs) >= 25, "the long options in --help: %s" % longs)
m = re.search(r"^\s+--format FORMAT\s+(.+)$", helptext, re.M)
formats = re.split(r",\s*|\s+or\s+", m.group(1).strip()) if m else []
check(len(formats) >= 4, "the formats in --help: %s" % formats)
WHEN = ["auto", "always", "never"]


def columns(*args):
    rc, out, _ = sockq(*args, "--list-columns")
    eq(rc, 0, "sockq %s --list-columns exits 0" % " ".join(args))
    return [line.split()[0] for line in out.splitlines()]


cols, summary, cpus = columns(), columns("--summary"), columns("--backlog")
check(cols and summary and cpus and len({tuple(cols), tuple(summary), tuple(cpus)}) == 3,
      "three different column sets: %s / %s / %s" % (cols, summary, cpus))
meson = os.environ.get("MESON") or shutil.which("meson")


def introspect(build):
    p = subprocess.run([meson, "introspect", build, "--installed"], capture_output=True, text=True)
    eq(p.returncode, 0, "meson introspect --installed: %s" % p.stderr)
    return json.loads(p.stdout or "{}")


def completion_files(installed):
    """Where meson installs each shell's file (fish's may be linked too)."""
    found = {"bash": [], "zsh": [], "fish": []}
    for src, dest in installed.items():
        if src == os.path.join(ROOT, "completions", "sockq"):
            found["bash"].append(dest)
        elif os.path.basename(src) == "_sockq":
            found["zsh"].append(dest)
        elif os.path.basename(src) == "sockq.fish":
            found["fish"].append(dest)
    return found


# Where meson installs for prefix /usr and /usr/local, against where each
# shell looks for completions as it says itself.
sandbox = shells.Sandbox(os.environ.get("SOCKQ", "build/sockq"), COMP)
atexit.register(sandbox.close)
paths = shells.search_paths(sandbox.env)
for shell in ("bash", "zsh", "fish"):
    check(paths[shell], "%s's search path read from the shell" % shell)
LOADERS = {"bash": ("sockq", "sockq.bash", "_sockq"), "zsh": ("_sockq",), "fish": ("sockq.fish",)}
if not meson:
    fail("meson is not in PATH: the install locations go unchecked")
for prefix in ("/usr", "/usr/local") if meson else ():
    build = os.path.join(tmpdir(), "build")
    p = subprocess.run([meson, "setup", "--prefix", prefix, "-Dtests=false", build, ROOT],
                       capture_output=True, text=True)
    if not eq(p.returncode, 0, "meson setup --prefix %s: %s" % (prefix, p.stdout[-2000:] + p.stderr)):
        continue
    said = meson_summary(p.stdout, "Shell completions")
    for shell, dests in completion_files(introspect(build)).items():
        check(dests, "prefix %s installs the %s completion" % (prefix, shell))
        check(said.get(shell, "").split(", linked from ")[0] in [os.path.dirname(d) for d in dests],
              "prefix %s: the summary says %s's goes to %r; it goes to %s" % (prefix, shell, said.get(shell), dests))
        loaded = [d for d in dests if os.path.dirname(d) in paths[shell]
                  and os.path.basename(d) in LOADERS[shell]]
        check(loaded, "prefix %s: %s loads none of %s; it looks in %s" % (prefix, shell, dests, paths[shell]))
        print("prefix %s: %s loads %s" % (prefix, shell, ", ".join(loaded) or "nothing"))

# A real install of the build under test into a DESTDIR: each file lands
# where introspection says, a link pointing at its file.
build = os.environ.get("SOCKQ_BUILD_ROOT")
if build and meson:
    dest = tmpdir()
    p = subprocess.run([meson, "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet"],
                       capture_output=True, text=True)
    eq(p.returncode, 0, "meson install --destdir: %s" % p.stderr)
    installed = introspect(build)
    for shell, dests in completion_files(installed).items():
        for d in dests:
            path = dest + d
            if os.path.islink(path):
                target = os.readlink(path)
                check(target in installed.values() and os.path.isfile(dest + target)
                      and os.path.basename(target) == os.path.basename(d),
                      "%s links to %s, an installed %s" % (d, target, os.path.basename(d)))
            else:
                src = [s for s, t in installed.items() if t == d][0]
                check(os.path.isfile(path) and open(path, "rb").read() == open(src, "rb").read(),
                      "%s is installed as %s" % (src, d))

# The namespaces -N offers. As root, in a mount namespace of this test's
# own with an empty /run: the names other tests add and delete meanwhile
# stay out of sight, and ours goes when the test ends, however it ends.
MS_REC, MS_PRIVATE, CLONE_NEWNS = 0x4000, 1 << 18, 0x00020000


def private_run():
    libc = ctypes.CDLL(None, use_errno=True)
    return (libc.unshare(CLONE_NEWNS) == 0 and
            libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) == 0 and
            libc.mount(b"tmpfs", b"/run", b"tmpfs", 0, b"mode=755") == 0)


def netns_names():
    try:
        return set(os.listdir("/run/netns"))
    except OSError:
        return set()


named, private = None, False
if os.geteuid() == 0 and shutil.which("ip"):
    private = private_run()
    if not private:
        print("note: no mount namespace of our own: -N is checked against the shared /run/netns")
    name = "sqcomp-%d" % os.getpid()
    p = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True)
    if p.returncode == 0:
        named = name
        atexit.register(subprocess.run, ["ip", "netns", "delete", name], capture_output=True)
    else:
        print("note: ip netns add %s: %s" % (name, p.stderr.strip()))

files = tmpdir()
for f in ("out.csv", "state"):
    open(os.path.join(files, f), "w").close()
os.mkdir(os.path.join(files, "sub"))
filenames = ["out.csv", "state", "sub"]


def listed(stem, items):
    return {stem + i for i in items}


def but(items, *gone):
    return [i for i in items if i not in gone]


# (what, line, what its last word may become). A set is what the shell
# must offer, nothing more; a pair is a -N list's stem and the names in it
# already, which are not offered again.
CASES = [
    ("every long option of --help", "sockq --", listed("--", longs)),
    ("--format <Tab>: the formats of --help", "sockq --format ", set(formats)),
    ("--format=<Tab>", "sockq --format=", listed("--format=", formats)),
    ("-o <Tab>", "sockq -o ", set(cols)),
    ("--output=<Tab>", "sockq --output=", listed("--output=", cols)),
    ("-o proto,<Tab> continues the list", "sockq -o proto,", listed("proto,", but(cols, "proto"))),
    ("-o proto,u<Tab>", "sockq -o proto,u", listed("proto,", [c for c in cols if c[0] == "u"])),
    ("--output=proto,<Tab>", "sockq --output=proto,", listed("--output=proto,", but(cols, "proto"))),
    ("-o +<Tab> adds to the defaults", "sockq -o +", listed("+", cols)),
    ("-o +netns,<Tab>", "sockq -o +netns,", listed("+netns,", but(cols, "netns"))),
    ("-S -o <Tab>: summary columns", "sockq -S -o ", set(summary)),
    ("-So <Tab>: summary columns", "sockq -So ", set(summary)),
    ("--summary --output=<Tab>", "sockq --summary --output=", listed("--output=", summary)),
    ("-Sonetns,<Tab>", "sockq -Sonetns,", listed("-Sonetns,", but(summary, "netns"))),
    ("-pS -o +<Tab>", "sockq -pS -o +", listed("+", summary)),
    ("--backlog -o <Tab>: the CPU columns", "sockq --backlog -o ", set(cpus)),
    ("--sort=<Tab>", "sockq --sort=", listed("--sort=", cols)),
    ("--sort <Tab>", "sockq --sort ", set(cols)),
    ("-S --sort <Tab>", "sockq -S --sort ", set(summary)),
    ("--color <Tab>", "sockq --color ", set(WHEN)),
    ("--color=<Tab>", "sockq --color=", listed("--color=", WHEN)),
    ("--write <Tab>: files", "sockq --write %s/" % files, listed(files + "/", filenames)),
    ("--state <Tab>: files", "sockq --state %s/" % files, listed(files + "/", filenames)),
    ("--state=<Tab>", "sockq --state=%s/" % files, listed("--state=%s/" % files, filenames)),
    ("-N <Tab>", "sockq -N ", ("", [])),
    ("-N a,<Tab>", "sockq -N a,", ("a,", ["a"])),
    ("--netns=<Tab>", "sockq --netns=", ("--netns=", [])),
    ("-pN <Tab>", "sockq -pN ", ("", [])),
    ("--netns all,<Tab>", "sockq --netns all,", ("all,", ["all"])),
]
if named and private:
    CASES.append(("-N /run/netns/<Tab>: a namespace file", "sockq -N /run/netns/", {"/run/netns/" + named}))

lines = [c[1] for c in CASES]
before = netns_names()
answers = {}
for shell, run in (("bash", shells.bash_complete), ("zsh", shells.zsh_complete), ("fish", shells.fish_complete)):
    try:
        answers[shell] = run(sandbox, lines, files)
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        fail("%s: %s" % (shell, e))
after = netns_names()
if "bash" in answers:
    spec, answers["bash"] = answers["bash"]
    check(" -F _sockq " in spec + " ", "bash-completion loads the file by its name: %r" % spec)


def compare(shell, what, got, want, seen):
    missing, extra = sorted(want - got), sorted(got - want)
    check(not missing and not extra, "%s: %s: missing %s, extra %s (%s)" % (shell, what, missing, extra, seen))


for shell, got_all in answers.items():
    for (what, line, want), got in zip(CASES, got_all):
        if got is None:
            fail("%s: %s: the completion was not called" % (shell, what))
            continue
        # A directory may be offered with its slash, as fish does.
        offered = {w.rstrip("/") if w.endswith("/") and len(w) > 1 else w for w in got}
        if isinstance(want, set):
            compare(shell, what, offered, {w.rstrip("/") for w in want}, got.seen)
            continue
        stem, given = want
        if private and named:
            compare(shell, what, offered, listed(stem, but(["all", named], *given)), got.seen)
            continue
        # The shared /run/netns, where others may add and delete names:
        # all of it only when nothing changed meanwhile.
        for n in but(["all", named] if named else ["all"], *given):
            check(stem + n in offered, "%s: %s offers %s%s: %s" % (shell, what, stem, n, sorted(offered)))
        if before == after:
            compare(shell, what, offered, listed(stem, but(["all", *before], *given)), got.seen)

done()
