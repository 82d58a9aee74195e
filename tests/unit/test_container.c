// SPDX-License-Identifier: GPL-2.0-or-later
/* test_container.c: container labels from cgroup paths: every layout, precedence, hostile paths. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "container.h"
#include "unit.h"

/* Ids as the engines make them (64 lower-case hex digits), pod uids as the
 * API server makes them. */
#define ID_DOCKER "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
#define ID_CTRD "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"
#define ID_CRIO "2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6"
#define ID_PODMAN "18ac3e7343f016890c510e93f935261169d9e3f565436429830faf0934f4f8e4"
#define ID_PAUSE "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea"
#define UID_DASH "bd010ccc-1990-4619-afa9-813c59809997"
#define UID_UNDER "bd010ccc_1990_4619_afa9_813c59809997"
#define UID2_DASH "d6d8bf97-fdbe-4562-a261-8928b4ee7913"
#define POD "pod:bd010ccc-1990-4619-afa9-813c59809997"
#define POD2 "pod:d6d8bf97-fdbe-4562-a261-8928b4ee7913"

#define USER_MGR "/user.slice/user-1000.slice/user@1000.service"
#define BURSTABLE_SLICE "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_UNDER ".slice"

/* A path with NUL bytes in it, and its length. */
#define BYTES(s) s, sizeof(s) - 1

struct label_case {
	const char *path;
	size_t len;		/* 0: strlen(path) */
	const char *want;
	size_t want_len;	/* 0: strlen(want) */
};

