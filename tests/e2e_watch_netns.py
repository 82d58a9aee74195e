# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_watch_netns.py: --watch -N all looks for namespaces at every sample: one made during
the watch is shown from the samples after it appears; one deleted is let go (sockq keeps no
socket or file of it, so it can die) and its rows stop. --watch -N NAME whose name is
deleted says so on stderr once."""
import atexit
import ctypes
import json
import os
import signal
import socket
import subprocess
import threading
import time

from sqtest import SOCKQ, Helper, check, done, eq, need_root, need_tools, skip, unique

need_root()
ip, = need_tools("ip")
SO_NETNS_COOKIE = 71
CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
# Every namespace of this test listens on this port; --port keeps each
# sample to the listeners on it (other tests' namespaces are many).
PORT = 20000 + os.getpid() % 20000
INTERVAL = "0.3"
DEADLINE = 60  # seconds to wait for any one sample before giving up


def cookie_in(nsfd):
    """The cookie of the network namespace open as nsfd: a socket made in
    it, by a child that enters it, tells."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            if libc.setns(nsfd, CLONE_NEWNET) != 0:
                os._exit(1)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            os.write(w, s.getsockopt(socket.SOL_SOCKET, SO_NETNS_COOKIE, 8))
        finally:
            os._exit(0)
    os.close(w)
    data = os.read(r, 8)
    os.close(r)
    os.waitpid(pid, 0)
    return int.from_bytes(data, "little") if len(data) == 8 else None


def held_namespaces(pid):
    """The cookies of the network namespaces process pid keeps alive through
    its descriptors: those of its sockets, and namespace files it holds.
    Each descriptor is copied (pidfd_getfd) and asked."""
    pidfd = libc.syscall(434, pid, 0)  # pidfd_open
    if pidfd < 0:
        return None
    held = set()
    try:
        for name in os.listdir("/proc/%d/fd" % pid):
            try:
                link = os.readlink("/proc/%d/fd/%s" % (pid, name))
            except OSError:
                continue
            if not (link.startswith("socket:[") or link.startswith("net:[")):
                continue
            fd = libc.syscall(438, pidfd, int(name), 0)  # pidfd_getfd
            if fd < 0:
                continue
            if link.startswith("net:["):
                held.add(cookie_in(fd))
                os.close(fd)
                continue
            try:
                s = socket.socket(fileno=fd)
            except OSError:
                os.close(fd)
                continue
            try:
                held.add(int.from_bytes(s.getsockopt(socket.SOL_SOCKET, SO_NETNS_COOKIE, 8), "little"))
            except OSError:
                pass
            finally:
                s.close()
    finally:
        os.close(pidfd)
    return held


