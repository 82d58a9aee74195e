// SPDX-License-Identifier: GPL-2.0-or-later
/* record.c: a snapshot written as the files sockq would read to see it again. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "sysctl.h"
#include "sysroot.h"

static int put_u64(const char *dir, const char *rel, uint64_t v)
{
	char text[32];

	return sysroot_put(dir, rel, text, (size_t)snprintf(text, sizeof(text), "%llu\n",
							 (unsigned long long)v));
}

static int put_link(const char *dir, const char *rel, uint64_t ino)
{
	char text[40];

	snprintf(text, sizeof(text), "net:[%llu]", (unsigned long long)ino);
	return sysroot_link(dir, rel, text);
}

/* A namespace's own files: its cookie, sysctls and TcpExt counters, as
 * the kernel writes them. */
static int record_netns(const char *dir, const struct netns *ns)
{
	static const struct {
		const char *rel;
		size_t off;
	} sysctls[] = {
		{ "sys/net/core/somaxconn", offsetof(struct ns_sysctl, somaxconn) },
		{ "sys/net/ipv4/tcp_max_syn_backlog", offsetof(struct ns_sysctl, tcp_max_syn_backlog) },
		{ "sys/net/ipv4/tcp_syncookies", offsetof(struct ns_sysctl, tcp_syncookies) },
		{ "sys/net/ipv4/tcp_abort_on_overflow", offsetof(struct ns_sysctl, tcp_abort_on_overflow) },
	};
	char base[PATH_MAX], names[1024] = "TcpExt:", values[1024] = "TcpExt:", text[2100];
	int err = put_u64(sysroot_netns_path(dir, ns->ino, "", base), "cookie", ns->cookie);

	for (size_t i = 0; err == 0 && i < sizeof(sysctls) / sizeof(sysctls[0]); i++) {
		uint32_t v;

		memcpy(&v, (const char *)&ns->sys + sysctls[i].off, sizeof(v));
		if (v != SOCKQ_UNKNOWN)
			err = put_u64(base, sysctls[i].rel, v);
	}
	for (int i = 0; i < CNT_COUNT; i++) {
		if (ns->sys.counter[i] == UINT64_MAX)
			continue;
		snprintf(names + strlen(names), sizeof(names) - strlen(names), " %s", netstat_names[i]);
		snprintf(values + strlen(values), sizeof(values) - strlen(values), " %llu",
			 (unsigned long long)ns->sys.counter[i]);
	}
	if (err == 0 && strcmp(names, "TcpExt:"))
		err = sysroot_put(base, "net/netstat", text,
				  (size_t)snprintf(text, sizeof(text), "%s\n%s\n", names, values));
	return err;
}

/* A process: its namespace, and what else is known of it. */
static int record_process(const char *dir, uint32_t pid, uint64_t ino, const char *comm,
			  size_t comm_len)
{
	char rel[64], text[32];
	int err;

	snprintf(rel, sizeof(rel), "proc/%u/ns/net", pid);
	err = put_link(dir, rel, ino);
	if (err == 0 && comm) {
		snprintf(rel, sizeof(rel), "proc/%u/comm", pid);
		snprintf(text, sizeof(text), "%.*s\n", (int)(comm_len < 16 ? comm_len : 16), comm);
		err = sysroot_put(dir, rel, text, strlen(text));
	}
	return err;
}

/* The holders of every listener, each socket a descriptor of theirs. */
static int record_owners(const char *dir, const struct snapshot *s)
{
	unsigned next_fd = 3;
	int err = 0;

	for (size_t r = 0; err == 0 && r < s->rows.n; r++) {
		const struct listener *l = &s->rows.v[r];

		for (uint32_t i = snapshot_first_owner(s, r); err == 0 && i != SOCKQ_NONE;
		     i = s->owners[i].next) {
			const struct owner *o = &s->owners[i];
			const char *comm = pool_str(&s->pool, o->comm);
			char rel[64], link[40];

			err = record_process(dir, o->pid, s->ns[l->netns].ino, comm, strlen(comm));
			snprintf(rel, sizeof(rel), "proc/%u/fd/%u", o->pid, next_fd++);
			snprintf(link, sizeof(link), "socket:[%u]", l->inode);
			if (err == 0)
				err = sysroot_link(dir, rel, link);
		}
	}
	return err;
}

