// SPDX-License-Identifier: GPL-2.0-or-later
/* test_netns.c: a namespace found through a process is opened, and named, only while that process still lives in it. */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "identity.h"
#include "netns.h"
#include "unit.h"

int main(void)
{
	struct stat st;
	struct netns ns = { .label = "t" };
	struct ns_source src = { .fd = -1, .pid = (uint32_t)getpid() };
	int fd = -1, ret;

	if (stat("/proc/self/ns/net", &st) < 0)
		return 77;
	/* Our own process, in the namespace found: opened. */
	ns.dev = st.st_dev;
	ns.ino = st.st_ino;
	ret = netns_open(&ns, &src, &fd);
	CHECK(ret == 1 && fd >= 0, "the namespace of a process in it: %d", ret);
	if (fd >= 0) {
		struct stat got;

		CHECK(fstat(fd, &got) == 0 && got.st_ino == st.st_ino, "and it is that namespace");
		close(fd);
	}
	/* The same pid now stands for another namespace (the process was
	 * gone and the pid reused): not opened, and as no process lives in
	 * the one found, it is gone. */
	ns.ino = st.st_ino + 1000000;
	fd = -1;
	ret = netns_open(&ns, &src, &fd);
	CHECK(ret == -ENOENT && fd < 0, "a pid now in another namespace is not opened: %d", ret);

	/* Named by its process's command, likewise only while it is in it. */
	{
		struct listener_set set = { .ns = &ns, .nns = 1 };
		struct report r = { 0 };

		ns.pid = (uint32_t)getpid();
		ns.ino = st.st_ino;
		CHECK(identity_finish(&set, IDENT_COMMAND, &r) == 0 && !strcmp(ns.comm, "test_netns"),
		      "the command of a process in the namespace: '%s'", ns.comm);
		ns.ino = st.st_ino + 1000000;
		CHECK(identity_finish(&set, IDENT_COMMAND, &r) == 0 && ns.comm[0] == '\0',
		      "not that of a pid now in another: '%s'", ns.comm);
		report_free(&r);
	}
	return unit_done();
}
