# SPDX-License-Identifier: GPL-2.0-or-later
"""docs_sync.py: --help, the man page, the completions and the columns agree."""
import os
import re
import shutil
import subprocess

from sqtest import Helper, check, done, eq, sockq

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
COMP = os.path.join(ROOT, "completions")
man = open(os.path.join(ROOT, "man", "sockq.8"), encoding="utf-8").read()
man_text = man.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
scripts = {name: open(os.path.join(COMP, name), encoding="utf-8").read()
           for name in ("sockq", "_sockq", "sockq.fish")}

rc, helptext, _ = sockq("--help")
eq(rc, 0, "--help exits 0")
longs = sorted(set(re.findall(r"(?<![\w-])--([a-z][a-z0-9-]+)", helptext)))
shorts = sorted(set(re.findall(r"(?<![\w-])-([a-zA-Z0-9]),", helptext)))
check(len(longs) >= 25, "found the long options in --help: %s" % longs)
for opt in longs:
    check(re.search(r"(?<![\w-])--%s(?![\w-])" % re.escape(opt), man_text),
          "--%s is in the man page" % opt)
    check(re.search(r"(?<![\w-])--%s(?![\w-])" % re.escape(opt), scripts["sockq"]),
          "--%s is in the bash completion" % opt)
    check(re.search(r"--%s[\[=+\]'} ]" % re.escape(opt), scripts["_sockq"]),
          "--%s is in the zsh completion" % opt)
    check(re.search(r"-l %s\b" % re.escape(opt), scripts["sockq.fish"]),
          "--%s is in the fish completion" % opt)
for opt in shorts:
    check(re.search(r"(?<![\w-])-%s\b" % re.escape(opt), man_text), "-%s is in the man page" % opt)
    check(re.search(r"(?<![\w-])-%s\b" % re.escape(opt), scripts["sockq"]), "-%s in bash" % opt)
    check(re.search(r"-s %s\b" % re.escape(opt), scripts["sockq.fish"]), "-%s in fish" % opt)
# Every option the parser knows is in --help (and so everywhere else).
for opt in ("listening", "netns", "output-all", "list-columns", "no-header", "min-use", "warn"):
    check(opt in longs, "--%s is in --help" % opt)

for args in ((), ("--summary",)):
    rc, out, _ = sockq(*args, "--list-columns")
    eq(rc, 0, "--list-columns exits 0")
    cols = [line.split()[0] for line in out.splitlines()]
    check(len(cols) >= 10, "columns listed")
    for col in cols:
        check(re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(col), man_text),
              "column %s is in the man page" % col)
        rc, _, err = sockq(*args, "-o", col.upper(), "--csv", "-N", "/proc/self/ns/net")
        check(rc in (0, 1) and "unknown column" not in err, "-o %s is accepted" % col.upper())

for shell, flag, script in (("bash", "-n", "sockq"), ("zsh", "-n", "_sockq"), ("fish", "-n", "sockq.fish")):
    exe = shutil.which(shell)
    if exe:
        p = subprocess.run([exe, flag, os.path.join(COMP, script)], capture_output=True, text=True)
        eq(p.returncode, 0, "%s %s %s: %s" % (shell, flag, script, p.stderr))
    else:
        print("note: %s not installed, its syntax check not run" % shell)

mandoc = shutil.which("mandoc")
if mandoc:
    p = subprocess.run([mandoc, "-Tlint", os.path.join(ROOT, "man", "sockq.8")],
                       capture_output=True, text=True)
    eq(p.stdout + p.stderr, "", "mandoc -Tlint is clean")

# Drive the bash completion function as bash would.
def complete(words):
    sockq_bin = os.environ.get("SOCKQ", "sockq")
    line = " ".join([sockq_bin] + words)
    prog = r'''
[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
. "$1"
shift
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
_sockq
printf '%s\n' "${COMPREPLY[@]}"
'''
    p = subprocess.run(["bash", "-c", prog, "bash", os.path.join(COMP, "sockq"), sockq_bin] + words,
                       capture_output=True, text=True)
    return p.stdout.split()


named = None
if os.geteuid() == 0:
    try:
        named = Helper("-n", "sqcomp-%d" % os.getpid())
    except RuntimeError as e:
        print("note: no namespace for the completion test: %s" % e)
got = complete(["--netns", ""])
check("all" in got, "--netns <TAB> offers all: %s" % got)
if named:
    check("sqcomp-%d" % os.getpid() in got, "--netns <TAB> offers the names under /run/netns")
rc, out, _ = sockq("--list-columns")
cols = [line.split()[0] for line in out.splitlines()]
eq(sorted(complete(["-o", ""])), sorted(cols), "-o <TAB> offers every column")
eq(sorted(complete(["-o", "+rec"])), ["+recv_q"], "-o +rec<TAB>")
eq(sorted(complete(["-o", "netns,pro"])), ["netns,proto"], "-o netns,pro<TAB>")
eq(complete(["--for"]), ["--format"], "--for<TAB>")
eq(sorted(complete(["--format", ""])), ["csv", "json", "openmetrics", "table"], "--format <TAB>")
eq(sorted(complete(["--sort", "use"])), ["use_pct"], "--sort use<TAB>")
rc, out, _ = sockq("--summary", "--list-columns")
eq(sorted(complete(["-S", "-o", ""])), sorted(line.split()[0] for line in out.splitlines()),
   "-S -o <TAB> offers the summary columns")
done()
