// SPDX-License-Identifier: GPL-2.0-or-later
/* nsdump.c: the benchmark's floor of the work per network namespace: enter each, dump its listeners once, and nothing else.
 *
 * nsdump [--somaxconn] [NAME | PATH]...
 *
 * For each namespace given (a NAME under /run/netns, or a PATH such as
 * /proc/PID/ns/net), or for every name under /run/netns when none is
 * given: open it, setns(2) into it, make one NETLINK_SOCK_DIAG socket
 * there (a sock_diag socket dumps the namespace it was created in), dump
 * its TCP listeners (IPv4 and IPv6 in one walk, asking for
 * INET_DIAG_SKMEMINFO) and its AF_UNIX listeners (UDIAG_SHOW_NAME, RQLEN
 * and UID), as one pass of dumponly does, and close the socket. In an
 * empty namespace that is nine system calls: open, setns, close, socket,
 * and a send and a receive for each dump, and a close. Nothing is checked
 * that the kernel does not check, nothing parsed beyond finding the end
 * of each dump, and the process never goes back to the namespace it
 * started in: sockq does more than this, which is what it is measured
 * against.
 *
 * With --somaxconn it also reads each namespace's net.core.somaxconn,
 * which sockq needs for every answer: opened inside the namespace (a
 * /proc/sys/net file belongs to the namespace its opener is in), read and
 * closed, three more system calls. The kernel finds that file by a lookup
 * among the sysctl entries of every namespace that has one (proc_sys_compare
 * over a shared hash chain), so its cost grows with the host's namespaces.
 *
 * Prints one line: the listeners seen, the namespaces entered and the
 * dumps made. A namespace that went away since it was named is passed
 * over. Exits 1 when a namespace cannot be entered or a dump fails.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "floor_caps.h"

#define NETNS_DIR "/run/netns"
#define LISTEN_STATE 10
#define EXT(attr) (1u << ((attr) - 1))

/* The kernel builds a reply of at most 32 KiB whatever the receive
 * buffer; twice that, as sockq's, so that none is cut. */
static char buf[64 * 1024] __attribute__((aligned(NLMSG_ALIGNTO)));

static struct {
	struct nlmsghdr nlh;
	struct inet_diag_req req;
} tcp_req = {
	.nlh = { .nlmsg_len = sizeof(tcp_req), .nlmsg_type = TCPDIAG_GETSOCK,
		 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
	/* The old compatibility request leaves the family open: the family
	 * given is ignored and both are walked in one pass. */
	.req = { .idiag_family = AF_INET, .idiag_states = 1u << LISTEN_STATE,
		 .idiag_ext = EXT(INET_DIAG_SKMEMINFO) },
};

static struct {
	struct nlmsghdr nlh;
	struct unix_diag_req req;
} unix_req = {
	.nlh = { .nlmsg_len = sizeof(unix_req), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
	.req = { .sdiag_family = AF_UNIX, .udiag_states = 1u << LISTEN_STATE,
		 .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID },
};

static long rows;
static unsigned namespaces, dumps;
static bool somaxconn;

/* One dump on the socket: a request, then replies until the one that ends
 * it. The socket is new and asks nothing else, so every reply is this
 * dump's. 0 or a negative errno. */
static int dump(int sk, const void *req, size_t len)
{
	dumps++;
	if (send(sk, req, len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(sk, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		if (n < 0)
			return -errno;
		for (; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				return e->error ? e->error : -EPROTO;
			}
			rows++;
		}
	}
}

/* Enters the namespace at path and dumps it; a path that no longer names
 * a namespace (ENOENT, or the plain file a deleted name can leave, which
 * setns() refuses with EINVAL) is passed over. 0 or a negative errno. */
static int enter_and_dump(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), sk, err;

	if (fd < 0)
		return errno == ENOENT || errno == ESRCH ? 0 : -errno;
	if (setns(fd, CLONE_NEWNET) < 0) {
		err = errno;
		close(fd);
		return err == EINVAL ? 0 : -err;
	}
	close(fd);
	if (somaxconn) {
		char value[32];

		fd = open("/proc/sys/net/core/somaxconn", O_RDONLY | O_CLOEXEC);
		if (fd < 0 || read(fd, value, sizeof(value)) < 0) {
			err = -errno;
			if (fd >= 0)
				close(fd);
			return err;
		}
		close(fd);
	}
	sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (sk < 0)
		return -errno;
	namespaces++;
	err = dump(sk, &tcp_req, sizeof(tcp_req));
	if (err == 0)
		err = dump(sk, &unix_req, sizeof(unix_req));
	close(sk);
	return err;
}

/* A NAME, or a PATH when it holds a slash. */
static int enter_named(const char *what)
{
	char path[sizeof(NETNS_DIR) + 256];

	if (strchr(what, '/'))
		return enter_and_dump(what);
	if (snprintf(path, sizeof(path), NETNS_DIR "/%s", what) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return enter_and_dump(path);
}

static int enter_every_name(void)
{
	DIR *d = opendir(NETNS_DIR);
	struct dirent *de;
	int err = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while (err == 0 && (de = readdir(d)))
		if (de->d_name[0] != '.')
			err = enter_named(de->d_name);
	closedir(d);
	return err;
}

int main(int argc, char **argv)
{
	int err = 0, first = 1;

	if (argc > 1 && !strcmp(argv[1], "--somaxconn")) {
		somaxconn = true;
		first = 2;
	}
	if (argc > first && argv[first][0] == '-') {
		bool help = !strcmp(argv[first], "--help");

		fputs("Usage: nsdump [--somaxconn] [NAME | PATH]...\n", help ? stdout : stderr);
		return help ? 0 : 2;
	}
	floor_drop_net_admin();
	if (argc == first)
		err = enter_every_name();
	for (int i = first; err == 0 && i < argc; i++)
		err = enter_named(argv[i]);
	if (err < 0) {
		fprintf(stderr, "nsdump: %s\n", strerror(-err));
		return 1;
	}
	printf("%ld listeners, %u namespaces, %u dumps\n", rows, namespaces, dumps);
	return 0;
}
