// SPDX-License-Identifier: GPL-2.0-or-later
/* backlog.c: reading the per-CPU input backlog counters. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backlog.h"
#include "fileio.h"
#include "grow.h"

/* The numbers are global however the files are reached: softnet_stat is
 * per CPU, and netdev_max_backlog exists only in the initial namespace
 * (elsewhere it stays unknown). */
#define SOFTNET_PATH "/proc/net/softnet_stat"
#define MAX_BACKLOG_PATH "/proc/sys/net/core/netdev_max_backlog"

/* Columns of a line: processed, dropped, time_squeeze, ..., and since
 * Linux 5.10 the CPU's number as the 13th. */
#define SOFTNET_MIN_FIELDS 3
#define SOFTNET_CPU_FIELD 12

int softnet_parse(const char *text, struct cpu_backlog **cpus, size_t *n)
{
	struct cpu_backlog *v = NULL, total = { .cpu = CPU_TOTAL };
	size_t count = 0, line = 0, cap = 0;

	*n = 0;
	while (*text) {
		unsigned long long f[16];
		size_t nf = 0;

		while (*text && *text != '\n' && nf < 16) {
			char *end;

			f[nf] = strtoull(text, &end, 16);
			if (end == text || (*end != ' ' && *end != '\n' && *end))
				goto bad;
			nf++;
			text = end;
			while (*text == ' ')
				text++;
		}
		/* The kernel ends every line: one cut short was not read whole. */
		if (*text != '\n')
			goto bad;
		text++;
		if (nf < SOFTNET_MIN_FIELDS)
			goto bad;
		/* Room for this line and the sum. */
		if (grow(&v, &cap, count + 1, sizeof(*v), 64) < 0) {
			free(v);
			return -ENOMEM;
		}
		/* Offline CPUs have no line: the line number is the CPU's only
		 * where the kernel does not say. */
		v[count].cpu = nf > SOFTNET_CPU_FIELD ? (uint32_t)f[SOFTNET_CPU_FIELD] : (uint32_t)line;
		v[count].processed = f[0];
		v[count].dropped = f[1];
		v[count].time_squeeze = f[2];
		total.processed += f[0];
		total.dropped += f[1];
		total.time_squeeze += f[2];
		count++;
		line++;
	}
	if (!count)
		goto bad;
	v[count++] = total;
	free(*cpus);
	*cpus = v;
	*n = count;
	return 0;
bad:
	free(v);
	return -EBADMSG;
}

/* Whole files, up to 4 MiB: softnet_stat is 135 bytes a CPU. */
#define FILE_MAX (4u << 20)

int backlog_read(struct snapshot *set, const struct sysroot *sr)
{
	char path[PATH_MAX];
	char *buf = NULL;
	size_t cap = 0;
	unsigned long v;
	char *end;
	ssize_t n;
	int err = 0;

	set->netdev_max_backlog = SOCKQ_UNKNOWN;
	if ((n = read_file_at(AT_FDCWD, sysroot_path(sr, MAX_BACKLOG_PATH, path), &buf, &cap, FILE_MAX)) > 0) {
		v = strtoul(buf, &end, 10);
		if (end != buf && v < SOCKQ_UNKNOWN)
			set->netdev_max_backlog = (uint32_t)v;
	}
	set->ncpus = 0;
	if (n == -ENOMEM || (n = read_file_at(AT_FDCWD, sysroot_path(sr, SOFTNET_PATH, path), &buf,
							 &cap, FILE_MAX)) == -ENOMEM)
		err = -ENOMEM;
	else if (n > 0)
		err = softnet_parse(buf, &set->cpus, &set->ncpus);
	free(buf);
	return err == -ENOMEM ? err : 0;
}
