// SPDX-License-Identifier: GPL-2.0-or-later
/* render_metrics.c: OpenMetrics text exposition for Prometheus scrapes. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "render.h"

static void put_label(struct out *o, const char *key, const char *s, size_t len)
{
	out_puts(o, key);
	out_puts(o, "=\"");
	render_backslashed(o, s, len);
	out_putc(o, '"');
}

static void family(struct out *o, const char *name, const char *type, const char *help)
{
	out_printf(o, "# TYPE %s %s\n# HELP %s %s\n", name, type, name, help);
}

/* Two listeners can share netns, proto and address (SO_REUSEPORT); their
 * series would collide, so those get the inode as an extra label. */
static bool *find_shared(const struct listener_set *set, const uint32_t *order, size_t n)
{
	bool *shared = calloc(n ? n : 1, sizeof(*shared));
	char a[CELL_SCRATCH], b[CELL_SCRATCH];

	if (!shared)
		return NULL;
	/* Metrics always come in the default order (netns, proto, local), so
	 * listeners sharing an address are neighbours. */
	for (size_t i = 1; i < n; i++) {
		const struct listener *x = &set->v[order[i - 1]], *y = &set->v[order[i]];
		size_t la, lb;

		if (x->netns != y->netns || x->proto != y->proto)
			continue;
		la = listener_format_local(set, x, a, sizeof(a));
		lb = listener_format_local(set, y, b, sizeof(b));
		if (la == lb && !memcmp(a, b, la))
			shared[i - 1] = shared[i] = true;
	}
	return shared;
}

static void listener_labels(struct out *o, const struct listener_set *set,
			    const struct listener *l, bool with_inode)
{
	const char *label = set->ns[l->netns].label;
	char local[CELL_SCRATCH];
	size_t n = listener_format_local(set, l, local, sizeof(local));

	out_putc(o, '{');
	put_label(o, "netns", label, strlen(label));
	out_putc(o, ',');
	put_label(o, "proto", proto_name(l->proto), strlen(proto_name(l->proto)));
	out_putc(o, ',');
	put_label(o, "local", local, n);
	if (with_inode)
		out_printf(o, ",inode=\"%u\"", l->inode);
	out_puts(o, "} ");
}

static void listener_family(struct out *o, const struct listener_set *set,
			    const uint32_t *order, size_t n, const bool *shared,
			    const char *name, size_t field)
{
	for (size_t i = 0; i < n; i++) {
		const struct listener *l = &set->v[order[i]];
		uint32_t v;

		memcpy(&v, (const char *)l + field, sizeof(v));
		if (v == SOCKQ_UNKNOWN)
			continue;
		out_puts(o, name);
		listener_labels(o, set, l, shared && shared[i]);
		out_u64(o, v);
		out_putc(o, '\n');
	}
}

static void ns_family(struct out *o, const struct listener_set *set,
		      const char *name, size_t field, bool wide)
{
	for (size_t i = 0; i < set->nns; i++) {
		const struct netns *ns = &set->ns[i];
		uint64_t v;

		if (wide) {
			memcpy(&v, (const char *)&ns->sys + field, sizeof(v));
			if (v == UINT64_MAX)
				continue;
		} else {
			uint32_t v32;

			memcpy(&v32, (const char *)&ns->sys + field, sizeof(v32));
			if (v32 == SOCKQ_UNKNOWN)
				continue;
			v = v32;
		}
		out_puts(o, name);
		out_putc(o, '{');
		put_label(o, "netns", ns->label, strlen(ns->label));
		out_puts(o, "} ");
		out_u64(o, v);
		out_putc(o, '\n');
	}
}

void render_openmetrics(struct out *o, const struct listener_set *set,
			const uint32_t *order, size_t n, bool with_synq)
{
	bool *shared = find_shared(set, order, n);

	family(o, "sockq_accept_queue_length", "gauge",
	       "Connections waiting in the listener's accept queue.");
	listener_family(o, set, order, n, shared, "sockq_accept_queue_length",
			offsetof(struct listener, recv_q));
	family(o, "sockq_accept_queue_backlog", "gauge",
	       "Maximum backlog of the listener; the kernel admits backlog + 1 connections.");
	listener_family(o, set, order, n, shared, "sockq_accept_queue_backlog",
			offsetof(struct listener, backlog));
	if (with_synq) {
		family(o, "sockq_syn_queue_length", "gauge",
		       "TCP connection requests (SYN_RECV) waiting on the listener.");
		listener_family(o, set, order, n, shared, "sockq_syn_queue_length",
				offsetof(struct listener, syn_q));
	}
	family(o, "sockq_somaxconn", "gauge", "The namespace's net.core.somaxconn.");
	ns_family(o, set, "sockq_somaxconn", offsetof(struct ns_sysctl, somaxconn), false);
	family(o, "sockq_tcp_max_syn_backlog", "gauge",
	       "The namespace's net.ipv4.tcp_max_syn_backlog.");
	ns_family(o, set, "sockq_tcp_max_syn_backlog",
		  offsetof(struct ns_sysctl, tcp_max_syn_backlog), false);
	/* Counters are described under their sample name, as the Prometheus
	 * text format (promtool, node_exporter's textfile collector) wants. */
	family(o, "sockq_listen_overflows_total", "counter",
	       "TcpExtListenOverflows: connections dropped on a full accept queue.");
	ns_family(o, set, "sockq_listen_overflows_total",
		  offsetof(struct ns_sysctl, listen_overflows), true);
	family(o, "sockq_listen_drops_total", "counter",
	       "TcpExtListenDrops: connections dropped at a listener for any reason.");
	ns_family(o, set, "sockq_listen_drops_total",
		  offsetof(struct ns_sysctl, listen_drops), true);
	out_puts(o, "# EOF\n");
	free(shared);
}
