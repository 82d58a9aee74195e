// SPDX-License-Identifier: GPL-2.0-or-later
/* nlsock.c: the shared NETLINK_SOCK_DIAG dump loop, on libmnl. */
#include "nlsock.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/sock_diag.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A record in a replay file is a native-endian u32 length and that many
 * bytes of one recvmsg(); this length instead says "recv failed with the
 * errno in the next u32", so faults can be replayed too. */
#define REPLAY_ERRNO UINT32_MAX

/* A socket that is never bound: the kernel binds it on the first send,
 * and only the kernel writes to a socket no one knows the address of, so
 * there is no port to check replies against (a bind and a getsockname
 * saved for every namespace). */
static int open_kernel_socket(struct nlsock *s)
{
	int one = 1;

	s->nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (!s->nl)
		return -errno;
	/* Best effort: older kernels lack it and still answer dumps, only
	 * without the text of an error. */
	mnl_socket_setsockopt(s->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	return 0;
}

int nlsock_open(struct nlsock *s, char *buf, const char *replay, const char *record)
{
	int err;

	if (!replay)
		replay = secure_getenv("SOCKQ_REPLAY");
	if (!record)
		record = secure_getenv("SOCKQ_RECORD");
	memset(s, 0, sizeof(*s));
	s->replay_fd = -1;
	s->record_fd = -1;
	s->seq = (unsigned int)time(NULL);
	s->buf = buf;
	if (replay && *replay) {
		s->replay_fd = open(replay, O_RDONLY | O_CLOEXEC);
		if (s->replay_fd < 0)
			goto fail;
		return 0;
	}
	if (record && *record) {
		s->record_fd = open(record, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (s->record_fd < 0)
			goto fail;
	}
	err = open_kernel_socket(s);
	if (err < 0) {
		errno = -err;
		goto fail;
	}
	return 0;
fail:
	err = -errno;
	nlsock_close(s);
	return err;
}

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

int nlsock_netns_cookie(const struct nlsock *s, uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);

	*cookie = 0;
	if (!s->nl)
		return s->replay_fd >= 0 ? -ENOPROTOOPT : -ENOTCONN;
	if (getsockopt(mnl_socket_get_fd(s->nl), SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len) < 0)
		return -errno;
	return 0;
}

void nlsock_close(struct nlsock *s)
{
	if (s->nl)
		mnl_socket_close(s->nl);
	if (s->replay_fd >= 0)
		close(s->replay_fd);
	if (s->record_fd >= 0)
		close(s->record_fd);
	s->nl = NULL;
	s->buf = NULL;
	s->replay_fd = s->record_fd = -1;
}

static int read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		got += (size_t)n;
	}
	return 0;
}

static ssize_t replay_recv(struct nlsock *s)
{
	uint32_t len;
	int err = read_full(s->replay_fd, &len, sizeof(len));

	if (err < 0)
		return err;
	if (len == REPLAY_ERRNO) {
		uint32_t e;

		err = read_full(s->replay_fd, &e, sizeof(e));
		if (err < 0)
			return err;
		/* A recording is not to be trusted: only a real errno. */
		return e == 0 || e > 4095 ? -EPROTO : -(ssize_t)e;
	}
	if (len > NLSOCK_BUFSIZE)
		return -EMSGSIZE;
	err = read_full(s->replay_fd, s->buf, len);
	return err < 0 ? err : (ssize_t)len;
}

static void record_reply(struct nlsock *s, ssize_t n)
{
	uint32_t len = n < 0 ? REPLAY_ERRNO : (uint32_t)n;
	uint32_t e = n < 0 ? (uint32_t)-n : 0;

	/* A recording is a debugging aid; failing to write it is not fatal. */
	if (write(s->record_fd, &len, sizeof(len)) < 0)
		return;
	if (write(s->record_fd, n < 0 ? (void *)&e : s->buf, n < 0 ? sizeof(e) : (size_t)n) < 0)
		return;
}

/* One reply. A dump's rounds are made as the last one is read, so a
 * reply is nearly always waiting: it is read without blocking, and only
 * when none is does sockq wait, for it or for a request to stop. */
