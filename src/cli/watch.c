// SPDX-License-Identifier: GPL-2.0-or-later
/* watch.c: --watch, sampling repeatedly and keeping each listener's peak. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exit.h"
#include "inode_map.h"
#include "modes.h"
#include "msg.h"
#include "pipeline.h"

/* Set from the signal handler; the only way a handler may talk to the
 * loop. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* What a watch remembers of each listener from one sample to the next,
 * by socket inode (unique host-wide; a listener that is restarted gets a
 * new one and starts afresh). */
struct memory {
	struct inode_map peak;		/* highest recv_q */
	struct inode_map last_drops;	/* drops at the last sample */
	struct inode_map first_drops;	/* drops when first seen */
};

static void memory_free(struct memory *m)
{
	inode_map_free(&m->peak);
	inode_map_free(&m->last_drops);
	inode_map_free(&m->first_drops);
}

/* A map's value for a key seen for the first time. */
#define UNSEEN UINT32_MAX


/* What a map held for key at the last sample, or def. */
static uint32_t recall(const struct inode_map *m, uint32_t key, uint32_t def)
{
	size_t pos = inode_map_start(m, key);
	const uint32_t *v = inode_map_next(m, key, &pos);

	return v ? *v : def;
}

/* Fills each row's watch fields: its peak, its drops since the last sample
 * (unknown in the first; for a listener born since then, all of its
 * drops), and since the watch began (likewise). The memory is made anew
 * from this sample's listeners: one gone is never seen again (its inode
 * is not reused soon), so a long watch of a busy host holds only what it
 * shows. */
