# SPDX-License-Identifier: GPL-2.0-or-later
"""sqtest.py: what every end-to-end test needs: the mksock helper, sockq runs, checks."""
import atexit
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata

SOCKQ = os.environ.get("SOCKQ", "build/sockq")
MKSOCK = os.environ.get("MKSOCK", "build/tests/mksock")
SKIP = 77

_helpers = []
_failed = 0
_passed = 0
_tmpdirs = []


# Python 3.11 says F for every unassigned code point (CPython gh-96172);
# EastAsianWidth.txt's own defaults for them are W in these, N elsewhere.
UNASSIGNED_WIDE = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                   (0x20000, 0x2FFFD), (0x30000, 0x3FFFD))


def columns(ch):
    """The terminal columns a character that is shown takes: none for a
    combining mark, two for East Asian Wide and Fullwidth, else one."""
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me"):
        return 0
    if cat == "Cn":
        c = ord(ch)
        return 2 if any(a <= c <= b for a, b in UNASSIGNED_WIDE) else 1
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def escape_width(raw):
    """The tests' one oracle of sockq's escaping, written again from
    unicodedata, not from sockq's tables: invalid UTF-8, and every byte of a
    character of general category Cc, Cf, Zl or Zp (controls, format
    characters, line and paragraph separators), as \\xHH; a backslash
    doubled. Returns the escaped text and the columns it takes."""
    out, width, i = [], 0, 0
    while i < len(raw):
        b = raw[i]
        n = 1 if b < 0x80 else 2 if b >> 5 == 6 else 3 if b >> 4 == 14 else 4 if b >> 3 == 30 else 1
        try:
            ch = raw[i:i + n].decode("utf-8")
        except UnicodeDecodeError:
            ch = ""
        if len(ch) != 1:
            out.append("\\x%02x" % b)
            width += 4
            i += 1
            continue
        if ch == "\\":
            out.append("\\\\")
            width += 2
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            out.extend("\\x%02x" % c for c in raw[i:i + n])
            width += 4 * n
        else:
            out.append(ch)
            width += columns(ch)
        i += n
    return "".join(out), width


def escape(raw):
    """sockq's escaping of the bytes raw (see escape_width)."""
    return escape_width(raw)[0]


# The text format of Prometheus (0.0.4) and OpenMetrics, read strictly.
_METRIC_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)')
_SAMPLE = re.compile(r"(%s)(?:\{(.*)\})? ([0-9.eE+-]+|NaN|[+-]Inf)(?: -?[0-9.]+)?$" % _METRIC_NAME)
# Sample names a family of each type may have beside its own.
_SUFFIXES = {"counter": ("_total", "_created"), "summary": ("_sum", "_count", "_created"),
             "histogram": ("_bucket", "_sum", "_count", "_created"), "info": ("_info",),
             "gaugehistogram": ("_bucket", "_gsum", "_gcount")}


def metric_unescape(value):
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value)


def parse_metrics(text, what, dialect="prometheus"):
    """The tests' one reader of metrics: {family: type} and {(sample name,
    frozenset of (label, value)): value text}, label values unescaped. A
    check fails for a line that is not HELP, TYPE, a comment or a sample, a
    TYPE not after its HELP, a sample of a family not announced before it,
    a series twice, and in OpenMetrics a text not ending in # EOF."""
    families, series, last_help = {}, {}, None
    for line in text.splitlines():
        m = re.match(r"# (HELP|TYPE) (%s) (.+)$" % _METRIC_NAME, line)
        if m and m.group(1) == "HELP":
            last_help = m.group(2)
            continue
        if m:
            check(last_help == m.group(2), "%s: HELP before TYPE of %s" % (what, m.group(2)))
            families[m.group(2)] = m.group(3)
            continue
        if line.startswith("#") or (not line and dialect == "prometheus"):
            continue
        m = _SAMPLE.match(line)
        labels = {}
        if m and m.group(2):
            pos = 0
            for lm in _LABEL.finditer(m.group(2)):
                if lm.start() != pos:
                    break
                check(lm.group(1) not in labels, "%s: label %s once: %r" % (what, lm.group(1), line))
                labels[lm.group(1)] = metric_unescape(lm.group(2))
                pos = lm.end()
            if pos != len(m.group(2)):
                m = None
        if not check(m is not None, "%s: a valid sample line: %r" % (what, line)):
            continue
        name = m.group(1)
        key = (name, frozenset(labels.items()))
        check(key not in series, "%s: series %s%s appears once" % (what, name, sorted(labels.items())))
        series[key] = m.group(3)
        family = name if name in families else next(
            (name[:-len(s)] for s in _SUFFIXES.get(families.get(name[:name.rfind("_")], ""), ())
             if name.endswith(s) and name[:-len(s)] in families), None)
        check(family is not None, "%s: %s belongs to a family announced before" % (what, name))
    if dialect == "openmetrics":
        check(text.endswith("# EOF\n"), "%s: ends with # EOF" % what)
    return families, series