static const struct label_case cases[] = {
	/* Docker: the systemd driver's scope, the cgroupfs driver's
	 * docker/<id>, rootless under a user's manager. */
	{ "/system.slice/docker-" ID_DOCKER ".scope", 0, "docker:ca978112ca1b", 0 },
	{ "/docker/" ID_DOCKER, 0, "docker:ca978112ca1b", 0 },
	{ "/docker/" ID_DOCKER "/", 0, "docker:ca978112ca1b", 0 },
	{ "/docker/" ID_DOCKER "/init", 0, "docker:ca978112ca1b", 0 },
	{ USER_MGR "/user.slice/docker-" ID_DOCKER ".scope", 0, "docker:ca978112ca1b", 0 },
	/* No leading '/'; doubled slashes. */
	{ "system.slice/docker-" ID_DOCKER ".scope", 0, "docker:ca978112ca1b", 0 },
	{ "//docker//" ID_DOCKER, 0, "docker:ca978112ca1b", 0 },
	/* An id not right after "docker", and docker's own service. */
	{ "/" ID_DOCKER, 0, "", 0 },
	{ "/docker/x/" ID_DOCKER, 0, "", 0 },
	{ "/system.slice/" ID_DOCKER, 0, "", 0 },
	{ "/system.slice/docker.service", 0, "unit:docker.service", 0 },
	{ "/system.slice/docker-" ID_DOCKER, 0, "", 0 },
	{ "/system.slice/docker-" ID_DOCKER ".slice", 0, "", 0 },

	/* containerd's CRI and CRI-O outside Kubernetes; conmon's scope is
	 * not the container's. */
	{ "/system.slice/cri-containerd-" ID_CTRD ".scope", 0, "containerd:3e23e8160039", 0 },
	{ "/system.slice/containerd-" ID_CTRD ".scope", 0, "", 0 },
	{ "/machine.slice/crio-" ID_CRIO ".scope", 0, "crio:2e7d2c03a950", 0 },
	{ "/machine.slice/crio-conmon-" ID_CRIO ".scope", 0, "", 0 },

	/* Podman: rootful, its payload cgroup, a pod's slice, rootless, the
	 * cgroupfs driver; conmon both ways. */
	{ "/machine.slice/libpod-" ID_PODMAN ".scope", 0, "podman:18ac3e7343f0", 0 },
	{ "/machine.slice/libpod-" ID_PODMAN ".scope/container", 0, "podman:18ac3e7343f0", 0 },
	{ "/machine.slice/machine-libpod_pod_" ID_PAUSE ".slice/libpod-" ID_PODMAN ".scope", 0,
	  "podman:18ac3e7343f0", 0 },
	{ "/machine.slice/machine-libpod_pod_" ID_PAUSE ".slice", 0, "", 0 },
	{ USER_MGR "/user.slice/libpod-" ID_PODMAN ".scope", 0, "podman:18ac3e7343f0", 0 },
	{ USER_MGR "/user.slice/libpod-" ID_PODMAN ".scope/container", 0, "podman:18ac3e7343f0", 0 },
	{ "/libpod_parent/libpod-" ID_PODMAN, 0, "podman:18ac3e7343f0", 0 },
	{ "/machine.slice/libpod-conmon-" ID_PODMAN ".scope", 0, "", 0 },
	{ USER_MGR "/user.slice/libpod-conmon-" ID_PODMAN ".scope", 0, "", 0 },
	{ "/libpod_parent/conmon", 0, "", 0 },

	/* Kubernetes, systemd driver: each QoS class, each runtime, the
	 * pause container, the pod's own slice. */
	{ "/kubepods.slice/kubepods-pod" UID_UNDER ".slice/cri-containerd-" ID_CTRD ".scope", 0, POD, 0 },
	{ BURSTABLE_SLICE "/cri-containerd-" ID_CTRD ".scope", 0, POD, 0 },
	{ BURSTABLE_SLICE "/cri-containerd-" ID_PAUSE ".scope", 0, POD, 0 },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_UNDER
	  ".slice/cri-containerd-" ID_CTRD ".scope", 0, POD, 0 },
	{ "/kubepods.slice/kubepods-pod" UID_UNDER ".slice/crio-" ID_CRIO ".scope", 0, POD, 0 },
	{ BURSTABLE_SLICE "/crio-" ID_CRIO ".scope", 0, POD, 0 },
	{ BURSTABLE_SLICE "/crio-conmon-" ID_CRIO ".scope", 0, POD, 0 },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_UNDER
	  ".slice/docker-" ID_DOCKER ".scope", 0, POD, 0 },
	{ "/kubepods.slice/kubepods-pod" UID_UNDER ".slice", 0, POD, 0 },
	{ BURSTABLE_SLICE, 0, POD, 0 },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_UNDER ".slice/", 0,
	  POD, 0 },
	/* A cluster in a container, with the kubelet's cgroup root: the pod
	 * wins over the node's container around it too. */
	{ "/system.slice/docker-" ID_DOCKER ".scope/kubelet.slice/kubelet-kubepods.slice/"
	  "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" UID_UNDER
	  ".slice/cri-containerd-" ID_CTRD ".scope", 0, POD, 0 },

	/* Kubernetes, cgroupfs driver: each QoS class, the pod's own
	 * directory, under a cgroup root. */
	{ "/kubepods/pod" UID_DASH "/" ID_CTRD, 0, POD, 0 },
	{ "/kubepods/burstable/pod" UID_DASH "/" ID_CTRD, 0, POD, 0 },
	{ "/kubepods/besteffort/pod" UID_DASH "/" ID_DOCKER, 0, POD, 0 },
	{ "/kubepods/burstable/pod" UID_DASH, 0, POD, 0 },
	{ "/kubepods/pod" UID_DASH "/", 0, POD, 0 },
	{ "/kubelet/kubepods/besteffort/pod" UID_DASH "/" ID_PAUSE, 0, POD, 0 },
	/* Pods in pods: the innermost. */
	{ "/kubepods/pod" UID_DASH "/" ID_DOCKER "/kubepods/burstable/pod" UID2_DASH "/" ID_CTRD, 0,
	  POD2, 0 },

	/* Not pods. Each uid written the other driver's way; a QoS class
	 * with no directory of its own; a pod outside kubepods; the QoS
	 * slice alone; the wrong suffix; "kubepods" not a whole word. */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_DASH ".slice", 0, "", 0 },
	{ "/kubepods/burstable/pod" UID_UNDER "/" ID_CTRD, 0, "", 0 },
	{ "/kubepods/guaranteed/pod" UID_DASH "/" ID_CTRD, 0, "", 0 },
	{ "/burstable/pod" UID_DASH "/" ID_CTRD, 0, "", 0 },
	{ "/kubepods/burstable/x/pod" UID_DASH, 0, "", 0 },
	{ "/kubepods.slice/kubepods-burstable.slice", 0, "", 0 },
	{ "/kubepods", 0, "", 0 },
	{ "/kubepods.slice/kubepods-burstable-pod" UID_UNDER ".scope", 0, "", 0 },
	{ "/kubepods.slice/xkubepods-pod" UID_UNDER ".slice", 0, "", 0 },
	{ "/kubepods.slice/kubepods-guaranteed-pod" UID_UNDER ".slice", 0, "", 0 },
	{ "/kubepods.slice/kubepods-burstable-" UID_UNDER ".slice", 0, "", 0 },
	/* Uids not shaped 8-4-4-4-12 in lower-case hex: one digit short,
	 * one too many, a separator moved, upper case, a 'g', separators
	 * mixed, a 31-digit hash. */
	{ "/kubepods/pod" "bd010ccc-1990-4619-afa9-813c5980999", 0, "", 0 },
	{ "/kubepods/pod" "bd010ccc-1990-4619-afa9-813c598099970", 0, "", 0 },
	{ "/kubepods/pod" "bd010ccc1-990-4619-afa9-813c59809997", 0, "", 0 },
	{ "/kubepods/pod" "BD010CCC-1990-4619-AFA9-813C59809997", 0, "", 0 },
	{ "/kubepods/pod" "bd010ccg-1990-4619-afa9-813c59809997", 0, "", 0 },
	{ "/kubepods.slice/kubepods-pod" "bd010ccc_1990-4619_afa9_813c59809997" ".slice", 0, "", 0 },
	{ "/kubepods.slice/kubepods-pod" "bd010ccc_1990_4619_afa9_813c5980999" ".slice", 0, "", 0 },
	{ "/kubepods/burstable/pod" "9dd4e461268c8034f5c8564e155c67a", 0, "", 0 },
	/* Not a pod, so the container inside it names itself. */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
	  "9dd4e461268c8034f5c8564e155c67a.slice/cri-containerd-" ID_CTRD ".scope", 0,
	  "containerd:3e23e8160039", 0 },
	/* A static pod (kube-apiserver, etcd): its uid is a 32-digit hash of
	 * the manifest the kubelet read from disk; both drivers. */
	{ "/kubepods/burstable/pod" "9dd4e461268c8034f5c8564e155c67a6", 0,
	  "pod:9dd4e461268c8034f5c8564e155c67a6", 0 },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
	  "9dd4e461268c8034f5c8564e155c67a6.slice/cri-containerd-" ID_CTRD ".scope", 0,
	  "pod:9dd4e461268c8034f5c8564e155c67a6", 0 },
	{ "/kubepods.slice/kubepods-pod" "9DD4E461268C8034F5C8564E155C67A6" ".slice", 0, "", 0 },

	/* LXC: the payload and what is below it, even a service of the
	 * container's own systemd; LXC 3.1's lxc.payload/NAME, and lxc/NAME
	 * before it. The monitor's cgroup is not the container's. */
	{ "/lxc.payload.web1", 0, "lxc:web1", 0 },
	{ "/lxc.payload.web1/init.scope", 0, "lxc:web1", 0 },
	{ "/lxc.payload.web1/system.slice/nginx.service", 0, "lxc:web1", 0 },
	{ "/lxc.payload.web1" USER_MGR "/app.slice/foo.service", 0, "lxc:web1", 0 },
	{ "/lxc.payload.my-ct.2", 0, "lxc:my-ct.2", 0 },
	{ "/lxc/web1", 0, "lxc:web1", 0 },
	{ "/lxc/web1/system.slice/cron.service", 0, "lxc:web1", 0 },
	{ "/lxc.payload/web1", 0, "lxc:web1", 0 },
	{ "/lxc.payload/web1/system.slice/nginx.service", 0, "lxc:web1", 0 },
	{ "/lxc.monitor.web1", 0, "", 0 },
	{ "/lxc.monitor/web1", 0, "", 0 },
	{ "/lxc.payload.", 0, "", 0 },
	{ "/lxc", 0, "", 0 },
	{ "/lxc/", 0, "", 0 },
	{ "/lxc.payload", 0, "", 0 },

	/* machined: nspawn, libvirt, names escaped as unit names (either
	 * case of hex digit); a service inside the machine. */
	{ "/machine.slice/machine-web.scope", 0, "machine:web", 0 },
	{ "/machine.slice/machine-web\\x2dfront.scope", 0, "machine:web-front", 0 },
	{ "/machine.slice/machine-web\\x2dfront.scope/payload", 0, "machine:web-front", 0 },
	{ "/machine.slice/machine-web\\x2dfront.scope/payload/system.slice/nginx.service", 0,
	  "machine:web-front", 0 },
	{ "/machine.slice/machine-qemu\\x2d1\\x2dvm1.scope/libvirt/emulator", 0, "machine:qemu-1-vm1", 0 },
	{ "/machine.slice/machine-web\\x2Dfront\\x5c.scope", 0, "machine:web-front\\", 0 },
	{ "/machine.slice/machine-\\x2f\\xe2\\x80\\xae.scope", 0, "machine:/\xe2\x80\xae", 0 },
	{ "/machine.slice/machine-x.scope/supervisor", 0, "machine:x", 0 },
	{ "/machine.slice", 0, "", 0 },
	{ "/machine.slice/machine-.scope", 0, "", 0 },
	{ "/machine.slice/machine-web.service", 0, "unit:machine-web.service", 0 },
	{ "/machine.slice/machine.scope", 0, "", 0 },

	/* Services, and the user manager that is not one. */
	{ "/system.slice/nginx.service", 0, "unit:nginx.service", 0 },
	{ "/system.slice/system-getty.slice/getty@tty1.service", 0, "unit:getty@tty1.service", 0 },
	{ "/system.slice/system-systemd\\x2dfsck.slice/systemd-fsck@dev-disk-by\\x2duuid-1a2b.service",
	  0, "unit:systemd-fsck@dev-disk-by\\x2duuid-1a2b.service", 0 },
	{ USER_MGR "/app.slice/foo.service", 0, "unit:foo.service", 0 },
	{ USER_MGR "/app.slice/app-gnome-firefox-2412.scope", 0, "", 0 },
	{ "/user.slice/user-1000.slice/user-runtime-dir@1000.service", 0,
	  "unit:user-runtime-dir@1000.service", 0 },
	{ "/system.slice/a.service/b.service", 0, "unit:b.service", 0 },
	{ "/system.slice/b.service/user@1000.service", 0, "unit:b.service", 0 },
	{ USER_MGR, 0, "", 0 },
	{ USER_MGR "/init.scope", 0, "", 0 },
	{ "/system.slice/.service", 0, "", 0 },
	{ "/system.slice/nginx.service.d", 0, "", 0 },
	{ "/system.slice/my app.service", 0, "", 0 },
	{ "/system.slice/evil\x1b[2J.service", 0, "", 0 },

	/* Precedence: the innermost container; a container over a service
	 * around it or inside it. */
	{ "/lxc.payload.c1/system.slice/docker-" ID_DOCKER ".scope", 0, "docker:ca978112ca1b", 0 },
	{ "/lxc.payload.c1/system.slice/docker-" ID_DOCKER ".scope/system.slice/nginx.service", 0,
	  "docker:ca978112ca1b", 0 },
	{ "/machine.slice/machine-vm1.scope/payload/system.slice/docker-" ID_DOCKER ".scope", 0,
	  "docker:ca978112ca1b", 0 },
	{ "/docker/" ID_DOCKER "/lxc.payload.inner", 0, "lxc:inner", 0 },
	{ "/docker/" ID_DOCKER "/docker/" ID_CTRD, 0, "docker:3e23e8160039", 0 },
	{ "/system.slice/app.service/libpod-" ID_PODMAN ".scope", 0, "podman:18ac3e7343f0", 0 },
	{ "/system.slice/docker-" ID_DOCKER ".scope/system.slice/crio-conmon-" ID_CRIO ".scope", 0,
	  "docker:ca978112ca1b", 0 },

	/* Nothing. */
	{ "", 0, "", 0 },
	{ "/", 0, "", 0 },
	{ "///", 0, "", 0 },
	{ "/init.scope", 0, "", 0 },
	{ "/system.slice", 0, "", 0 },
	{ "/user.slice/user-1000.slice/session-3.scope", 0, "", 0 },
	{ "/system.slice/systemd-journald.socket", 0, "", 0 },

	/* Ids that are not quite: the 12 digits a label shows, 63 and 65
	 * digits, one upper-case digit (engines write lower case only), a
	 * 'g'. */
	{ "/system.slice/docker-ca978112ca1b.scope", 0, "", 0 },
	{ "/system.slice/docker-ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48b.scope",
	  0, "", 0 },
	{ "/system.slice/docker-" ID_DOCKER "0.scope", 0, "", 0 },
	{ "/docker/ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48b", 0, "", 0 },
	{ "/docker/" ID_DOCKER "0", 0, "", 0 },
	{ "/system.slice/docker-Ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb.scope",
	  0, "", 0 },
	{ "/system.slice/docker-ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bg.scope",
	  0, "", 0 },
	{ "/libpod_parent/libpod-" ID_PODMAN "0", 0, "", 0 },

	/* NUL bytes are bytes: the path is len long, not strlen long. */
	{ BYTES("/system.slice/docker-" ID_DOCKER ".scope\0/init.scope"), "", 0 },
	{ BYTES("/init.scope\0/system.slice/docker-" ID_DOCKER ".scope"), "docker:ca978112ca1b", 0 },
	{ BYTES("/docker\0/" ID_DOCKER), "", 0 },
	{ BYTES("/lxc.payload.a\0b"), "lxc:a\0b", 7 },
	{ BYTES("/system.slice/ng\0inx.service"), "", 0 },
	/* len shorter than the string: what follows does not count. */
	{ "/system.slice/nginx.service/docker-" ID_DOCKER ".scope", 27, "unit:nginx.service", 0 },
	{ "/system.slice/docker-" ID_DOCKER ".scope", 80, "", 0 },
	{ "/docker/" ID_DOCKER "0", 8 + 64, "docker:ca978112ca1b", 0 },
	{ "/lxc.payload.web1", 16, "lxc:web", 0 },

	/* Escapes that are not whole: cut by the end of the name, by the
	 * end of the path, not hex, not 'x'; and bytes that decode to
	 * controls, NUL among them. */
	{ "/machine.slice/machine-web\\x.scope", 0, "", 0 },
	{ "/machine.slice/machine-web\\x2.scope", 0, "", 0 },
	{ "/machine.slice/machine-web\\.scope", 0, "", 0 },
	{ "/machine.slice/machine-web\\x2g.scope", 0, "", 0 },
	{ "/machine.slice/machine-web\\u002d.scope", 0, "", 0 },
	{ "/machine.slice/machine-web\\", 0, "", 0 },
	{ "/machine.slice/machine-web\\x", 0, "", 0 },
	{ "/machine.slice/machine-web\\x2dfront.scope", 28, "", 0 },
	{ "/machine.slice/machine-\\x01\\x1b\\x00x\\x7f\\xff.scope", 0,
	  "machine:\x01\x1b\0x\x7f\xff", 14 },
};

