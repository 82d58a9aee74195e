# SPDX-License-Identifier: GPL-2.0-or-later
"""readme.py: the README says what sockq does: its commands run, its setcap line is the one
sockq suggests and the tests prove, its test packages are CI's, its sample has the real columns."""
import os
import re
import shlex
import subprocess

from sqtest import PACKAGES, SOCKQ, alone, check, done, eq, sockq, tmpdir

root = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
man = open(os.path.join(root, "man", "sockq.8"), encoding="utf-8").read().replace("\\-", "-")
privileges = open(os.path.join(root, "tests", "e2e_privileges.py"), encoding="utf-8").read()
ci = open(os.path.join(root, ".ci", "run"), encoding="utf-8").read()
blocks = re.findall(r"```(\w*)\n(.*?)```", readme, re.S)
tmp = tmpdir()

# One setcap line everywhere: what the privileges test grants an ordinary
# user and proves enough, also for -p.
tested = set(re.findall(r'"(cap_[a-z_,]+\+ep)"', privileges))
eq(len(tested), 1, "the privileges test grants one set: %r" % tested)
caps = tested.pop() if len(tested) == 1 else None
eq(re.findall(r"setcap (cap_\S+\+ep)", readme), [caps], "the README's setcap line")
check(caps and ("setcap " + caps) in man, "the man page's setcap line: %r" % caps)

# The two commands: the first builds and runs sockq -l, the second installs
# every package a test asks for (by sqtest's table) and runs meson test;
# CI installs them too.
commands = [b for lang, b in blocks if lang == "sh" and "apt-get install" in b]
eq(len(commands), 3, "the build, test and node_exporter install commands")
build, test = commands[0], commands[1]
check(build.strip().endswith("./build/sockq -l"), "the first command runs sockq -l: %r" % build)
check(test.strip().endswith("meson test -C build --print-errorlogs"), "the second runs the suite")


def packages(text):
    words = set()
    for m in re.finditer(r"apt-get install -y(?: --no-install-recommends)?((?:\s+\\?\s*[a-z0-9][a-z0-9.+-]*)+)", text):
        words |= {w for w in m.group(1).replace("\\", " ").split()}
    return words


needed = set(PACKAGES.values()) - {"bash", "mount", "coreutils"}
check(needed <= packages(test), "the test command installs %s" % sorted(needed - packages(test)))
check(packages(build) | packages(test) <= packages(ci),
      "CI installs what the README does: missing %s" % sorted((packages(build) | packages(test)) - packages(ci)))

# Every example command parses: no usage error, no unknown option. A watch
# is cut to one sample; a namespace that does not exist here is a runtime
# failure (1), which is fine.
examples = []
for lang, b in blocks:
    if lang != "sh":
        continue
    for line in b.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("sockq"):
            examples.append(line)
check(len(examples) >= 10, "examples found: %d" % len(examples))
for line in examples:
    words = shlex.split(line.split("|", 1)[0].split(">", 1)[0])
    args = words[1:]
    if "--watch" in args:
        if "--count" in args:
            args[args.index("--count") + 1] = "1"
        else:
            args += ["--count", "1"]
    if "--state" in args:
        args[args.index("--state") + 1] = os.path.join(tmp, "state")
    p = subprocess.run([SOCKQ, *args], capture_output=True, text=True, timeout=120)
    check(p.returncode in (0, 1) and "unknown" not in p.stderr and "Try 'sockq --help'" not in p.stderr,
          "%s: exit %d: %s" % (line, p.returncode, p.stderr.strip()[:200]))
    if "jq" in line:
        rc, out, _ = sockq(*args)
        check(out.startswith("{") and '"listeners"' in out.split("\n", 2)[1],
              "the jq example reads .listeners: %r" % out[:80])

# The sample is the table --netns all prints: its columns are sockq's
# whatever the host holds, on a host of one namespace too (as root, in a
# world of its own: new namespaces, /proc and /run/netns of their own).
sample = next((b for lang, b in blocks if b.startswith("$ sudo sockq --netns all")), "")
header = sample.splitlines()[1].split() if sample.count("\n") > 1 else []
check(header[:2] == ["NETNS", "NS_CONTAINER"], "the README's sample names namespaces: %r" % header)
runs = [("here", sockq("--netns", "all"))]
if os.geteuid() == 0:
    runs.append(("on a host of one namespace", alone("sqreadme-%d" % os.getpid(), ("--netns", "all"))[0]))
for where, (rc, out, err) in runs:
    got = out.splitlines()[0].split() if out else None
    check(got == header, "sockq --netns all %s: its columns are %r, the README's sample shows %r (stderr: %s)"
          % (where, got, header, err.strip()[:200]))
done()
