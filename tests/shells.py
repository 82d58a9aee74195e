# SPDX-License-Identifier: GPL-2.0-or-later
"""shells.py: what real bash, zsh and fish offer for a command line.

Each shell finds sockq's completion the way it finds an installed one: bash
through bash-completion's on-demand loader, zsh through compinit and its
fpath, fish through fish_complete_path; `sockq` on the line is the binary
under test, first in PATH. Each answer is the list of words the shell would
put in place of the last word of the line, whole: for `sockq --output=`
that is --output=netns, --output=proto, ... in all three shells, however
each one splits the word.
"""
import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import termios
import time

BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"

# A guard against a shell that hangs, never a measurement: each answer
# normally comes in a fraction of a second.
PATIENCE = 60


class Sandbox:
    """A HOME, XDG directories, a PATH and an environment of their own, so
    that no user's configuration and no other sockq completion installed on
    the system is read, and nothing is written outside the sandbox."""

    def __init__(self, sockq, compdir):
        self.dir = tempfile.mkdtemp(prefix="sockq-shells-")
        d = self.dir
        for sub in ("home", "bin", "bash/completions", "zsh", "fish", "out"):
            os.makedirs(os.path.join(d, sub))
        os.symlink(os.path.abspath(sockq), os.path.join(d, "bin", "sockq"))
        # Each script under the name its shell's loader looks for.
        os.symlink(os.path.abspath(os.path.join(compdir, "sockq")),
                   os.path.join(d, "bash", "completions", "sockq"))
        os.symlink(os.path.abspath(os.path.join(compdir, "_sockq")), os.path.join(d, "zsh", "_sockq"))
        os.symlink(os.path.abspath(os.path.join(compdir, "sockq.fish")),
                   os.path.join(d, "fish", "sockq.fish"))
        home = os.path.join(d, "home")
        # An empty .zshrc: without one an interactive zsh may start its
        # new-user menu and wait for an answer.
        open(os.path.join(home, ".zshrc"), "w").close()
        self.env = {
            "PATH": os.path.join(d, "bin") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": home,
            "ZDOTDIR": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_STATE_HOME": os.path.join(home, ".local", "state"),
            "HISTFILE": os.path.join(home, ".history"),
            "TERM": "xterm",
            "LC_ALL": "C.UTF-8",
        }
        self.out = os.path.join(d, "out")
        self.runs = 0

    def fresh_out(self):
        """An empty directory for one shell's answers."""
        self.runs += 1
        path = os.path.join(self.out, str(self.runs))
        os.mkdir(path)
        return path

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def current_word(line):
    """The last whitespace-separated word of LINE, '' after a space."""
    return "" if line.endswith(" ") else line.split()[-1]


class PtySession:
    """One interactive shell on a pseudo-terminal of its own."""

    def __init__(self, argv, env, cwd):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        # A wide terminal, so that nothing wraps.
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))
        self.output = bytearray()
        self.status = None

    def send(self, text):
        os.write(self.fd, text.encode())

    def alive(self):
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is None

    def wait_for(self, path):
        """Reads what the shell writes (so it never blocks on a full
        terminal) until PATH exists; False if the shell ends or hangs."""
        deadline = time.monotonic() + PATIENCE
        while not os.path.exists(path):
            if time.monotonic() > deadline or not self.alive():
                return False
            r, _, _ = select.select([self.fd], [], [], 0.05)
            if r:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    pass
        return True

    def close(self):
        if self.alive():
            # The shell leads its own session: end it and whatever it started.
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
        os.close(self.fd)


# bash --rcfile: bash-completion, sockq's completion loaded as its loader
# loads it on the first Tab, then the completion function wrapped so that
# each call leaves what readline gave it and what it answered in a file.
# After Tab the test types C-u, which empties the line, and C-x q, which
# marks the line done: readline handles keys in order, so once the mark
# exists the completion has finished, or was never called.
BASH_RC = r'''
PS1='$ '
. "$SQ_BASH_COMPLETION"
bind 'set bell-style none'
__load_completion sockq
_sq_spec=$(complete -p sockq 2>/dev/null)
printf '%s\n' "$_sq_spec" >"$SQ_OUT/spec"
_sq_func=${_sq_spec#*-F }
_sq_func=${_sq_func%% *}
_sq_n=0
_sq_capture() {
	"$_sq_func" "$@"
	local rc=$?
	printf '%s\0' "$COMP_WORDBREAKS" "$COMP_CWORD" "${COMP_WORDS[@]}" >"$SQ_OUT/words.$_sq_n"
	printf '%s\0' "${#COMPREPLY[@]}" "${COMPREPLY[@]}" >"$SQ_OUT/reply.$_sq_n"
	return $rc
}
[[ $_sq_func ]] && eval "${_sq_spec/ -F $_sq_func / -F _sq_capture }"
_sq_mark() { : >"$SQ_OUT/mark.$((_sq_n++))"; }
bind -x '"\C-xq": _sq_mark'
: >"$SQ_OUT/ready"
'''