/* Fills with this to see what was written. */
#define POISON ((char)0xa5)
/* Bytes past size that must stay as they were. */
#define GUARD 16

/* The label of path[0..len), made from a copy in a block of exactly len
 * bytes so that a sanitizer sees any read past the end, into a buffer of
 * size bytes followed by a guard. The label goes to out (size bytes);
 * what the function must never do is checked here. */
static size_t label_of(const char *path, size_t len, size_t size, char *out, const char *what)
{
	char *copy = malloc(len ? len : 1), *buf = malloc(size + GUARD);
	size_t n;
	bool guard_ok = true;

	if (!copy || !buf) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	memcpy(copy, path, len);
	memset(buf, POISON, size + GUARD);
	n = container_label(copy, len, buf, size);
	for (size_t i = size; i < size + GUARD; i++)
		guard_ok &= buf[i] == POISON;
	CHECK(guard_ok, "%s: size %zu: wrote past the buffer", what, size);
	if (size) {
		CHECK(n < size && buf[n] == '\0', "%s: size %zu: %zu bytes, not NUL-terminated",
		      what, size, n);
		memcpy(out, buf, n < size ? n + 1 : size);
	} else {
		CHECK(n == 0, "%s: size 0: returned %zu", what, n);
	}
	free(copy);
	free(buf);
	return n;
}

