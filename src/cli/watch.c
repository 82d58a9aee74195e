// SPDX-License-Identifier: GPL-2.0-or-later
/* watch.c: --watch, sampling repeatedly: each listener's peak and new drops from the history, namespaces followed as they come and go. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exit.h"
#include "inode_map.h"
#include "loop.h"
#include "modes.h"
#include "msg.h"
#include "pipeline.h"

/* Each namespace's ListenOverflows when the watch first saw it, by its
 * stable id: a namespace that appears later counts from then, one that
 * vanishes stops counting. */
struct overflow_start {
	struct inode_map index;	/* namespace id -> place in at + 1 */
	uint64_t *at;
	size_t n, cap;
};

static int remember_starts(struct overflow_start *st, const struct snapshot *s)
{
	for (size_t i = 0; i < s->nns; i++) {
		size_t pos = inode_map_start(&st->index, s->ns[i].id);

		if (inode_map_next(&st->index, s->ns[i].id, &pos))
			continue;
		if (st->n == st->cap) {
			size_t cap = st->cap ? st->cap * 2 : 64;
			uint64_t *at = reallocarray(st->at, cap, sizeof(*at));

			if (!at)
				return -ENOMEM;
			st->at = at;
			st->cap = cap;
		}
		if (inode_map_reserve(&st->index, 1) < 0)
			return -ENOMEM;
		st->at[st->n] = s->ns[i].sys.counter[CNT_LISTEN_OVERFLOWS];
		inode_map_add(&st->index, s->ns[i].id, (uint32_t)++st->n);
	}
	return 0;
}

static void put_overflow_deltas(struct sink *o, const struct snapshot *s,
				const struct overflow_start *st)
{
	uint64_t total = 0;
	bool known = false;

	for (size_t i = 0; i < s->nns; i++) {
		size_t pos = inode_map_start(&st->index, s->ns[i].id);
		const uint32_t *k = inode_map_next(&st->index, s->ns[i].id, &pos);
		uint64_t now = s->ns[i].sys.counter[CNT_LISTEN_OVERFLOWS];

		if (!k || now == UINT64_MAX || st->at[*k - 1] == UINT64_MAX)
			continue;
		known = true;
		total += now - st->at[*k - 1];
	}
	if (known)
		sink_printf(o, "listen_overflows +%llu since start", (unsigned long long)total);
	else
		sink_puts(o, "listen_overflows unknown");
}

/* ISO 8601, UTC, milliseconds: a spreadsheet charts it as a time axis. */
static void format_time(const struct timespec *ts, char *buf, size_t size)
{
	struct tm tm;
	size_t n;

	gmtime_r(&ts->tv_sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03ldZ", ts->tv_nsec / 1000000);
}

/* In a terminal: redraw one screen per sample. */
static int draw_screen(struct pipeline *p, struct sink *o, long sample, const char *when,
		       const struct overflow_start *st)
{
	sink_puts(o, "\033[H\033[2J");
	sink_printf(o, "sockq --watch %gs   sample %ld   %s   ", p->opt->interval, sample, when);
	put_overflow_deltas(o, p->snap, st);
	sink_puts(o, "\n\n");
	return pipeline_render(p, p->query, p->opt->format, o, NULL, true);
}

/* The peaks, highest first, once the watch ends: a second query over the
 * last sample's rows. */
static int print_peaks(struct pipeline *p, struct sink *o)
{
	static const int cols[] = {
		LC_NETNS, LC_PROTO, LC_LOCAL, LC_PEAK_Q, LC_RECV_Q, LC_BACKLOG, LC_WATCH_DROPS,
	};
	size_t ncols = sizeof(cols) / sizeof(cols[0]);
	size_t first = pipeline_several_netns(p->query) ? 0 : 1;
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
	sink_puts(o, "\nPeak accept queues while watching:\n");
	return pipeline_render(p, &peaks, format_find("table"), o, NULL, true);
}

/* One sample written as the format frames it, when not redrawn. */
static int write_sample(struct pipeline *p, struct sink *o, long sample, const char *when)
{
	bool header = p->opt->format->frame != FRAME_SERIES || sample == 1;

	return pipeline_render(p, p->query, p->opt->format, o, when, header);
}

/* Samples until the count is reached, a signal says to stop (also during
 * a collection), or the output is gone. Returns 0 or a negative errno
 * (said). */
static int watch_loop(struct pipeline *p, struct loop *l, struct sink *o,
		      struct overflow_start *st)
{
	bool screen = p->opt->format->frame == FRAME_BLOCK && isatty(STDOUT_FILENO);
	struct cancel c = loop_cancel(l);
	char when[40];
	int err;

	for (long sample = 1;; sample++) {
		err = pipeline_collect(p, &c);
		if (err == -ECANCELED)
			return 0;
		if (err == 0)
			err = remember_starts(st, p->snap);
		if (err < 0) {
			msg_error("sample %ld: %s", sample, strerror(-err));
			return err;
		}
		format_time(&p->snap->taken, when, sizeof(when));
		err = screen ? draw_screen(p, o, sample, when, st) : write_sample(p, o, sample, when);
		if (err < 0) {
			msg_error("sample %ld: %s", sample, strerror(-err));
			return err;
		}
		if (sink_flush(o) < 0)
			return 0;
		if (p->opt->count && sample >= p->opt->count)
			break;
		if (loop_wait(l) != WAKE_TICK)
			break;
	}
	return 0;
}

int watch_main(struct options *opt)
{
	static const struct pipeline_mode watching = {
		.repeat = true,
		/* The screen's overflow counters; drops, to highlight new ones. */
		.needs = NEED_COUNTERS | NEED_DROPS,
		.remember = true,
		.history = HISTORY_BORN_SINCE,
	};
	struct pipeline p;
	struct sink o = { .fd = -1 }, err_out = { .fd = -1 };
	struct overflow_start st = { 0 };
	struct loop l = { .sigfd = -1, .timerfd = -1 };
	bool screen = opt->format->frame == FRAME_BLOCK && isatty(STDOUT_FILENO);
	int err = -ENOMEM, status = EXIT_RUNTIME;

	if (sink_fd(&o, STDOUT_FILENO) < 0 || sink_fd(&err_out, STDERR_FILENO) < 0 ||
	    (err = loop_open(&l, opt->interval)) < 0) {
		msg_error("cannot start watching: %s", strerror(-err));
		sink_free(&o);
		sink_free(&err_out);
		return EXIT_RUNTIME;
	}
	err = pipeline_open(&p, opt, &watching);
	if (err == 0)
		err = watch_loop(&p, &l, &o, &st);
	if (err == 0 && p.snap && p.query->rows == ROWS_LISTENERS && !o.err) {
		err = print_peaks(&p, screen ? &o : &err_out);
		if (err < 0)
			msg_error("the peaks: %s", strerror(-err));
	}
	if (err == 0 || p.snap) {
		sink_flush(&err_out);
		status = pipeline_finish_output(&o, err < 0 || p.failed ? EXIT_RUNTIME : EXIT_OK);
	}
	pipeline_close(&p);
	loop_close(&l);
	inode_map_free(&st.index);
	free(st.at);
	sink_free(&o);
	sink_free(&err_out);
	return status;
}
