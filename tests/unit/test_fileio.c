// SPDX-License-Identifier: GPL-2.0-or-later
/* test_fileio.c: a small file read whole up to its limit, and one byte more refused, never cut. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "fileio.h"
#include "unit.h"

/* A file of n bytes (x, y, z, ...) in dir. */
static void make(int dir, const char *name, size_t n)
{
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	for (size_t i = 0; fd >= 0 && i < n; i++) {
		char c = (char)('x' + i % 3);

		if (write(fd, &c, 1) != 1)
			break;
	}
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	char dir[] = "/tmp/sockq-test-fileio-XXXXXX";
	/* Limits below, at and above the first growth of the buffer. */
	const size_t limits[] = { 64, 4096, 4097, 10000 };
	int dfd;

	CHECK(mkdtemp(dir) != NULL, "a directory");
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
		size_t max = limits[k];

		for (size_t n = max - 3; n <= max + 3; n++) {
			char *buf = NULL;
			size_t cap = 0;
			ssize_t got;
			bool ok = true;

			make(dfd, "f", n);
			got = read_file_at(dfd, "f", &buf, &cap, max);
			if (n < max) {
				CHECK(got == (ssize_t)n, "max %zu, %zu bytes: read whole (%zd)", max, n, got);
				for (size_t i = 0; got == (ssize_t)n && i < n; i++)
					ok &= buf[i] == (char)('x' + i % 3);
				CHECK(ok && got == (ssize_t)n && buf[n] == '\0', "max %zu, %zu bytes: "
				      "every byte, then a NUL", max, n);
			} else {
				CHECK(got == -EFBIG, "max %zu, %zu bytes: too big, not cut (%zd)", max, n,
				      got);
			}
			free(buf);
		}
	}
	unlinkat(dfd, "f", 0);
	close(dfd);
	rmdir(dir);
	return unit_done();
}
