// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c: sockq, listen queues against backlogs in every network namespace. */
#include "options.h"
#include "run.h"

int main(int argc, char **argv)
{
	struct options o;
	int status = options_parse(&o, argc, argv);

	/* -1: --help, --version or --list-columns was answered. */
	if (status < 0)
		status = EXIT_OK;
	else if (status == 0)
		status = run_sockq(&o);
	options_free(&o);
	return status;
}
