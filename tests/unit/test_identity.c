// SPDX-License-Identifier: GPL-2.0-or-later
/* test_identity.c: which process names a namespace, on a made-up /proc of cgroup files. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "identity.h"
#include "unit.h"

#define CONTAINER "/system.slice/docker-ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb.scope"

static char root[] = "/tmp/sockq-identity-XXXXXX";

/* Writes ROOT/PID/cgroup holding the v2 line for path. */
static void process(unsigned pid, const char *path)
{
	char dir[128], file[160];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%u", root, pid);
	mkdir(dir, 0700);
	snprintf(file, sizeof(file), "%s/cgroup", dir);
	f = fopen(file, "w");
	if (f) {
		fprintf(f, "0::%s\n", path);
		fclose(f);
	}
}

/* Visits pids first..last in order, as a walk of /proc would. */
static struct netns walk(unsigned first, unsigned last)
{
	struct netns ns = { .label = "t" };
	struct ident_state st = { .step = IDENT_NONE };
	int procfd = open(root, O_RDONLY | O_DIRECTORY);
	char name[16];

	for (unsigned pid = first; pid <= last; pid++) {
		snprintf(name, sizeof(name), "%u", pid);
		CHECK(identity_visit(&ns, &st, procfd, name, pid) == 0, "visit %u", pid);
	}
	close(procfd);
	return ns;
}

int main(void)
{
	struct netns ns;

	if (!mkdtemp(root))
		return 1;
	for (unsigned pid = 1; pid <= 200; pid++)
		process(pid, "/user.slice/user-1000.slice/session-1.scope");

	/* Nothing names a container: the lowest pid. */
	ns = walk(2, 200);
	CHECK(ns.pid == 2 && ns.container_len == 0, "no container: the lowest pid, %u", ns.pid);
	free(ns.cgroup);

	/* The container's first process, the 20th of the namespace's. */
	process(21, CONTAINER);
	ns = walk(2, 200);
	CHECK(ns.pid == 21 && ns.container_len == 19 && !memcmp(ns.container, "docker:ca978112ca1b", 19),
	      "the container among the first processes names it: pid %u", ns.pid);
	free(ns.cgroup);

	/* PID 1 names its namespace, the host's, whatever comes after. */
	ns = walk(1, 200);
	CHECK(ns.pid == 1 && ns.container_len == 0, "PID 1 names the host's namespace: %u", ns.pid);
	free(ns.cgroup);

	/* Past the first 64 processes no cgroup is read: a namespace where
	 * none of them names a container is not one. The 80th is not read. */
	process(21, "/user.slice/user-1000.slice/session-1.scope");
	process(81, CONTAINER);
	ns = walk(2, 200);
	CHECK(ns.pid == 2 && ns.container_len == 0, "read no further than 64 processes: pid %u",
	      ns.pid);
	free(ns.cgroup);

	/* A process gone before its cgroup is read: the lowest pid still counts. */
	ns = walk(500, 501);
	CHECK(ns.pid == 500, "an unreadable first process still identifies: %u", ns.pid);
	free(ns.cgroup);

	for (unsigned pid = 1; pid <= 200; pid++) {
		char path[160];

		snprintf(path, sizeof(path), "%s/%u/cgroup", root, pid);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%u", root, pid);
		rmdir(path);
	}
	rmdir(root);
	return unit_done();
}
