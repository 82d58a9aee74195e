// SPDX-License-Identifier: GPL-2.0-or-later
/* test_diag.c: the inet_diag and unix_diag reply parsers, on messages built here and on recorded bytes. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "diag.h"
#include "unit.h"

static char buf[8192] __attribute__((aligned(8)));

static struct nlmsghdr *inet_msg(int family, const char *addr, uint16_t port, uint32_t ifindex,
				 uint32_t rq, uint32_t wq, uint32_t uid, uint32_t inode)
{
	struct nlmsghdr *nlh;
	struct inet_diag_msg *m;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
	m->idiag_family = (uint8_t)family;
	m->idiag_state = TCP_LISTEN;
	m->id.idiag_sport = htons(port);
	m->id.idiag_if = ifindex;
	inet_pton(family, addr, m->id.idiag_src);
	m->idiag_rqueue = rq;
	m->idiag_wqueue = wq;
	m->idiag_uid = uid;
	m->idiag_inode = inode;
	return nlh;
}

static struct nlmsghdr *unix_msg(int type, uint32_t inode)
{
	struct nlmsghdr *nlh;
	struct unix_diag_msg *m;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
	m->udiag_family = AF_UNIX;
	m->udiag_type = (uint8_t)type;
	m->udiag_state = TCP_LISTEN;
	m->udiag_ino = inode;
	m->udiag_cookie[0] = inode;
	m->udiag_cookie[1] = 0xc0;
	return nlh;
}

static void test_inet(void)
{
	struct diag_row r;
	struct nlmsghdr *nlh;

	nlh = inet_msg(AF_INET, "10.1.2.3", 8080, 0, 3, 128, 1000, 4242);
	((struct inet_diag_msg *)mnl_nlmsg_get_payload(nlh))->id.idiag_cookie[0] = 0x11223344;
	((struct inet_diag_msg *)mnl_nlmsg_get_payload(nlh))->id.idiag_cookie[1] = 0x55667788;
	CHECK(diag_parse_inet(nlh, &r) == 1, "an IPv4 listener parses");
	CHECK_EQ(r.l.cookie, 0x5566778811223344ull, "the socket's cookie, low word first");
	CHECK(r.l.proto == PROTO_TCP && r.state == TCP_LISTEN, "IPv4 proto and state");
	CHECK_EQ(r.l.inode, 4242, "inode");
	CHECK_EQ(r.l.recv_q, 3, "rqueue is the accept queue");
	CHECK_EQ(r.l.backlog, 128, "wqueue is the backlog");
	CHECK_EQ(r.l.uid, 1000, "uid");
	CHECK_EQ(r.l.port, 8080, "port, from network order");
	CHECK(!memcmp(r.l.addr, "\x0a\x01\x02\x03", 4), "address bytes");
	CHECK_EQ(r.ifindex, 0, "no device");

	CHECK_EQ(r.v6only, SOCKQ_UNKNOWN, "IPv4: no v6only");

	nlh = inet_msg(AF_INET6, "fe80::1", 22, 2, 0, 5, 0, 7);
	CHECK(diag_parse_inet(nlh, &r) == 1 && r.l.proto == PROTO_TCP6, "IPv6");
	CHECK_EQ(r.ifindex, 2, "the scope's device index");
	CHECK(r.l.addr[0] == 0xfe && r.l.addr[1] == 0x80 && r.l.addr[15] == 1, "IPv6 address bytes");
	CHECK_EQ(r.v6only, SOCKQ_UNKNOWN, "no SKV6ONLY attribute: unknown");
	for (uint8_t v = 0; v < 3; v++) {
		uint32_t meminfo[SK_MEMINFO_VARS] = { [SK_MEMINFO_DROPS] = 9 };

		nlh = inet_msg(AF_INET6, "::", 80, 0, 0, 5, 0, 8);
		mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, v);
		mnl_attr_put(nlh, INET_DIAG_SKMEMINFO, sizeof(meminfo), meminfo);
		CHECK(diag_parse_inet(nlh, &r) == 1, "IPv6 with SKV6ONLY %u", v);
		CHECK(r.v6only == (v != 0), "SKV6ONLY %u: v6only %u", v, r.v6only);
		CHECK_EQ(r.l.drops, 9, "and the memory counters beside it");
	}

	nlh = inet_msg(AF_INET, "1.2.3.4", 1, 0, 0, 0, 0, 1);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(struct inet_diag_msg) - 1;
	CHECK(diag_parse_inet(nlh, &r) == -EBADMSG, "a short message is refused");
	nlh = inet_msg(AF_INET, "1.2.3.4", 1, 0, 0, 0, 0, 1);
	((struct inet_diag_msg *)mnl_nlmsg_get_payload(nlh))->idiag_family = AF_UNIX;
	CHECK(diag_parse_inet(nlh, &r) == -EBADMSG, "a family other than IPv4/IPv6 is refused");
	nlh->nlmsg_type = NLMSG_NOOP;
	CHECK(diag_parse_inet(nlh, &r) == 0, "another message type is skipped");
}

static void test_unix(void)
{
	struct unix_diag_rqlen q = { .udiag_rqueue = 3, .udiag_wqueue = 10 };
	struct diag_row r;
	struct nlmsghdr *nlh;
	uint32_t uid = 1000, junk[4] = { 0 };

	nlh = unix_msg(SOCK_STREAM, 55);
	mnl_attr_put(nlh, UNIX_DIAG_NAME, sizeof("/run/a.sock"), "/run/a.sock");
	mnl_attr_put(nlh, UNIX_DIAG_RQLEN, sizeof(q), &q);
	mnl_attr_put(nlh, 200, sizeof(junk), junk);	/* from a newer kernel: skipped */
	mnl_attr_put(nlh, UNIX_DIAG_UID, sizeof(uid), &uid);
	CHECK(diag_parse_unix(nlh, &r) == 1, "a stream listener parses");
	CHECK(r.l.proto == PROTO_UNIX && r.state == TCP_LISTEN, "unix proto and state");
	CHECK_EQ(r.l.inode, 55, "inode");
	CHECK_EQ(r.l.cookie, 0xc000000037ull, "the socket's cookie");
	CHECK_EQ(r.l.recv_q, 3, "queue");
	CHECK_EQ(r.l.backlog, 10, "backlog");
	CHECK_EQ(r.l.uid, 1000, "uid");
	CHECK_MEM(r.name, r.name_len, "/run/a.sock", "a path loses its NUL");

	nlh = unix_msg(SOCK_SEQPACKET, 56);
	mnl_attr_put(nlh, UNIX_DIAG_NAME, 5, "\0ab\0c");
	CHECK(diag_parse_unix(nlh, &r) == 1 && r.l.proto == PROTO_UNIX_SEQ, "seqpacket");
	CHECK(r.name_len == 5 && !memcmp(r.name, "\0ab\0c", 5), "an abstract name keeps every byte");
	CHECK(r.l.recv_q == SOCKQ_UNKNOWN && r.l.uid == SOCKQ_UNKNOWN, "absent attributes: unknown");

	nlh = unix_msg(SOCK_DGRAM, 57);
	CHECK(diag_parse_unix(nlh, &r) == 0, "a datagram socket is skipped");

	nlh = unix_msg(SOCK_STREAM, 58);
	mnl_attr_put(nlh, UNIX_DIAG_RQLEN, 4, &q);
	CHECK(diag_parse_unix(nlh, &r) == -EBADMSG, "a short RQLEN is refused");
}

