// SPDX-License-Identifier: GPL-2.0-or-later
/* options.c: the command line, parsed into struct options. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netns.h"
#include "options.h"

#ifndef SOCKQ_VERSION
#define SOCKQ_VERSION "unknown"
#endif

enum {
	OPT_OUTPUT_ALL = 256,
	OPT_LIST_COLUMNS,
	OPT_FORMAT,
	OPT_CSV,
	OPT_SORT,
	OPT_REVERSE,
	OPT_FULL,
	OPT_MIN_USE,
	OPT_PORT,
	OPT_COLOR,
	OPT_CHECK,
	OPT_WARN,
};

static const struct option long_options[] = {
	{ "listening", no_argument, NULL, 'l' },
	{ "tcp", no_argument, NULL, 't' },
	{ "unix", no_argument, NULL, 'x' },
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "netns", required_argument, NULL, 'N' },
	{ "output", required_argument, NULL, 'o' },
	{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
	{ "list-columns", no_argument, NULL, OPT_LIST_COLUMNS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "json", no_argument, NULL, 'J' },
	{ "no-header", no_argument, NULL, 'H' },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "min-use", required_argument, NULL, OPT_MIN_USE },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "processes", no_argument, NULL, 'p' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "summary", no_argument, NULL, 'S' },
	{ "watch", optional_argument, NULL, 'w' },
	{ "count", required_argument, NULL, 'c' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "warn", required_argument, NULL, OPT_WARN },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fputs("Usage: sockq [options]\n"
	      "\n"
	      "Show every listening socket's accept queue against its backlog,\n"
	      "in one or every network namespace.\n"
	      "\n"
	      "Sockets:\n"
	      " -l, --listening        listening sockets (the default, and the only kind)\n"
	      " -t, --tcp              TCP over IPv4 and IPv6\n"
	      " -x, --unix             AF_UNIX stream and seqpacket\n"
	      " -4, --ipv4             TCP over IPv4\n"
	      " -6, --ipv6             TCP over IPv6\n"
	      " -N, --netns SPEC       namespace NAME, /PATH, PID or all (repeatable, comma-separated)\n"
	      "\n"
	      "Output:\n"
	      " -o, --output LIST      columns to show; +LIST adds to the defaults\n"
	      "     --output-all       every column\n"
	      "     --list-columns     list the columns and what they mean\n"
	      "     --format FORMAT    table, csv, json or openmetrics\n"
	      "     --csv              same as --format csv\n"
	      " -J, --json             same as --format json\n"
	      " -H, --no-header        no header line in table and CSV output\n"
	      "     --color[=WHEN]     highlight full queues: auto, always or never\n"
	      " -p, --processes        add the pid and command columns\n"
	      " -S, --summary          one row per namespace: sysctls and overflow counters\n"
	      "\n"
	      "Rows:\n"
	      "     --sort COLUMN      sort by a column (numbers high to low, text A to Z)\n"
	      "     --reverse          reverse the order\n"
	      "     --full             only listeners whose queue is full\n"
	      "     --min-use PCT      only listeners at least PCT percent full\n"
	      "     --port PORT        only TCP listeners on this port\n"
	      "\n"
	      "Monitoring:\n"
	      " -w, --watch [SECONDS]  sample every SECONDS (default 1, fractions allowed)\n"
	      " -c, --count N          stop after N samples\n"
	      "     --check            monitoring-plugin status line and exit code\n"
	      "     --warn PCT         --check warns at PCT percent use (default 80)\n"
	      "\n"
	      " -h, --help             show this help\n"
	      " -V, --version          show the version\n"
	      "\n"
	      "Exit status: 0 ok, 1 runtime failure, 2 usage error\n"
	      "(with --check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).\n"
	      "See sockq(8) for the columns and the queue semantics.\n",
	      f);
}

struct parse_state {
	struct options *o;
	char **col_lists;	/* raw -o arguments, resolved at the end */
	size_t ncol_lists;
	const char *sort_key;
	int usage_exit;
};

