# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_spreadsheet.py: sockq's CSV opened in a real spreadsheet program, cell by cell.

e2e_spreadsheet.py gnumeric|libreoffice

Listeners with hostile names in every column that carries text (AF_UNIX
names, namespace names, hostnames, commands, cgroup paths), filled queues
and two holders each are read with sockq --csv; Gnumeric's ssconvert, or
LibreOffice Calc headless, turns the file into a spreadsheet, and every
cell is checked against what sockq meant (its JSON of the same listeners):
no formula anywhere, text stays text and reads as meant, numbers are
numbers, and the sheet has as many rows and columns as the file.

What the two programs were seen to do with CSV text, which is what the
guard in src/render/csv_guard.c follows (LibreOffice Calc 7.4.7 with the
README's settings, UTF-8 and comma, the dialog's other defaults: separators
comma, semicolon and tab, "Evaluate formulas" and "Detect special numbers"
off, and again with both of those on; Gnumeric 1.12.55; English, C.UTF-8):

- formulas: "=1+1" is one in Gnumeric, and in LibreOffice when "Evaluate
  formulas" is on; " =1+1" (a space first) is text in both;
- numbers: "00123", "1.5", ".5", "5.", "1e5", "1,523" (1523: a comma
  groups thousands), "5-" and "5+", "-5", "(5)", " 123" and "\u00a0123"
  (spaces around, a no-break space too); Gnumeric also reads digits of
  every script (all of Unicode's Nd: "\uff11\uff12\uff13", "\u0661\u0662"),
  the minus sign U+2212 and the fullwidth and small signs, every Unicode
  space around the digits, and error values ("#N/A", "#VALUE!", "#REF!",
  "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", in upper case only);
  LibreOffice with a German or French language reads "1,5" as 1.5 and
  "1 523" as 1523;
- dates and times: "2024-01-02" and "2024-01-02T03:04:05" (LibreOffice
  always), "1/2", "1-2-3", "1.2.3", "Jan 5", "5 Jan", "1jan2024", "Sept 1",
  "Mon Jan 5 2024", "1:00", "1 am", "12 pm", "1 : 2";
- booleans: "TRUE", "false", "tRuE" (LibreOffice: with "Detect special
  numbers");
- percentages and money: "50%", "5 %", "1e5%", "5%-", "$5", "5 $", "\u20ac5",
  "\u00a35", "\u00a55";
- text in both: "127.0.0.1:8080", "[::1]:80", "127.0.0.1%lo:80", "*:80",
  "127.0.0.1%1:40004", "1%2", "1% 2", "%1", "/00123", "/1/2", "1;523",
  "1523;1524", "1|523", "1d5", "0x1F", "1e5e5", "5th", "1h30", "Monday",
  "January", "yes", "#n/a", "#foo" (sockq guards every cell that begins
  with #, which is simpler than the list and costs no ordinary name
  anything);
- with a German language, LibreOffice also reads "1 M\u00e4rz" as a date and
  "WAHR" as true: the guard knows the English words only, those both
  programs use here by default;
- a leading ': LibreOffice keeps it as part of the text (every value with
  one stayed text, in every setting); Gnumeric hides one (so "'" alone is an
  empty cell and "''" reads "'");
- an unquoted ';' splits the cell in LibreOffice, whose dialog ticks
  semicolon as a separator by default; a quoted one does not.
"""
import csv
import gzip
import io
import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET

from sqtest import (MKSOCK, Helper, cgroup_mounts, cgroup_writable, check, done, eq, escape,
                    need_root, need_tools, sockq, sockq_json, tmpdir, unique)

PROGRAM = sys.argv[1] if len(sys.argv) > 1 else "gnumeric"
TOOL = {"gnumeric": "ssconvert", "libreoffice": "soffice"}[PROGRAM]
need_root()
need_tools(TOOL)

tmp = tmpdir()
# The programs' own settings and caches, and a locale known everywhere.
ENV = dict(os.environ, HOME=tmp, LC_ALL="C.UTF-8", LANG="C.UTF-8", GSETTINGS_BACKEND="memory")
ENV.pop("DISPLAY", None)
ENV.pop("WAYLAND_DISPLAY", None)


def run(cmd, what):
    """Runs a program in a process group of its own, killed whole if it hangs
    (soffice starts soffice.bin under it)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd=tmp,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        check(False, "%s: timed out" % what)
        return False
    return check(p.returncode == 0, "%s: exit %d: %s" % (what, p.returncode, err.decode(errors="replace")[-500:]))


# --- Reading a sheet back. Each cell is (kind, value, text): kind is
# "text", "number", "formula", "boolean", "error", "converted" (a date,
# time, percentage or money) or None for an empty cell. ---

def gnumeric_sheet(path):
    """The first sheet of a .gnumeric file, as rows of cells."""
    root = ET.fromstring(gzip.open(path).read())
    ns = "{http://www.gnumeric.org/v10.dtd}"
    sheet = next(root.iter(ns + "Sheet"))
    cells = {}
    for c in sheet.iter(ns + "Cell"):
        vt, fmt, text = c.get("ValueType"), c.get("ValueFormat"), c.text or ""
        if vt is None or c.get("ExprID") is not None:
            kind = "formula"
        elif vt == "60":
            kind = "text"
        elif vt == "40":
            # A date, time, percentage or money is a number with a format.
            kind = "number" if fmt in (None, "General") else "converted"
        elif vt == "20":
            kind = "boolean"
        elif vt == "50":
            kind = "error"
        else:
            kind = "other " + vt
        cells[(int(c.get("Row")), int(c.get("Col")))] = (kind, text, text if kind == "text" else None)
    nrows = max((r for r, _ in cells), default=-1) + 1
    ncols = max((c for _, c in cells), default=-1) + 1
    return [[cells.get((r, c), (None, None, "")) for c in range(ncols)] for r in range(nrows)]


ODF = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def odf(prefix, name):
    return "{%s}%s" % (ODF[prefix], name)


def odf_text(cell):
    """A cell's text as shown, with <text:s/> runs of spaces put back."""
    lines = []
    for p in cell.findall("text:p", ODF):
        out = []

        def walk(e):
            out.append(e.text or "")
            for ch in e:
                if ch.tag == odf("text", "s"):
                    out.append(" " * int(ch.get(odf("text", "c"), "1")))
                elif ch.tag == odf("text", "tab"):
                    out.append("\t")
                else:
                    walk(ch)
                out.append(ch.tail or "")
        walk(p)
        lines.append("".join(out))
    return "\n".join(lines)


def libreoffice_sheet(path):
    """The first sheet of a flat ODF spreadsheet (.fods), as rows of cells,
    with the empty ones at the end of each row and the empty rows at the end
    left out."""
    root = ET.parse(path).getroot()
    table = next(root.iter(odf("table", "table")))
    rows = []
    for row in table.iter(odf("table", "table-row")):
        cells = []
        for c in row:
            if c.tag not in (odf("table", "table-cell"), odf("table", "covered-table-cell")):
                continue
            typ = c.get(odf("office", "value-type"))
            text = odf_text(c)
            if c.get(odf("table", "formula")):
                cell = ("formula", c.get(odf("table", "formula")), None)
            elif typ is None:
                cell = (None, None, "") if not text else ("other", None, text)
            elif typ == "string":
                cell = ("text", text, text)
            elif typ == "float":
                cell = ("number", c.get(odf("office", "value")), None)
            elif typ == "boolean":
                cell = ("boolean", c.get(odf("office", "boolean-value")), None)
            else:
                cell = ("converted", typ, None)     # a date, time, percentage or money
            # The empty cells after the last run to the sheet's edge.
            repeat = int(c.get(odf("table", "number-columns-repeated"), "1"))
            cells.extend([cell] * min(repeat, 4096))
        while cells and cells[-1][0] is None:
            cells.pop()
        repeat = int(row.get(odf("table", "number-rows-repeated"), "1"))
        rows.extend([cells] * (repeat if cells else min(repeat, 2)))
    while rows and not rows[-1]:
        rows.pop()
    return rows


# LibreOffice's CSV filter options: separators, text delimiter, character
# set (76 is UTF-8), first line, column formats, language (0: the
# default), quoted field as text, detect special numbers, three export
# options, evaluate formulas. The README's settings with the dialog's other
# defaults, then everything that makes Calc convert more switched on.
LO_SETTINGS = {
    "the README's settings": "44/59/9,34,76,1,,0,false,false,,,false,,false",
    "special numbers and formulas on": "44/59/9,34,76,1,,0,false,true,,,false,,true",
}


def open_in_spreadsheet(paths):
    """{setting: [sheet of each path]} as the program reads the CSV files."""
    sheets = {}
    if PROGRAM == "gnumeric":
        out = []
        for p in paths:
            target = p[:-4] + ".gnumeric"
            if run(["ssconvert", p, target], "ssconvert %s" % os.path.basename(p)):
                out.append(gnumeric_sheet(target))
            else:
                out.append([])
        sheets["ssconvert"] = out
        return sheets
    profile = "file://" + os.path.join(tmp, "lo-profile")
    for n, (setting, options) in enumerate(LO_SETTINGS.items()):
        outdir = os.path.join(tmp, "lo-%d" % n)
        ok = run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--norestore",
                  "--infilter=Text - txt - csv (StarCalc):" + options, "--convert-to", "fods",
                  "--outdir", outdir, *paths], "soffice (%s)" % setting)
        out = []
        for p in paths:
            target = os.path.join(outdir, os.path.basename(p)[:-4] + ".fods")
            out.append(libreoffice_sheet(target) if ok and os.path.exists(target) else [])
        sheets[setting] = out
    return sheets


