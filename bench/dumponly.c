// SPDX-License-Identifier: GPL-2.0-or-later
/* dumponly.c: the benchmark's floors: the listener dumps sockq makes, asked
 * for by the same requests, with nothing parsed, stored or formatted.
 *
 * dumponly [--proof | --verify | --passes TCP,UNIX] [--no-skmem] [--netns all]
 *
 *   (none)       one unproven pass: in this namespace, each dump once: TCP
 *                over IPv4 and IPv6 in one walk (TCPDIAG_GETSOCK, an
 *                inet_diag_req asking for INET_DIAG_SKMEMINFO; two
 *                SOCK_DIAG_BY_FAMILY dumps when the kernel refuses it), then
 *                AF_UNIX (unix_diag_req with UDIAG_SHOW_NAME, RQLEN and
 *                UID); listening sockets only
 *   --proof      the cheapest sound proof: that pass, and a dump whose rows
 *                came in more than one reply made once more asking for
 *                nothing extra (TCP with no extensions, AF_UNIX with no
 *                show flags): its messages are smaller, so its rounds end
 *                elsewhere, which is what lets a second walk cover the
 *                first one's gaps between rounds. A dump that came in one
 *                reply has no such gap and needs no second walk.
 *   --verify     a dump whose rows came in more than one reply is made a
 *                second time by sockq's own second request (today the
 *                proof's: nothing extra); the same as --passes 2,2
 *   --passes T,U such a dump is made T times (TCP) or U times (AF_UNIX) in
 *                all, 1 to 4, each pass with the attributes sockq's pass of
 *                that number asks for: sockq makes a third and a fourth
 *                when the passes so far leave a gap between rounds unseen
 *   --no-skmem   TCP without INET_DIAG_SKMEMINFO: what asking for it costs
 *   --netns all  every network namespace, each once: this one, those named
 *                under /run/netns and every one a process lives in
 *                (/proc/PID/ns/net), entered with setns(2) in turn
 *
 * Prints one line: the listeners of the first passes, the namespaces, and
 * the dumps made, by kind. Exits 1 when a dump fails.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "floor_caps.h"

#define LISTEN_STATE 10
#define EXT(attr) (1u << ((attr) - 1))
/* As sockq's: room for the largest reply the kernel builds (32 KiB). */
#define BUF_SIZE (64 * 1024)
#define NETNS_DIR "/run/netns"
#define PASSES_MAX 4

/* What each of sockq's passes asks for (see diag_inet.c and diag_unix.c):
 * the first, a listener's values; the second (verifying), nothing; any
 * further one, a few bytes more or less than the others, so that the
 * rounds of one pass end elsewhere than those of another. The memory
 * counters come in the first TCP pass only. */
#define UNIX_VALUES (UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID)
static const uint8_t tcp_pass_ext[PASSES_MAX] = {
	0, 0, EXT(INET_DIAG_INFO), EXT(INET_DIAG_INFO) | EXT(INET_DIAG_TOS),
};
static const uint32_t unix_pass_show[PASSES_MAX] = {
	UNIX_VALUES, 0, UNIX_VALUES | UDIAG_SHOW_ICONS, UNIX_VALUES | UDIAG_SHOW_MEMINFO,
};

struct floor {
	bool skmem, proof, one_walk_refused;
	unsigned passes_tcp, passes_unix;	/* of a dump that took rounds */
	char *buf;
	unsigned int seq;
	long rows;		/* listeners seen by the first passes */
	unsigned namespaces, tcp_dumps, unix_dumps;
	unsigned long tcp_rounds[PASSES_MAX], unix_rounds[PASSES_MAX];	/* by pass */
};

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(long *)data)++;
	return MNL_CB_OK;
}

/* One dump; *rounds is the number of replies that held rows (each a round
 * of the kernel's walk). 0 or a negative errno. */
