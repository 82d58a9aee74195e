# SPDX-License-Identifier: GPL-2.0-or-later
"""replay.py: the parsers and the dump loop against recorded kernel replies, and faults
crafted from them (no privileges needed)."""
import csv
import io
import os
import struct
import subprocess

from sqtest import SOCKQ, check, done, eq, sockq, tmpdir

ROOT = os.environ.get("SOCKQ_SOURCE_ROOT", ".")
DATA = os.path.join(ROOT, "tests", "data")
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_DUMP_INTR = 0x10
NLM_F_ACK_TLVS = 0x200
NLM_F_CAPPED = 0x100
REPLAY_ERRNO = 0xFFFFFFFF
d = tmpdir()


def read_records(path):
    data = open(path, "rb").read()
    recs, off = [], 0
    while off < len(data):
        (n,) = struct.unpack_from("=I", data, off)
        off += 4
        if n == REPLAY_ERRNO:
            recs.append(("errno", struct.unpack_from("=I", data, off)[0]))
            off += 4
        else:
            recs.append(("data", data[off:off + n]))
            off += n
    return recs


def split_dumps(recs):
    """A dump is the datagrams up to the one holding NLMSG_DONE."""
    dumps, cur = [], []
    for kind, payload in recs:
        cur.append((kind, payload))
        if kind == "data" and any(t == NLMSG_DONE for t, _, _ in messages(payload)):
            dumps.append(cur)
            cur = []
    return dumps


def messages(buf):
    off, out = 0, []
    while off + 16 <= len(buf):
        n, t, flags = struct.unpack_from("=IHH", buf, off)
        out.append((t, flags, off))
        off += (n + 3) & ~3
    return out


def write(recs, name):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        for kind, payload in recs:
            if kind == "errno":
                f.write(struct.pack("=II", REPLAY_ERRNO, payload))
            else:
                f.write(struct.pack("=I", len(payload)) + payload)
    return path


def set_flag(buf, flag):
    b = bytearray(buf)
    for _, flags, off in messages(buf):
        struct.pack_into("=H", b, off + 6, flags | flag)
    return bytes(b)


def error_msg(err, text=None):
    """NLMSG_ERROR with the request header only (capped) and an ext-ack message."""
    payload = struct.pack("=i", -err) + struct.pack("=IHHII", 16, 20, 0x301, 0, 0)
    flags = NLM_F_CAPPED
    if text:
        s = text.encode() + b"\0"
        attr = struct.pack("=HH", 4 + len(s), 1) + s
        attr += b"\0" * ((4 - len(attr) % 4) % 4)
        payload += attr
        flags |= NLM_F_ACK_TLVS
    return struct.pack("=IHHII", 16 + len(payload), NLMSG_ERROR, flags, 0, 0) + payload


def rows(out):
    return list(csv.DictReader(io.StringIO(out)))


recs = read_records(os.path.join(DATA, "listeners.bin"))
dumps = split_dumps(recs)
eq(len(dumps), 3, "the recording holds the TCP/IPv4, TCP/IPv6 and AF_UNIX dumps")
expected = rows(open(os.path.join(DATA, "listeners.csv")).read())
KEYS = ("proto", "recv_q", "backlog", "use_pct", "state", "inode", "uid")


def replay(path, *args):
    return sockq("--csv", *args, env={"SOCKQ_REPLAY": path})


# The recording, parsed: every diag-derived column as recorded. It holds
# one dump per TCP family, which sockq asks for when the kernel refuses to
# serve both in one walk.
rc, out, err = replay(write([("data", error_msg(95))] + recs, "recording.bin"))
eq(rc, 0, "replay exit status: %s" % err)
got = rows(out)
eq(len(got), len(expected), "row count")
for g, e in zip(got, expected):
    for k in KEYS:
        eq(g[k], e[k], "inode %s column %s" % (e["inode"], k))
    # Device names are per namespace; a replay shows the index instead.
    eq(g["local"], e["local"].replace("%lo", "%1"), "local of inode %s" % e["inode"])