# --- What sockq is given: three namespaces, each held by two processes
# whose command is hostile, named hostilely, with a hostile hostname and,
# where cgroups can be made, a hostile cgroup path. ---

# Names sockq must guard, so that LibreOffice shows them after a ' and
# Gnumeric as they are: what a spreadsheet would convert, and what begins
# like a formula, an error value (#) or the guard itself.
GUARDED = ["'=1+1", "=1+1", "00123", "1e5", "TRUE", "tRuE", "2024-01-02", "2024-01-02T03:04:05",
           "50%", "1e5%", "5%-", "#N/A", "#n/a", "1,523", "7862,7892", "Jan 5", "1:00 PM", "1/2", "1 1/2", "$5",
           "(5)", "5-", " 123", "\u00a0123", "\uff11\uff12\uff13", "\u0661\u0662", "\u22125",
           "\u20ac5", "'", "''", "+1", "-1", "@1"]
# Names no spreadsheet converts: written as they are, and read back so.
PLAIN = ["app.sock", "a;b", "x,\"y\"\nz", "1d5", "0x1F", "Monday", "January", "yes", "5th",
         "sshd: root", "127.0.0.1%lo:80", "127.0.0.1%1:80"]

# Relative names, bound in a directory of their own; "1/2" needs "1".
d = os.path.join(tmp, "socks")
os.mkdir(d)
for name in GUARDED + PLAIN:
    if "/" in name:
        os.makedirs(os.path.join(d, os.path.dirname(name)), exist_ok=True)