/* The process that names each namespace, or one found in it. */
static int record_identity(const char *dir, const struct registry *reg, const struct snapshot *s)
{
	int err = 0;

	for (size_t i = 0; err == 0 && i < s->nns; i++) {
		const struct netns *ns = &s->ns[i];
		char rel[64], text[PATH_MAX];

		if (!ns->pid) {
			for (size_t k = 0; k < reg->n; k++)
				if (reg->v[k]->id == ns->id && reg->v[k]->pid)
					err = record_process(dir, reg->v[k]->pid, ns->ino, NULL, 0);
			continue;
		}
		err = record_process(dir, ns->pid, ns->ino, pstr_data(&s->pool, ns->comm),
				     ns->comm.len);
		if (err == 0 && ns->cgroup_known) {
			char *line = malloc(ns->cgroup.len + 8);

			snprintf(rel, sizeof(rel), "proc/%u/cgroup", ns->pid);
			if (!line)
				return -ENOMEM;
			memcpy(line, "0::", 3);
			memcpy(line + 3, pstr_data(&s->pool, ns->cgroup), ns->cgroup.len);
			line[3 + ns->cgroup.len] = '\n';
			err = sysroot_put(dir, rel, line, ns->cgroup.len + 4);
			free(line);
		}
		if (err == 0 && ns->hostname_known) {
			snprintf(rel, sizeof(rel), "proc/%u/hostname", ns->pid);
			snprintf(text, sizeof(text), "%.*s", (int)ns->hostname.len,
				 pstr_data(&s->pool, ns->hostname));
			err = sysroot_put(dir, rel, text, strlen(text));
		}
	}
	return err;
}

/* Each CPU's line of softnet_stat, as the kernel writes it: hexadecimal,
 * the CPU's number the 13th field. */
static int record_backlog(const char *dir, const struct snapshot *s)
{
	size_t cap = s->ncpus * 140 + 1, len = 0;
	char *text = malloc(cap);
	int err = 0;

	if (!text)
		return -ENOMEM;
	for (size_t i = 0; i + 1 < s->ncpus; i++) {
		const struct cpu_backlog *b = &s->cpus[i];

		len += (size_t)snprintf(text + len, cap - len,
					"%08llx %08llx %08llx 00000000 00000000 00000000 00000000 "
					"00000000 00000000 00000000 00000000 00000000 %08x\n",
					(unsigned long long)b->processed, (unsigned long long)b->dropped,
					(unsigned long long)b->time_squeeze, b->cpu);
	}
	if (s->ncpus)
		err = sysroot_put(dir, "proc/net/softnet_stat", text, len);
	free(text);
	if (err == 0 && s->netdev_max_backlog != SOCKQ_UNKNOWN)
		err = put_u64(dir, "proc/sys/net/core/netdev_max_backlog", s->netdev_max_backlog);
	return err;
}

int record_snapshot(const char *dir, const struct registry *reg, const struct snapshot *s)
{
	int err = put_link(dir, "proc/thread-self/ns/net", reg->home.ino);

	for (size_t i = 0; err == 0 && i < s->nns; i++) {
		const struct netns *ns = &s->ns[i];

		err = record_netns(dir, ns);
		for (size_t k = 0; err == 0 && k < reg->n; k++) {
			char rel[PATH_MAX];

			if (reg->v[k]->id != ns->id || !reg->v[k]->named)
				continue;
			snprintf(rel, sizeof(rel), "run/netns/%s", reg->v[k]->label);
			err = put_link(dir, rel, ns->ino);
		}
	}
	if (err == 0)
		err = record_owners(dir, s);
	/* After the owners: a process that names a namespace is in it. */
	if (err == 0)
		err = record_identity(dir, reg, s);
	if (err == 0)
		err = record_backlog(dir, s);
	if (err == 0 && s->boot_id[0])
		err = sysroot_put(dir, "proc/sys/kernel/random/boot_id", s->boot_id,
				  strlen(s->boot_id));
	return err;
}
