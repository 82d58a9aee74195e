/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nlsock.h: one NETLINK_SOCK_DIAG socket and the dump routine every query uses. */
#ifndef SOCKQ_NLSOCK_H
#define SOCKQ_NLSOCK_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cancel.h"

/* Big enough for the largest skb the kernel builds for a dump (just under
 * 32 KiB: netlink_recvmsg caps a round there whatever the buffer), so no
 * reply is ever truncated. One buffer serves every socket of a session:
 * one dump at a time is read. */
#define NLSOCK_BUFSIZE (64 * 1024)

/* How often a dump that lost replies (or came flagged as interrupted) is
 * started over before giving up. */
#define NLSOCK_DUMP_TRIES 4

struct nlsock {
	struct mnl_socket *nl;
	unsigned int seq;
	int replay_fd;		/* recorded replies stand in for the kernel */
	int record_fd;		/* every reply is also appended here */
	char *buf;		/* NLSOCK_BUFSIZE bytes, not owned */
	char ext_ack[256];	/* the kernel's text for the last error */
	unsigned int rounds;	/* replies with rows the last dump came in */
};

/* Opens the socket in the calling thread's network namespace, replies
 * read into buf. With replay (or, when it is NULL, SOCKQ_REPLAY=FILE) the
 * replies come from that file instead (as ss -D does), and record (or
 * SOCKQ_RECORD=FILE) records them; the environment is ignored in
 * secure-exec mode. */
int nlsock_open(struct nlsock *s, char *buf, const char *replay, const char *record);
void nlsock_close(struct nlsock *s);

/* The cookie of the namespace the socket was made in, which the kernel
 * never hands to another namespace before a reboot. 0 or a negative
 * errno (-ENOPROTOOPT before Linux 5.14). */
int nlsock_netns_cookie(const struct nlsock *s, uint64_t *cookie);

/* Hooks of a dump: restart is called before each attempt, so a retried
 * dump can throw away what the failed one collected; round after each
 * reply that held rows (each is a round of the kernel's walk). Either may
 * be NULL; round returns 0 or a negative errno. */
struct nlsock_hooks {
	void (*restart)(void *data);
	int (*round)(void *data);
};

/* Sends the request (header filled here) and runs cb on each reply until
 * NLMSG_DONE. Returns 0 or a negative errno: -ENOBUFS when replies kept
 * being lost, -EINTR when every attempt came flagged as interrupted,
 * -ECANCELED or -ETIMEDOUT when c says to stop, the kernel's error
 * otherwise (its text in s->ext_ack). s->rounds then says in how many
 * replies the kernel served its rows: each is a round of the kernel's
 * walk, resumed by position. */
int nlsock_dump(struct nlsock *s, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, const struct nlsock_hooks *hooks, const struct cancel *c);

/* The name of interface ifindex in the socket's namespace (IF_NAMESIZE). */
int nlsock_ifname(struct nlsock *s, unsigned int ifindex, char *name);

/* Runs the reply parser over one buffer, as nlsock_dump does; for tests.
 * *done says whether the dump ended in it, *rows whether it held any. */
int nlsock_run_buffer(struct nlsock *s, const void *buf, size_t len,
		      unsigned int seq, mnl_cb_t cb, void *data, bool *done, bool *rows);

#endif