static int usage_error(struct parse_state *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(struct parse_state *ps, const char *fmt, ...)
{
	va_list ap;

	fputs("sockq: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'sockq --help' for more information.\n", stderr);
	return ps->usage_exit;
}

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool looks_numeric(const char *s)
{
	return s && (isdigit((unsigned char)s[0]) ||
		     ((s[0] == '.' || s[0] == '-' || s[0] == '+') &&
		      (isdigit((unsigned char)s[1]) || s[1] == '.')));
}

static int add_netns(struct parse_state *ps, const char *arg)
{
	struct options *o = ps->o;
	char *copy = strdup(arg), *save = NULL, *tok;
	int ret = 0;

	if (!copy)
		return usage_error(ps, "out of memory");
	if (!*arg || arg[strlen(arg) - 1] == ',' || arg[0] == ',' || strstr(arg, ",,"))
		ret = usage_error(ps, "--netns '%s': empty namespace in the list", arg);
	for (tok = strtok_r(copy, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		char **v;

		if (!netns_spec_valid(tok)) {
			ret = usage_error(ps, "--netns '%s': not a namespace NAME, an absolute "
					      "PATH, a PID or 'all'", tok);
			break;
		}
		if (!strcmp(tok, "all"))
			o->netns_all = true;
		v = reallocarray(o->netns_specs, o->n_netns_specs + 1, sizeof(*v));
		if (!v || !(v[o->n_netns_specs] = strdup(tok))) {
			if (v)
				o->netns_specs = v;
			ret = usage_error(ps, "out of memory");
			break;
		}
		o->netns_specs = v;
		o->n_netns_specs++;
	}
	free(copy);
	return ret;
}

static const struct column *colset(const struct options *o, size_t *n)
{
	*n = o->summary ? SC_COUNT : LC_COUNT;
	return o->summary ? summary_columns : listener_columns;
}

static void list_valid_columns(const struct options *o, FILE *f)
{
	size_t n;
	const struct column *cols = colset(o, &n);

	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", cols[i].name);
}

static int add_col(struct parse_state *ps, int col)
{
	struct options *o = ps->o;

	for (size_t i = 0; i < o->ncols; i++)
		if (o->cols[i] == col)
			return 0;
	if (o->ncols == MAX_SELECTED_COLS)
		return usage_error(ps, "-o: too many columns");
	o->cols[o->ncols++] = col;
	return 0;
}

/* -o LIST and -o +LIST, once -S is known to pick the column set. */
static int resolve_columns(struct parse_state *ps)
{
	struct options *o = ps->o;
	size_t n;
	const struct column *cols = colset(o, &n);

	for (size_t k = 0; k < ps->ncol_lists; k++) {
		const char *p = ps->col_lists[k];

		if (*p == '+')
			p++;
		else
			o->ncols = 0;
		o->cols_append = ps->col_lists[k][0] == '+';
		while (*p) {
			size_t len = strcspn(p, ",");
			int c = column_lookup(cols, n, p, len);

			if (c < 0) {
				fprintf(stderr, "sockq: -o: unknown column '%.*s'; valid columns: ",
					(int)len, p);
				list_valid_columns(o, stderr);
				fputs("\nTry 'sockq --help' for more information.\n", stderr);
				return ps->usage_exit;
			}
			if (add_col(ps, c))
				return ps->usage_exit;
			p += len;
			if (*p == ',')
				p++;
		}
	}
	if (ps->ncol_lists)
		o->cols_set = true;
	if (ps->sort_key) {
		o->sort_col = column_lookup(cols, n, ps->sort_key, strlen(ps->sort_key));
		if (o->sort_col < 0) {
			fprintf(stderr, "sockq: --sort: unknown column '%s'; valid columns: ",
				ps->sort_key);
			list_valid_columns(o, stderr);
			fputs("\nTry 'sockq --help' for more information.\n", stderr);
			return ps->usage_exit;
		}
	}
	return 0;
}

static int parse_format(struct parse_state *ps, const char *arg)
{
	static const char *const names[] = { "table", "csv", "json", "openmetrics" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcasecmp(arg, names[i])) {
			ps->o->format = (enum format)i;
			ps->o->format_set = true;
			return 0;
		}
	}
	return usage_error(ps, "--format '%s': unknown format; use table, csv, json or openmetrics", arg);
}

static int parse_color(struct parse_state *ps, const char *arg)
{
	if (!arg || !strcmp(arg, "always"))
		ps->o->color = COLOR_ALWAYS;
	else if (!strcmp(arg, "auto"))
		ps->o->color = COLOR_AUTO;
	else if (!strcmp(arg, "never"))
		ps->o->color = COLOR_NEVER;
	else
		return usage_error(ps, "--color '%s': use auto, always or never", arg);
	return 0;
}

static int parse_watch(struct parse_state *ps, const char *arg)
{
	char *end;
	double v;

	ps->o->watch = true;
	if (!arg)
		return 0;
	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(v))
		return usage_error(ps, "--watch '%s': not a number of seconds", arg);
	if (v <= 0)
		return usage_error(ps, "--watch %s: the interval must be more than 0 seconds", arg);
	if (v > 86400)
		return usage_error(ps, "--watch %s: the interval must be at most 86400 seconds", arg);
	ps->o->interval = v;
	return 0;
}