def metric_samples(text, sample, what="metrics", **labels):
    """[(labels, value text)] of every sample of that name in text (read by
    parse_metrics, in the dialect the text shows) whose labels include
    those given."""
    dialect = "openmetrics" if text.endswith("# EOF\n") else "prometheus"
    _, series = parse_metrics(text, what, dialect)
    return [(dict(lbl), v) for (name, lbl), v in series.items()
            if name == sample and all(dict(lbl).get(k) == w for k, w in labels.items())]


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


# The Debian package of every tool a test may need.
PACKAGES = {
    "ss": "iproute2", "ip": "iproute2", "unshare": "util-linux", "setpriv": "util-linux",
    "prlimit": "util-linux", "mount": "mount", "mkfifo": "coreutils",
    "setcap": "libcap2-bin", "iptables": "iptables",
    "promtool": "prometheus", "mandoc": "mandoc", "bash": "bash", "zsh": "zsh", "fish": "fish",
    "systemd-analyze": "systemd", "man": "man-db", "strace": "strace",
    "prometheus-node-exporter": "prometheus-node-exporter", "jq": "jq",
    "ssconvert": "gnumeric", "soffice": "libreoffice-calc-nogui",
}


def need_tools(*tools):
    """The one rule for a missing tool: the test that needs it skips (77),
    naming the package. CI installs them all and refuses any skip."""
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        skip("needs %s (Debian: apt-get install %s)" % (", ".join(missing),
             " ".join(sorted({PACKAGES.get(t, t) for t in missing}))))
    return [shutil.which(t) for t in tools]


def sanitized():
    """Whether sockq was built with a sanitizer, whose runtime makes system
    calls and mappings of its own (and whose leak check stops under
    ptrace)."""
    out = subprocess.run(["ldd", SOCKQ], capture_output=True, text=True).stdout
    return "libasan" in out or "libubsan" in out


def need_root():
    if os.geteuid() != 0:
        skip("needs root to create network namespaces")
    need_tools("unshare")
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        skip("cannot create network namespaces here")


# Run inside alone(): an AF_UNIX listener, then sockq with each argument
# list in turn; the answers as JSON on stdout.
_ALONE = r"""
import json, socket, subprocess, sys
listener = socket.socket(socket.AF_UNIX)
listener.bind(b"\0" + sys.argv[2].encode())
listener.listen(3)
answers = []
for args in json.loads(sys.argv[3]):
    p = subprocess.run([sys.argv[1], *args], capture_output=True)
    answers.append([p.returncode, p.stdout.decode("utf-8", "surrogateescape"),
                    p.stderr.decode("utf-8", "surrogateescape")])
print(json.dumps(answers))
"""