DONE = ("data", struct.pack("=IHHIIi", 20, NLMSG_DONE, 2, 0, 0, 0))


def one_walk(*parts):
    """The per-family dumps as the kernel answers the one-walk request for
    both: their rows in one round (a dump this small fits in one), then
    NLMSG_DONE."""
    rows = b""
    for recs in parts:
        for kind, payload in recs:
            rows += b"".join(payload[off:off + (struct.unpack_from("=I", payload, off)[0] + 3 & ~3)]
                             for t, _, off in messages(payload) if t != NLMSG_DONE)
    return [("data", rows), DONE]


# The recording holds one dump per TCP family, as an older sockq asked;
# sockq now asks for both families in one walk. A kernel that does not
# serve that request gets the two dumps it does serve, in turn.
tcp4, tcp6, unix = dumps
tcp = one_walk(tcp4, tcp6)
for name, recs in (("one walk", tcp + unix),
                   ("one walk refused", [("data", error_msg(95))] + tcp4 + tcp6 + unix)):
    rc, out, err = replay(write(recs, name.replace(" ", "-") + ".bin"))
    eq(rc, 0, "%s: exit status (%s)" % (name, err.strip()))
    eq([(r["inode"], r["proto"]) for r in rows(out)], [(e["inode"], e["proto"]) for e in expected],
       "%s: every row, in order" % name)
rc, out, err = replay(write(tcp4 + unix, "ipv4-only.bin"), "-4", "-x")
eq((rc, sorted(r["inode"] for r in rows(out))),
   (0, sorted(e["inode"] for e in expected if e["proto"] != "tcp6")),
   "-4 alone asks for IPv4 only (%s)" % err.strip())

# A dump flagged as interrupted is started again; a clean retry wins.
intr = [("data", set_flag(p, NLM_F_DUMP_INTR)) for _, p in tcp]
rc, out, err = replay(write(intr + tcp + unix, "intr-once.bin"))
eq(rc, 0, "interrupted once, then clean: exit 0 (%s)" % err)
eq(len(rows(out)), len(expected), "no row lost or repeated after the retry")
NOT_TCP = sorted(e["inode"] for e in expected if not e["proto"].startswith("tcp"))

rc, out, err = replay(write(intr * 4 + unix, "intr-always.bin"))
eq(rc, 1, "interrupted on every attempt: exit 1")
check("kept being interrupted" in err, "and says so: %r" % err)
eq(sorted(r["inode"] for r in rows(out)), NOT_TCP, "the other dumps are unaffected")

# ENOBUFS mid-dump: the dump is started again. EINTR: the read is retried.
rc, out, err = replay(write([("errno", 105)] + tcp + unix, "enobufs.bin"))
eq((rc, len(rows(out))), (0, len(expected)), "ENOBUFS is retried: %s" % err)
rc, out, err = replay(write([("errno", 4)] + tcp + [("errno", 4)] + unix, "eintr.bin"))
eq((rc, len(rows(out))), (0, len(expected)), "EINTR is retried: %s" % err)

# No unix_diag: a note and the TCP rows; asked for AF_UNIX only, a failure.
noent = [("data", error_msg(2))]
rc, out, err = replay(write(tcp + noent, "nounix.bin"))
eq(rc, 0, "no unix_diag: still exit 0")
check("unix_diag" in err, "and a note naming unix_diag: %r" % err)
eq({r["proto"] for r in rows(out)}, {"tcp", "tcp6"}, "TCP rows shown")
rc, out, err = replay(write(noent, "nounix-only.bin"), "-x")
eq(rc, 1, "-x without unix_diag: exit 1")

# A kernel error carries its extended-ack text into the message.
rc, out, err = replay(write([("data", error_msg(13, "bad diag request"))] + unix, "eacces.bin"))
eq(rc, 1, "kernel error: exit 1")
check("bad diag request" in err and "Permission denied" in err, "ext ack text and strerror: %r" % err)

