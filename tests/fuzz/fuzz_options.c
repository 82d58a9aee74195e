// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_options.c: the command line parser on any argument vector. */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "columns.h"
#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;
	char *copy = malloc(size + 1), *argv[65], name[] = "sockq";
	int argc = 1;
	struct options o;
	int status;

	if (!copy)
		return 0;
	if (!quiet) {
		/* Usage text would flood the fuzzer's output; error messages are
		 * silenced with -close_fd_mask=2, which keeps crash reports. */
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, STDOUT_FILENO);
		close(fd);
		quiet = true;
	}
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = name;
	/* Arguments are separated by NUL bytes in the input. */
	for (size_t i = 0; i < size && argc < 64; ) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	optind = 0;
	if (options_parse(&o, argc, argv, &status))
		query_resolve_columns(&o.query, argc & 1 ? DEF_MACHINE : DEF_TABLE_NS);
	options_free(&o);
	free(copy);
	return 0;
}
