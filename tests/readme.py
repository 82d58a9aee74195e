# SPDX-License-Identifier: GPL-2.0-or-later
"""readme.py: the README says what sockq does: its commands run, its setcap line is the one
sockq suggests and the tests prove, its test packages are CI's, installed as CI installs them, its
jq example works in jq, its sample has the real columns."""
import json
import os
import re
import shlex
import socket
import subprocess

from sqtest import PACKAGES, SOCKQ, alone, check, done, eq, fail, need_tools, sockq, tmpdir

jq, = need_tools("jq")

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
# No recommended package, and no service of theirs enabled: the test
# command writes a systemd preset before it installs and removes it after,
# and CI does the same.
for what, text in (("the build command", build), ("the test command", test), ("CI", ci)):
    installs = re.findall(r"apt-get install -y( --no-install-recommends)?", text)
    check(installs and all(installs), "%s installs no recommended package: %r" % (what, text[:300]))
preset = re.findall(r"echo '(disable [^']*)' *> *(/etc/systemd/system-preset/\S+\.preset)", test)
eq(len(preset), 1, "the test command writes one preset")
for rule, path in preset:
    check({"prometheus", "prometheus-node-exporter"} <= packages(test) and
          re.fullmatch(r"disable prometheus\*", rule), "the preset keeps their services disabled: %r" % rule)
    for what, text in (("the test command", test), ("CI", ci)):
        i, j, k = text.find(path), text.find("apt-get install"), text.find("rm " + path)
        check(0 <= i < j < k, "%s writes %s before it installs and removes it after" % (what, path))
    check(("echo '%s' >%s" % (rule, path)) in ci.replace("> ", ">"), "CI writes the same preset")

# Every example command parses: no usage error, no unknown option. A watch
# is cut to one sample; a namespace that does not exist here is a runtime
# failure (1), which is fine.
examples = []
jq_examples = []
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
    if "| jq " in line:
        jq_examples.append(line)

# The jq example, through jq, as the README gives it: two listeners of
# this namespace, one with a backlog cut down by somaxconn, one not; jq
# prints the first and not the second, and nothing that is not clamped.
eq(len(jq_examples), 1, "one jq example")
somaxconn = int(open("/proc/sys/net/core/somaxconn").read())
listeners = {}
for kind, backlog in (("clamped", min(somaxconn + 1, 2**31 - 1)), ("kept", 3)):
    listeners[kind] = sock = socket.socket(socket.AF_UNIX)
    sock.bind(("\0sqreadme-%d-%s" % (os.getpid(), kind)).encode())
    sock.listen(backlog)
for line in jq_examples:
    p = subprocess.run(["sh", "-c", re.sub(r"^sockq ", shlex.quote(SOCKQ) + " ", line)],
                       capture_output=True, text=True, timeout=120)
    eq(p.returncode, 0, "%s: exit status (%s)" % (line, p.stderr.strip()[:200]))
    objects, rest, decoder = [], p.stdout.strip(), json.JSONDecoder()
    while rest:
        try:
            obj, end = decoder.raw_decode(rest)
        except ValueError:
            fail("%s: not a stream of JSON objects: %r" % (line, rest[:200]))
            break
        objects.append(obj)
        rest = rest[end:].lstrip()
    locals_ = [o.get("local") for o in objects]
    check("@sqreadme-%d-clamped" % os.getpid() in locals_, "%s: prints the clamped listener" % line)
    check("@sqreadme-%d-kept" % os.getpid() not in locals_, "%s: and not the other" % line)
    check(objects and all(o.get("clamped") is True for o in objects), "%s: only clamped listeners" % line)
for sock in listeners.values():
    sock.close()

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
