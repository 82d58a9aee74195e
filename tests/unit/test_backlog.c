// SPDX-License-Identifier: GPL-2.0-or-later
/* test_backlog.c: /proc/net/softnet_stat, as kernels old and new write it. */
#include <errno.h>
#include <stdlib.h>

#include "backlog.h"
#include "unit.h"

int main(void)
{
	struct cpu_backlog *cpus = NULL;
	size_t n = 0;

	/* Since Linux 5.10 the 13th column is the CPU's number: CPU 1 is
	 * offline here, so the lines are CPUs 0 and 2. */
	CHECK(softnet_parse("0000000a 00000001 00000002 00000000 00000000 00000000 00000000 "
			    "00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n"
			    "000000ff 00000010 00000020 00000000 00000000 00000000 00000000 "
			    "00000000 00000000 00000000 00000000 00000000 00000002 00000000 00000000\n",
			    &cpus, &n) == 0, "a recent kernel's lines");
	CHECK_EQ(n, 3, "two CPUs and the sum");
	CHECK(cpus[0].cpu == 0 && cpus[1].cpu == 2 && cpus[2].cpu == CPU_TOTAL, "CPU numbers");
	CHECK(cpus[1].processed == 255 && cpus[1].dropped == 16 && cpus[1].time_squeeze == 32,
	      "hexadecimal fields");
	CHECK(cpus[2].processed == 265 && cpus[2].dropped == 17 && cpus[2].time_squeeze == 34,
	      "the sum");

	/* Older kernels: eleven columns and no number; the line is the CPU. */
	CHECK(softnet_parse("00000001 00000000 00000000 00000000 00000000 00000000 00000000 "
			    "00000000 00000000 00000000 00000000\n"
			    "00000002 00000003 00000004 00000000 00000000 00000000 00000000 "
			    "00000000 00000000 00000000 00000000\n", &cpus, &n) == 0, "an older kernel's");
	CHECK(n == 3 && cpus[0].cpu == 0 && cpus[1].cpu == 1 && cpus[1].dropped == 3,
	      "lines numbered");

	/* Not softnet_stat at all. */
	CHECK(softnet_parse("", &cpus, &n) == -EBADMSG, "empty text");
	CHECK(softnet_parse("00000001 00000002\n", &cpus, &n) == -EBADMSG, "too few fields");
	CHECK(softnet_parse("0000000g 00000000 00000000\n", &cpus, &n) == -EBADMSG, "not hexadecimal");
	/* A line cut short (a file read in part) is no line. */
	CHECK(softnet_parse("00000001 00000002 00000003 00000000\n00000001 0000", &cpus, &n) == -EBADMSG,
	      "a last line without its end");
	CHECK(n == 0 && cpus != NULL, "a refused text leaves the last good one, counted as none");
	/* Many CPUs: more text than any fixed buffer held. */
	{
		static const char cpu_line[] = "00000001 00000002 00000003 00000000 00000000 "
			"00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
			"00000000 00000000\n";
		char *text = malloc(512 * (sizeof(cpu_line) - 1) + 1);

		text[0] = '\0';
		for (int i = 0; i < 512; i++)
			strcat(text, cpu_line);
		CHECK(softnet_parse(text, &cpus, &n) == 0 && n == 513 && cpus[512].processed == 512,
		      "512 CPUs and their sum: %zu rows", n);
		free(text);
	}
	free(cpus);
	return unit_done();
}
