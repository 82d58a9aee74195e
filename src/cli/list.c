// SPDX-License-Identifier: GPL-2.0-or-later
/* list.c: the plain run: collect once, drop privileges, render once. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit.h"
#include "modes.h"
#include "msg.h"
#include "pipeline.h"

int list_main(struct options *o)
{
	struct pipeline *p = malloc(sizeof(*p));
	struct out *out = malloc(sizeof(*out));
	int status = EXIT_RUNTIME, err;

	if (!p || !out) {
		msg_error("out of memory");
		free(p);
		free(out);
		return EXIT_RUNTIME;
	}
	out_init(out, STDOUT_FILENO);
	err = pipeline_open(p, o);
	if (err == 0)
		err = pipeline_collect(p);
	if (err == 0)
		err = pipeline_drop_privileges(p);
	if (err == 0)
		err = pipeline_render(p, p->query, p->opt->format, out, NULL, true);
	if (err == -ENOMEM)
		msg_error("out of memory");
	if (err == 0)
		status = pipeline_finish_output(out, p->report.failed ? EXIT_RUNTIME : EXIT_OK);
	pipeline_close(p);
	free(p);
	free(out);
	return status;
}