static ssize_t kernel_recv(struct nlsock *s, const struct cancel *c)
{
	int fd = mnl_socket_get_fd(s->nl);
	bool stoppable = c && (c->fd >= 0 || c->deadline.tv_sec || c->deadline.tv_nsec);

	for (;;) {
		struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = c ? c->fd : -1,
									 .events = POLLIN } };
		struct sockaddr_nl addr;
		struct iovec iov = { .iov_base = s->buf, .iov_len = NLSOCK_BUFSIZE };
		struct msghdr msg = { .msg_name = &addr, .msg_namelen = sizeof(addr), .msg_iov = &iov,
				      .msg_iovlen = 1 };
		ssize_t n = recvmsg(fd, &msg, stoppable ? MSG_DONTWAIT : 0);
		int err;

		/* Truncated would mean a reply lost in part: never with a
		 * buffer as large as the kernel's rounds. */
		if (n >= 0 && (msg.msg_flags & MSG_TRUNC))
			return -ENOSPC;
		/* Only the kernel answers: root of a container's user
		 * namespace may send to a diag socket in its namespace, and
		 * what it sends is not read. */
		if (n >= 0 && addr.nl_pid != 0)
			continue;
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || !stoppable)
			return -errno;
		if ((err = cancel_check(c)) < 0)
			return err;
		if (poll(p, 2, cancel_timeout_ms(c)) < 0 && errno != EINTR)
			return -errno;
		if ((err = cancel_check(c)) < 0)
			return err;
	}
}

static ssize_t nlsock_recv(struct nlsock *s, const struct cancel *c)
{
	ssize_t n;

	if (s->replay_fd >= 0)
		return replay_recv(s);
	n = kernel_recv(s, c);
	if (s->record_fd >= 0 && n != -ECANCELED && n != -ETIMEDOUT)
		record_reply(s, n);
	return n;
}

/* libmnl hands one data pointer to the data and the control callbacks, so
 * the caller's callback and data travel inside this. */
struct run_ctx {
	struct nlsock *s;
	mnl_cb_t cb;
	void *data;
	bool done;
};

static void copy_ext_ack(struct nlsock *s, const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG)
			continue;
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return;
		snprintf(s->ext_ack, sizeof(s->ext_ack), "%s", mnl_attr_get_str(attr));
	}
}

/* The kernel sends a negative errno; a corrupt reply may send anything. */
static int errno_of(int err)
{
	if (err == INT_MIN || err == 0)
		return EPROTO;
	return err < 0 ? -err : err;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct run_ctx *rc = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	/* Unless the kernel capped it, the whole request follows, and the
	 * attributes start at the next aligned offset after it. */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off = MNL_ALIGN(off + mnl_nlmsg_get_payload_len(&e->msg));
	if (mnl_nlmsg_get_payload_len(nlh) >= off)
		copy_ext_ack(rc->s, nlh, off);
	errno = errno_of(e->error);
	return MNL_CB_ERROR;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct run_ctx *rc = data;

	rc->done = true;
	/* A dump can end with an error code in NLMSG_DONE, and ext ack text. */
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
		int err;

		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0) {
			copy_ext_ack(rc->s, nlh, sizeof(int));
			errno = errno_of(err);
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct run_ctx *rc = data;

	return rc->cb(nlh, rc->data);
}

static int noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* Walks one reply buffer's message headers: whether every length is sound,
 * whether the dump ends in it, and whether it holds any data (the kernel
 * sends the end of a dump on its own after the last rows). libmnl's
 * mnl_nlmsg_ok() compares the length as a signed int, so a message
 * claiming more than 2 GiB passes and is read past the buffer; and it walks
 * attributes up to the aligned end of a message. Lengths are checked here,
 * unsigned and aligned, before libmnl sees the buffer. */
static bool scan_reply(const void *buf, size_t len, bool *ends, bool *data)
{
	size_t off = 0;

	*ends = false;
	*data = false;
	while (off < len) {
		const struct nlmsghdr *nlh = (const void *)((const char *)buf + off);

		if (len - off < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) ||
		    MNL_ALIGN((uint64_t)nlh->nlmsg_len) > len - off)
			return false;
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR)
			*ends = true;
		else if (nlh->nlmsg_type >= NLMSG_MIN_TYPE)
			*data = true;
		off += MNL_ALIGN(nlh->nlmsg_len);
	}
	return true;
}

int nlsock_run_buffer(struct nlsock *s, const void *buf, size_t len,
		      unsigned int seq, mnl_cb_t cb, void *data, bool *done, bool *rows)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_NOOP] = noop_cb,
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
		[NLMSG_OVERRUN] = noop_cb,
	};
	struct run_ctx rc = { .s = s, .cb = cb, .data = data };
	bool ends;
	int ret;

	*done = false;
	if (!scan_reply(buf, len, &ends, rows))
		return -EBADMSG;
	/* libmnl itself turns a message flagged NLM_F_DUMP_INTR into EINTR,
	 * before any callback sees it. */
	/* The sequence check is meaningless for a replay of another run's
	 * replies; no port is checked (see open_kernel_socket). */
	ret = mnl_cb_run2(buf, len, s->replay_fd >= 0 ? 0 : seq, 0, data_cb,
			  &rc, ctl, NLMSG_MIN_TYPE);
	*done = rc.done;
	if (ret == MNL_CB_ERROR)
		return errno ? -errno : -EPROTO;
	return 0;
}

