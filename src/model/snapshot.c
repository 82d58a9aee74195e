// SPDX-License-Identifier: GPL-2.0-or-later
/* snapshot.c: building a snapshot, freezing it, sharing it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "snapshot.h"

struct snapshot *snapshot_new(const struct snapshot_hint *hint)
{
	struct snapshot *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	atomic_init(&s->refs, 1);
	s->netdev_max_backlog = SOCKQ_UNKNOWN;
	/* Sized from the last collection: a host's listeners change little
	 * from one to the next. A failure here only means growing later. */
	if (hint) {
		if (hint->rows)
			rowstore_reserve(&s->rows, hint->rows + hint->rows / 8);
		if (hint->pool)
			pool_reserve(&s->pool, hint->pool + hint->pool / 8);
	}
	return s;
}

void snapshot_hint_of(const struct snapshot *s, struct snapshot_hint *hint)
{
	hint->rows = s->rows.n;
	hint->owners = s->nowners;
	hint->nns = s->nns;
	hint->pool = s->pool.len;
}

int snapshot_add_netns(struct snapshot *s, struct netns **ns, uint32_t *idx)
{
	if (grow(&s->ns, &s->ns_cap, s->nns, sizeof(*s->ns), 16) < 0)
		return -ENOMEM;
	*idx = (uint32_t)s->nns;
	*ns = &s->ns[s->nns++];
	memset(*ns, 0, sizeof(**ns));
	(*ns)->sys.somaxconn = (*ns)->sys.tcp_max_syn_backlog = SOCKQ_UNKNOWN;
	(*ns)->sys.tcp_syncookies = (*ns)->sys.tcp_abort_on_overflow = SOCKQ_UNKNOWN;
	for (int i = 0; i < CNT_COUNT; i++)
		(*ns)->sys.counter[i] = UINT64_MAX;
	return 0;
}

uint32_t snapshot_first_owner(const struct snapshot *s, size_t i)
{
	return rowstore_get_u32(&s->rows, LC_PID, i);
}

int snapshot_add_owner(struct snapshot *s, size_t row, uint32_t pid, uint32_t comm_off)
{
	uint32_t *first = rowstore_side_u32(&s->rows, LC_PID), *link;
	struct owner *o;

	if (!first)
		return -ENOMEM;
	link = &first[row];
	/* The same process may hold the socket in several descriptors. */
	for (uint32_t i = *link; i != SOCKQ_NONE; i = s->owners[i].next) {
		if (s->owners[i].pid == pid)
			return 0;
		link = &s->owners[i].next;
	}
	if (grow(&s->owners, &s->owners_cap, s->nowners, sizeof(*s->owners), 256) < 0)
		return -ENOMEM;
	o = &s->owners[s->nowners];
	o->pid = pid;
	o->comm = comm_off;
	o->next = SOCKQ_NONE;
	*link = (uint32_t)s->nowners++;
	return 0;
}

/* Each namespace's listeners, full queues and drops. */
static void count_netns(struct snapshot *s)
{
	for (size_t i = 0; i < s->nns; i++) {
		s->ns[i].listeners = s->ns[i].full = 0;
		s->ns[i].drops = 0;
	}
	for (size_t i = 0; i < s->rows.n; i++) {
		const struct listener *l = &s->rows.v[i];
		struct netns *ns = &s->ns[l->netns];

		ns->listeners++;
		if (listener_full(l))
			ns->full++;
		if (!listener_is_tcp(l) || ns->drops == UINT64_MAX)
			continue;
		ns->drops = l->drops == SOCKQ_UNKNOWN ? UINT64_MAX : ns->drops + l->drops;
	}
}

static int cmp_label(const void *a, const void *b, void *data)
{
	const struct snapshot *s = data;
	const struct netns *x = &s->ns[*(const uint32_t *)a], *y = &s->ns[*(const uint32_t *)b];
	size_t n = x->label.len < y->label.len ? x->label.len : y->label.len;
	int d = memcmp(pstr_data(&s->pool, x->label), pstr_data(&s->pool, y->label), n);

	if (d)
		return d;
	if (x->label.len != y->label.len)
		return x->label.len < y->label.len ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

int snapshot_publish(struct snapshot *s)
{
	size_t n = s->nns ? s->nns : 1;

	/* Derived again, should it be published twice. */
	free(s->ns_order);
	free(s->ns_rank);
	s->ns_order = malloc(n * sizeof(*s->ns_order));
	s->ns_rank = malloc(n * sizeof(*s->ns_rank));
	if (!s->ns_order || !s->ns_rank) {
		free(s->ns_order);
		free(s->ns_rank);
		s->ns_order = s->ns_rank = NULL;
		return -ENOMEM;
	}
	/* Output is in the order of labels, whatever order the namespaces
	 * were found and kept in. */
	for (size_t i = 0; i < s->nns; i++)
		s->ns_order[i] = (uint32_t)i;
	qsort_r(s->ns_order, s->nns, sizeof(*s->ns_order), cmp_label, s);
	for (size_t i = 0; i < s->nns; i++)
		s->ns_rank[s->ns_order[i]] = (uint32_t)i;
	count_netns(s);
	s->published = true;
	return 0;
}

struct snapshot *snapshot_ref(struct snapshot *s)
{
	atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	return s;
}

void snapshot_unref(struct snapshot *s)
{
	if (!s || atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1)
		return;
	rowstore_free(&s->rows);
	free(s->owners);
	free(s->ns);
	free(s->ns_order);
	free(s->ns_rank);
	free(s->cpus);
	pool_free(&s->pool);
	diagnostics_free(&s->diag);
	free(s);
}