def spec_name(name):
    """A name as mksock's SPEC writes it: \\ and * escaped, and path: for a
    name that begins with @ (a path, not an abstract socket)."""
    s = "".join("\\x%02x" % ord(c) if c in "\\*" else c for c in name).replace("\n", "\\n")
    return "path:" + s if s.startswith("@") else s


def comm(name, n):
    """mksock under a command name of its choosing: exec through a link of
    that name sets the process's comm."""
    bindir = os.path.join(tmp, "bin-%d" % n)
    os.mkdir(bindir)
    link = os.path.join(bindir, name)
    os.symlink(os.path.abspath(MKSOCK), link)
    return link


# The hierarchy mksock -G can use here: v2, else v1 name=systemd, else none.
hier = next((h for h, root in zip(("v2", "systemd"), cgroup_mounts()) if cgroup_writable(root)), None)
tag = unique("sqss").replace("-", "")
digits = "".join(c for c in tag if c.isdigit())
# (command, namespace name, hostname, cgroup path): number-like, formula,
# quoted; a cgroup path always begins with /.
nss = [("00123", "0" + digits, "1e5", "/%s/2024-01-02.service" % tag),
       ("=1+1", "=%s+1" % digits, "TRUE", "/%s/=1+1,\"x\".service" % tag),
       ("'=1+1", "'%s" % digits, "50%", "/%s/'00123.service" % tag)]
