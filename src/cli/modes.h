/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modes.h: what sockq does with the options: list once, watch, or check. */
#ifndef SOCKQ_MODES_H
#define SOCKQ_MODES_H

#include "options.h"

/* Each returns the exit status. */
int list_main(struct options *o);
int watch_main(struct options *o);
int check_main(struct options *o);

#endif
