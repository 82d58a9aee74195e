// SPDX-License-Identifier: GPL-2.0-or-later
/* container.c: recognising the cgroups of containers, pods, machines and services in a path, in place. */
#include <stdbool.h>
#include <string.h>

#include "container.h"

/* Docker, containerd, CRI-O and Podman all name a container by 64 hex
 * digits, always in lower case: a name with an upper-case digit was made by
 * something else and is not recognised. The label shows the first 12, as
 * their own listings do. */
#define ID_LEN 64
#define ID_SHOWN 12

/* A pod's uid is a UUID, 8-4-4-4-12, in lower case; a static pod's is the
 * 32 hex digits of a hash of its manifest (is_pod_uid() takes both). */
#define UID_LEN 36
/* A static pod's uid: a hash of its manifest, which the kubelet read from disk. */
#define STATIC_UID_LEN 32

/* systemd refuses unit names of 256 bytes or more. */
#define UNIT_NAME_MAX 255

/* Part of the path, not NUL-terminated. */
struct span {
	const char *s;
	size_t n;
};

/* How a recognised name is written after the label's prefix. */
enum label_form {
	FORM_ID,	/* the first ID_SHOWN digits */
	FORM_UID,	/* the systemd driver writes the uid's '-' as '_' */
	FORM_UNESCAPED,	/* systemd's \xHH escaping undone */
	FORM_VERBATIM,
};

/* A higher rank wins wherever it is in the path, and within a rank the
 * innermost. Containers outrank services because a container with its own
 * systemd runs nearly everything in some service: "unit:nginx.service"
 * would not say which container's nginx it is. */
enum label_rank { RANK_NONE, RANK_UNIT, RANK_CONTAINER, RANK_POD };

struct label_source {
	enum label_rank rank;
	const char *prefix;
	enum label_form form;
	struct span name;
};

/* The scopes that container engines make for each container with systemd
 * managing cgroups: prefix, id, ".scope". The monitors' scopes,
 * "crio-conmon-<id>.scope" and "libpod-conmon-<id>.scope", fail the id test
 * and stay unrecognised, as they should: conmon is not the container. Podman
 * without systemd makes "libpod-<id>" under libpod_parent. */
static const struct {
	const char *prefix;
	const char *label;
	bool bare;		/* also without ".scope" */
} engine_scopes[] = {
	{ "docker-", "docker:", false },
	{ "cri-containerd-", "containerd:", false },
	{ "crio-", "crio:", false },
	{ "libpod-", "podman:", true },
};

/* The end of a pod slice's name before "pod<uid>.slice": the kubelet's
 * systemd driver nests guaranteed pods directly under kubepods.slice. */
static const char *const pod_slice_parents[] = {
	"kubepods-",
	"kubepods-burstable-",
	"kubepods-besteffort-",
};

static bool span_is(struct span c, const char *lit)
{
	size_t n = strlen(lit);

	return c.n == n && !memcmp(c.s, lit, n);
}

static bool cut_prefix(struct span *c, const char *lit)
{
	size_t n = strlen(lit);

	if (c->n < n || memcmp(c->s, lit, n))
		return false;
	c->s += n;
	c->n -= n;
	return true;
}

static bool cut_suffix(struct span *c, const char *lit)
{
	size_t n = strlen(lit);

	if (c->n < n || memcmp(c->s + c->n - n, lit, n))
		return false;
	c->n -= n;
	return true;
}

static int hex_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static bool is_lower_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

static bool is_container_id(struct span c)
{
	if (c.n != ID_LEN)
		return false;
	for (size_t i = 0; i < c.n; i++)
		if (!is_lower_hex(c.s[i]))
			return false;
	return true;
}

/* A pod's uid: a UUID, with sep between its groups ('-' as it is written,
 * '_' as the systemd driver writes it: a '-' in a slice's name would mean
 * one more level of slices), or a static pod's 32 hex digits. */
static bool is_pod_uid(struct span c, char sep)
{
	if (c.n == STATIC_UID_LEN) {
		for (size_t i = 0; i < c.n; i++)
			if (!is_lower_hex(c.s[i]))
				return false;
		return true;
	}
	if (c.n != UID_LEN)
		return false;
	for (size_t i = 0; i < c.n; i++) {
		bool at_sep = i == 8 || i == 13 || i == 18 || i == 23;

		if (at_sep ? c.s[i] != sep : !is_lower_hex(c.s[i]))
			return false;
	}
	return true;
}