helpers = []
for n, (command, netns, host, cg) in enumerate(nss):
    args = [comm(command, n), "-n", netns, "-h", host, "-K"]
    if hier:
        args += ["-G", "%s:%s" % (hier, cg)]
    socks = ["tcp,127.0.0.1:0,5,full", "tcp6,[::1]:0,3,2", "tcp,127.0.0.1%lo:0,4,1",
             "unix,%s/ordinary-%d.sock,2,full" % (d, n), "unix_seq,@ordinary-%s-%d,3,1" % (tag, n)]
    if n == 0:
        socks += ["unix,%s,%d,%d" % (spec_name(name), 1 + i % 3, i % 3)
                  for i, name in enumerate(GUARDED + PLAIN)]
        socks.append("unix_seq,@=1+1-%s,2,full" % tag)
    helpers.append(Helper(*args, *socks, cwd=d, exe=True))
pids = ",".join(str(h.pid) for h in helpers)

# The listeners as sockq sees them, in CSV and in JSON (what it means).
rc, listeners_csv, err = sockq("--csv", "-p", "--output-all", "-N", pids)
eq((rc, err), (0, ""), "sockq --csv")
rc, listeners, err = sockq_json("-p", "--output-all", "-N", pids)
rc, summary_csv, err = sockq("--csv", "-S", "--output-all", "-N", pids)
eq((rc, err), (0, ""), "sockq -S --csv")
rc, summary, err = sockq_json("-S", "--output-all", "-N", pids)

# What mksock made, independently of sockq: every listener, its queue, its
# two holders and its name.
made = {s["inode"]: (h, s) for h in helpers for s in h.socks}
eq(sorted(o["inode"] for o in listeners), sorted(made), "sockq shows every listener made")
for o in listeners:
    h, s = made.get(o["inode"], (None, None))
    if not h:
        continue
    eq((o["local"], o["recv_q"]), (s["local"], s["queued"]), "listener %r" % s["local"])
    eq(sorted(o["pid"] or []), sorted([h.pid, h.child]), "%r: both holders" % s["local"])
names = {o["local"] for o in listeners}
for name in GUARDED + PLAIN:
    check(escape(name.encode()) in names, "a listener named %r" % name)
check(any(o["command"] == ["00123", "00123"] for o in listeners), "a number-like command")
check(any(o["ns_hostname"] == "TRUE" for o in listeners), "a boolean hostname")

# Which cells must carry the guard, and which must not, by what they say.
must_guard = {escape(n.encode()) for n in GUARDED} | {"0" + digits, "=%s+1" % digits, "'%s" % digits,
                                                        "1e5", "TRUE", "50%", "00123", "=1+1", "'=1+1"}
must_not = {escape(n.encode()) for n in PLAIN} | {"tcp", "tcp6", "unix", "unix_seq", "ok", "full",
                                                    "yes", "no"} | {
    "%s/ordinary-%d.sock" % (d, n) for n in range(len(nss))}
# Addresses, container labels and cgroup paths are read as text as they
# are, and so is a list: "00123;00123" is no number. A list that begins
# like a formula is one.
must_not |= {o["local"] for o in listeners if o["proto"].startswith("tcp")}
must_not |= {o[k] for o in listeners for k in ("ns_container", "ns_cgroup") if o[k]}
must_not.add("00123;00123")
must_guard |= {"=1+1;=1+1", "'=1+1;'=1+1"}


def meaning(value):
    """What a cell of sockq's CSV is to mean: ("number", n), ("text", s) or
    (None, "") for an unknown value. A list of pids is a number when it has
    one, else text joined with ';'; commands likewise. An empty text is an
    empty cell."""
    if value is None or value == "":
        return (None, "")
    if isinstance(value, bool):
        return ("text", "yes" if value else "no")
    if isinstance(value, int):
        return ("number", value)
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], int):
            return ("number", value[0])
        return ("text", ";".join(str(v) for v in value))
    return ("text", value)


