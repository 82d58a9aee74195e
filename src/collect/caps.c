// SPDX-License-Identifier: GPL-2.0-or-later
/* caps.c: capability checks, phases and dropping, with libcap, for the calling thread. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
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

bool caps_elevated(void)
{
	/* The kernel sets AT_SECURE when an exec gained capabilities or
	 * identities; root running sockq gains nothing. */
	return getauxval(AT_SECURE) != 0;
}

int caps_set_effective(caps_t want)
{
	cap_t caps = cap_get_proc();
	int err = 0;

	if (!caps)
		return -errno;
	for (cap_value_t c = 0; c <= CAP_LAST_CAP && c < 64 && !err; c++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (cap_get_flag(caps, c, CAP_PERMITTED, &v) < 0)
			break;
		if (!(want & CAPS(c)))
			v = CAP_CLEAR;
		if (cap_set_flag(caps, CAP_EFFECTIVE, 1, &c, v) < 0)
			err = -errno;
	}
	if (!err && cap_set_proc(caps) < 0)
		err = -errno;
	cap_free(caps);
	return err;
}

int caps_lower(caps_t *was)
{
	cap_t caps = cap_get_proc();

	*was = 0;
	if (!caps)
		return -errno;
	for (cap_value_t c = 0; c <= CAP_LAST_CAP && c < 64; c++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (cap_get_flag(caps, c, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
			*was |= CAPS(c);
	}
	cap_free(caps);
	return caps_set_effective(0);
}

int caps_restore(caps_t was)
{
	return caps_set_effective(was);
}

int caps_drop(caps_t keep)
{
	cap_t now = cap_get_proc(), next = cap_init();
	int err = 0;

	if (!now || !next) {
		err = -errno;
		goto out;
	}
	for (cap_value_t c = 0; c <= CAP_LAST_CAP && c < 64; c++) {
		cap_flag_value_t v = CAP_CLEAR;

		if (!(keep & CAPS(c)))
			continue;
		if (cap_get_flag(now, c, CAP_PERMITTED, &v) == 0 && v == CAP_SET &&
		    cap_set_flag(next, CAP_PERMITTED, 1, &c, CAP_SET) < 0) {
			err = -errno;
			goto out;
		}
	}
	if (cap_set_proc(next) < 0)
		err = -errno;
out:
	cap_free(now);
	cap_free(next);
	return err;
}

void caps_debug_report(const char *when)
{
	char line[256];
	FILE *f;

	if (!secure_getenv("SOCKQ_DEBUG_CAPS"))
		return;
	/* The calling thread's sets: another thread's may differ. */
	f = fopen("/proc/thread-self/status", "re");
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
	snprintf(buf, size, "setcap " CAPS_SETCAP_LIST " %s", exe);
}