class Answer(list):
    """The words a shell offers, with what it saw, for failure messages."""

    def __init__(self, words, seen=""):
        super().__init__(words)
        self.seen = seen


def bash_complete(sb, lines, cwd):
    """Types each line into an interactive bash and presses Tab. Returns
    what `complete -p sockq` said once bash-completion loaded the file, and
    per line what readline would put in place of the last word, None where
    the completion function was not called."""
    out = sb.fresh_out()
    rc = os.path.join(out, "bashrc")
    with open(rc, "w") as f:
        f.write(BASH_RC)
    env = dict(sb.env, SQ_OUT=out, SQ_BASH_COMPLETION=BASH_COMPLETION,
               BASH_COMPLETION_USER_DIR=os.path.join(sb.dir, "bash"),
               INPUTRC=os.path.join(out, "inputrc"))
    open(env["INPUTRC"], "w").close()
    answers = []
    s = PtySession([shutil.which("bash"), "--noprofile", "--rcfile", rc, "-i"], env, cwd)
    try:
        if not s.wait_for(os.path.join(out, "ready")):
            raise RuntimeError("bash did not start: %r" % bytes(s.output[-2000:]))
        for i, line in enumerate(lines):
            s.send(line + "\t\x15\x18q")
            if not s.wait_for(os.path.join(out, "mark.%d" % i)):
                raise RuntimeError("bash did not answer %r: %r" % (line, bytes(s.output[-2000:])))
            answers.append(_bash_answer(out, i, line))
    finally:
        s.close()
    return open(os.path.join(out, "spec")).read().strip(), answers


def _bash_answer(out, i, line):
    path = os.path.join(out, "reply.%d" % i)
    if not os.path.exists(path):
        return None
    reply = open(path, "rb").read().decode().split("\0")
    reply = reply[1:1 + int(reply[0])]
    fields = open(os.path.join(out, "words.%d" % i), "rb").read().decode().split("\0")
    breaks, cword, words = fields[0], int(fields[1]), fields[2:-1]
    # Readline replaces only the text after the last word-break character
    # (COMP_WORDBREAKS: = and : among them) of the word being completed;
    # the quotes it also holds never occur in the lines tested.
    word = current_word(line)
    cut = max((word.rfind(c) for c in breaks if not c.isspace()), default=-1)
    kept = word[:cut + 1]
    return Answer([kept + r for r in reply], "COMP_WORDS=%r COMP_CWORD=%d" % (words, cword))


# zsh: the setup an interactive zsh sources, and the zsh script that runs
# that shell on a zpty, types each line and a Tab, and waits for the answer.
# Tab runs a widget that completes with compstate[insert]=all, so zsh puts
# every match on the line as it would insert it, and writes the number of
# matches and the line to a file.
ZSH_SETUP = r'''
PS1='' RPS1='' PROMPT_EOL_MARK=''
print -r -- $$ >| $SQ_OUT/pid
fpath=($SQ_ZSH_FPATH $fpath)
# -u: the sandbox's files may belong to another user than the test's.
autoload -U compinit && compinit -u -D
_sq_all() {
	_main_complete
	typeset -g _sq_matches=$compstate[nmatches]
	compstate[insert]=all
	compstate[list]=''
}
zle -C _sq_all complete-word _sq_all
integer _sq_n=0
_sq_tab() {
	_sq_matches=0
	zle _sq_all
	print -r -- "$_sq_matches $BUFFER" >| $SQ_OUT/answer.$_sq_n
	: >| $SQ_OUT/done.$_sq_n
	(( _sq_n++ ))
	BUFFER=
}
zle -N _sq_tab
bindkey '^I' _sq_tab
: >| $SQ_OUT/ready
'''

ZSH_DRIVER = r'''
zmodload zsh/zpty zsh/zselect || exit 3
# Waits for file $1, reading the shell's output meanwhile; 1 after
# $SQ_PATIENCE seconds.
wait_for() {
	local junk
	float deadline=$(( EPOCHREALTIME + SQ_PATIENCE ))
	while [[ ! -e $1 ]]; do
		(( EPOCHREALTIME < deadline )) || return 1
		zpty -r -t sq junk 2>/dev/null
		zselect -t 5
	done
	return 0
}
zmodload zsh/datetime
zpty sq zsh -f -i
trap 'zpty -d sq 2>/dev/null' EXIT
zpty -w sq "source ${(q)SQ_OUT}/setup.zsh"
wait_for $SQ_OUT/ready || { print -u2 "zsh did not start"; exit 1; }
integer i=0
for line; do
	zpty -w -n sq "$line"$'\t'
	wait_for $SQ_OUT/done.$i || { print -u2 "zsh did not answer: $line"; exit 1; }
	(( i++ ))
done
exit 0
'''