/* The next non-empty component at or after *pos; false at the end. */
static bool next_component(const char *path, size_t len, size_t *pos, struct span *c)
{
	const char *slash;

	while (*pos < len && path[*pos] == '/')
		(*pos)++;
	if (*pos == len)
		return false;
	c->s = path + *pos;
	slash = memchr(c->s, '/', len - *pos);
	c->n = slash ? (size_t)(slash - c->s) : len - *pos;
	*pos += c->n;
	return true;
}

/* "kubepods-burstable-pod<uid>.slice" and its siblings. What comes before
 * "kubepods" must end in '-': the kubelet puts its cgroup root there
 * ("kubelet-kubepods-..." in nested clusters). */
static bool match_pod_slice_uid(struct span c, size_t uid_len, struct span *uid)
{
	struct span head = c;

	if (!cut_suffix(&head, ".slice") || head.n < uid_len)
		return false;
	head.n -= uid_len;
	uid->s = head.s + head.n;
	uid->n = uid_len;
	if (!cut_suffix(&head, "pod") || !is_pod_uid(*uid, '_'))
		return false;
	for (size_t i = 0; i < sizeof(pod_slice_parents) / sizeof(pod_slice_parents[0]); i++) {
		struct span root = head;

		if (cut_suffix(&root, pod_slice_parents[i]) && (!root.n || root.s[root.n - 1] == '-'))
			return true;
	}
	return false;
}

static bool match_pod_slice(struct span c, struct span *uid)
{
	return match_pod_slice_uid(c, UID_LEN, uid) || match_pod_slice_uid(c, STATIC_UID_LEN, uid);
}

/* The cgroupfs driver: kubepods/pod<uid>, or kubepods/<qos>/pod<uid> for
 * the two classes that have a directory of their own. */
static bool match_pod_dir(struct span c, struct span parent, struct span grandparent,
			  struct span *uid)
{
	*uid = c;
	if (!cut_prefix(uid, "pod") || !is_pod_uid(*uid, '-'))
		return false;
	if (span_is(parent, "kubepods"))
		return true;
	return (span_is(parent, "burstable") || span_is(parent, "besteffort")) &&
	       span_is(grandparent, "kubepods");
}

static bool match_pod(struct span c, struct span parent, struct span grandparent,
		      struct label_source *src)
{
	if (match_pod_slice(c, &src->name))
		src->form = FORM_UID;
	else if (match_pod_dir(c, parent, grandparent, &src->name))
		src->form = FORM_VERBATIM;
	else
		return false;
	src->rank = RANK_POD;
	src->prefix = "pod:";
	return true;
}

/* An engine's scope, or with cgroupfs Docker's docker/<id>. */
static bool match_engine(struct span c, struct span parent, struct label_source *src)
{
	for (size_t i = 0; i < sizeof(engine_scopes) / sizeof(engine_scopes[0]); i++) {
		struct span id = c;

		if (!cut_prefix(&id, engine_scopes[i].prefix))
			continue;
		if (!cut_suffix(&id, ".scope") && !engine_scopes[i].bare)
			continue;
		if (!is_container_id(id))
			continue;
		*src = (struct label_source){ RANK_CONTAINER, engine_scopes[i].label, FORM_ID, id };
		return true;
	}
	if (!span_is(parent, "docker") || !is_container_id(c))
		return false;
	*src = (struct label_source){ RANK_CONTAINER, "docker:", FORM_ID, c };
	return true;
}

/* lxc.payload.NAME since LXC 4, lxc.payload/NAME from 3.1, lxc/NAME
 * before. lxc.monitor.NAME and lxc.monitor/NAME are the monitor's, not the
 * container's. */
static bool match_lxc(struct span c, struct span parent, struct label_source *src)
{
	struct span name = c;

	if (!cut_prefix(&name, "lxc.payload.") && !span_is(parent, "lxc") &&
	    !span_is(parent, "lxc.payload"))
		return false;
	if (!name.n)
		return false;
	*src = (struct label_source){ RANK_CONTAINER, "lxc:", FORM_VERBATIM, name };
	return true;
}

