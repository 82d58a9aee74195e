# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_long_cgroup.py: cgroup paths of about 4 KiB, 17 levels deep, are read whole: the
container label at their end is found, ns_cgroup is never cut in CSV, JSON or metrics, and
a table cell that is cut ends with a visible mark."""
import json
import os
import secrets

from sqtest import (Helper, cgroup_mounts, cgroup_writable, check, done, eq, escape, metric_samples,
                    need_root, skip, sockq, sockq_csv, unique)

need_root()

# The mark a cut table cell ends with: U+2026 HORIZONTAL ELLIPSIS, one
# character (not three dots, which a path may hold).
MARK = "\u2026"


V2, V1 = cgroup_mounts()
if not cgroup_writable(V2):
    skip("cannot create cgroups here (cgroup v2 at %s)" % V2)

tops = []


def long_path(total, leaf, head="level", levels=17):
    """A path of exactly total bytes under a top directory of its own (long
    itself: 17 levels of at most 255 bytes make about 4 KiB), then levels - 2
    directories, then leaf."""
    top = (unique("sqlongcg") + "-" + "t" * 255)[:200]
    tops.append(top)
    mids = levels - 2
    room = total - len(leaf) - levels - len(top)  # less the slashes
    names = []
    for i in range(mids):
        n = room // mids + (1 if i < room % mids else 0)
        names.append(("%s-%02d-" % (head, i) + "x" * 255)[:n])
    path = "/" + "/".join([top] + names + [leaf])
    assert all(len(n) <= 255 for n in names), "components too long"
    assert len(path) == total and path.count("/") == levels, (len(path), path.count("/"))
    return path


def differs(got, want):
    """A short account of how got differs from want (paths of 4 KiB)."""
    if got is None:
        return "missing"
    at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    return "%d characters, %d expected, first difference at %d; ends %r" % (
        len(got), len(want), at, got[-24:])


def same(got, want, what):
    return check(got == want, "%s: %s" % (what, "ok" if got == want else differs(got, want)))


def kernel_path(pid, hierarchy):
    """The path the kernel reports for pid: the line of the v2 hierarchy
    (0::) or of name=systemd."""
    want = "" if hierarchy == "v2" else "name=systemd"
    with open("/proc/%d/cgroup" % pid) as f:
        for line in f.read().splitlines():
            _, controllers, path = line.split(":", 2)
            if controllers == want:
                return path
    return None


cases = []  # (what, helper, path the kernel reports, expected label or None: "" or the label)
hexid = secrets.token_hex(32)
leaf = "docker-%s.scope" % hexid
path = long_path(4000, leaf)
h = Helper("-u", "-G", "v2:" + path, "tcp,127.0.0.1:0,5,0")
eq(kernel_path(h.pid, "v2"), path, "the kernel reports the 4000-byte path whole")
cases.append(("a 4000-byte path, 17 levels", h, path, "docker:" + hexid[:12]))

# Just over 4096 bytes: the kernel makes it, but may report it cut
# (/proc/PID/cgroup writes at most PATH_MAX - 1 bytes of a path). sockq
# shows what the kernel reports, cut no further; a label is expected only
# when the kernel reports the path whole, and is unknown when it may not.
hexid2 = secrets.token_hex(32)
path2 = long_path(4100, "docker-%s.scope" % hexid2)
h2 = Helper("-u", "-G", "v2:" + path2, "tcp,127.0.0.1:0,5,0")
reported = kernel_path(h2.pid, "v2")
if reported == path2:
    cases.append(("a 4100-byte path", h2, path2, "docker:" + hexid2[:12]))
else:
    print("note: the kernel reports the 4100-byte cgroup path cut to %d bytes" % len(reported))
    check(path2.startswith(reported) and len(reported) >= 4095,
          "the kernel cuts it at PATH_MAX - 1 bytes: %d" % len(reported))
    cases.append(("a 4100-byte path (as the kernel reports it)", h2, reported, None))

# Both hierarchies long (a hybrid host): /proc/PID/cgroup is then over 8 KiB,
# and the v2 line, which names the container, comes last.
if V1:
    hexid3 = secrets.token_hex(32)
    path3 = long_path(4050, "docker-%s.scope" % hexid3)
    v1path = long_path(4050, "sockq-v1.scope", head="systemd")
    h3 = Helper("-u", "-G", "systemd:" + v1path, "-G", "v2:" + path3, "tcp,127.0.0.1:0,5,0")
    size = len(open("/proc/%d/cgroup" % h3.pid).read())
    check(size > 8192, "the cgroup file of a process in two long cgroups: %d bytes" % size)
    cases.append(("two 4050-byte paths (v1 name=systemd and v2)", h3, path3, "docker:" + hexid3[:12]))

pids = ",".join(str(c[1].pid) for c in cases)
COLS = "inode,ns_pid,ns_container,ns_cgroup"
rc, rows, err = sockq_csv("-N", pids, "-o", COLS)
eq(rc, 0, "CSV: exit status (%s)" % err.strip())
by_inode = {int(r["inode"]): r for r in rows}
rc, out, err = sockq("--json", "-N", pids, "-o", COLS)
eq(rc, 0, "JSON: exit status (%s)" % err.strip())
try:
    objs = {o["inode"]: o for o in json.loads(out)["listeners"]}
except (ValueError, KeyError) as e:
    check(False, "JSON output: %s" % e)
    objs = {}
rc, srows, err = sockq_csv("-S", "-N", pids, "-o", "ns_pid,ns_container,ns_cgroup")
by_pid = {r["ns_pid"]: r for r in srows}
rc, metrics, err = sockq("--format", "openmetrics", "-N", pids)
rc, table, err = sockq("-N", pids, "-o", "inode,ns_cgroup")
eq(rc, 0, "table: exit status (%s)" % err.strip())
cells = {}
for line in table.splitlines()[1:]:
    parts = line.split(None, 1)
    if len(parts) == 2 and parts[0].isdigit():
        cells[int(parts[0])] = parts[1].rstrip()

for what, h, path, label in cases:
    inode = h.socks[0]["inode"]
    want = escape(path.encode())
    r = by_inode.get(inode, {})
    eq(r.get("ns_pid"), str(h.pid), "%s: CSV row of its listener" % what)
    same(r.get("ns_cgroup"), want, "%s: ns_cgroup in CSV is the whole path" % what)
    o = objs.get(inode, {})
    same(o.get("ns_cgroup"), want, "%s: ns_cgroup in JSON is the whole path" % what)
    s = by_pid.get(str(h.pid), {})
    same(s.get("ns_cgroup"), want, "%s: ns_cgroup of -S in CSV is the whole path" % what)
    if label is not None:
        eq(r.get("ns_container"), label, "%s: the container label, 17 levels down (CSV)" % what)
        eq(o.get("ns_container"), label, "%s: the container label (JSON)" % what)
        eq(s.get("ns_container"), label, "%s: the container label (-S)" % what)
        check(metric_samples(metrics, "sockq_netns_info", netns=h.netns, container=label),
              "%s: the info series carries the container label" % what)
    else:
        # A path that may be cut names nothing: the label is unknown, not
        # "no container" (null in JSON, empty in CSV).
        eq(r.get("ns_container"), "", "%s: no label made from a cut path (CSV)" % what)
        check("ns_container" in o and o["ns_container"] is None,
              "%s: the label is unknown, null in JSON: %r" % (what, o.get("ns_container", "absent")))
        eq(s.get("ns_container"), "", "%s: no label made from a cut path (-S)" % what)
    cell = cells.get(inode)
    check(cell == want or (cell is not None and len(cell) > 1 and cell.endswith(MARK)
                           and want.startswith(cell[:-len(MARK)])),
          "%s: the table cell is whole or a prefix ending in %r: %s" % (what, MARK, differs(cell, want)))

# Every cgroup made is gone once the helpers stop (a path longer than
# PATH_MAX is checked at its top, which this test alone made).
for _, h, _, _ in cases:
    h.stop()
h2.stop()
eq([t for t in tops for m in (V2, V1) if m and os.path.exists(os.path.join(m, t))], [],
   "the cgroups made are removed")
done()
