/* SPDX-License-Identifier: GPL-2.0-or-later */
/* out.h: buffered output that remembers the first write error. */
#ifndef SOCKQ_OUT_H
#define SOCKQ_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "numfmt.h"

#define OUT_BUFSIZE (64 * 1024)

struct out {
	int fd;
	int err;		/* first write error, as a negative errno */
	size_t len;
	char buf[OUT_BUFSIZE];
};

void out_init(struct out *o, int fd);
int out_flush(struct out *o);
void out_write_slow(struct out *o, const void *s, size_t n);
void out_u64(struct out *o, uint64_t v);
void out_pad(struct out *o, size_t n);
void out_printf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void out_write(struct out *o, const void *s, size_t n)
{
	if (n <= OUT_BUFSIZE - o->len) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
	} else {
		out_write_slow(o, s, n);
	}
}

static inline void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

static inline void out_putc(struct out *o, char c)
{
	if (o->len == OUT_BUFSIZE)
		out_flush(o);
	o->buf[o->len++] = c;
}

/* Room for n bytes (n <= OUT_BUFSIZE); the caller then advances o->len. */
static inline char *out_reserve(struct out *o, size_t n)
{
	if (OUT_BUFSIZE - o->len < n)
		out_flush(o);
	return o->buf + o->len;
}

#endif