/* Whether s holds systemd's unit-name escaping and nothing else that needs
 * it undone: every '\' starts "\xHH" (hex digits of either case, as
 * systemd reads them). The length once undone goes to *n. */
static bool unescapes(struct span s, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < s.n; i++, (*n)++) {
		if (s.s[i] != '\\')
			continue;
		if (s.n - i < 4 || s.s[i + 1] != 'x' || hex_value(s.s[i + 2]) < 0 ||
		    hex_value(s.s[i + 3]) < 0)
			return false;
		i += 3;
	}
	return true;
}

/* machined's scopes: machine-NAME.scope with NAME escaped as a unit name
 * ("web-front" is "web\x2dfront"). A name that is not escaped that way
 * was not made by machined. */
static bool match_machine(struct span c, struct label_source *src)
{
	struct span name = c;
	size_t n;

	if (!cut_prefix(&name, "machine-") || !cut_suffix(&name, ".scope") ||
	    !unescapes(name, &n) || !n)
		return false;
	*src = (struct label_source){ RANK_CONTAINER, "machine:", FORM_UNESCAPED, name };
	return true;
}

static bool is_unit_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == ':' || ch == '-' || ch == '_' || ch == '.' || ch == '\\' || ch == '@';
}

/* NAME.service, as systemd names it (escapes and all: that is the name
 * systemctl knows). user@UID.service is a user's service manager: what
 * runs under it is of interest, not the manager. */
static bool match_unit(struct span c, struct label_source *src)
{
	struct span name = c;

	if (c.n > UNIT_NAME_MAX || !cut_suffix(&name, ".service") || !name.n)
		return false;
	if (cut_prefix(&name, "user@"))
		return false;
	for (size_t i = 0; i < c.n; i++)
		if (!is_unit_name_char(c.s[i]))
			return false;
	*src = (struct label_source){ RANK_UNIT, "unit:", FORM_VERBATIM, c };
	return true;
}

static bool classify(struct span c, struct span parent, struct span grandparent,
		     struct label_source *src)
{
	return match_pod(c, parent, grandparent, src) || match_engine(c, parent, src) ||
	       match_lxc(c, parent, src) || match_machine(c, src) || match_unit(c, src);
}

/* The label being written: n bytes so far, never more than size - 1. */
struct label_out {
	char *buf;
	size_t size, n;
};

static bool out_full(const struct label_out *o)
{
	return o->n + 1 >= o->size;
}

static void put(struct label_out *o, const char *s, size_t n)
{
	size_t room = o->size ? o->size - 1 - o->n : 0;

	if (n > room)
		n = room;
	if (n)
		memcpy(o->buf + o->n, s, n);
	o->n += n;
}

static void put_name(struct label_out *o, const struct label_source *src)
{
	struct span s = src->name;

	switch (src->form) {
	case FORM_ID:
		put(o, s.s, ID_SHOWN);
		break;
	case FORM_VERBATIM:
		put(o, s.s, s.n);
		break;
	case FORM_UID:
		for (size_t i = 0; i < s.n && !out_full(o); i++)
			put(o, s.s[i] == '_' ? "-" : &s.s[i], 1);
		break;
	case FORM_UNESCAPED:
		/* match_machine checked that every '\' starts "\xHH". */
		for (size_t i = 0; i < s.n && !out_full(o); i++) {
			char ch = s.s[i];

			if (ch == '\\') {
				ch = (char)(hex_value(s.s[i + 2]) << 4 | hex_value(s.s[i + 3]));
				i += 3;
			}
			put(o, &ch, 1);
		}
		break;
	}
}

size_t container_label(const char *path, size_t len, char *label, size_t size)
{
	struct label_source best = { .rank = RANK_NONE }, found;
	struct span c, parent = { 0 }, grandparent = { 0 };
	struct label_out out = { label, size, 0 };
	size_t pos = 0;

	while (next_component(path, len, &pos, &c)) {
		if (classify(c, parent, grandparent, &found) && found.rank >= best.rank)
			best = found;
		grandparent = parent;
		parent = c;
	}
	if (best.rank != RANK_NONE) {
		put(&out, best.prefix, strlen(best.prefix));
		put_name(&out, &best);
	}
	if (size)
		label[out.n] = '\0';
	return out.n;
}
