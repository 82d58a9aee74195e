/* SPDX-License-Identifier: GPL-2.0-or-later */
/* container.h: a short label for the container, pod, machine or service a cgroup path belongs to. */
#ifndef SOCKQ_CONTAINER_H
#define SOCKQ_CONTAINER_H

#include <stddef.h>

/* Writes into label (size bytes, NUL-terminated) the short name of the container, pod,
 * machine or service that the cgroup path (len bytes, not NUL-terminated, untrusted: any
 * bytes) belongs to; returns its length, or 0 when nothing is recognised.
 *
 * The labels: "docker:", "containerd:", "crio:" or "podman:" and the first 12
 * digits of the container id; "pod:" and the pod's uid; "lxc:", "machine:" or
 * "unit:" and a name. A pod wins wherever it is in the path; otherwise the
 * innermost container, LXC container or machine; otherwise the innermost
 * service, so that a service run by a container's own init still names the
 * container.
 *
 * The length returned is what was written, at most size - 1: a label cut to
 * fit is still NUL-terminated, and a size of 0 writes nothing. LXC and
 * machine names are copied or unescaped byte for byte and may hold any byte,
 * NUL included: use the length, and escape the label before printing it. */
size_t container_label(const char *path, size_t len, char *label, size_t size);

/* Room for any label: the longest prefix and a cgroup's name (at most 255
 * bytes, as any file name). */
#define CONTAINER_LABEL_MAX 320

#endif
