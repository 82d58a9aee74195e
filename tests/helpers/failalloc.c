// SPDX-License-Identifier: GPL-2.0-or-later
/* failalloc.c: a preloaded library for tests: faults sockq cannot be made to meet on demand.
 *
 * LD_PRELOAD=libfailalloc.so FAILALLOC_AFTER_SLEEPS=N: after the Nth wait
 * between samples returns (a clock_nanosleep(), or a poll() with no time
 * limit, as --watch waits for its next tick), malloc, calloc and realloc
 * return NULL with ENOMEM. So N = 1 makes the second sample run out of
 * memory.
 *
 * FAILRECV_ENOBUFS=N: the Nth recvmsg() (from 1) fails with ENOBUFS and
 * reads nothing, as when a netlink socket's receive queue overflowed. */
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);

static int sleeps;

static int failing(void)
{
	const char *after = getenv("FAILALLOC_AFTER_SLEEPS");

	return after && sleeps >= atoi(after);
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem)
{
	static int (*real)(clockid_t, int, const struct timespec *, struct timespec *);
	int ret;

	if (!real)
		real = (int (*)(clockid_t, int, const struct timespec *, struct timespec *))
			dlsym(RTLD_NEXT, "clock_nanosleep");
	ret = real(clock, flags, req, rem);
	sleeps++;
	return ret;
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	static int (*real)(struct pollfd *, nfds_t, int);
	int ret;

	if (!real)
		real = (int (*)(struct pollfd *, nfds_t, int))dlsym(RTLD_NEXT, "poll");
	ret = real(fds, n, timeout);
	if (timeout < 0)
		sleeps++;
	return ret;
}

void *malloc(size_t size)
{
	if (failing()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	if (failing()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	if (failing()) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, size);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	static ssize_t (*real)(int, struct msghdr *, int);
	static int calls;
	const char *nth = getenv("FAILRECV_ENOBUFS");

	if (!real)
		real = (ssize_t (*)(int, struct msghdr *, int))dlsym(RTLD_NEXT, "recvmsg");
	if (nth && ++calls == atoi(nth)) {
		errno = ENOBUFS;
		return -1;
	}
	return real(fd, msg, flags);
}