def check_sheet(what, sheet, text, objs):
    """Every cell of sheet against the CSV text sockq wrote and the JSON
    objects saying what it means."""
    records = list(csv.reader(io.StringIO(text)))
    header = records[0] if records else []
    eq(len(sheet), len(records), "%s: rows" % what)
    eq(max((len(r) for r in sheet), default=0), len(header), "%s: columns" % what)
    eq([c[2] for c in sheet[0]] if sheet else [], header, "%s: the header" % what)
    eq(len(objs), len(records) - 1, "%s: sockq's JSON has the CSV's rows" % what)
    bad = 0
    for r, (row, obj) in enumerate(zip(sheet[1:], objs), 2):
        row = row + [(None, None, "")] * (len(header) - len(row))
        for col, cell in zip(header, row):
            kind, want = meaning(obj.get(col))
            where = "%s: row %d, %s (%r)" % (what, r, col, want)
            if cell[0] == "formula":
                bad += not check(False, "%s: a formula: %r" % (where, cell[1]))
            elif kind is None:
                bad += not eq(cell, (None, None, ""), "%s: empty" % where)
            elif kind == "number":
                bad += not check(cell[0] == "number" and float(cell[1]) == want,
                                 "%s: the number, got %r" % (where, cell))
            elif cell[0] != "text":
                bad += not check(False, "%s: text, got %r" % (where, cell))
            elif PROGRAM == "gnumeric":
                # The guard is hidden: the cell reads what sockq meant.
                bad += not eq(cell[2], want, "%s: the text" % where)
            else:
                # LibreOffice shows the guard, and only where it is due.
                guarded = cell[2] == "'" + want
                bad += not check(cell[2] == want or guarded, "%s: the text, got %r" % (where, cell[2]))
                if want in must_guard:
                    bad += not check(guarded, "%s: shown after a ', got %r" % (where, cell[2]))
                if want in must_not:
                    bad += not check(not guarded, "%s: shown as it is, got %r" % (where, cell[2]))
    print("%s: %d rows of %d columns, %d cells wrong" % (what, len(records) - 1, len(header), bad))


files = {}
for name, text in (("listeners", listeners_csv), ("summary", summary_csv)):
    files[name] = os.path.join(tmp, name + ".csv")
    with open(files[name], "w", encoding="utf-8", newline="") as f:
        f.write(text)
sheets = open_in_spreadsheet([files["listeners"], files["summary"]])
for setting, (ls, ss) in sheets.items():
    check_sheet("%s, listeners" % setting, ls, listeners_csv, listeners)
    check_sheet("%s, namespaces" % setting, ss, summary_csv, summary)

# What the README says of saving the sheet as CSV again: Gnumeric drops the
# guard (its file is hostile again), LibreOffice keeps the ' it shows.
rc, locals_csv, _ = sockq("--csv", "-o", "local", "-N", str(helpers[0].pid))
guarded_csv = os.path.join(tmp, "guarded.csv")
with open(guarded_csv, "w", encoding="utf-8") as f:
    f.write(locals_csv)
check("\n'=1+1\n" in locals_csv, "sockq guards =1+1: %r" % locals_csv[:200])
if PROGRAM == "gnumeric":
    resaved = os.path.join(tmp, "resaved.csv")
    run(["ssconvert", guarded_csv, resaved], "ssconvert to CSV")
else:
    outdir = os.path.join(tmp, "resaved")
    run(["soffice", "-env:UserInstallation=file://" + os.path.join(tmp, "lo-profile"), "--headless",
         "--infilter=Text - txt - csv (StarCalc):" + LO_SETTINGS["the README's settings"],
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", outdir, guarded_csv],
        "soffice to CSV")
    resaved = os.path.join(outdir, "guarded.csv")
lines = open(resaved, encoding="utf-8").read().splitlines() if os.path.exists(resaved) else []
want = "=1+1" if PROGRAM == "gnumeric" else '"\'=1+1"'
check(want in lines, "saved again as CSV, the name =1+1 is the line %s: %r" % (want, lines))
done()
