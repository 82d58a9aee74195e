// SPDX-License-Identifier: GPL-2.0-or-later
/* out.c: buffered writes to a file descriptor, with errors kept, not lost. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "out.h"

void out_init(struct out *o, int fd)
{
	o->fd = fd;
	o->err = 0;
	o->len = 0;
}

/* A failed write (a full disk, a closed pipe) must not be ignored: the
 * output would be silently truncated. The first error is kept for the
 * caller, and nothing more is written after it. */
int out_flush(struct out *o)
{
	size_t done = 0;

	while (!o->err && done < o->len) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			o->err = -errno;
		else
			done += (size_t)n;
	}
	o->len = 0;
	return o->err;
}

/* The slow path of out_write(): a write larger than the room left. */
void out_write_slow(struct out *o, const void *s, size_t n)
{
	const char *p = s;

	while (n) {
		size_t room = OUT_BUFSIZE - o->len;
		size_t k = n < room ? n : room;

		memcpy(o->buf + o->len, p, k);
		o->len += k;
		p += k;
		n -= k;
		if (o->len == OUT_BUFSIZE)
			out_flush(o);
	}
}

void out_u64(struct out *o, uint64_t v)
{
	char *p = out_reserve(o, 20);

	o->len += u64_format(p, v);
}

void out_pad(struct out *o, size_t n)
{
	while (n) {
		size_t room = OUT_BUFSIZE - o->len;
		size_t k = n < room ? n : room;

		memset(o->buf + o->len, ' ', k);
		o->len += k;
		n -= k;
		if (o->len == OUT_BUFSIZE)
			out_flush(o);
	}
}

void out_printf(struct out *o, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		out_write(o, small, (size_t)n);
		return;
	}
	/* Rare: only long lines from callers, never untrusted names. */
	char *big = out_reserve(o, (size_t)n + 1);

	if ((size_t)n + 1 > OUT_BUFSIZE - o->len)
		return;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}