#define LABEL_SIZE 4096

static void check_label(const char *path, size_t len, const char *want, size_t want_len)
{
	static char got[LABEL_SIZE];
	size_t n = label_of(path, len, LABEL_SIZE, got, path);

	CHECK(n == want_len && !memcmp(got, want, n), "\"%.*s\": got %zu bytes \"%.*s\", expected \"%s\"",
	      (int)(len < 200 ? len : 200), path, n, (int)n, got, want);
}

/* Every buffer size from 0 to one more than the label needs gives the
 * label's first size - 1 bytes: truncation cuts, it never chooses. */
static void check_every_size(const char *path, size_t len, const char *want, size_t want_len)
{
	static char got[LABEL_SIZE];
	bool ok = true;

	for (size_t size = 0; size <= want_len + 1; size++) {
		size_t n = label_of(path, len, size, got, path);
		size_t expect = size ? (want_len < size - 1 ? want_len : size - 1) : 0;

		ok &= n == expect && !memcmp(got, want, n);
	}
	CHECK(ok, "\"%.*s\": some buffer size cut the label wrong", (int)(len < 200 ? len : 200), path);
}

static void table_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct label_case *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->path);
		size_t want_len = c->want_len ? c->want_len : strlen(c->want);

		check_label(c->path, len, c->want, want_len);
		check_every_size(c->path, len, c->want, want_len);
	}
}