# Malformed replies: truncated messages and attributes are refused, never read past.
first = tcp[0][1]
for cut in (7, 16, 20, 40, len(first) - 3):
    b = bytearray(first[:cut])
    if len(b) >= 4:
        struct.pack_into("=I", b, 0, max(16, struct.unpack_from("=I", first, 0)[0]))
    rc, out, err = replay(write([("data", bytes(b))] + unix, "cut%d.bin" % cut))
    eq(rc, 1, "reply truncated at %d bytes: exit 1" % cut)
    check("TCP dump: Bad message" in err, "truncated at %d: says the dump was malformed: %r" % (cut, err))
    eq(sorted(r["inode"] for r in rows(out)), NOT_TCP,
       "truncated at %d: the other dumps are unaffected" % cut)
# The reply file ends early: an error, not a hang.
rc, out, err = replay(write([], "empty.bin"))
eq(rc, 1, "empty reply stream: exit 1")

# Replies made here, as the kernel makes them for AF_UNIX listeners.
UNIX_DIAG_NAME, UNIX_DIAG_RQLEN, UNIX_DIAG_UID = 0, 4, 7


def attr(kind, payload):
    a = struct.pack("=HH", 4 + len(payload), kind) + payload
    return a + b"\0" * (-len(a) % 4)


def unix_msg(ino, name, rqlen=struct.pack("=II", 0, 16)):
    body = struct.pack("=BBBBIII", 1, 1, 10, 0, ino, 0, 0)
    body += attr(UNIX_DIAG_NAME, name) + attr(UNIX_DIAG_RQLEN, rqlen)
    body += attr(UNIX_DIAG_UID, struct.pack("=I", 1000))
    return struct.pack("=IHHII", 16 + len(body), 20, 2, 0, 0) + body


# One bad record costs its row, not the dump: a short RQLEN among good
# messages, and a path that fills sun_path, which the kernel sends with its
# NUL as 109 bytes.
full = b"/" + b"p" * 107
msgs = [unix_msg(1001, b"/run/a.sock\0"), unix_msg(1002, b"/run/bad\0", rqlen=b"\0" * 4),
        unix_msg(1003, b"\0abstract"), unix_msg(1004, full + b"\0")]
rc, out, err = replay(write([("data", b"".join(msgs)), DONE], "badrecord.bin"), "-x")
eq(rc, 1, "a bad record: exit 1, the listeners may be incomplete")
check("1 AF_UNIX message could not be parsed" in err, "and a warning that counts it: %r" % err)
eq([(r["inode"], r["local"]) for r in rows(out)],
   [("1003", "'@abstract"), ("1004", full.decode()), ("1001", "/run/a.sock")],
   "every other row, the 108-byte path whole")

# 30 000 rows into a reader that stops after one line: quiet, status 0.
# The kernel serves that many in rounds, so sockq makes a second pass;
# the recording holds both, their rounds ending at different rows.
many = [unix_msg(100000 + i, b"/run/s/%05d\0" % i) for i in range(30000)]


def dump(first, per):
    recs, i = [], 0
    while i < len(many):
        n = first if i == 0 else per
        recs.append(("data", b"".join(many[i:i + n])))
        i += n
    return recs + [DONE]


path = write(dump(400, 400) + dump(200, 400), "many.bin")
p = subprocess.run("%s -x --csv | head -1" % SOCKQ, shell=True, capture_output=True, text=True,
                   env=dict(os.environ, SOCKQ_REPLAY=path))
eq((p.returncode, p.stdout.startswith("netns,proto,local,"), p.stdout.count("\n"), p.stderr),
   (0, True, 1, ""), "sockq | head -1 at 30 000 rows")
p = subprocess.run("set -o pipefail; %s -x --csv | head -1 >/dev/null" % SOCKQ, shell=True,
                   executable="/bin/bash", capture_output=True, text=True, env=dict(os.environ, SOCKQ_REPLAY=path))
