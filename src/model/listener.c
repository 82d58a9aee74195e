// SPDX-License-Identifier: GPL-2.0-or-later
/* listener.c: listener rows and the fields derived from them. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <net/if.h>

#include "model.h"
#include "numfmt.h"

#define LABEL(s) { s, sizeof(s) - 1 }
const struct proto_label proto_labels[PROTO_COUNT] = {
	[PROTO_TCP] = LABEL("tcp"),
	[PROTO_TCP6] = LABEL("tcp6"),
	[PROTO_UNIX] = LABEL("unix"),
	[PROTO_UNIX_SEQ] = LABEL("unix_seq"),
};
/* Large enough for malloc to map it on its own (past its 128 KiB mmap
 * threshold), so it grows by remapping, never by copying. */
#define LISTENER_FIRST_CAP 4096

struct listener *listener_new(struct listener_set *set)
{
	if (set->n == set->cap) {
		/* Start big: capacity not written to costs nothing (the kernel
		 * maps a page on its first write), while growing from small
		 * copies the rows again and again into memory then thrown away. */
		size_t cap = set->cap ? set->cap * 2 : LISTENER_FIRST_CAP;
		struct listener *v = reallocarray(set->v, cap, sizeof(*v));

		if (!v)
			return NULL;
		set->v = v;
		set->cap = cap;
	}
	return &set->v[set->n++];
}

int listener_add_owner(struct listener_set *set, struct listener *l,
		       uint32_t pid, const char *comm, size_t commlen)
{
	uint32_t off;

	if (pool_add(&set->pool, comm, commlen, &off) < 0)
		return -ENOMEM;
	return listener_add_owner_at(set, l, pid, off);
}