static int dump(struct floor *f, struct mnl_socket *nl, struct nlmsghdr *req, long *rows,
		unsigned *rounds)
{
	unsigned int portid = mnl_socket_get_portid(nl);
	int ret;

	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req->nlmsg_seq = ++f->seq;
	*rounds = 0;
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		return -errno;
	do {
		long before = *rows;
		ssize_t n = mnl_socket_recvfrom(nl, f->buf, BUF_SIZE);

		if (n < 0)
			return -errno;
		ret = mnl_cb_run(f->buf, (size_t)n, req->nlmsg_seq, portid, count_cb, rows);
		*rounds += *rows > before;
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

/* The request for pass number pass (from 0); AF_UNSPEC is both TCP
 * families in one walk, which only the old compatibility request serves. */
static void build_request(const struct floor *f, char *buf, int family, unsigned pass)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	/* A proving pass asks for nothing: the fixed header holds the
	 * inode, which is all a later pass needs of a socket. */
	bool bare = f->proof && pass > 0;
	uint8_t ext = bare ? 0 : (f->skmem && pass == 0 ? EXT(INET_DIAG_SKMEMINFO) : 0) |
		      tcp_pass_ext[pass];

	/* As sockq: after a first pass that asked for nothing, the TOS. */
	if (!bare && !f->skmem && pass == 1)
		ext = EXT(INET_DIAG_TOS);

	if (family == AF_UNIX) {
		struct unix_diag_req *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));

		nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
		r->sdiag_family = AF_UNIX;
		r->udiag_states = 1u << LISTEN_STATE;
		r->udiag_show = bare ? 0 : unix_pass_show[pass];
	} else if (family == AF_UNSPEC) {
		struct inet_diag_req *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));

		nlh->nlmsg_type = TCPDIAG_GETSOCK;
		r->idiag_family = AF_INET;
		r->idiag_states = 1u << LISTEN_STATE;
		r->idiag_ext = ext;
	} else {
		struct inet_diag_req_v2 *r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));

		nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
		r->sdiag_family = (uint8_t)family;
		r->sdiag_protocol = IPPROTO_TCP;
		r->idiag_states = 1u << LISTEN_STATE;
		r->idiag_ext = ext;
	}
}

/* One listener dump as sockq makes it: the further passes asked for when
 * the first came in more than one round. */
static int dump_checked(struct floor *f, struct mnl_socket *nl, int family)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct inet_diag_req_v2) +
					      sizeof(struct inet_diag_req))];
	unsigned passes = family == AF_UNIX ? f->passes_unix : f->passes_tcp;
	unsigned *count = family == AF_UNIX ? &f->unix_dumps : &f->tcp_dumps;
	unsigned long *rounds_of = family == AF_UNIX ? f->unix_rounds : f->tcp_rounds;
	long again = 0;
	unsigned rounds;
	int err = 0;

	for (unsigned pass = 0; err == 0 && pass < passes; pass++) {
		memset(req, 0, sizeof(req));
		build_request(f, req, family, pass);
		(*count)++;
		err = dump(f, nl, (struct nlmsghdr *)req, pass ? &again : &f->rows, &rounds);
		rounds_of[pass] += rounds;
		if (pass == 0 && rounds < 2)
			break;
	}
	return err;
}

/* Both TCP families in one walk, or one dump each on a kernel that does
 * not serve it (asked once); a kernel without IPv6 has nothing to show. */
static int dump_tcp(struct floor *f, struct mnl_socket *nl)
{
	int err;

	if (!f->one_walk_refused) {
		err = dump_checked(f, nl, AF_UNSPEC);
		if (err != -EOPNOTSUPP && err != -EINVAL && err != -ENOENT)
			return err;
		f->one_walk_refused = true;
	}
	err = dump_checked(f, nl, AF_INET);
	if (err < 0)
		return err;
	err = dump_checked(f, nl, AF_INET6);
	return err == -ENOENT || err == -EAFNOSUPPORT ? 0 : err;
}

/* The dumps of the namespace the thread is in, on a socket of its own. */
static int dump_here(struct floor *f)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	int one = 1, err;

	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		mnl_socket_close(nl);
		return err;
	}
	/* The socket options sockq sets: the same socket, the same work. */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	err = dump_tcp(f, nl);
	if (err == 0)
		err = dump_checked(f, nl, AF_UNIX);
	mnl_socket_close(nl);
	f->namespaces++;
	return err;
}

/* A namespace found, and a path to it: a name under /run/netns, or a pid. */
struct ns {
	dev_t dev;
	ino_t ino;
	unsigned order;		/* the first found wins */
	unsigned pid;		/* 0 for a name */
	char *name;
};

struct ns_list {
	struct ns *v;
	size_t n, cap;
};

static int ns_push(struct ns_list *l, const struct stat *st, unsigned pid, const char *name)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct ns *v = reallocarray(l->v, cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n] = (struct ns){ .dev = st->st_dev, .ino = st->st_ino, .order = (unsigned)l->n,
				  .pid = pid, .name = name ? strdup(name) : NULL };
	if (name && !l->v[l->n].name)
		return -ENOMEM;
	l->n++;
	return 0;
}