eq(p.returncode, 0, "and sockq's own status is 0, not death by SIGPIPE")
rc, out, err = replay(path, "-x")
eq((rc, len(rows(out)), len({r["inode"] for r in rows(out)})), (0, 30000, 30000),
   "the two passes merge into 30 000 rows, each once (%s)" % err.strip())

# Passes whose rounds end at the same rows prove nothing by their rounds.
# AF_UNIX counts sockets it does not show in resuming a round, so sockq
# makes every pass it may and says listeners may be missing; a TCP walk
# of both families counts only what it shows, so two passes that show the
# same listeners settle it.
rc, out, err = replay(write(dump(400, 400) * 4, "unix-same-rounds.bin"), "-x")
eq((rc, len({r["inode"] for r in rows(out)})), (1, 30000), "AF_UNIX, rounds alike: exit 1, all rows")
check("some listeners may be missing" in err and "4 passes" in err,
      "and says the dump could not be proven complete: %r" % err)


INET_DIAG_SKMEMINFO = 7


def inet_msg(ino, port, state=10, drops=None):
    """A listener's message; its cookie, which the kernel gives every socket, is its inode here."""
    sockid = struct.pack(">HH", port, 0) + bytes([127, 0, 0, 1]) + b"\0" * 12 + b"\0" * 16
    sockid += struct.pack("=III", 0, ino, 0)
    body = struct.pack("=BBBB", 2, state, 0, 0) + sockid + struct.pack("=IIIII", 0, 0, 128, 0, ino)
    if drops is not None:
        body += attr(INET_DIAG_SKMEMINFO, struct.pack("=9I", *([0] * 8 + [drops])))
    return struct.pack("=IHHII", 16 + len(body), 20, 2, 0, 0) + body


tcp_many = [inet_msg(200000 + i, 1024 + i) for i in range(20000)]
tcp_pass = [("data", b"".join(tcp_many[i:i + 400])) for i in range(0, len(tcp_many), 400)] + [DONE]
rc, out, err = replay(write(tcp_pass * 2, "tcp-same-rounds.bin"), "-t")
eq((rc, len({r["inode"] for r in rows(out)}), err), (0, 20000, ""),
   "TCP in one walk, rounds alike: two passes settle it")

# A request socket whose message cannot be parsed costs that request, not
# the SYN-queue dump: the others are counted, and a warning says so.
short = struct.pack("=IHHII", 24, 20, 2, 0, 0) + b"\0" * 8
synq = [("data", inet_msg(400001, 8080, state=3) + short + inet_msg(400002, 8080, state=3)), DONE]
rc, out, err = replay(write([("data", inet_msg(300001, 8080)), DONE] + synq, "synq-bad.bin"),
                      "-t", "-o", "inode,syn_q")
eq((rc, [(r["inode"], r["syn_q"]) for r in rows(out)]), (1, [("300001", "2")]),
   "a bad SYN_RECV message: the other two counted, exit 1 (%s)" % err.strip())
check("1 TCP SYN_RECV message could not be parsed" in err, "and a warning says so: %r" % err)

# --check --state: a namespace that could not be read keeps what the last
# check saw, so the drops made meanwhile are still found by the next one.
state = os.path.join(d, "check.state")
for drops, recs, want in ((5, [("data", inet_msg(500001, 9000, drops=5)), DONE], 0),
                          (None, [("data", error_msg(13))], 3),
                          (9, [("data", inet_msg(500001, 9000, drops=9)), DONE], 2)):
    rc, out, err = sockq("--check", "-t", "--state", state,
                         env={"SOCKQ_REPLAY": write(recs, "check%s.bin" % drops)})
    eq(rc, want, "--check --state, drops %s: status %d (%s)" % (drops, want, out.strip()))
check("+4" in out and "new_drops=4" in out, "the 4 drops made while unread are found: %r" % out)

# A recording is not trusted: an errno out of range is a protocol error.
rc, out, err = replay(write([("errno", 0x80000000)], "intmin.bin"), "-x")
eq(rc, 1, "errno INT_MIN: exit 1")
check("Protocol error" in err, "and reads as a protocol error: %r" % err)
done()
