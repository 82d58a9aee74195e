// SPDX-License-Identifier: GPL-2.0-or-later
/* sources.c: every source, registered in the order they sample. */
#include "source.h"

extern const struct source source_sysctl, source_tcp, source_unix, source_synq,
	source_identity, source_owners, source_backlog;

/* A namespace's sysctls first (cheap, and somaxconn belongs with the
 * rows), its listeners, what is counted on them (they must be there), its
 * name; then what is found host-wide for every row. */
const struct source *const sources[] = {
	&source_sysctl,
	&source_tcp,
	&source_unix,
	&source_synq,
	&source_identity,
	&source_owners,
	&source_backlog,
};

const size_t sources_count = sizeof(sources) / sizeof(sources[0]);
_Static_assert(sizeof(sources) / sizeof(sources[0]) <= SOURCES_MAX, "room for every source");

caps_t sources_caps(needs_t needs, bool sample)
{
	caps_t caps = 0;

	for (size_t i = 0; i < sources_count; i++)
		if (source_used(sources[i], needs))
			caps |= sample ? sources[i]->caps_sample : sources[i]->caps_open;
	return caps;
}
