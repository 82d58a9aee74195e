// SPDX-License-Identifier: GPL-2.0-or-later
/* sink.c: buffered writes to a file descriptor or into bounded memory, with errors kept, not lost. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sink.h"

int sink_fd(struct sink *o, int fd)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->buf = malloc(SINK_BUFSIZE);
	if (!o->buf)
		return -ENOMEM;
	o->cap = SINK_BUFSIZE;
	return 0;
}

int sink_mem(struct sink *o, size_t limit)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->limit = limit;
	/* Room for any reserve, whatever the limit says of the total. */
	o->buf = malloc(SINK_BUFSIZE);
	if (!o->buf)
		return -ENOMEM;
	o->cap = SINK_BUFSIZE;
	return 0;
}

void sink_free(struct sink *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
}

int sink_flush(struct sink *o)
{
	size_t done = 0;

	/* What the buffer took without asking for room is judged here. */
	if (o->fd < 0) {
		if (!o->err && o->len > o->limit)
			o->err = -EFBIG;
		return o->err;
	}
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

/* A memory sink with room for n more bytes, within its limit. */
static bool mem_room(struct sink *o, size_t n)
{
	size_t cap = o->cap;
	char *grown;

	if (o->err)
		return false;
	if (o->len + n > o->limit) {
		o->err = -EFBIG;
		return false;
	}
	while (cap - o->len < n)
		cap *= 2;
	/* Never much past the limit: enough for this, at most the limit. */
	if (cap > o->limit)
		cap = o->len + n > o->limit ? o->len + n : o->limit;
	grown = realloc(o->buf, cap);
	if (!grown) {
		o->err = -ENOMEM;
		return false;
	}
	o->buf = grown;
	o->cap = cap;
	return true;
}

/* The slow path of sink_write(): a write larger than the room left. */
void sink_write_slow(struct sink *o, const void *s, size_t n)
{
	const char *p = s;

	if (o->fd < 0) {
		if (mem_room(o, n)) {
			memcpy(o->buf + o->len, p, n);
			o->len += n;
		}
		return;
	}
	while (n) {
		size_t room = o->cap - o->len;
		size_t k = n < room ? n : room;

		memcpy(o->buf + o->len, p, k);
		o->len += k;
		p += k;
		n -= k;
		if (o->len == o->cap)
			sink_flush(o);
	}
}

char *sink_reserve_slow(struct sink *o, size_t n)
{
	if (o->fd >= 0)
		sink_flush(o);
	else if (!mem_room(o, n))
		/* The output is refused already: write where nothing is kept. */
		o->len = 0;
	return o->buf + o->len;
}

void sink_u64(struct sink *o, uint64_t v)
{
	char *p = sink_reserve(o, U64_DIGITS_MAX);

	o->len += u64_format(p, v);
}

void sink_pad(struct sink *o, size_t n)
{
	static const char spaces[64] = "                                                                ";

	while (n) {
		size_t k = n < sizeof(spaces) ? n : sizeof(spaces);

		sink_write(o, spaces, k);
		n -= k;
	}
}

void sink_printf(struct sink *o, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->err = o->err ? o->err : -EINVAL;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		sink_write(o, small, (size_t)n);
		return;
	}
	/* A long line is rare, but never dropped. */
	va_start(ap, fmt);
	n = vasprintf(&big, fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->err = o->err ? o->err : -ENOMEM;
		return;
	}
	sink_write(o, big, (size_t)n);
	free(big);
}
