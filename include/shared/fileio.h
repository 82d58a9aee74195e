/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fileio.h: reading a small file whole, bounded, through interruptions. */
#ifndef SOCKQ_FILEIO_H
#define SOCKQ_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* Reads fd from offset 0 into buf (size bytes, NUL-terminated after what
 * was read), with one pread when the file fits: its length, or a negative
 * errno. *whole says whether the file ended within buf. */
ssize_t read_fd_small(int fd, char *buf, size_t size, int *whole);

/* Opens path relative to dirfd (AT_FDCWD for none) without following a
 * symbolic link at its end, non-blocking (a FIFO planted there must not
 * hang the run), and reads it into a buffer that grows up to max bytes
 * (*buf and *cap, kept between calls), NUL-terminated: its length, or a
 * negative errno: -EFBIG for a file of max bytes or more, which is never
 * returned cut. */
ssize_t read_file_at(int dirfd, const char *path, char **buf, size_t *cap, size_t max);

#endif