/* Reads and discards the rest of a dump we abandoned, so the next request
 * starts on a clean stream. */
static int drain(struct nlsock *s, bool ended)
{
	while (!ended) {
		ssize_t n = nlsock_recv(s, NULL);
		bool rows;

		if (n == -EINTR)
			continue;
		if (n < 0)
			return (int)n;
		/* A malformed buffer ends it too: nothing after it makes sense. */
		if (!scan_reply(s->buf, (size_t)n, &ended, &rows))
			ended = true;
	}
	return 0;
}

/* A dump given up before its end leaves the rest of its replies queued,
 * to be read as answers to the next request: they are read and dropped
 * (unless the reply in hand ended it). The socket itself is kept: it
 * belongs to the namespace it was opened in, which sockq has left, and a
 * new one would dump sockq's own. If the rest cannot be read, the socket
 * is closed, and every later request on it fails. A replay has nothing
 * queued. Returns err. */
static int abandon(struct nlsock *s, int err, bool ended)
{
	if (s->replay_fd >= 0 && err != -EINTR)
		return err;
	/* Stopped: whatever is queued goes with the socket, which is not
	 * asked anything more in this collection. */
	if (err == -ECANCELED || err == -ETIMEDOUT)
		ended = true;
	if (drain(s, ended) < 0 && s->replay_fd < 0) {
		mnl_socket_close(s->nl);
		s->nl = NULL;
	}
	return err;
}

/* One attempt: 0 for a clean dump, -EINTR when the kernel flagged it as
 * interrupted (the rest already read), -ENOBUFS when replies were lost,
 * or another error. */
static int dump_once(struct nlsock *s, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		     const struct nlsock_hooks *hooks, const struct cancel *c)
{
	bool done = false;

	req->nlmsg_seq = ++s->seq;
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	s->rounds = 0;
	if (s->replay_fd < 0 && !s->nl)
		return -ENOTCONN;
	if (s->replay_fd < 0 && mnl_socket_sendto(s->nl, req, req->nlmsg_len) < 0)
		return -errno;
	while (!done) {
		ssize_t n = nlsock_recv(s, c);
		bool rows = false;
		int err;

		if (n == -EINTR)
			continue;
		if (n < 0)
			return abandon(s, (int)n, false);
		err = nlsock_run_buffer(s, s->buf, (size_t)n, req->nlmsg_seq, cb, data, &done,
					&rows);
		s->rounds += rows;
		if (err == 0 && rows && hooks && hooks->round)
			err = hooks->round(data);
		if (err < 0) {
			bool ended;

			/* libmnl stopped where the error was; the rest of the
			 * dump may still be to come. */
			if (!scan_reply(s->buf, (size_t)n, &ended, &rows))
				ended = false;
			return abandon(s, err, ended);
		}
	}
	return 0;
}

int nlsock_dump(struct nlsock *s, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, const struct nlsock_hooks *hooks, const struct cancel *c)
{
	int err = 0;

	s->ext_ack[0] = '\0';
	/* Lost replies (ENOBUFS) leave a dump with a hole: it is started
	 * over, once the rest of it is read. sock_diag itself never sets
	 * NLM_F_DUMP_INTR, even when sockets come and go between the rounds of
	 * a dump (that is for the caller to guard against); a flagged dump,
	 * as a recording may hold, is started over the same way. */
	for (int attempt = 0; attempt < NLSOCK_DUMP_TRIES; attempt++) {
		if (attempt && (err = cancel_check(c)) < 0)
			return err;
		if (hooks && hooks->restart)
			hooks->restart(data);
		err = dump_once(s, req, cb, data, hooks, c);
		if (err != -EINTR && err != -ENOBUFS)
			return err;
	}
	/* Said as what it was: replies lost, or the kernel's interruption. */
	return err;
}

int nlsock_ifname(struct nlsock *s, unsigned int ifindex, char *name)
{
	struct ifreq ifr = { .ifr_ifindex = (int)ifindex };

	if (!s->nl)
		return -ENODEV;
	if (ioctl(mnl_socket_get_fd(s->nl), SIOCGIFNAME, &ifr) < 0)
		return -errno;
	memcpy(name, ifr.ifr_name, IF_NAMESIZE);
	name[IF_NAMESIZE - 1] = '\0';
	return 0;
}
