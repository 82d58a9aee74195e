# SPDX-License-Identifier: GPL-2.0-or-later
"""completions.py: the bash, zsh and fish completions parse, and offer what sockq accepts."""
import os
import subprocess

from sqtest import Helper, check, done, eq, need_tools, sockq

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
COMP = os.path.join(ROOT, "completions")
bash, zsh, fish = need_tools("bash", "zsh", "fish")

for exe, script in ((bash, "sockq"), (zsh, "_sockq"), (fish, "sockq.fish")):
    p = subprocess.run([exe, "-n", os.path.join(COMP, script)], capture_output=True, text=True)
    eq(p.returncode, 0, "%s -n %s: %s" % (exe, script, p.stderr))

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
eq(sorted(complete(["--format", ""])), ["csv", "json", "openmetrics", "prometheus", "table"], "--format <TAB>")
eq(sorted(complete(["--sort", "use"])), ["use_pct"], "--sort use<TAB>")
rc, out, _ = sockq("--summary", "--list-columns")
eq(sorted(complete(["-S", "-o", ""])), sorted(line.split()[0] for line in out.splitlines()),
   "-S -o <TAB> offers the summary columns")
done()
