# SPDX-License-Identifier: GPL-2.0-or-later
"""e2e_synq.py: syn_q: requests in SYN_RECV counted on their listener, with SYN-ACKs dropped."""
from sqtest import Helper, check, eq, done, need_root, need_tools, sockq, sockq_csv, unique

need_root()
iptables, = need_tools("iptables")
name = unique("sqsyn")

# SYN queue: SYN-ACKs to the clients are dropped, so the requests stay in
# SYN_RECV on the listener, exactly as many as were started.
rule = "%s -A INPUT -p tcp -m multiport --sports 45001,45002 --tcp-flags SYN,ACK SYN,ACK -j DROP" % iptables
try:
    syn = Helper("-n", name + "s", "-e", rule,
                 "tcp,127.0.0.1:45001,10,0+4", "tcp,0.0.0.0:45002,10,0+2", "tcp,127.0.0.1:45003,10,0")
except RuntimeError as e:
    syn = None
    check(False, "iptables rule in a namespace: %s" % e)
if syn:
    rc, rows, err = sockq_csv("-N", name + "s", "-o", "local,recv_q,syn_q,syn_max")
    eq(rc, 0, "syn_q exit status: %s" % err)
    got = {r["local"]: r["syn_q"] for r in rows}
    eq(got.get("127.0.0.1:45001"), "4", "4 requests in SYN_RECV")
    eq(got.get("0.0.0.0:45002"), "2", "a wildcard listener takes its port's requests")
    eq(got.get("127.0.0.1:45003"), "0", "an idle listener has none")
    check(all(r["syn_max"].isdigit() for r in rows), "syn_max is the namespace's sysctl")
    rc, out, _ = sockq("--format", "openmetrics", "-o", "+syn_q", "-N", name + "s")
    check('sockq_syn_queue_length{netns="%ss",proto="tcp",local="127.0.0.1:45001",port="45001"} 4' % name in out,
          "SYN queue gauge in OpenMetrics")
    # AF_UNIX has no SYN queue: no value of 0 anywhere.
    unix = Helper("-u", "unix,@%s-u,3,1" % name)
    rc, out, _ = sockq("--format", "openmetrics", "-o", "+syn_q", "-N", str(unix.pid))
    check("sockq_accept_queue_length{" in out and "sockq_syn_queue_length{" not in out,
          "no SYN-queue series for an AF_UNIX listener: %r" % out[:400])
    rc, rows, _ = sockq_csv("-o", "proto,syn_q", "-N", str(unix.pid))
    eq([r["syn_q"] for r in rows], [""], "and no syn_q value in CSV")

done()
