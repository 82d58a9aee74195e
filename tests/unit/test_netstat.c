// SPDX-License-Identifier: GPL-2.0-or-later
/* test_netstat.c: finding TcpExt ListenOverflows and ListenDrops in /proc/net/netstat text. */
#include <stdint.h>

#include "collect.h"
#include "unit.h"

int main(void)
{
	uint64_t ov, dr;

	netstat_parse("TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPLostRetransmit\n"
		      "TcpExt: 7 12 15 3\n"
		      "IpExt: InNoRoutes ListenOverflows\n"
		      "IpExt: 99 98\n", &ov, &dr);
	CHECK_EQ(ov, 12, "ListenOverflows");
	CHECK_EQ(dr, 15, "ListenDrops");

	/* The same names elsewhere do not count, and order does not matter. */
	netstat_parse("IpExt: ListenDrops\nIpExt: 5\n"
		      "TcpExt: ListenDrops ListenOverflows\nTcpExt: 18446744073709551614 0\n",
		      &ov, &dr);
	CHECK_EQ(ov, 0, "ListenOverflows after IpExt");
	CHECK_EQ(dr, UINT64_MAX - 1, "the largest value short of unknown");

	/* Absent fields, a header without values, a malformed value. */
	netstat_parse("TcpExt: SyncookiesSent\nTcpExt: 1\n", &ov, &dr);
	CHECK(ov == UINT64_MAX && dr == UINT64_MAX, "absent fields are unknown");
	netstat_parse("TcpExt: ListenOverflows ListenDrops\n", &ov, &dr);
	CHECK(ov == UINT64_MAX && dr == UINT64_MAX, "no value line: unknown");
	netstat_parse("TcpExt: ListenOverflows ListenDrops\nTcpExt: 1x 2\n", &ov, &dr);
	CHECK(ov == UINT64_MAX && dr == 2, "a malformed value is unknown, the other kept");
	netstat_parse("", &ov, &dr);
	CHECK(ov == UINT64_MAX && dr == UINT64_MAX, "empty text");
	/* Fewer values than names: what has no value stays unknown. */
	netstat_parse("TcpExt: ListenOverflows ListenDrops\nTcpExt: 4\n", &ov, &dr);
	CHECK(ov == 4 && dr == UINT64_MAX, "short value line");
	return unit_done();
}