/* A replay file of AF_UNIX listener dumps, built here: each reply (one
 * round) is a list of sockets, full (name, queue, owner) or bare (the fixed
 * header alone), then the end of the dump in a reply of its own. */
struct reply_sock {
	uint32_t inode;
	bool full;
};

static void put_reply(FILE *f, const struct reply_sock *socks, size_t n)
{
	static char rbuf[8192] __attribute__((aligned(8)));
	size_t len = 0;
	uint32_t rec;

	for (size_t i = 0; i < n; i++) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(rbuf + len);
		struct unix_diag_msg *m;

		nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
		nlh->nlmsg_flags = NLM_F_MULTI;
		m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
		m->udiag_family = AF_UNIX;
		m->udiag_type = SOCK_STREAM;
		m->udiag_state = TCP_LISTEN;
		m->udiag_ino = socks[i].inode;
		m->udiag_cookie[0] = socks[i].inode;
		if (socks[i].full) {
			struct unix_diag_rqlen q = { .udiag_rqueue = socks[i].inode % 7,
						     .udiag_wqueue = 100 + socks[i].inode };
			char name[32];
			uint32_t uid = 1000;

			snprintf(name, sizeof(name), "/run/s%u", socks[i].inode);
			mnl_attr_put(nlh, UNIX_DIAG_NAME, strlen(name) + 1, name);
			mnl_attr_put(nlh, UNIX_DIAG_RQLEN, sizeof(q), &q);
			mnl_attr_put(nlh, UNIX_DIAG_UID, sizeof(uid), &uid);
		}
		len += MNL_ALIGN(nlh->nlmsg_len);
	}
	if (!n) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(rbuf);
		int zero = 0;

		nlh->nlmsg_type = NLMSG_DONE;
		nlh->nlmsg_flags = NLM_F_MULTI;
		mnl_nlmsg_put_extra_header(nlh, sizeof(zero));
		len = nlh->nlmsg_len;
	}
	rec = (uint32_t)len;
	fwrite(&rec, sizeof(rec), 1, f);
	fwrite(rbuf, 1, len, f);
}

