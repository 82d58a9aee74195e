/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diagnostics.h: what went wrong, or is worth a word, in one collection: structured entries, each cause said once. */
#ifndef SOCKQ_DIAGNOSTICS_H
#define SOCKQ_DIAGNOSTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum diag_level {
	DIAG_NOTE,		/* worth knowing; the answer is still whole */
	DIAG_WARNING,		/* something asked for was not read; the rest is shown */
	DIAG_ERROR,		/* the reason the run stops */
};

/* No namespace in particular. */
#define DIAG_NO_NETNS UINT32_MAX

/* One cause: what kind (code, a fixed word such as "dump-incomplete"),
 * where (the source that met it, the namespace by its stable id and
 * label), how often it was met in the collection, and the sentence the
 * command line prints. An exporter can count by code and source; JSON
 * carries them whole. */
struct diag_entry {
	enum diag_level level;
	const char *code;	/* static */
	const char *source;	/* static */
	uint32_t netns;		/* stable id, or DIAG_NO_NETNS */
	char *netns_label;	/* NULL for none */
	unsigned count;
	char *text;
};

struct diagnostics {
	struct diag_entry *v;
	size_t n, cap;
	bool lost;		/* an entry could not be stored (no memory) */
};

/* Records a cause. The same cause met again (same level, code, source,
 * namespace and text) only counts once more: "-N all,all" or a message
 * repeated in every pass is said once. */
void diag_add(struct diagnostics *d, enum diag_level level, const char *code,
	      const char *source, uint32_t netns, const char *netns_label, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

#define diag_note(d, code, src, ...) diag_add((d), DIAG_NOTE, (code), (src), DIAG_NO_NETNS, NULL, __VA_ARGS__)
#define diag_warn(d, code, src, ...) diag_add((d), DIAG_WARNING, (code), (src), DIAG_NO_NETNS, NULL, __VA_ARGS__)
#define diag_error(d, code, src, ...) diag_add((d), DIAG_ERROR, (code), (src), DIAG_NO_NETNS, NULL, __VA_ARGS__)

/* Whether something asked for was not read: a warning or an error. */
bool diagnostics_failed(const struct diagnostics *d);
/* Appends every entry of src to d (merging causes met again). */
void diagnostics_merge(struct diagnostics *d, const struct diagnostics *src);
void diagnostics_clear(struct diagnostics *d);
void diagnostics_free(struct diagnostics *d);

#endif
