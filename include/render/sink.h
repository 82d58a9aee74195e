/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sink.h: where rendered output goes: a file descriptor, buffered, or a bounded buffer in memory; the first error is kept. */
#ifndef SOCKQ_SINK_H
#define SOCKQ_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "numfmt.h"

/* A file descriptor's buffer; also the most a single reserve may ask. */
#define SINK_BUFSIZE (64 * 1024)

struct sink {
	int fd;			/* -1 for memory */
	int err;		/* first error, as a negative errno */
	char *buf;
	size_t len, cap;
	size_t limit;		/* memory: the most it may hold */
};

/* A sink writing to fd through a buffer of SINK_BUFSIZE; 0 or -ENOMEM. */
int sink_fd(struct sink *o, int fd);
/* A sink keeping everything in memory, up to limit bytes: past it the
 * output is refused whole (-EFBIG), never cut short silently. */
int sink_mem(struct sink *o, size_t limit);
void sink_free(struct sink *o);

/* Writes what is buffered out (a memory sink keeps it); returns the first
 * error of any write so far. A failed write (a full disk, a closed pipe)
 * is never ignored: output would be silently truncated. */
int sink_flush(struct sink *o);
/* A memory sink's contents. */
static inline const char *sink_data(const struct sink *o, size_t *len)
{
	*len = o->len;
	return o->buf;
}

void sink_write_slow(struct sink *o, const void *s, size_t n);
char *sink_reserve_slow(struct sink *o, size_t n);
void sink_u64(struct sink *o, uint64_t v);
void sink_pad(struct sink *o, size_t n);
void sink_printf(struct sink *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline void sink_write(struct sink *o, const void *s, size_t n)
{
	if (n <= o->cap - o->len) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
	} else {
		sink_write_slow(o, s, n);
	}
}

static inline void sink_puts(struct sink *o, const char *s)
{
	sink_write(o, s, strlen(s));
}

static inline void sink_putc(struct sink *o, char c)
{
	if (o->len < o->cap)
		o->buf[o->len++] = c;
	else
		sink_write_slow(o, &c, 1);
}

/* Room for n bytes (n <= SINK_BUFSIZE) at the end; the caller writes at
 * most n there and then advances o->len. After an error the room is
 * scratch, thrown away. */
static inline char *sink_reserve(struct sink *o, size_t n)
{
	if (o->cap - o->len >= n)
		return o->buf + o->len;
	return sink_reserve_slow(o, n);
}

#endif
