// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c: sockq, listen queues against backlogs in every network namespace. */
#include <signal.h>

#include "modes.h"
#include "options.h"

static int (*const modes[])(struct options *o) = {
	[MODE_LIST] = list_main,
	[MODE_WATCH] = watch_main,
	[MODE_CHECK] = check_main,
};

int main(int argc, char **argv)
{
	struct options o;
	int status;

	/* A reader that goes away (sockq | head) ends the output quietly:
	 * the write fails with EPIPE instead of the signal killing sockq. */
	signal(SIGPIPE, SIG_IGN);
	/* Past a file size limit, the write fails with EFBIG and is said;
	 * the signal would kill sockq with its --write file half made. */
	signal(SIGXFSZ, SIG_IGN);
	if (options_parse(&o, argc, argv, &status))
		status = modes[o.mode](&o);
	options_free(&o);
	return status;
}
