// SPDX-License-Identifier: GPL-2.0-or-later
/* test_identity.c: which process names a namespace, and that it lives in it, on a made-up /proc of cgroup files and namespace links. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "identity.h"
#include "unit.h"

#define CONTAINER "/system.slice/docker-ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb.scope"
#define SESSION "/user.slice/user-1000.slice/session-1.scope"

static char root[] = "/tmp/sockq-identity-XXXXXX";
static int procfd = -1;
static struct stat net_a;

/* ROOT/PID with a cgroup file holding the v2 line for path (none for
 * NULL), a command, and ns/net a link to the namespace file ns ("a" or
 * "b"): what the checks stat. */
static void process(unsigned pid, const char *path, const char *ns)
{
	char dir[128], file[200];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%u", root, pid);
	mkdir(dir, 0700);
	snprintf(file, sizeof(file), "%s/ns", dir);
	mkdir(file, 0700);
	snprintf(file, sizeof(file), "%s/ns/net", dir);
	unlink(file);
	symlinkat(!strcmp(ns, "a") ? "../../net-a" : "../../net-b", AT_FDCWD, file);
	snprintf(file, sizeof(file), "%s/cgroup", dir);
	unlink(file);
	if (path && (f = fopen(file, "w"))) {
		fprintf(f, "0::%s\n", path);
		fclose(f);
	}
	snprintf(file, sizeof(file), "%s/comm", dir);
	if ((f = fopen(file, "w"))) {
		fprintf(f, "proc-%u\n", pid);
		fclose(f);
	}
}

/* The choice among pids first..last, seen in namespace "a". */
static struct identity choose(unsigned first, unsigned last, needs_t needs)
{
	uint32_t cand[1024];
	struct identity id = { 0 };
	size_t n = 0;

	for (unsigned pid = first; pid <= last && n < 1024; pid++)
		cand[n++] = pid;
	CHECK(identity_choose(procfd, cand, n, net_a.st_dev, net_a.st_ino, needs, false, &id) == 0,
	      "choose %u..%u", first, last);
	return id;
}

static bool labelled(const struct identity *id, const char *label)
{
	return id->container_len == strlen(label) && !memcmp(id->container, label, id->container_len);
}

int main(void)
{
	struct identity id;
	char file[160];

	if (!mkdtemp(root))
		return 1;
	snprintf(file, sizeof(file), "%s/net-a", root);
	close(open(file, O_CREAT | O_WRONLY, 0600));
	stat(file, &net_a);
	snprintf(file, sizeof(file), "%s/net-b", root);
	close(open(file, O_CREAT | O_WRONLY, 0600));
	procfd = open(root, O_RDONLY | O_DIRECTORY);
	for (unsigned pid = 1; pid <= 200; pid++)
		process(pid, SESSION, "a");

	/* Nothing names a container: the lowest pid. */
	id = choose(2, 200, 0);
	CHECK(id.pid == 2 && labelled(&id, "") && id.cgroup && !strcmp(id.cgroup, SESSION),
	      "no container: the lowest pid, %u, with its cgroup", id.pid);
	identity_clear(&id);

	/* The container's first process, the 20th of the namespace's. */
	process(21, CONTAINER, "a");
	id = choose(2, 200, NEED_NS_COMMAND);
	CHECK(id.pid == 21 && labelled(&id, "docker:ca978112ca1b"),
	      "the container among the first processes names it: pid %u", id.pid);
	CHECK(id.comm_known && !strcmp(id.comm, "proc-21"), "and its command: %s", id.comm);
	identity_clear(&id);

	/* It left the namespace (or died and its pid went to a process of
	 * another) after it was found: nothing of it is taken. */
	process(21, CONTAINER, "b");
	id = choose(2, 200, NEED_NS_COMMAND);
	CHECK(id.pid == 2 && labelled(&id, "") && !strcmp(id.cgroup, SESSION) &&
	      !strcmp(id.comm, "proc-2"), "a process no longer in it names it not: pid %u", id.pid);
	identity_clear(&id);
	process(21, SESSION, "a");

	/* PID 1 names its namespace, the host's, whatever comes after. */
	id = choose(1, 200, 0);
	CHECK(id.pid == 1 && labelled(&id, ""), "PID 1 names the host's namespace: %u", id.pid);
	identity_clear(&id);

	/* Past the first 64 processes no cgroup is read: a namespace where
	 * none of them names a container is not one. The 80th is not read. */
	process(81, CONTAINER, "a");
	id = choose(2, 200, 0);
	CHECK(id.pid == 2 && labelled(&id, ""), "read no further than 64 processes: pid %u", id.pid);
	identity_clear(&id);

	/* A process whose cgroup cannot be read: the lowest pid still counts,
	 * with no cgroup. */
	process(500, NULL, "a");
	process(501, SESSION, "a");
	id = choose(500, 501, 0);
	CHECK(id.pid == 500 && !id.cgroup, "an unreadable first process still identifies: %u", id.pid);
	identity_clear(&id);

	/* Every process found has left: nothing names it. */
	process(600, CONTAINER, "b");
	process(601, SESSION, "b");
	id = choose(600, 601, NEED_NS_COMMAND);
	CHECK(id.pid == 0 && !id.cgroup && !id.container && !id.comm_known,
	      "none left in it: no identity at all (pid %u)", id.pid);
	identity_clear(&id);

	/* A cgroup path past 4 KiB (17 levels of 250 bytes, then the
	 * container's scope) is read whole, and its container found. */
	{
		char deep[8192];
		size_t n = 0;

		for (int level = 0; level < 17; level++) {
			deep[n++] = '/';
			memset(deep + n, 'a' + level, 250);
			n += 250;
		}
		snprintf(deep + n, sizeof(deep) - n, "%s", CONTAINER);
		process(700, deep, "a");
		id = choose(700, 700, 0);
		CHECK(id.pid == 700 && id.cgroup_len == strlen(deep) && !strcmp(id.cgroup, deep),
		      "a %zu-byte cgroup path is read whole (%zu)", strlen(deep), id.cgroup_len);
		CHECK(labelled(&id, "docker:ca978112ca1b"), "and names its container: %.*s",
		      (int)id.container_len, id.container ? id.container : "");
		identity_clear(&id);

		/* As the kernel writes it, cut at PATH_MAX - 1 bytes: shown as
		 * it came, and naming nothing, not even "no container". The
		 * cut is placed so that what is left still looks like a scope. */
		n = 4095 - strlen(CONTAINER);
		snprintf(deep + n, sizeof(deep) - n, "%s", CONTAINER);
		process(701, deep, "a");
		id = choose(701, 701, 0);
		CHECK(id.pid == 701 && id.cgroup_len == 4095, "a cut path is kept as it came: %zu",
		      id.cgroup_len);
		CHECK(!id.container_known && id.container_len == 0,
		      "and its label is unknown, not one made from a cut name");
		identity_clear(&id);
		deep[4094] = '\0';
		process(702, deep, "a");
		id = choose(702, 702, 0);
		CHECK(id.container_known, "a path one byte shorter was not cut");
		identity_clear(&id);
	}

	close(procfd);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
		CHECK(system(cmd) == 0, "clean up");
	}
	return unit_done();
}
