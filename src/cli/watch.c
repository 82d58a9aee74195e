// SPDX-License-Identifier: GPL-2.0-or-later
/* watch.c: --watch, sampling repeatedly and keeping each listener's peak. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "run.h"
#include "select.h"

/* Set from the signal handler; the only way a handler may talk to the
 * loop. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Peak recv_q per socket inode across samples. */
struct peaks {
	uint32_t *inode;	/* 0: empty slot */
	uint32_t *peak;
	size_t mask, used;
};

static uint32_t *peak_slot(struct peaks *p, uint32_t inode)
{
	size_t h = (inode * 2654435761u) & p->mask;

	while (p->inode[h] && p->inode[h] != inode)
		h = (h + 1) & p->mask;
	if (!p->inode[h]) {
		p->inode[h] = inode;
		p->peak[h] = 0;
		p->used++;
	}
	return &p->peak[h];
}

static int peaks_grow(struct peaks *p, size_t need)
{
	size_t size = p->mask + 1;
	struct peaks old = *p;

	if (p->inode && p->used + need < size / 2)
		return 0;
	while (size < (p->used + need) * 4)
		size *= 2;
	p->inode = calloc(size, sizeof(*p->inode));
	p->peak = calloc(size, sizeof(*p->peak));
	if (!p->inode || !p->peak) {
		free(p->inode);
		free(p->peak);
		*p = old;
		return -ENOMEM;
	}
	p->mask = size - 1;
	p->used = 0;
	for (size_t i = 0; old.inode && i <= old.mask; i++)
		if (old.inode[i])
			*peak_slot(p, old.inode[i]) = old.peak[i];
	free(old.inode);
	free(old.peak);
	return 0;
}

static int update_peaks(struct peaks *p, struct listener_set *set)
{
	int err = peaks_grow(p, set->n);

	if (err < 0)
		return err;
	for (size_t i = 0; i < set->n; i++) {
		struct listener *l = &set->v[i];
		uint32_t *peak = peak_slot(p, l->inode);

		if (l->recv_q != SOCKQ_UNKNOWN && l->recv_q > *peak)
			*peak = l->recv_q;
		l->peak_q = *peak;
	}
	return 0;
}

/* ISO 8601, UTC, milliseconds: a spreadsheet charts it as a time axis. */
static void format_time(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

static void sleep_until(struct timespec *next, double interval)
{
	long long ns = (long long)(interval * 1e9);

	next->tv_sec += (time_t)(ns / 1000000000LL);
	next->tv_nsec += (long)(ns % 1000000000LL);
	if (next->tv_nsec >= 1000000000L) {
		next->tv_sec++;
		next->tv_nsec -= 1000000000L;
	}
	while (!stop_requested &&
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, next, NULL) == EINTR)
		;
}

static void put_overflow_deltas(struct out *o, const struct listener_set *set,
				const uint64_t *start)
{
	uint64_t total = 0;
	bool known = false;

	for (size_t i = 0; i < set->nns; i++) {
		uint64_t now = set->ns[i].sys.listen_overflows;

		if (now == UINT64_MAX || start[i] == UINT64_MAX)
			continue;
		known = true;
		total += now - start[i];
	}
	if (known)
		out_printf(o, "listen_overflows +%llu since start", (unsigned long long)total);
	else
		out_puts(o, "listen_overflows unknown");
}

/* In a terminal: redraw one screen per sample. */
static void draw_screen(struct run *r, struct out *o, long sample,
			const char *when, const uint64_t *start)
{
	out_puts(o, "\033[H\033[2J");
	out_printf(o, "sockq --watch %gs   sample %ld   %s   ", r->o->interval, sample, when);
	put_overflow_deltas(o, &r->set, start);
	out_puts(o, "\n\n");
	run_render(r, o, NULL, true);
}

/* The peaks, best first, once the watch ends. */
static void print_peaks(struct run *r, struct out *o)
{
	struct options po = *r->o;
	int cols[] = { LC_NETNS, LC_PROTO, LC_LOCAL, LC_PEAK_Q, LC_RECV_Q, LC_BACKLOG };
	struct run pr = *r;
	size_t ncols = sizeof(cols) / sizeof(cols[0]);
	size_t first = r->set.nns > 1 ? 0 : 1;

	po.summary = false;
	po.format = FMT_TABLE;
	po.sort_col = LC_PEAK_Q;
	po.reverse = false;
	po.only_full = false;
	po.min_use = -1;
	pr.o = &po;
	memcpy(pr.cols, cols + first, (ncols - first) * sizeof(int));
	pr.ncols = ncols - first;
	out_puts(o, "\nPeak accept queues while watching:\n");
	run_render(&pr, o, NULL, true);
}

static int install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0)
		return -errno;
	return 0;
}

int watch_run(struct run *r)
{
	bool screen = r->o->format == FMT_TABLE && isatty(STDOUT_FILENO);
	struct out *o = malloc(sizeof(*o)), *err_out = malloc(sizeof(*err_out));
	struct peaks peaks = { 0 };
	uint64_t *start = calloc(r->set.nns ? r->set.nns : 1, sizeof(*start));
	struct timespec next;
	int err, status = EXIT_OK;
	char when[40];

	if (!o || !err_out || !start || install_handlers() < 0) {
		msg_error("cannot start watching: %s", strerror(errno ? errno : ENOMEM));
		status = EXIT_RUNTIME;
		goto out;
	}
	out_init(o, STDOUT_FILENO);
	out_init(err_out, STDERR_FILENO);
	err = collect_open_all(&r->col);
	/* Everything that needs privilege is open now; the samples read
	 * through those descriptors with none. */
	if (err == 0)
		err = run_drop_privileges();
	if (err < 0) {
		status = EXIT_RUNTIME;
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (long sample = 1; !stop_requested; sample++) {
		err = collect_sample(&r->col);
		if (err == 0)
			err = update_peaks(&peaks, &r->set);
		if (err < 0) {
			msg_error("sample %ld: %s", sample, strerror(-err));
			status = EXIT_RUNTIME;
			break;
		}
		if (sample == 1)
			for (size_t i = 0; i < r->set.nns; i++)
				start[i] = r->set.ns[i].sys.listen_overflows;
		format_time(when, sizeof(when));
		if (screen)
			draw_screen(r, o, sample, when, start);
		else
			run_render(r, o, when, sample == 1 || r->o->format != FMT_CSV);
		if (out_flush(o) < 0)
			break;
		if (r->o->count && sample >= r->o->count)
			break;
		sleep_until(&next, r->o->interval);
	}
	if (!r->o->summary && !o->err)
		print_peaks(r, screen ? o : err_out);
	out_flush(err_out);
	status = run_finish_output(o, status != EXIT_OK ? status : r->rep.failed ? EXIT_RUNTIME : EXIT_OK);
out:
	free(peaks.inode);
	free(peaks.peak);
	free(start);
	free(o);
	free(err_out);
	return status;
}
