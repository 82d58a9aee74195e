// SPDX-License-Identifier: GPL-2.0-or-later
/* caps.c: capability checks and dropping, with libcap. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"

bool caps_effective(cap_value_t cap)
{
	cap_t caps = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;

	if (!caps)
		return false;
	if (cap_get_flag(caps, cap, CAP_EFFECTIVE, &v) < 0)
		v = CAP_CLEAR;
	cap_free(caps);
	return v == CAP_SET;
}

int caps_drop_all(void)
{
	cap_t none = cap_init();
	int err = 0;

	if (!none)
		return -errno;
	if (cap_set_proc(none) < 0)
		err = -errno;
	cap_free(none);
	return err;
}

void caps_debug_report(const char *when)
{
	char line[256];
	FILE *f;

	if (!secure_getenv("SOCKQ_DEBUG_CAPS"))
		return;
	f = fopen("/proc/self/status", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7) || !strncmp(line, "CapPrm:", 7))
			fprintf(stderr, "sockq: debug: %s %s", when, line);
	fclose(f);
}

void caps_setcap_hint(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		snprintf(exe, sizeof(exe), "sockq");
	else
		exe[n] = '\0';
	snprintf(buf, size, "setcap cap_sys_admin,cap_sys_ptrace+ep %s", exe);
}