def fd_count(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return None


class Watch:
    """sockq --watch ARGS -J, its samples read as they come: one JSON line each."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([SOCKQ, "--watch", INTERVAL, "-J", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        atexit.register(self.stop)
        self.samples = []
        self.lock = threading.Condition()
        self.stderr = []
        self.readers = [threading.Thread(target=self._read, daemon=True),
                        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True)]
        for t in self.readers:
            t.start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                doc = json.loads(line)
            except ValueError:
                doc = {"bad": line}
            with self.lock:
                self.samples.append({int(l.get("inode", 0)) for l in doc.get("listeners", [])})
                self.lock.notify_all()
        with self.lock:
            self.samples.append(None)  # the end
            self.lock.notify_all()

    def count(self):
        with self.lock:
            return len([s for s in self.samples if s is not None])

    def wait_for(self, n):
        """Until n samples have come (False if sockq ended first)."""
        with self.lock:
            end = time.monotonic() + DEADLINE
            while len(self.samples) < n or None in self.samples[:n]:
                if None in self.samples or time.monotonic() > end:
                    return False
                self.lock.wait(1)
            return True

    def stop(self):
        """Ends the watch as a user would (SIGINT), and reads what is left."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for t in self.readers:
            t.join(10)


def listener(h):
    return h.socks[0]["inode"]


# Namespaces there before the watch: unnamed, named, and a named one no
# process lives in (only its name keeps it).
idle = unique("sqwatch-idle")
subprocess.run([ip, "netns", "add", idle], check=True)
atexit.register(lambda: subprocess.run([ip, "netns", "delete", idle], capture_output=True))
with open("/run/netns/" + idle) as f:
    idle_cookie = cookie_in(f.fileno())
names = [idle, unique("sqwatch-a")]
before = [Helper("-u", "tcp,127.0.0.1:%d,5,0" % PORT),
          Helper("-n", names[-1], "tcp,127.0.0.1:%d,5,0" % PORT)]
if not all(int(h.cookie or 0) for h in before) or not idle_cookie:
    skip("this kernel has no SO_NETNS_COOKIE (Linux 5.14)")

w = Watch("-N", "all", "--port", str(PORT), "-o", "netns,inode")
check(w.wait_for(1), "the first sample comes")
eq({listener(h) for h in before} - w.samples[0], set(), "the first sample shows the namespaces there")
held = held_namespaces(w.proc.pid) or set()
print("note: after the first sample sockq has %s descriptors, and holds %d of the 3 namespaces"
      % (fd_count(w.proc.pid), len(held & ({int(h.cookie) for h in before} | {idle_cookie}))))

# Made after the first sample: shown from the sample after the one under
# way when it appeared.
names.append(unique("sqwatch-b"))
after = [Helper("-u", "tcp,127.0.0.1:%d,5,0" % PORT),
         Helper("-n", names[-1], "tcp,127.0.0.1:%d,5,0" % PORT)]
k = w.count()
check(w.wait_for(k + 4), "samples go on after namespaces are made")
for n, h in enumerate(after):
    seen = [listener(h) in s for s in w.samples[k + 1:k + 4]]
    eq(seen, [True] * len(seen), "a namespace made during the watch (%s) is in every sample "
       "after the one under way when it appeared" % ("named" if n else "unnamed"))
eq({listener(h) for h in before} - w.samples[k + 3], set(), "those there at the start still are")
print("note: sockq's descriptors with two namespaces more: %s" % fd_count(w.proc.pid))

# Deleted: their processes end, the named ones' names go. Their rows stop,
# and sockq keeps nothing of them.
gone = before + after
for h in gone:
    h.stop()
subprocess.run([ip, "netns", "delete", idle], check=True)
m = w.count()
check(w.wait_for(m + 3), "samples go on after namespaces are deleted")
for h in gone:
    check(all(listener(h) not in s for s in w.samples[m + 1:m + 3]),
          "the rows of a deleted namespace (%s) stop" % h.netns)
held = held_namespaces(w.proc.pid)
print("note: sockq's descriptors after the deletions: %s" % fd_count(w.proc.pid))
left = {int(h.cookie) for h in gone} | {idle_cookie}
eq(sorted(left & (held or set())), [],
   "sockq keeps no socket or file of the %d namespaces deleted (it would keep them alive)" % len(left))
w.stop()
# Namespaces that vanish are left out without a word, as in a single run;
# the watch ends as the SIGINT that stopped it says (exit 0, or killed by
# it once the peaks are written).
text = "".join(w.stderr)
labels = [h.netns for h in gone] + names
eq([l for l in text.splitlines() if any(n in l for n in labels)], [],
   "-N all: nothing said of the namespaces that vanished")
check(w.proc.returncode in (0, -signal.SIGINT), "the watch of -N all ends well: %d: %r"
      % (w.proc.returncode, text))

# --watch -N NAME, and NAME is deleted: said once, however many samples
# follow; nothing of the namespace is kept.
name = unique("sqwatch-named")
h = Helper("-n", name, "tcp,127.0.0.1:%d,5,0" % PORT)
w = Watch("-N", name, "-o", "netns,inode")
check(w.wait_for(2), "the watch of -N NAME samples")
eq([listener(h) in s for s in w.samples[:2]], [True, True], "-N NAME: its listener in each sample")
h.stop()
m = w.count()
w.wait_for(m + 5)  # or sockq ends, having said why
held = held_namespaces(w.proc.pid) if w.proc.poll() is None else set()
eq(sorted({int(h.cookie)} & (held or set())), [], "-N NAME deleted: sockq keeps nothing of it")
w.stop()
text = "".join(w.stderr)
said = text.split("Peak accept queues")[0]
eq(len([l for l in said.splitlines() if name in l]), 1,
   "-N NAME deleted during the watch: said once on stderr (%d samples after): %r"
   % (w.count() - m, said))
check(w.proc.returncode in (0, 1, -signal.SIGINT),
      "-N NAME deleted: the watch ends with 0 or 1 (or by the SIGINT that ended it): %d" % w.proc.returncode)

# --watch -N HOSTNAME while a second namespace has the same hostname for a
# while (a container restarting): each such sample says the name is not
# one namespace's, and the watch goes on reading the one it had.
host = unique("sqwatch-host")
h = Helper("-u", "-h", host, "tcp,127.0.0.1:%d,5,0" % PORT)
w = Watch("-N", host, "-o", "netns,inode")
check(w.wait_for(2), "the watch of -N HOSTNAME samples")
twin = Helper("-u", "-h", host, "tcp,127.0.0.1:%d,5,0" % PORT)
m = w.count()
check(w.wait_for(m + 3), "samples go on while the hostname names two namespaces")
twin.stop()
m = w.count()
check(w.wait_for(m + 2), "and after")
eq([listener(h) in s for s in w.samples[-2:]], [True, True],
   "-N HOSTNAME: the namespace it had is read all along")
w.stop()
said = "".join(w.stderr).split("Peak accept queues")[0]
check("2 namespaces" in said, "the samples that found two say so: %r" % said[:300])
done()