def alone(name, *runs):
    """A host with one network namespace, whatever this one holds: new
    network, PID and mount namespaces, in which /proc shows only their own
    processes and /run is an empty tmpfs (no /run/netns, even one made
    meanwhile), so that --netns all finds one namespace, holding one AF_UNIX
    listener, @NAME.
    Runs sockq there with each argument list of RUNS; returns (rc, out,
    err) for each. Everything goes when the last process ends. Needs root."""
    need_tools("unshare", "mount")
    p = subprocess.run(["unshare", "--net", "--pid", "--fork", "--mount", "--mount-proc", "--",
                        "sh", "-c", 'mount -t tmpfs sockq-alone /run && exec "$@"',
                        "sh", sys.executable, "-c", _ALONE, os.path.abspath(SOCKQ), name,
                        json.dumps([list(r) for r in runs])],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("a namespace of its own: exit %d: %s" % (p.returncode, p.stderr.strip()))
    return [tuple(a) for a in json.loads(p.stdout)]


def cgroup_mounts():
    """The mount points of the cgroup v2 hierarchy and of the v1 name=systemd
    one (a hybrid host), None for one not mounted."""
    found = {}
    for line in open("/proc/self/mountinfo"):
        pre, post = line.split(" - ", 1)
        fields = post.split()
        if fields[0] == "cgroup2":
            found.setdefault("v2", pre.split()[4])
        elif fields[0] == "cgroup" and "name=systemd" in fields[2].split(","):
            found.setdefault("systemd", pre.split()[4])
    return found.get("v2"), found.get("systemd")


def cgroup_writable(root):
    """Whether cgroups can be made under root (a mount point, or None)."""
    probe = os.path.join(root or "/nonexistent", "sockq-probe-%d" % os.getpid())
    try:
        os.mkdir(probe)
        os.rmdir(probe)
        return True
    except OSError:
        return False


def unicode_version_agrees(source):
    """Skips unless the Unicode version a generated table in source (a path)
    names is this Python's: the test's oracle would disagree with it on the
    characters either version lacks."""
    m = re.search(r"from Unicode (\S+);", open(source, encoding="utf-8").read())
    check(m is not None, "%s names its Unicode version" % os.path.basename(source))
    if m and m.group(1) != unicodedata.unidata_version:
        skip("%s is from Unicode %s, this Python knows %s"
             % (os.path.basename(source), m.group(1), unicodedata.unidata_version))


def tmpdir():
    d = tempfile.mkdtemp(prefix="sockq-test-")
    _tmpdirs.append(d)
    return d


def unique(prefix):
    return "%s-%d-%d" % (prefix, os.getpid(), len(_helpers))


class Helper:
    """One mksock process: its listeners, its pid, its namespace label and
    cookie (SO_NETNS_COOKIE: never reused, unlike the inode; "0" when the
    kernel has none)."""

    def __init__(self, *args, cwd=None, exe=None):
        """mksock ARGS, or with exe, ARGS as the whole command (nsenter ... mksock)."""
        self.proc = subprocess.Popen(list(args) if exe else [MKSOCK, *args], stdout=subprocess.PIPE, cwd=cwd,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        _helpers.append(self)
        self.socks = []
        self.pid = None
        self.child = None
        self.netns = None
        self.cookie = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stdout.readline().decode("utf-8", "surrogateescape")
            if not line:
                err = self.proc.stderr.read().decode(errors="replace")
                raise RuntimeError("mksock %s failed: %s" % (" ".join(args), err))
            fields = dict(f.split("=", 1) for f in line.split()[1:])
            if line.startswith("sock "):
                for k in ("port", "inode", "backlog", "queued"):
                    fields[k] = int(fields[k])
                if fields["proto"].startswith("unix"):
                    raw = bytes.fromhex(fields["local"])
                    fields["raw"] = raw
                    fields["local"] = escape(b"@" + raw[1:] if raw[:1] == b"\0" else raw)
                self.socks.append(fields)
            elif line.startswith("child "):
                self.child = int(fields["pid"])
            elif line.startswith("ready "):
                self.pid = int(fields["pid"])
                self.netns = fields["netns"]
                self.cookie = fields.get("cookie")
                return
        raise RuntimeError("mksock did not become ready")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # Its pipes too: a test that makes helpers by the hundred would
        # otherwise run out of descriptors where the limit is 1 024.
        self.proc.stdout.close()
        self.proc.stderr.close()


def cleanup():
    # The last made first: a helper removes the cgroups it made, and one
    # made before it may have made their parents.
    for h in reversed(_helpers):
        h.stop()
    for d in _tmpdirs:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(cleanup)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))


def sockq(*args, env=None, check_rc=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    p = subprocess.run([SOCKQ, *args], capture_output=True, env=e, timeout=120)
    out = p.stdout.decode("utf-8", "surrogateescape")
    err = p.stderr.decode("utf-8", "surrogateescape")
    if check_rc is not None and p.returncode != check_rc:
        fail("sockq %s: exit %d, expected %d; stderr: %s" % (" ".join(args), p.returncode, check_rc, err))
    return p.returncode, out, err


def sockq_csv(*args, **kw):
    rc, out, err = sockq("--csv", *args, **kw)
    return rc, list(csv.DictReader(io.StringIO(out))), err


def sockq_json(*args, **kw):
    """Run sockq --json and return the rows of its one named array.

    sockq writes one object holding one array, as lsns and lsfd do:
    {"listeners": [...]} or, with -S, {"namespaces": [...]}.
    """
    rc, out, err = sockq("--json", *args, **kw)
    try:
        doc = json.loads(out)
    except ValueError as e:
        fail("sockq %s: output is not JSON (%s): %r" % (" ".join(args), e, out[:300]))
        return rc, [], err
    key = "namespaces" if ("-S" in args or "--summary" in args) else "listeners"
    if not isinstance(doc, dict) or key not in doc or not isinstance(doc[key], list):
        fail("sockq %s: JSON is not an object with a %r array: %r"
             % (" ".join(args), key, out[:300]))
        return rc, [], err
    return rc, doc[key], err


def meson_summary(out, section):
    """The KEY : VALUE lines of one section of the summary meson setup prints."""
    m = re.search(r"^  %s\n((?:    .*\n)+)" % re.escape(section), out, re.M)
    if not m:
        fail("meson's summary has a %r section: %s" % (section, out[-1500:]))
        return {}
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in m.group(1).splitlines())}


def check(cond, what):
    global _failed, _passed
    if cond:
        _passed += 1
    else:
        _failed += 1
        print("FAIL: " + what)
    return cond


def eq(actual, expected, what):
    return check(actual == expected, "%s: got %r, expected %r" % (what, actual, expected))


def fail(what):
    check(False, what)


def done():
    print("%d passed, %d failed" % (_passed, _failed))
    sys.exit(1 if _failed or not _passed else 0)
