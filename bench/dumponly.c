// SPDX-License-Identifier: GPL-2.0-or-later
/* dumponly.c: the floor: dump the same listeners over NETLINK_SOCK_DIAG, format nothing. */
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define LISTEN_STATE 10

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(long *)data)++;
	return MNL_CB_OK;
}

static int dump(struct mnl_socket *nl, char *buf, size_t size, int family, long *count)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned int seq = (unsigned int)time(NULL) + (unsigned int)family;
	unsigned int portid = mnl_socket_get_portid(nl);
	ssize_t n;
	int ret;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (family == AF_UNIX) {
		struct unix_diag_req *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));

		r->sdiag_family = AF_UNIX;
		r->udiag_states = 1u << LISTEN_STATE;
		/* The same attributes sockq asks for: the same kernel work. */
		r->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID;
	} else {
		struct inet_diag_req_v2 *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));

		r->sdiag_family = (__u8)family;
		r->sdiag_protocol = IPPROTO_TCP;
		r->idiag_states = 1u << LISTEN_STATE;
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(nl, buf, size);
		if (n < 0)
			return -1;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, count_cb, count);
	} while (ret > 0);
	return ret;
}

int main(void)
{
	static char buf[64 * 1024];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_SOCK_DIAG);
	long count = 0;

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("netlink");
		return 1;
	}
	if (dump(nl, buf, sizeof(buf), AF_INET, &count) < 0 ||
	    dump(nl, buf, sizeof(buf), AF_INET6, &count) < 0 ||
	    dump(nl, buf, sizeof(buf), AF_UNIX, &count) < 0) {
		perror("dump");
		return 1;
	}
	printf("%ld\n", count);
	mnl_socket_close(nl);
	return 0;
}