int listener_add_owner_at(struct listener_set *set, struct listener *l, uint32_t pid,
			  uint32_t comm_off)
{
	struct owner *o;
	uint32_t *link;

	if (listener_set_owner_room(set) < 0)
		return -ENOMEM;
	link = &set->owner[l - set->v];

	/* The same process may hold the socket in several fds. */
	for (uint32_t i = *link; i != SOCKQ_NONE; i = set->owners[i].next) {
		if (set->owners[i].pid == pid)
			return 0;
		link = &set->owners[i].next;
	}
	if (set->nowners == set->capowners) {
		size_t cap = set->capowners ? set->capowners * 2 : 256;
		struct owner *v = reallocarray(set->owners, cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		set->owners = v;
		set->capowners = cap;
	}
	o = &set->owners[set->nowners];
	o->pid = pid;
	o->comm = comm_off;
	o->next = SOCKQ_NONE;
	*link = (uint32_t)set->nowners++;
	return 0;
}

/* Grows a side array to the rows' capacity; new slots hold none. */
static int side_room(uint32_t **v, size_t *cap, size_t want, uint32_t none)
{
	if (*cap < want) {
		uint32_t *grown = reallocarray(*v, want, sizeof(**v));

		if (!grown)
			return -ENOMEM;
		for (size_t i = *cap; i < want; i++)
			grown[i] = none;
		*v = grown;
		*cap = want;
	}
	return 0;
}

int listener_set_syn_q_room(struct listener_set *set)
{
	return side_room(&set->syn_q, &set->syn_q_cap, set->cap, SOCKQ_UNKNOWN);
}

int listener_set_owner_room(struct listener_set *set)
{
	return side_room(&set->owner, &set->owner_cap, set->cap, SOCKQ_NONE);
}

int listener_set_watch_room(struct listener_set *set)
{
	if (set->watch_cap < set->n) {
		struct listener_watch *w = reallocarray(set->watch, set->cap, sizeof(*w));

		if (!w)
			return -ENOMEM;
		set->watch = w;
		set->watch_cap = set->cap;
	}
	return 0;
}

void listener_set_clear_rows(struct listener_set *set)
{
	set->n = 0;
	set->nowners = 0;
	/* Namespace labels were not put in the pool, so it can be reused. */
	set->pool.len = 0;
}

void listener_set_free(struct listener_set *set)
{
	free(set->syn_q);
	free(set->owner);
	set->syn_q = set->owner = NULL;
	set->syn_q_cap = set->owner_cap = 0;
	for (size_t i = 0; i < set->nns; i++) {
		free(set->ns[i].label);
		free(set->ns[i].cgroup);
	}
	free(set->ns);
	free(set->cpus);
	free(set->watch);
	free(set->v);
	free(set->owners);
	pool_free(&set->pool);
	memset(set, 0, sizeof(*set));
}

void listener_set_count_ns(struct listener_set *set)
{
	for (size_t i = 0; i < set->nns; i++) {
		set->ns[i].listeners = set->ns[i].full = 0;
		set->ns[i].drops = 0;
	}
	for (size_t i = 0; i < set->n; i++) {
		const struct listener *l = &set->v[i];
		struct netns *ns = &set->ns[l->netns];

		ns->listeners++;
		if (listener_full(l))
			ns->full++;
		if (!listener_is_tcp(l) || ns->drops == UINT64_MAX)
			continue;
		ns->drops = l->drops == SOCKQ_UNKNOWN ? UINT64_MAX : ns->drops + l->drops;
	}
}

/* Hand-made rather than snprintf(): this runs for every row, and at
 * 18 000 rows printf's parsing was most of sockq's own time. */
static size_t put_ipv4(char *p, const uint8_t *a)
{
	size_t n = 0;

	for (int i = 0; i < 4; i++) {
		if (i)
			p[n++] = '.';
		n += u64_format_width(p + n, a[i], 1u + (a[i] >= 10) + (a[i] >= 100));
	}
	return n;
}

size_t listener_local_width(const struct listener_set *set, const struct listener *l,
			    char *scratch, size_t size)
{
	size_t w = 3;

	if (l->proto != PROTO_TCP || l->name_len)
		return listener_format_local(set, l, scratch, size);
	for (int i = 0; i < 4; i++)
		w += 1u + (l->addr[i] >= 10) + (l->addr[i] >= 100);
	return w + 1 + u64_width(l->port);
}

/* ADDR:PORT, [ADDR]:PORT, with %DEV for a socket bound to a device (the
 * scope of a link-local IPv6 address); the raw name for AF_UNIX, which the
 * caller escapes. Returns the length. */
size_t listener_format_local(const struct listener_set *set,
			     const struct listener *l, char *buf, size_t size)
{
	/* Worst case: [IPv6%IFNAME]:PORT fits in 64 bytes. */
	char tmp[INET6_ADDRSTRLEN + IF_NAMESIZE + 16];
	char *p = size >= sizeof(tmp) ? buf : tmp;
	size_t n = 0;

	if (!listener_is_tcp(l)) {
		size_t len = l->name_len < size ? l->name_len : size;

		memcpy(buf, pool_str(&set->pool, l->name_off), len);
		/* Abstract names begin with a NUL byte; '@' is the usual mark. */
		if (len && buf[0] == '\0')
			buf[0] = '@';
		return len;
	}
	if (l->proto == PROTO_TCP) {
		n = put_ipv4(p, l->addr);
	} else {
		p[n++] = '[';
		inet_ntop(AF_INET6, l->addr, p + n, INET6_ADDRSTRLEN);
		n += strlen(p + n);
	}
	if (l->name_len) {
		size_t dl = l->name_len < IF_NAMESIZE ? l->name_len : IF_NAMESIZE;

		p[n++] = '%';
		memcpy(p + n, pool_str(&set->pool, l->name_off), dl);
		n += dl;
	}
	if (l->proto == PROTO_TCP6)
		p[n++] = ']';
	p[n++] = ':';
	n += u64_format(p + n, l->port);
	if (p == tmp) {
		if (n > size)
			n = size;
		memcpy(buf, tmp, n);
	}
	return n;
}
