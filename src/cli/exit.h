/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exit.h: every exit status sockq uses, as documented in the man page's EXIT STATUS. */
#ifndef SOCKQ_EXIT_H
#define SOCKQ_EXIT_H

enum exit_status {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* something could not be read or written */
	EXIT_USAGE = 2,		/* the command line is wrong */

	/* --check follows the monitoring-plugin convention instead. */
	CHECK_OK = 0,
	CHECK_WARNING = 1,
	CHECK_CRITICAL = 2,
	CHECK_UNKNOWN = 3,	/* includes usage errors */
};

#endif