static int list_columns(const struct options *o)
{
	size_t n;
	const struct column *cols = colset(o, &n);

	for (size_t i = 0; i < n; i++)
		printf("%-22s %s\n", cols[i].name, cols[i].help);
	return fflush(stdout) == 0 && !ferror(stdout) ? -1 : EXIT_RUNTIME;
}

static void options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->format = FMT_TABLE;
	o->color = COLOR_AUTO;
	o->sort_col = -1;
	o->min_use = -1;
	o->port = -1;
	o->interval = 1.0;
	o->warn_pct = 80;
}

static int parse_one(struct parse_state *ps, int c, int argc, char **argv)
{
	struct options *o = ps->o;
	long v;
	char **lists;

	switch (c) {
	case 'l':
		return 0;
	case 't':
		o->tcp4 = o->tcp6 = true;
		return 0;
	case 'x':
		o->unix_stream = true;
		return 0;
	case '4':
		o->tcp4 = true;
		return 0;
	case '6':
		o->tcp6 = true;
		return 0;
	case 'N':
		return add_netns(ps, optarg);
	case 'o':
		if (!*optarg || !strcmp(optarg, "+"))
			return usage_error(ps, "-o: empty column list");
		lists = reallocarray(ps->col_lists, ps->ncol_lists + 1, sizeof(*lists));
		if (!lists)
			return usage_error(ps, "out of memory");
		ps->col_lists = lists;
		lists[ps->ncol_lists++] = optarg;
		return 0;
	case OPT_OUTPUT_ALL:
		o->output_all = true;
		return 0;
	case OPT_LIST_COLUMNS:
		o->list_columns = true;
		return 0;
	case OPT_FORMAT:
		return parse_format(ps, optarg);
	case OPT_CSV:
		o->format = FMT_CSV;
		o->format_set = true;
		return 0;
	case 'J':
		o->format = FMT_JSON;
		o->format_set = true;
		return 0;
	case 'H':
		o->no_header = true;
		return 0;
	case OPT_SORT:
		ps->sort_key = optarg;
		return 0;
	case OPT_REVERSE:
		o->reverse = true;
		return 0;
	case OPT_FULL:
		o->only_full = true;
		return 0;
	case OPT_MIN_USE:
		if (!parse_long(optarg, 0, 100, &v))
			return usage_error(ps, "--min-use '%s': expected a percentage from 0 to 100", optarg);
		o->min_use = (int)v;
		return 0;
	case OPT_PORT:
		if (!parse_long(optarg, 0, 65535, &v))
			return usage_error(ps, "--port '%s': expected a port number from 0 to 65535", optarg);
		o->port = (int)v;
		return 0;
	case 'p':
		o->processes = true;
		return 0;
	case OPT_COLOR:
		return parse_color(ps, optarg);
	case 'S':
		o->summary = true;
		return 0;
	case 'w':
		/* "--watch 0.5" as well as "--watch=0.5": an optional argument
		 * only binds with '=', so take a following number by hand. */
		if (!optarg && optind < argc && looks_numeric(argv[optind]))
			optarg = argv[optind++];
		return parse_watch(ps, optarg);
	case 'c':
		if (!parse_long(optarg, 1, 1000000000L, &v))
			return usage_error(ps, "--count '%s': expected a whole number of samples, 1 or more", optarg);
		o->count = v;
		return 0;
	case OPT_CHECK:
		o->check = true;
		return 0;
	case OPT_WARN:
		if (!parse_long(optarg, 0, 100, &v))
			return usage_error(ps, "--warn '%s': expected a percentage from 0 to 100", optarg);
		o->warn_pct = (int)v;
		return 0;
	default:
		return usage_error(ps, "unknown option or missing argument");
	}
}

