/* SPDX-License-Identifier: GPL-2.0-or-later */
/* floor_caps.h: a floor program collects with the capabilities sockq collects with. */
#ifndef SOCKQ_BENCH_FLOOR_CAPS_H
#define SOCKQ_BENCH_FLOOR_CAPS_H

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

/* With CAP_NET_ADMIN effective the kernel adds every socket's mark to each
 * reply of a dump; sockq collects without it, and so must a floor, or it
 * would do more work than sockq for the same answer. */
static inline void floor_drop_net_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, d) < 0)
		return;
	d[CAP_TO_INDEX(CAP_NET_ADMIN)].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	syscall(SYS_capset, &h, d);
}

#endif
