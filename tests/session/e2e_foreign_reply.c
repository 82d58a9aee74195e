// SPDX-License-Identifier: GPL-2.0-or-later
/* e2e_foreign_reply.c: a message another process sends to sockq's diag socket is not read as the kernel's reply.
 *
 * Root of a namespace (a container's, in its own user namespace) may send
 * to any NETLINK_SOCK_DIAG socket in it. This test makes a diag socket as
 * sockq does, lets the kernel bind it with a first dump, then sends it,
 * from a second socket, a forged reply to the next request: a listener
 * that does not exist, with the sequence number the request will carry,
 * and then an error. The next dump must show what the kernel shows and
 * nothing else. Needs CAP_NET_ADMIN (skips with 77 without it); runs in a
 * network namespace of its own, so the dump is of nothing but the test's. */
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "diag.h"
#include "unit.h"

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	struct diag_row r;

	if (diag_parse_unix(nlh, &r) == 1)
		(*(unsigned *)data)++;
	return MNL_CB_OK;
}

static struct nlmsghdr *unix_request(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct unix_diag_req *req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req->sdiag_family = AF_UNIX;
	req->udiag_states = 1u << TCP_LISTEN;
	return nlh;
}

/* A reply to request seq of the kind the kernel sends, from another
 * socket: a listener, then the dump's end. */
static int forge(int from, uint32_t to, uint32_t seq)
{
	char buf[256] __attribute__((aligned(4))) = { 0 };
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = to };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct unix_diag_msg *m;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = seq;
	m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
	m->udiag_family = AF_UNIX;
	m->udiag_type = SOCK_STREAM;
	m->udiag_state = TCP_LISTEN;
	m->udiag_ino = 424242;
	return sendto(from, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0 ?
	       -errno : 0;
}

int main(void)
{
	char *rx = malloc(NLSOCK_BUFSIZE), req[128] __attribute__((aligned(4)));
	struct sockaddr_nl me;
	socklen_t len = sizeof(me);
	struct nlsock s;
	unsigned rows = 0;
	int other, err;

	if (unshare(CLONE_NEWNET) < 0) {
		printf("SKIP: a network namespace of its own: %m\n");
		return 77;
	}
	if (!rx || nlsock_open(&s, rx, "", "") < 0)
		return 1;
	/* The first request binds the socket: then it has a port to send to. */
	CHECK(nlsock_dump(&s, unix_request(req), count_cb, &rows, NULL, NULL) == 0, "first dump");
	CHECK_EQ(rows, 0, "nothing listens in a new namespace");
	CHECK(getsockname(mnl_socket_get_fd(s.nl), (struct sockaddr *)&me, &len) == 0 && me.nl_pid,
	      "the kernel bound the diag socket");
	other = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	CHECK(other >= 0, "a second diag socket");
	err = forge(other, me.nl_pid, s.seq + 1);
	if (err == -EPERM) {
		printf("SKIP: sending to another diag socket needs CAP_NET_ADMIN\n");
		return 77;
	}
	CHECK(err == 0, "a forged reply sent: %d", err);
	rows = 0;
	err = nlsock_dump(&s, unix_request(req), count_cb, &rows, NULL, NULL);
	CHECK(err == 0, "the dump after it succeeds: %d", err);
	CHECK_EQ(rows, 0, "and shows no forged listener");
	close(other);
	nlsock_close(&s);
	free(rx);
	return unit_done();
}
