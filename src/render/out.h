/* SPDX-License-Identifier: GPL-2.0-or-later */
/* out.h: buffered output that remembers the first write error. */
#ifndef SOCKQ_OUT_H
#define SOCKQ_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* Decimal digits of v, for column widths. */
static inline size_t u64_width(uint64_t v)
{
	size_t w = 1;

	/* Four digits a step: most values here are below 10 000. */
	while (v >= 10000) {
		v /= 10000;
		w += 4;
	}
	return w + (v >= 10) + (v >= 100) + (v >= 1000);
}

extern const char u64_digit_pairs[201];

/* Writes v, of width w (u64_width(v)), in decimal at buf, two digits a step
 * from a table (the division is the cost); returns w. */
static inline size_t u64_format_width(char *buf, uint64_t v, size_t w)
{
	size_t i = w;

	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;

		v /= 100;
		buf[--i] = u64_digit_pairs[d + 1];
		buf[--i] = u64_digit_pairs[d];
	}
	if (v >= 10) {
		buf[--i] = u64_digit_pairs[v * 2 + 1];
		buf[--i] = u64_digit_pairs[v * 2];
	} else {
		buf[--i] = (char)('0' + v);
	}
	return w;
}

static inline size_t u64_format(char *buf, uint64_t v)
{
	return u64_format_width(buf, v, u64_width(v));
}

#endif