static int cmp_ns(const void *pa, const void *pb)
{
	const struct ns *a = pa, *b = pb;

	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* Every namespace once: the named ones, then one process's of each other. */
static int find_all(struct ns_list *l)
{
	DIR *d = opendir(NETNS_DIR);
	struct dirent *de;
	size_t kept = 0;
	int procfd, err = 0;

	while (d && err == 0 && (de = readdir(d))) {
		char path[sizeof(NETNS_DIR) + 256];
		struct stat st;

		snprintf(path, sizeof(path), NETNS_DIR "/%s", de->d_name);
		if (de->d_name[0] != '.' && stat(path, &st) == 0)
			err = ns_push(l, &st, 0, de->d_name);
	}
	if (d)
		closedir(d);
	d = opendir("/proc");
	procfd = d ? dirfd(d) : -1;
	while (d && err == 0 && (de = readdir(d))) {
		char path[300];
		struct stat st;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/ns/net", de->d_name);
		if (fstatat(procfd, path, &st, 0) == 0)
			err = ns_push(l, &st, (unsigned)strtoul(de->d_name, NULL, 10), NULL);
	}
	if (!d)
		return -errno;
	closedir(d);
	if (err < 0)
		return err;
	qsort(l->v, l->n, sizeof(*l->v), cmp_ns);
	for (size_t i = 0; i < l->n; i++) {
		if (kept && l->v[kept - 1].dev == l->v[i].dev && l->v[kept - 1].ino == l->v[i].ino) {
			free(l->v[i].name);
			continue;
		}
		l->v[kept++] = l->v[i];
	}
	l->n = kept;
	return 0;
}

/* This namespace first, then each other one entered in turn; one that
 * went away since it was found is passed over. */
static int dump_all(struct floor *f)
{
	struct ns_list l = { 0 };
	struct stat home;
	int err = stat("/proc/thread-self/ns/net", &home) < 0 ? -errno : find_all(&l);

	if (err == 0)
		err = dump_here(f);
	for (size_t i = 0; err == 0 && i < l.n; i++) {
		char path[sizeof(NETNS_DIR) + 256];
		int fd;

		if (l.v[i].dev == home.st_dev && l.v[i].ino == home.st_ino)
			continue;
		if (l.v[i].name)
			snprintf(path, sizeof(path), NETNS_DIR "/%s", l.v[i].name);
		else
			snprintf(path, sizeof(path), "/proc/%u/ns/net", l.v[i].pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && (errno == ENOENT || errno == ESRCH))
			continue;
		if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
			err = -errno;
		if (fd >= 0)
			close(fd);
		/* A name whose namespace is gone can leave a plain file behind,
		 * which setns() refuses: sockq passes over it too. */
		if (err == -EINVAL && l.v[i].name) {
			err = 0;
			continue;
		}
		if (err == 0)
			err = dump_here(f);
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i].name);
	free(l.v);
	return err;
}

/* "TCP 5+3": the replies that held rows, in all namespaces, by pass. */
static void print_rounds(const char *kind, const unsigned long *rounds, unsigned passes)
{
	printf(" %s ", kind);
	for (unsigned pass = 0; pass < passes; pass++)
		printf("%s%lu", pass ? "+" : "", rounds[pass]);
}

static void usage(FILE *to)
{
	fputs("Usage: dumponly [--proof | --verify | --passes TCP,UNIX] [--no-skmem] [--netns all]\n",
	      to);
}

/* "T,U", each 1 to PASSES_MAX. */
static bool parse_passes(const char *arg, struct floor *f)
{
	char *end;
	unsigned long t = strtoul(arg, &end, 10), u;

	if (end == arg || *end != ',')
		return false;
	arg = end + 1;
	u = strtoul(arg, &end, 10);
	if (end == arg || *end || t < 1 || t > PASSES_MAX || u < 1 || u > PASSES_MAX)
		return false;
	f->passes_tcp = (unsigned)t;
	f->passes_unix = (unsigned)u;
	return true;
}

int main(int argc, char **argv)
{
	struct floor f = { .skmem = true, .passes_tcp = 1, .passes_unix = 1,
			   .seq = (unsigned int)time(NULL) };
	bool all = false;
	int err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--proof")) {
			f.proof = true;
			f.passes_tcp = f.passes_unix = 2;
		} else if (!strcmp(argv[i], "--verify")) {
			f.proof = false;
			f.passes_tcp = f.passes_unix = 2;
		} else if (!strcmp(argv[i], "--passes") && i + 1 < argc &&
			   parse_passes(argv[i + 1], &f)) {
			f.proof = false;
			i++;
		} else if (!strcmp(argv[i], "--no-skmem")) {
			f.skmem = false;
		} else if (!strcmp(argv[i], "--netns") && i + 1 < argc && !strcmp(argv[i + 1], "all")) {
			all = true;
			i++;
		} else if (!strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	floor_drop_net_admin();
	f.buf = malloc(BUF_SIZE);
	if (!f.buf) {
		perror("dumponly");
		return 1;
	}
	err = all ? dump_all(&f) : dump_here(&f);
	free(f.buf);
	if (err < 0) {
		fprintf(stderr, "dumponly: %s\n", strerror(-err));
		return 1;
	}
	printf("%ld listeners, %u namespaces, %u TCP dumps, %u AF_UNIX dumps; rounds by pass:",
	       f.rows, f.namespaces, f.tcp_dumps, f.unix_dumps);
	print_rounds("TCP", f.tcp_rounds, f.passes_tcp);
	putchar(',');
	print_rounds("AF_UNIX", f.unix_rounds, f.passes_unix);
	putchar('\n');
	return 0;
}