/* The buffer sizes asked for: one byte holds only the NUL, five cut the
 * prefix, thirteen cut the id; each with the label spelt out. */
static void small_buffers(void)
{
	static const char docker[] = "/system.slice/docker-" ID_DOCKER ".scope";
	static const char pod[] = BURSTABLE_SLICE "/cri-containerd-" ID_CTRD ".scope";
	static const char machine[] = "/machine.slice/machine-web\\x2dfront.scope";
	char got[32];
	size_t n;

	n = label_of(docker, strlen(docker), 1, got, "size 1");
	CHECK_MEM(got, n, "", "size 1");
	n = label_of(docker, strlen(docker), 5, got, "size 5");
	CHECK_MEM(got, n, "dock", "size 5");
	n = label_of(docker, strlen(docker), 13, got, "size 13");
	CHECK_MEM(got, n, "docker:ca978", "size 13");
	n = label_of(docker, strlen(docker), 20, got, "size 20");
	CHECK_MEM(got, n, "docker:ca978112ca1b", "size 20, room for all");
	/* The uid's '_' become '-' in what fits too. */
	n = label_of(pod, strlen(pod), 21, got, "pod, size 21");
	CHECK_MEM(got, n, "pod:bd010ccc-1990-46", "pod, size 21");
	/* The room counts decoded bytes, and an escape is one of them. */
	n = label_of(machine, strlen(machine), 13, got, "machine, size 13");
	CHECK_MEM(got, n, "machine:web-", "machine, size 13");
	n = label_of(machine, strlen(machine), 12, got, "machine, size 12");
	CHECK_MEM(got, n, "machine:web", "machine, size 12");
	n = label_of(machine, strlen(machine), 18, got, "machine, size 18");
	CHECK_MEM(got, n, "machine:web-front", "machine, size 18");
	/* Size 0 writes nothing, so there need be no buffer; an empty path
	 * need not be anywhere. */
	CHECK_EQ(container_label(docker, strlen(docker), NULL, 0), 0, "size 0, no buffer");
	n = container_label(NULL, 0, got, sizeof(got));
	CHECK(n == 0 && got[0] == '\0', "no path: %zu", n);
}

