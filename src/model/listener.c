// SPDX-License-Identifier: GPL-2.0-or-later
/* listener.c: a listener's local address as text, and the names of the protocols. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <net/if.h>

#include "types.h"
#include "numfmt.h"

#define LABEL(s) { s, sizeof(s) - 1 }
const struct proto_label proto_labels[PROTO_COUNT] = {
	[PROTO_TCP] = LABEL("tcp"),
	[PROTO_TCP6] = LABEL("tcp6"),
	[PROTO_UNIX] = LABEL("unix"),
	[PROTO_UNIX_SEQ] = LABEL("unix_seq"),
};
/* Hand-made rather than snprintf(): this runs for every row, and at
 * 18 000 rows printf's parsing was most of sockq's own time. */
static size_t put_ipv4(char *p, const uint8_t *a)
{
	size_t n = 0;

	for (int i = 0; i < 4; i++) {
		if (i)
			p[n++] = '.';
		n += u64_format_width(p + n, a[i], 1u + (a[i] >= 10) + (a[i] >= 100));
	}
	return n;
}

size_t listener_local_width(const struct pool *pool, const struct listener *l,
			    char *scratch, size_t size)
{
	size_t w = 3;

	if (l->proto != PROTO_TCP || l->name_len)
		return listener_format_local(pool, l, scratch, size);
	for (int i = 0; i < 4; i++)
		w += 1u + (l->addr[i] >= 10) + (l->addr[i] >= 100);
	return w + 1 + u64_width(l->port);
}

/* ADDR:PORT, [ADDR]:PORT, with %DEV for a socket bound to a device (the
 * scope of a link-local IPv6 address); the raw name for AF_UNIX, which the
 * caller escapes. Returns the length. */
size_t listener_format_local(const struct pool *pool, const struct listener *l,
			     char *buf, size_t size)
{
	/* Worst case: [IPv6%IFNAME]:PORT fits in 64 bytes. */
	char tmp[INET6_ADDRSTRLEN + IF_NAMESIZE + 16];
	char *p = size >= sizeof(tmp) ? buf : tmp;
	size_t n = 0;

	if (!listener_is_tcp(l)) {
		size_t len = l->name_len < size ? l->name_len : size;

		memcpy(buf, pool_str(pool, l->name_off), len);
		/* Abstract names begin with a NUL byte; '@' is the usual mark. */
		if (len && buf[0] == '\0')
			buf[0] = '@';
		return len;
	}
	if (l->proto == PROTO_TCP) {
		n = put_ipv4(p, l->addr);
	} else {
		p[n++] = '[';
		inet_ntop(AF_INET6, l->addr, p + n, INET6_ADDRSTRLEN);
		n += strlen(p + n);
	}
	if (l->name_len) {
		size_t dl = l->name_len < IF_NAMESIZE ? l->name_len : IF_NAMESIZE;

		p[n++] = '%';
		memcpy(p + n, pool_str(pool, l->name_off), dl);
		n += dl;
	}
	if (l->proto == PROTO_TCP6)
		p[n++] = ']';
	p[n++] = ':';
	n += u64_format(p + n, l->port);
	if (p == tmp) {
		if (n > size)
			n = size;
		memcpy(buf, tmp, n);
	}
	return n;
}