int options_parse(struct options *o, int argc, char **argv)
{
	struct parse_state ps = { .o = o, .usage_exit = EXIT_USAGE };
	int c, ret = 0;
	bool help = false, version = false;

	options_init(o);
	/* A monitoring plugin reports bad usage as UNKNOWN (3). */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--check"))
			ps.usage_exit = 3;
	opterr = 0;
	while (!ret && (c = getopt_long(argc, argv, ":ltx46N:o:JHpSw::c:hV", long_options, NULL)) != -1) {
		if (c == 'h') {
			help = true;
		} else if (c == 'V') {
			version = true;
		} else if (c == '?') {
			if (optopt)
				ret = usage_error(&ps, "unknown option '-%c'", optopt);
			else
				ret = usage_error(&ps, "unknown option '%s'", argv[optind - 1]);
		} else if (c == ':') {
			ret = usage_error(&ps, "option '%s' needs an argument", argv[optind - 1]);
		} else {
			ret = parse_one(&ps, c, argc, argv);
		}
	}
	if (!ret && optind < argc)
		ret = usage_error(&ps, "unexpected argument '%s'", argv[optind]);
	if (!ret && (help || version)) {
		if (help)
			usage(stdout);
		else
			printf("sockq %s\n", SOCKQ_VERSION);
		ret = fflush(stdout) == 0 ? -1 : EXIT_RUNTIME;
	}
	if (!ret && o->processes && o->summary)
		ret = usage_error(&ps, "--processes does not apply to --summary");
	if (!ret)
		ret = resolve_columns(&ps);
	if (!ret && o->check && (o->watch || o->summary || o->format_set))
		ret = usage_error(&ps, "--check cannot be combined with --watch, --summary or --format");
	if (!ret && o->watch && o->format == FMT_OPENMETRICS)
		ret = usage_error(&ps, "--watch cannot write openmetrics; run sockq from a timer instead");
	if (!ret && o->count && !o->watch)
		ret = usage_error(&ps, "--count needs --watch");
	if (!ret && o->list_columns)
		ret = list_columns(o);
	/* No selector at all means every kind; -4/-6 narrow TCP only. */
	if (!o->tcp4 && !o->tcp6 && !o->unix_stream)
		o->tcp4 = o->tcp6 = o->unix_stream = true;
	free(ps.col_lists);
	return ret;
}

void options_free(struct options *o)
{
	for (size_t i = 0; i < o->n_netns_specs; i++)
		free(o->netns_specs[i]);
	free(o->netns_specs);
	o->netns_specs = NULL;
	o->n_netns_specs = 0;
}

bool options_want_col(const struct options *o, int col)
{
	for (size_t i = 0; i < o->ncols; i++)
		if (o->cols[i] == col)
			return true;
	return false;
}

static void push(int *cols, size_t *n, int col)
{
	for (size_t i = 0; i < *n; i++)
		if (cols[i] == col)
			return;
	if (*n < MAX_SELECTED_COLS)
		cols[(*n)++] = col;
}

void options_final_columns(const struct options *o, bool several_ns, int *cols, size_t *n)
{
	size_t count;
	const struct column *all = colset(o, &count);
	unsigned want = o->format != FMT_TABLE ? DEF_MACHINE
			: several_ns ? DEF_TABLE_NS : DEF_TABLE;

	*n = 0;
	if (o->output_all) {
		for (size_t i = 0; i < count; i++)
			push(cols, n, (int)i);
		return;
	}
	if (!o->cols_set || o->cols_append)
		for (size_t i = 0; i < count; i++)
			if (all[i].defaults & want)
				push(cols, n, (int)i);
	for (size_t i = 0; o->cols_set && i < o->ncols; i++)
		push(cols, n, o->cols[i]);
	if (o->processes) {
		push(cols, n, LC_PID);
		push(cols, n, LC_COMMAND);
	}
}
