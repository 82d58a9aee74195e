# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_identity.py: the container, pod, machine or service behind each namespace, from real
processes placed in cgroups laid out as each runtime lays them out, with hostnames."""
import os
import re
import secrets
import uuid

from sqtest import (Helper, cgroup_mounts, cgroup_writable, check, done, eq, escape, metric_samples,
                    need_root, skip, sockq, sockq_csv, sockq_json, unique)

need_root()


V2, V1 = cgroup_mounts()
if not cgroup_writable(V2):
    skip("cannot create cgroups here (cgroup v2 at %s)" % V2)

tag = unique("sqid").replace("-", "")


def hexid():
    return secrets.token_hex(32)


def pod():
    return str(uuid.uuid4())


cases = []  # (hierarchy, path, expected label)
for driver in ("systemd", "cgroupfs"):
    i = hexid()
    cases.append(("v2", "/system.slice/docker-%s.scope" % i if driver == "systemd" else "/docker/%s" % i,
                  "docker:" + i[:12]))
for qos in ("guaranteed", "burstable", "besteffort"):
    u = pod()
    us = u.replace("-", "_")
    slice_ = "/kubepods.slice" + ("" if qos == "guaranteed" else "/kubepods-%s.slice" % qos)
    podslice = "kubepods-pod%s.slice" % us if qos == "guaranteed" else "kubepods-%s-pod%s.slice" % (qos, us)
    cases.append(("v2", "%s/%s/cri-containerd-%s.scope" % (slice_, podslice, hexid()), "pod:" + u))
    u = pod()
    fs = "/kubepods" + ("" if qos == "guaranteed" else "/" + qos)
    cases.append(("v2", "%s/pod%s/%s" % (fs, u, hexid()), "pod:" + u))
u = pod()
cases.append(("v2", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/crio-%s.scope"
              % (u.replace("-", "_"), hexid()), "pod:" + u))
i = hexid()
cases.append(("v2", "/system.slice/cri-containerd-%s.scope" % i, "containerd:" + i[:12]))
i = hexid()
cases.append(("v2", "/machine.slice/crio-%s.scope" % i, "crio:" + i[:12]))
i = hexid()
cases.append(("v2", "/machine.slice/libpod-%s.scope" % i, "podman:" + i[:12]))
i = hexid()
cases.append(("v2", "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-%s.scope" % i,
              "podman:" + i[:12]))
cases.append(("v2", "/lxc.payload.%s" % tag, "lxc:" + tag))
cases.append(("v2", "/lxc/%s-old" % tag, "lxc:%s-old" % tag))
cases.append(("v2", "/machine.slice/machine-%s\\x2dweb.scope" % tag, "machine:%s-web" % tag))
cases.append(("v2", "/system.slice/%s.service" % tag, "unit:%s.service" % tag))
if V1:
    # A hybrid host: v2 is "/", the name=systemd path says.
    i = hexid()
    cases.append(("systemd", "/system.slice/docker-%s.scope" % i, "docker:" + i[:12]))
cases.append((None, None, ""))  # a plain unshare -n: nothing to name

def tree(root):
    """Every directory below a hierarchy's root, as paths from it."""
    return {os.path.relpath(d, root) for d, _, _ in os.walk(root)} if root else set()


before = {root: tree(root) for root in (V2, V1) if root}
helpers = []
for n, (hier, path, label) in enumerate(cases):
    args = ["-u", "-h", "%s-%d" % (tag, n)]
    if hier:
        args += ["-G", "%s:%s" % (hier, path)]
    h = Helper(*args, "tcp,127.0.0.1:0,5,1")
    helpers.append((h, hier, path, label))

rc, rows, err = sockq_csv("-N", "all", "-o", "netns,ns_container,ns_hostname,ns_cgroup,ns_pid,inode")
eq(rc, 0, "--netns all exit status (%s)" % err.strip())
by_inode = {int(r["inode"]): r for r in rows}
for n, (h, hier, path, label) in enumerate(helpers):
    r = by_inode.get(h.socks[0]["inode"], {})
    what = path or "a plain namespace"
    eq(r.get("ns_container"), label, "%s: container label" % what)
    eq(r.get("ns_hostname"), "%s-%d" % (tag, n), "%s: hostname" % what)
    eq(r.get("ns_pid"), str(h.pid), "%s: the helper identifies its namespace" % what)
    if path:
        eq(r.get("ns_cgroup"), escape(path.encode()), "%s: cgroup path, escaped" % what)

# The default table tells the namespaces apart without any option (rows are
# found by inode: other tests' namespaces may use the same ports).
rc, out, _ = sockq("-N", "all")
head = out.splitlines()[0].split()
eq(head[:2], ["NETNS", "NS_CONTAINER"], "the default table for several namespaces names containers")
rc, out, _ = sockq("-N", "all", "-o", "+inode")
for h, hier, path, label in helpers:
    line = next((l for l in out.splitlines() if l.split()[-1:] == [str(h.socks[0]["inode"])]), "")
    check((line.split()[1] == label) if label else line.split()[1] == "tcp",
          "table row of %s shows %r: %r" % (path, label, line))

# JSON, -S in every format, and the info series.
rc, objs, _ = sockq_json("-N", "all", "-o", "+ns_container,ns_hostname")
objs = objs.get("listeners", objs) if isinstance(objs, dict) else objs
got = {o["inode"]: (o["ns_container"], o["ns_hostname"]) for o in objs}
for n, (h, hier, path, label) in enumerate(helpers):
    eq(got.get(h.socks[0]["inode"]), (label, "%s-%d" % (tag, n)), "JSON for %s" % path)
rc, rows, _ = sockq_csv("-S", "-N", "all")
labels = {r["ns_container"] for r in rows}
check(all(label in labels for _, _, _, label in helpers), "-S names every container")
check(all(h["ns_hostname"] is not None for h in rows), "-S has hostnames")
rc, out, _ = sockq("-N", "all", "--format", "openmetrics")
for n, (h, hier, path, label) in enumerate(helpers):
    info = metric_samples(out, "sockq_netns_info", container=label, hostname="%s-%d" % (tag, n))
    check([v for _, v in info] == ["1"] and re.match(r"net:\[\d+\]$", info[0][0]["netns"]),
          "info series for %s: %r" % (path, info))

# -N by container label and by hostname, when unique; a clear error else.
h, hier, path, label = helpers[0]
for spec in (label, "%s-0" % tag):
    rc, rows, err = sockq_csv("-N", spec)
    eq((rc, [int(r["inode"]) for r in rows]), (0, [h.socks[0]["inode"]]), "-N %s selects it (%s)"
       % (spec, err.strip()))
twin = Helper("-u", "-h", "%s-0" % tag, "tcp,127.0.0.1:0,5,0")
rc, out, err = sockq("-N", "%s-0" % tag)
check(rc == 1 and "2 namespaces" in err and out == "", "an ambiguous hostname: %r" % err)
twin.stop()
rc, out, err = sockq("-N", "docker:%s" % ("0" * 12))
check(rc == 1 and "no container, pod or hostname" in err, "an unknown label: %r" % err)

# Every cgroup a helper made is gone once it stops, the parents several
# made together too (the last helper made stops first).
made = [(V2 if hier == "v2" else V1) + path for _, hier, path, _ in helpers if path]
for h, *_ in reversed(helpers):
    h.stop()
eq([p for p in made if os.path.exists(p)], [], "the cgroups made are removed")
eq({root: sorted(tree(root) - seen)[:5] for root, seen in before.items()},
   {root: [] for root in before}, "no directory is left in any hierarchy")
done()
