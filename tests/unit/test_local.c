// SPDX-License-Identifier: GPL-2.0-or-later
/* test_local.c: the local column: IPv4, IPv6 with scope, bound devices, v4-mapped, AF_UNIX names. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "rowstore.h"
#include "unit.h"

static struct rowstore set;
static struct pool pool;

/* A listener with an address in text form and, for TCP, a bound device;
 * for AF_UNIX, name holds the raw bytes. */
static struct listener *make(enum proto proto, const char *addr, uint16_t port,
			     const char *name, size_t name_len)
{
	struct listener *l = rowstore_add(&set);

	l->proto = proto;
	l->port = port;
	if (proto == PROTO_TCP)
		inet_pton(AF_INET, addr, l->addr);
	else if (proto == PROTO_TCP6)
		inet_pton(AF_INET6, addr, l->addr);
	if (name_len && pool_add(&pool, name, name_len, &l->name_off) == 0)
		l->name_len = (uint8_t)name_len;
	return l;
}

/* The expected text as a literal: its length may count NUL bytes. */
#define EXPECT(l, size, lit) expect((l), (size), (lit), sizeof(lit) - 1)

static void expect(const struct listener *l, size_t size, const char *want, size_t want_len)
{
	char buf[256];
	size_t n = listener_format_local(&pool, l, buf, size);

	CHECK(n == want_len && !memcmp(buf, want, n), "local: got \"%.*s\" (%zu bytes), expected \"%s\"",
	      (int)n, buf, n, want);
	/* The table counts a TCP address's length without writing it. */
	if (listener_is_tcp(l) && size == sizeof(buf))
		CHECK(listener_local_width(&pool, l, buf, size) == want_len,
		      "width of \"%s\": %zu", want, listener_local_width(&pool, l, buf, size));
}

int main(void)
{
	struct listener *l;
	char text[32];

	/* Every octet width and port width, counted as written. */
	for (unsigned a = 0; a < 256; a += 3)
		for (unsigned port = 0; port <= 65535; port = port * 7 + 1) {
			snprintf(text, sizeof(text), "%u.%u.%u.%u", a, 255 - a, a / 10, a % 100);
			l = make(PROTO_TCP, text, (uint16_t)port, NULL, 0);
			CHECK(listener_local_width(&pool, l, text, sizeof(text)) ==
			      listener_format_local(&pool, l, text, sizeof(text)), "width of %u.%u.%u.%u:%u",
			      a, 255 - a, a / 10, a % 100, port);
		}

	l = make(PROTO_TCP, "192.168.1.10", 8080, NULL, 0);
	EXPECT(l, 256, "192.168.1.10:8080");
	l = make(PROTO_TCP, "0.0.0.0", 0, NULL, 0);
	EXPECT(l, 256, "0.0.0.0:0");
	l = make(PROTO_TCP, "255.255.255.255", 65535, NULL, 0);
	EXPECT(l, 256, "255.255.255.255:65535");
	l = make(PROTO_TCP, "10.0.0.1", 80, "eth0", 4);
	EXPECT(l, 256, "10.0.0.1%eth0:80");
	/* Cut to the room given, never past it. */
	EXPECT(l, 5, "10.0.");

	l = make(PROTO_TCP6, "::1", 443, NULL, 0);
	EXPECT(l, 256, "[::1]:443");
	l = make(PROTO_TCP6, "::", 22, NULL, 0);
	EXPECT(l, 256, "[::]:22");
	l = make(PROTO_TCP6, "fe80::1", 22, "veth0", 5);
	EXPECT(l, 256, "[fe80::1%veth0]:22");
	l = make(PROTO_TCP6, "::ffff:10.0.0.1", 80, NULL, 0);
	EXPECT(l, 256, "[::ffff:10.0.0.1]:80");
	l = make(PROTO_TCP6, "2001:db8:85a3:1:2:8a2e:370:7334", 1, NULL, 0);
	EXPECT(l, 256, "[2001:db8:85a3:1:2:8a2e:370:7334]:1");
	/* The longest there is: every group, a 15-byte device, a 5-digit port. */
	l = make(PROTO_TCP6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535,
		 "abcdefghijklmno", 15);
	EXPECT(l, 256, "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%abcdefghijklmno]:65535");

	l = make(PROTO_UNIX, NULL, 0, "/run/app.sock", 13);
	EXPECT(l, 256, "/run/app.sock");
	l = make(PROTO_UNIX_SEQ, NULL, 0, "\0abstract", 9);
	EXPECT(l, 256, "@abstract");
	/* An abstract name may hold NUL bytes after the first: kept as they are. */
	l = make(PROTO_UNIX, NULL, 0, "\0a\0b", 4);
	EXPECT(l, 256, "@a\0b");
	/* A name that begins with '@' is a path, and stays one. */
	l = make(PROTO_UNIX, NULL, 0, "@x", 2);
	EXPECT(l, 256, "@x");
	l = make(PROTO_UNIX, NULL, 0, NULL, 0);
	EXPECT(l, 256, "");
	rowstore_free(&set);
	pool_free(&pool);
	return unit_done();
}