static int remember(struct memory *m, struct listener_set *set, long sample)
{
	struct memory now = { 0 };
	int err = listener_set_watch_room(set);

	if (!err)
		err = inode_map_reserve(&now.peak, set->n);
	if (!err)
		err = inode_map_reserve(&now.last_drops, set->n);
	if (!err)
		err = inode_map_reserve(&now.first_drops, set->n);
	if (err < 0) {
		memory_free(&now);
		return err;
	}
	for (size_t i = 0; i < set->n; i++) {
		const struct listener *l = &set->v[i];
		struct listener_watch *w = &set->watch[i];
		uint32_t *peak = inode_map_get_or_add(&now.peak, l->inode,
						      recall(&m->peak, l->inode, 0));
		uint32_t *last = inode_map_get_or_add(&now.last_drops, l->inode,
						      recall(&m->last_drops, l->inode, UNSEEN));
		uint32_t *first = inode_map_get_or_add(&now.first_drops, l->inode,
						       recall(&m->first_drops, l->inode,
							      sample == 1 ? l->drops : 0));

		if (l->recv_q != SOCKQ_UNKNOWN && l->recv_q > *peak)
			*peak = l->recv_q;
		w->peak_q = *peak;
		w->new_drops = w->watch_drops = SOCKQ_UNKNOWN;
		if (l->drops == SOCKQ_UNKNOWN)
			continue;
		if (sample > 1)
			w->new_drops = *last == UNSEEN ? l->drops : drops_since(l->drops, *last);
		if (*first != SOCKQ_UNKNOWN)
			w->watch_drops = drops_since(l->drops, *first);
		*last = l->drops;
	}
	memory_free(m);
	*m = now;
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

static long long ts_ns(const struct timespec *ts)
{
	return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

/* Sleeps until the next tick. Ticks missed while sockq was stopped
 * (SIGSTOP, a suspended machine) or slower than the interval are skipped,
 * not caught up in a burst of samples: the ticks start again from now. */
static void sleep_until(struct timespec *next, double interval)
{
	long long step = (long long)(interval * 1e9), at = ts_ns(next) + step;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (at <= ts_ns(&now))
		at = ts_ns(&now) + step;
	next->tv_sec = (time_t)(at / 1000000000LL);
	next->tv_nsec = (long)(at % 1000000000LL);
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
		uint64_t now = set->ns[i].sys.counter[CNT_LISTEN_OVERFLOWS];

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
static int draw_screen(struct pipeline *p, struct out *o, long sample,
		       const char *when, const uint64_t *start)
{
	out_puts(o, "\033[H\033[2J");
	out_printf(o, "sockq --watch %gs   sample %ld   %s   ", p->opt->interval, sample, when);
	put_overflow_deltas(o, &p->set, start);
	out_puts(o, "\n\n");
	return pipeline_render(p, p->query, p->opt->format, o, NULL, true);
}

/* The peaks, highest first, once the watch ends: a second query over the
 * same rows. */
static int print_peaks(struct pipeline *p, struct out *o)
{
	static const int cols[] = {
		LC_NETNS, LC_PROTO, LC_LOCAL, LC_PEAK_Q, LC_RECV_Q, LC_BACKLOG, LC_WATCH_DROPS,
	};
	size_t ncols = sizeof(cols) / sizeof(cols[0]);
	size_t first = p->set.nns > 1 ? 0 : 1;
	struct query peaks = *p->query;

	peaks.netns_specs = NULL;
	peaks.n_netns_specs = 0;
	peaks.rows = ROWS_LISTENERS;
	peaks.sort_col = LC_PEAK_Q;
	peaks.reverse = false;
	peaks.only_full = false;
	peaks.min_use = -1;
	memcpy(peaks.cols, cols + first, (ncols - first) * sizeof(int));
	peaks.ncols = ncols - first;
	out_puts(o, "\nPeak accept queues while watching:\n");
	return pipeline_render(p, &peaks, format_find("table"), o, NULL, true);
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

/* One sample written as the format frames it, when not redrawn. */
static int write_sample(struct pipeline *p, struct out *o, long sample, const char *when)
{
	bool header = p->opt->format->frame != FRAME_SERIES || sample == 1;

	return pipeline_render(p, p->query, p->opt->format, o, when, header);
}

static int watch_loop(struct pipeline *p, struct out *o, struct memory *mem,
		      uint64_t *start)
{
	bool screen = p->opt->format->frame == FRAME_BLOCK && isatty(STDOUT_FILENO);
	struct timespec next;
	char when[40];
	int err;

	clock_gettime(CLOCK_MONOTONIC, &next);
	for (long sample = 1; !stop_requested; sample++) {
		err = pipeline_sample(p);
		if (err == 0)
			err = remember(mem, &p->set, sample);
		if (err < 0) {
			msg_error("sample %ld: %s", sample, strerror(-err));
			return err;
		}
		if (sample == 1)
			for (size_t i = 0; i < p->set.nns; i++)
				start[i] = p->set.ns[i].sys.counter[CNT_LISTEN_OVERFLOWS];
		format_time(when, sizeof(when));
		err = screen ? draw_screen(p, o, sample, when, start)
			     : write_sample(p, o, sample, when);
		if (err < 0) {
			msg_error("sample %ld: %s", sample, strerror(-err));
			return err;
		}
		if (out_flush(o) < 0)
			return 0;
		if (p->opt->count && sample >= p->opt->count)
			break;
		sleep_until(&next, p->opt->interval);
	}
	return 0;
}

int watch_main(struct options *opt)
{
	struct pipeline *p = malloc(sizeof(*p));
	struct out *o = malloc(sizeof(*o)), *err_out = malloc(sizeof(*err_out));
	struct memory mem = { 0 };
	uint64_t *start = NULL;
	bool screen = opt->format->frame == FRAME_BLOCK && isatty(STDOUT_FILENO);
	int err, status = EXIT_RUNTIME;

	if (!p || !o || !err_out || install_handlers() < 0) {
		msg_error("cannot start watching: %s", strerror(errno ? errno : ENOMEM));
		free(p);
		goto out;
	}
	out_init(o, STDOUT_FILENO);
	out_init(err_out, STDERR_FILENO);
	err = pipeline_open(p, opt);
	if (err < 0)
		goto close;
	start = calloc(p->set.nns ? p->set.nns : 1, sizeof(*start));
	if (!start) {
		msg_error("cannot start watching: %s", strerror(ENOMEM));
		goto close;
	}
	err = pipeline_watch_start(p);
	/* Everything that needs privilege is open now; the samples read
	 * through those descriptors (see pipeline_drop_privileges for -p). */
	if (err == 0)
		err = pipeline_drop_privileges(p);
	if (err < 0)
		goto close;
	err = watch_loop(p, o, &mem, start);
	if (p->query->rows == ROWS_LISTENERS && !o->err && err == 0) {
		err = print_peaks(p, screen ? o : err_out);
		if (err < 0)
			msg_error("the peaks: %s", strerror(-err));
	}
	out_flush(err_out);
	status = pipeline_finish_output(o, err < 0 ? EXIT_RUNTIME
					: p->report.failed ? EXIT_RUNTIME : EXIT_OK);
close:
	pipeline_close(p);
	free(p);
out:
	memory_free(&mem);
	free(start);
	free(o);
	free(err_out);
	return status;
}