#define LONG_LEN 100000

/* Leading slashes, head, fill over and over, then tail: exactly LONG_LEN
 * bytes. The slashes make up what whole fills leave over, and change
 * nothing: empty components are skipped. */
static char *long_path(const char *head, const char *fill, const char *tail)
{
	char *p = malloc(LONG_LEN);
	size_t h = strlen(head), f = strlen(fill), t = strlen(tail);
	size_t fills = (LONG_LEN - h - t) / f, pad = LONG_LEN - h - t - fills * f;

	if (!p)
		exit(1);
	memset(p, '/', pad);
	memcpy(p + pad, head, h);
	for (size_t i = 0; i < fills; i++)
		memcpy(p + pad + h + i * f, fill, f);
	memcpy(p + LONG_LEN - t, tail, t);
	return p;
}

/* A label of prefix then fill to the last byte of a LABEL_SIZE buffer. */
static void check_long_label(const char *path, const char *prefix, char fill, const char *what)
{
	static char got[LABEL_SIZE], want[LABEL_SIZE];
	size_t pre = strlen(prefix);
	size_t n = label_of(path, LONG_LEN, LABEL_SIZE, got, what);

	memcpy(want, prefix, pre);
	memset(want + pre, fill, LABEL_SIZE - 1 - pre);
	CHECK(n == LABEL_SIZE - 1 && !memcmp(got, want, n), "%s: %zu bytes \"%.20s...\"", what, n, got);
}

