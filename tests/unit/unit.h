/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit.h: the little the C unit tests share: checks that count, and an exit status. */
#ifndef SOCKQ_UNIT_H
#define SOCKQ_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		if (cond) {                                                     \
			unit_passed++;                                          \
		} else {                                                        \
			unit_failed++;                                          \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);    \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
		}                                                               \
	} while (0)

#define CHECK_EQ(got, want, what)                                               \
	CHECK((unsigned long long)(got) == (unsigned long long)(want),          \
	      "%s: got %llu, expected %llu", (what), (unsigned long long)(got), \
	      (unsigned long long)(want))

/* got holds len bytes (not NUL-terminated); want is a C string. */
#define CHECK_MEM(got, len, want, what)                                         \
	CHECK((len) == strlen(want) && !memcmp((got), (want), (len)),           \
	      "%s: got \"%.*s\", expected \"%s\"", (what), (int)(len), (got), (want))

static inline int unit_done(void)
{
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed || !unit_passed ? 1 : 0;
}

#endif
