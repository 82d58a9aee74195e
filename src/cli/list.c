// SPDX-License-Identifier: GPL-2.0-or-later
/* list.c: the plain run: collect once, drop privileges, render once. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "exit.h"
#include "modes.h"
#include "msg.h"
#include "pipeline.h"

/* What sockq says when FILE is not a regular file it may replace. */
static void not_replaced(const char *path, const char *what)
{
	if (!strcmp(what, "a directory"))
		msg_error("--write %s: is a directory; name a file to write", path);
	else
		msg_error("--write %s: is %s, which sockq does not replace (only a regular file "
			  "is, whole); name a regular file, or use '--write -' for standard output",
			  path, what);
}

/* --write: the whole answer or nothing. A run that could not see
 * everything (status 1, said on stderr) still replaces the file: what it
 * holds is true, and the old file would be staler. */
static int write_file(struct sink *out, struct atomic_file *file, int status)
{
	const char *what = NULL;
	int err = sink_flush(out);

	if (err == 0)
		err = atomic_commit(file, &what);
	else
		atomic_abort(file);
	if (what) {
		not_replaced(file->path, what);
		return EXIT_RUNTIME;
	}
	if (err < 0) {
		msg_error("--write %s: %s; the file is left as it was", file->path, strerror(-err));
		return EXIT_RUNTIME;
	}
	return status;
}

int list_main(struct options *o)
{
	static const struct pipeline_mode once = { 0 };
	struct pipeline p;
	struct sink out;
	struct atomic_file file = { .fd = -1 };
	const char *what = NULL;
	int status = EXIT_RUNTIME, err;

	if (sink_fd(&out, STDOUT_FILENO) < 0) {
		msg_error("out of memory");
		return EXIT_RUNTIME;
	}
	err = pipeline_open(&p, o, &once);
	/* The collection ends with every capability dropped: names from
	 * other users are formatted, and --write's file made, with none. */
	if (err == 0)
		err = pipeline_collect(&p, NULL);
	/* The file is made only now: what may be created is what the user
	 * may create. */
	if (err == 0 && o->write_file && (err = atomic_create(&file, o->write_file,
							      atomic_umask_mode(), &what)) < 0) {
		if (what)
			not_replaced(o->write_file, what);
		else
			msg_error("--write %s: cannot create a file beside it: %s", o->write_file,
				  strerror(-err));
		err = -ECANCELED;
	} else if (err == 0 && o->write_file) {
		out.fd = file.fd;
	}
	if (err == 0)
		err = pipeline_render(&p, p.query, p.opt->format, &out, NULL, true);
	if (err == -ENOMEM)
		msg_error("out of memory");
	if (err == 0 && !o->write_file)
		status = pipeline_finish_output(&out, p.failed ? EXIT_RUNTIME : EXIT_OK);
	else if (err == 0)
		status = write_file(&out, &file, p.failed ? EXIT_RUNTIME : EXIT_OK);
	else if (o->write_file && file.fd >= 0)
		atomic_abort(&file);
	pipeline_close(&p);
	sink_free(&out);
	return status;
}
