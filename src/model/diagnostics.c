// SPDX-License-Identifier: GPL-2.0-or-later
/* diagnostics.c: a collection's causes for concern, each kept once with a count. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "grow.h"

static bool same_cause(const struct diag_entry *e, enum diag_level level, const char *code,
		       const char *source, uint32_t netns, const char *text)
{
	return e->level == level && e->netns == netns && !strcmp(e->code, code) &&
	       !strcmp(e->source, source) && !strcmp(e->text, text);
}

static void add_text(struct diagnostics *d, enum diag_level level, const char *code,
		     const char *source, uint32_t netns, const char *netns_label, char *text,
		     unsigned count)
{
	struct diag_entry *e;

	for (size_t i = 0; i < d->n; i++) {
		if (same_cause(&d->v[i], level, code, source, netns, text)) {
			d->v[i].count += count;
			free(text);
			return;
		}
	}
	if (grow(&d->v, &d->cap, d->n, sizeof(*d->v), 8) < 0) {
		free(text);
		d->lost = true;
		return;
	}
	e = &d->v[d->n];
	*e = (struct diag_entry){ .level = level, .code = code, .source = source, .netns = netns,
				  .count = count, .text = text };
	if (netns_label && !(e->netns_label = strdup(netns_label))) {
		free(text);
		d->lost = true;
		return;
	}
	d->n++;
}

void diag_add(struct diagnostics *d, enum diag_level level, const char *code,
	      const char *source, uint32_t netns, const char *netns_label, const char *fmt, ...)
{
	va_list ap;
	char *text;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		d->lost = true;
		return;
	}
	add_text(d, level, code, source, netns, netns_label, text, 1);
}

bool diagnostics_failed(const struct diagnostics *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level != DIAG_NOTE)
			return true;
	return d->lost;
}

void diagnostics_merge(struct diagnostics *d, const struct diagnostics *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct diag_entry *e = &src->v[i];
		char *text = strdup(e->text);

		if (!text) {
			d->lost = true;
			continue;
		}
		add_text(d, e->level, e->code, e->source, e->netns, e->netns_label, text, e->count);
	}
	d->lost |= src->lost;
}

void diagnostics_clear(struct diagnostics *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].text);
		free(d->v[i].netns_label);
	}
	d->n = 0;
	d->lost = false;
}

void diagnostics_free(struct diagnostics *d)
{
	diagnostics_clear(d);
	free(d->v);
	d->v = NULL;
	d->cap = 0;
}