/* A socket made during a dump is first seen in the verifying pass, which
 * carries nothing but identities: its row is bare, and takes its values
 * from the next pass, made for it. When that pass no longer shows it, it
 * stays bare, the dump makes every pass it may, and says so. */
static void test_bare(bool closes)
{
	const struct reply_sock a = { 1, true }, b = { 2, true }, c = { 3, true };
	const struct reply_sock pass0_r1[] = { a, b }, pass0_r2[] = { c };
	/* One round, across the first pass's gap: the proof is made. */
	const struct reply_sock pass1[] = { { 1, false }, { 9, false }, { 2, false }, { 3, false } };
	const struct reply_sock pass2[] = { a, { 9, true }, b, c }, pass2_closed[] = { a, b, c };
	char path[] = "/tmp/sockq-test-bare-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct snapshot *snap = snapshot_new(NULL);
	struct nlsock s;
	struct dump_outcome out;
	struct dump_target t = { .snap = snap, .needs = NEED_UNIX };
	char *rx = malloc(NLSOCK_BUFSIZE);
	const struct listener *x = NULL;

	CHECK(f != NULL && rx != NULL, "replay file");
	if (!f || !rx)
		return;
	put_reply(f, pass0_r1, 2);
	put_reply(f, pass0_r2, 1);
	put_reply(f, NULL, 0);
	put_reply(f, pass1, 4);
	put_reply(f, NULL, 0);
	for (int p = 2; p < (closes ? DUMP_PASSES_MAX : 3); p++) {
		put_reply(f, closes ? pass2_closed : pass2, closes ? 3 : 4);
		put_reply(f, NULL, 0);
	}
	fclose(f);
	CHECK(nlsock_open(&s, rx, path, NULL) == 0, "replay opened");
	t.nl = &s;
	CHECK(dump_listeners(&t, &diag_unix, AF_UNIX, &out) == 0, "the dump");
	CHECK(out.covered, "proven complete");
	CHECK_EQ(snap->rows.n, 4, "four listeners, each once");
	for (size_t i = 0; i < snap->rows.n; i++)
		if (snap->rows.v[i].inode == 9)
			x = &snap->rows.v[i];
	CHECK(x != NULL, "the socket made during the dump is a row");
	if (!closes) {
		CHECK_EQ(out.passes, 3, "a third pass, made for the bare row");
		CHECK_EQ(out.bare, 0, "no row left bare");
		CHECK(x && x->recv_q == 9 % 7 && x->backlog == 109 && x->uid == 1000,
		      "its queue and owner come from the third pass");
		CHECK(x && x->name_len && !memcmp(pool_str(&snap->pool, x->name_off), "/run/s9", 7),
		      "and its name");
	} else {
		CHECK_EQ(out.passes, DUMP_PASSES_MAX, "every pass made while a row is bare");
		CHECK_EQ(out.bare, 1, "one row never seen with its values");
		CHECK(x && x->recv_q == SOCKQ_UNKNOWN && x->name_len == 0, "its values unknown");
	}
	nlsock_close(&s);
	unlink(path);
	free(rx);
	snapshot_unref(snap);
}