/* Paths longer than any buffer: parsed where they are, labels cut to fit. */
static void long_paths(void)
{
	char *p;

	p = long_path("", "/a", "/docker-" ID_DOCKER ".scope");
	check_label(p, LONG_LEN, "docker:ca978112ca1b", 19);
	free(p);
	p = long_path("", "/docker", "/" ID_DOCKER);
	check_label(p, LONG_LEN, "docker:ca978112ca1b", 19);
	free(p);
	p = long_path(BURSTABLE_SLICE, "/x", "/cri-containerd-" ID_CTRD ".scope");
	check_label(p, LONG_LEN, POD, strlen(POD));
	free(p);
	p = long_path("", "/", "");
	check_label(p, LONG_LEN, "", 0);
	free(p);
	/* One component of nearly 100 000 bytes. */
	p = long_path("/lxc.payload.", "n", "");
	check_long_label(p, "lxc:", 'n', "100 000-byte LXC name");
	free(p);
	p = long_path("/machine.slice/machine-", "\\x2d", "\\x2d.scope");
	check_long_label(p, "machine:", '-', "100 000-byte escaped machine name");
	free(p);
	p = long_path("/system.slice/", "a", ".service");
	check_label(p, LONG_LEN, "", 0);
	free(p);
}

/* systemd's longest unit name is 255 bytes. */
static void unit_name_limit(void)
{
	char path[300], want[300];

	memcpy(path, "/system.slice/", 14);
	memset(path + 14, 'a', 247);
	memcpy(path + 14 + 247, ".service", 8);
	memcpy(want, "unit:", 5);
	memcpy(want + 5, path + 14, 255);
	check_label(path, 14 + 255, want, 5 + 255);
	memset(path + 14, 'a', 248);
	memcpy(path + 14 + 248, ".service", 8);
	check_label(path, 14 + 256, "", 0);
}

/* Bits of every layout, glued at random, and random bytes: whatever comes
 * out, a smaller buffer holds the start of the same label. */
static const char *const pieces[] = {
	"/", "/", "//", "docker", "docker-", "cri-containerd-", "crio-", "crio-conmon-",
	"libpod-", "libpod_parent", ID_DOCKER, ID_CTRD, "ca978112ca1b", ".scope", ".slice",
	".service", "kubepods", "kubepods-", "burstable", "besteffort", "-burstable-", "pod",
	UID_DASH, UID_UNDER, "_", "-", "lxc", "lxc.payload.", "machine-", "\\x", "\\x2d", "\\",
	"2", "d", "user@", "1000", "\0", "\xff", "init.scope", "a",
};

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

static void random_paths(void)
{
	static const size_t sizes[] = { 0, 1, 2, 5, 13, 20, 41, 96 };
	static char path[1024], full[LABEL_SIZE], got[LABEL_SIZE];
	uint32_t state = 1;
	unsigned bad = 0, labelled = 0;

	for (int round = 0; round < 20000; round++) {
		size_t len = 0, n;

		for (int k = next_random(&state) % 14; k > 0; k--) {
			const char *piece = pieces[next_random(&state) % (sizeof(pieces) / sizeof(pieces[0]))];
			size_t plen = *piece ? strlen(piece) : 1;

			memcpy(path + len, piece, plen);
			len += plen;
		}
		if (round % 10 == 0)
			for (len = 0; len < 64; len++)
				path[len] = (char)next_random(&state);
		n = label_of(path, len, LABEL_SIZE, full, "random path");
		labelled += n > 0;
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			size_t m = label_of(path, len, sizes[i], got, "random path");
			size_t expect = !sizes[i] ? 0 : n < sizes[i] ? n : sizes[i] - 1;

			bad += m != expect || memcmp(got, full, m);
		}
	}
	CHECK(bad == 0, "random paths: %u labels cut wrong", bad);
	/* Not a test of nothing: some of them make labels. */
	CHECK(labelled > 100, "random paths: only %u labelled", labelled);
}

int main(void)
{
	/* The test's own ids and uids are what they claim to be. */
	CHECK_EQ(strlen(ID_DOCKER), 64, "ID_DOCKER");
	CHECK_EQ(strlen(ID_CTRD), 64, "ID_CTRD");
	CHECK_EQ(strlen(ID_CRIO), 64, "ID_CRIO");
	CHECK_EQ(strlen(ID_PODMAN), 64, "ID_PODMAN");
	CHECK_EQ(strlen(ID_PAUSE), 64, "ID_PAUSE");
	CHECK_EQ(strlen(UID_DASH), 36, "UID_DASH");
	CHECK_EQ(strlen(UID_UNDER), 36, "UID_UNDER");
	CHECK_EQ(strlen(UID2_DASH), 36, "UID2_DASH");

	table_cases();
	small_buffers();
	long_paths();
	unit_name_limit();
	random_paths();
	return unit_done();
}