def zsh_complete(sb, lines, cwd):
    """Answers from an interactive zsh on a zpty, per line; the words zsh
    would insert in place of the last word."""
    out = sb.fresh_out()
    with open(os.path.join(out, "setup.zsh"), "w") as f:
        f.write(ZSH_SETUP)
    driver = os.path.join(out, "driver.zsh")
    with open(driver, "w") as f:
        f.write(ZSH_DRIVER)
    env = dict(sb.env, SQ_OUT=out, SQ_ZSH_FPATH=os.path.join(sb.dir, "zsh"), SQ_PATIENCE=str(PATIENCE))
    p = subprocess.Popen([shutil.which("zsh"), "-f", driver, *lines], env=env, cwd=cwd,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        _, err = p.communicate(timeout=PATIENCE * (len(lines) + 2))
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        _, err = p.communicate()
    finally:
        _end_zpty_shell(out)
    if p.returncode != 0:
        raise RuntimeError("zsh driver: exit %s: %s" % (p.returncode, err.decode(errors="replace")))
    answers = []
    for i, line in enumerate(lines):
        count, _, buf = open(os.path.join(out, "answer.%d" % i)).read().rstrip("\n").partition(" ")
        if int(count) == 0:
            answers.append(Answer([], buf))
            continue
        before = len(line.split()) - (0 if line.endswith(" ") else 1)
        words = buf.split()[before:]
        # The last match inserted carries the suffix zsh would leave after
        # a single one (the ',' of a list, the '=' of --output=): not part
        # of the word.
        if words and words[-1][-1:] in (",", "="):
            words[-1] = words[-1][:-1]
        answers.append(Answer(words, buf))
    return answers


def _end_zpty_shell(out):
    """The shell on the zpty ends with its terminal; should it not, end it."""
    try:
        pid = int(open(os.path.join(out, "pid")).read())
    except (OSError, ValueError):
        return
    try:
        with open("/proc/%d/environ" % pid, "rb") as f:
            ours = ("SQ_OUT=%s" % out).encode() in f.read().split(b"\0")
    except OSError:
        return
    if ours:
        os.kill(pid, signal.SIGKILL)


FISH_SCRIPT = r'''
set -g fish_complete_path $argv[1]
for line in $argv[2..-1]
    complete -C $line
    printf '\x1e\n'
end
'''


def fish_complete(sb, lines, cwd):
    """Answers from fish's own completion engine (complete -C), per line."""
    p = subprocess.run([shutil.which("fish"), "--no-config", "-c", FISH_SCRIPT,
                        os.path.join(sb.dir, "fish"), *lines],
                       env=sb.env, cwd=cwd, capture_output=True, text=True, timeout=PATIENCE * (len(lines) + 2))
    if p.returncode != 0:
        raise RuntimeError("fish: exit %d: %s" % (p.returncode, p.stderr))
    blocks = p.stdout.split("\x1e\n")[:-1]
    if len(blocks) != len(lines):
        raise RuntimeError("fish answered %d lines of %d: %r" % (len(blocks), len(lines), p.stdout[-2000:]))
    return [Answer([c.split("\t")[0] for c in b.splitlines()], p.stderr.strip()) for b in blocks]


def search_paths(env):
    """Where each shell looks for a command's completion once installed,
    as the shell itself says, with no user configuration and no
    XDG_DATA_DIRS (a console or ssh login sets none)."""
    paths = {}
    # bash-completion's loader, traced: the directories it tests with -d.
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c",
                        '. "$1"; set -x; __load_completion sockq-no-such-command', "bash", BASH_COMPLETION],
                       env=env, capture_output=True, text=True, timeout=PATIENCE)
    paths["bash"] = [line.split("[[ -d ", 1)[1].rsplit(" ]]", 1)[0]
                     for line in p.stderr.splitlines() if "[[ -d " in line]
    # zsh as an interactive shell starts: the system's startup files, then
    # the sandbox's empty .zshrc.
    p = subprocess.run(["zsh", "-i", "-c", "print -rl -- $fpath"], env=env, capture_output=True,
                       text=True, stdin=subprocess.DEVNULL, timeout=PATIENCE)
    paths["zsh"] = p.stdout.splitlines()
    p = subprocess.run(["fish", "-c", 'printf "%s\\n" $fish_complete_path'], env=env, capture_output=True,
                       text=True, stdin=subprocess.DEVNULL, timeout=PATIENCE)
    paths["fish"] = p.stdout.splitlines()
    return paths
