// SPDX-License-Identifier: GPL-2.0-or-later
/* test_netstat.c: finding TcpExt ListenOverflows and ListenDrops in /proc/net/netstat text. */
#include <stdint.h>

#include "sysctl.h"
#include "unit.h"

static const char *const two[] = { "ListenOverflows", "ListenDrops" };
static uint64_t got[2];

static void netstat_parse2(const char *text, uint64_t *ov, uint64_t *dr)
{
	netstat_parse(text, two, 2, got);
	*ov = got[0];
	*dr = got[1];
}

int main(void)
{
	uint64_t ov, dr, all[CNT_COUNT];

	netstat_parse2("TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPLostRetransmit\n"
		      "TcpExt: 7 12 15 3\n"
		      "IpExt: InNoRoutes ListenOverflows\n"
		      "IpExt: 99 98\n", &ov, &dr);
	CHECK_EQ(ov, 12, "ListenOverflows");
	CHECK_EQ(dr, 15, "ListenDrops");

	/* The same names elsewhere do not count, and order does not matter. */
	netstat_parse2("IpExt: ListenDrops\nIpExt: 5\n"
		      "TcpExt: ListenDrops ListenOverflows\nTcpExt: 18446744073709551614 0\n",
		      &ov, &dr);
	CHECK_EQ(ov, 0, "ListenOverflows after IpExt");
	CHECK_EQ(dr, UINT64_MAX - 1, "the largest value short of unknown");

	/* Absent fields, a header without values, a malformed value. */
	netstat_parse2("TcpExt: SyncookiesSent\nTcpExt: 1\n", &ov, &dr);
	CHECK(ov == UINT64_MAX && dr == UINT64_MAX, "absent fields are unknown");
	netstat_parse2("TcpExt: ListenOverflows ListenDrops\n", &ov, &dr);
	CHECK(ov == UINT64_MAX && dr == UINT64_MAX, "no value line: unknown");
	netstat_parse2("TcpExt: ListenOverflows ListenDrops\nTcpExt: 1x 2\n", &ov, &dr);
	CHECK(ov == UINT64_MAX && dr == 2, "a malformed value is unknown, the other kept");
	netstat_parse2("", &ov, &dr);
	CHECK(ov == UINT64_MAX && dr == UINT64_MAX, "empty text");
	/* Fewer values than names: what has no value stays unknown. */
	netstat_parse2("TcpExt: ListenOverflows ListenDrops\nTcpExt: 4\n", &ov, &dr);
	CHECK(ov == 4 && dr == UINT64_MAX, "short value line");
	/* Every counter sockq reads, by the names the kernel uses. */
	netstat_parse("TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed ListenOverflows "
		      "ListenDrops TCPReqQFullDoCookies TCPReqQFullDrop\n"
		      "TcpExt: 1 2 3 4 5 6 7\n", netstat_names, CNT_COUNT, all);
	CHECK(all[CNT_COOKIES_SENT] == 1 && all[CNT_COOKIES_RECV] == 2 &&
	      all[CNT_COOKIES_FAILED] == 3 && all[CNT_LISTEN_OVERFLOWS] == 4 &&
	      all[CNT_LISTEN_DROPS] == 5 && all[CNT_REQQ_FULL_COOKIES] == 6 &&
	      all[CNT_REQQ_FULL_DROP] == 7, "each counter by its name");
	return unit_done();
}