/* The recording: one record is a u32 length and that many bytes of one
 * recvmsg(). It holds the TCP/IPv4, TCP/IPv6 and AF_UNIX dumps in turn. */
struct recorded {
	struct snapshot *set;
	int dump;
	unsigned skipped;
};

/* Each listener of the recording into the snapshot's rows. */
static int record_cb(const struct nlmsghdr *nlh, void *data)
{
	struct recorded *rec = data;
	struct diag_row r;
	struct listener *l;
	int ret = (rec->dump < 2 ? diag_parse_inet : diag_parse_unix)(nlh, &r);

	if (ret < 0)
		rec->skipped++;
	if (ret <= 0 || r.state != TCP_LISTEN || !(l = rowstore_add(&rec->set->rows)))
		return MNL_CB_OK;
	*l = r.l;
	if (r.name_len && pool_add(&rec->set->pool, r.name, r.name_len, &l->name_off) == 0)
		l->name_len = (uint8_t)r.name_len;
	return MNL_CB_OK;
}

static void test_recording(const char *bin, const char *csv)
{
	struct recorded rec = { .set = snapshot_new(NULL) };
	struct nlsock s;
	FILE *f = fopen(bin, "rb");
	char line[512];
	uint32_t len;
	size_t matched = 0, expected = 0;

	memset(&s, 0, sizeof(s));
	s.replay_fd = s.record_fd = -1;
	CHECK(f != NULL, "open %s", bin);
	while (f && fread(&len, sizeof(len), 1, f) == 1 && len <= sizeof(buf)) {
		bool done = false, rows;

		if (fread(buf, 1, len, f) != len)
			break;
		CHECK(nlsock_run_buffer(&s, buf, len, 0, record_cb, &rec, &done, &rows) == 0,
		      "dump %d parses", rec.dump);
		if (done)
			rec.dump++;
	}
	if (f)
		fclose(f);
	CHECK_EQ(rec.dump, 3, "three dumps in the recording");
	CHECK_EQ(rec.skipped, 0, "no message skipped");

	/* listeners.csv: what sockq showed when the recording was made. */
	f = fopen(csv, "r");
	CHECK(f != NULL, "open %s", csv);
	while (f && fgets(line, sizeof(line), f)) {
		char proto[16], local[256];
		unsigned recv_q, backlog, inode, uid;

		if (sscanf(line, "%*[^,],%15[^,],%255[^,],%u,%u,%*u,%*[^,],%*u,%*[^,],%u,%u",
			   proto, local, &recv_q, &backlog, &inode, &uid) != 6)
			continue;
		expected++;
		for (size_t i = 0; i < rec.set->rows.n; i++) {
			struct listener *l = &rec.set->rows.v[i];
			char text[256];
			size_t n;

			if (l->inode != inode)
				continue;
			matched++;
			CHECK(!strcmp(proto_name(l->proto), proto), "inode %u proto", inode);
			CHECK(l->recv_q == recv_q && l->backlog == backlog && l->uid == uid,
			      "inode %u queue, backlog and uid", inode);
			/* A device shows by name only where it was recorded;
			 * the CSV escapes and guards hostile names, which the
			 * messages built above cover. */
			if (!strpbrk(local, "%\\'\"")) {
				n = listener_format_local(&rec.set->pool, l, text, sizeof(text));
				CHECK_MEM(text, n, local, "recorded local");
			}
		}
	}
	if (f)
		fclose(f);
	CHECK(expected > 0 && matched == expected, "every recorded row found once (%zu of %zu)",
	      matched, expected);
	CHECK_EQ(rec.set->rows.n, expected, "no other rows");
	snapshot_unref(rec.set);
}

int main(int argc, char **argv)
{
	test_inet();
	test_unix();
	test_bare(false);
	test_bare(true);
	if (argc == 3)
		test_recording(argv[1], argv[2]);
	else
		CHECK(false, "usage: test_diag LISTENERS.bin LISTENERS.csv");
	return unit_done();
}
