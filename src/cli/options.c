// SPDX-License-Identifier: GPL-2.0-or-later
/* options.c: the command line, parsed into one query and how to show it. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "columns.h"
#include "exit.h"
#include "session.h"
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
	OPT_BACKLOG,
	OPT_STATE,
	OPT_WRITE,
};

#define SHORT_OPTIONS "ltx46nN:o:JHpSw::c:hV"

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
	{ "write", required_argument, NULL, OPT_WRITE },
	{ "numeric", no_argument, NULL, 'n' },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "min-use", required_argument, NULL, OPT_MIN_USE },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "processes", no_argument, NULL, 'p' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "summary", no_argument, NULL, 'S' },
	{ "backlog", no_argument, NULL, OPT_BACKLOG },
	{ "watch", optional_argument, NULL, 'w' },
	{ "count", required_argument, NULL, 'c' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "warn", required_argument, NULL, OPT_WARN },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* "table, csv, json or openmetrics", from the table of formats. */
static void list_formats(FILE *f)
{
	for (size_t i = 0; i < formats_count; i++)
		fprintf(f, "%s%s", i == 0 ? "" : i + 1 == formats_count ? " or " : ", ",
			formats[i].name);
}

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
	      "     --format FORMAT    ", f);
	list_formats(f);
	fputs("\n"
	      "     --csv              same as --format csv\n"
	      " -J, --json             same as --format json\n"
	      " -H, --no-header        no header line in table and CSV output\n"
	      "     --write FILE       write to FILE, replacing it whole once complete\n"
	      "     --color[=WHEN]     highlight full queues: auto, always or never\n"
	      " -p, --processes        add the pid and command columns\n"
	      " -n, --numeric          accepted for ss users; sockq never resolves names\n"
	      " -S, --summary          one row per namespace: sysctls and overflow counters\n"
	      "     --backlog          one row per CPU: the host's input backlog and its drops\n"
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
	      "     --state FILE       --check compares drops with those FILE kept from the last check\n"
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
	char **col_lists;	/* raw -o arguments, resolved once -S is known */
	size_t ncol_lists;
	const char *sort_key;
	bool help, version, list_columns, watch, check;
	bool warn_set, color_set;	/* --warn, --color given */
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

/* Whether the word after --watch is its interval: any word that cannot be
 * an option ("0.5", "2", "abc", which is then refused as an interval;
 * never "-4", which is the option -4). */
static bool interval_word(const char *s)
{
	return s && s[0] != '-';
}

/* -N: a /PATH is taken whole (a path may hold commas); anything else is
 * a comma-separated list of names, pids and "all". */
static int add_netns(struct parse_state *ps, const char *arg)
{
	struct query *q = &ps->o->query;
	char *copy, *save = NULL, *tok;
	int ret = 0;

	if (arg[0] == '/')
		return query_add_netns(q, arg) < 0 ? usage_error(ps, "out of memory") : 0;
	if (!*arg || arg[strlen(arg) - 1] == ',' || arg[0] == ',' || strstr(arg, ",,"))
		return usage_error(ps, "--netns '%s': empty namespace in the list", arg);
	copy = strdup(arg);
	if (!copy)
		return usage_error(ps, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		if (tok[0] == '/')
			ret = usage_error(ps, "--netns '%s': a PATH is given alone, as -N %s", arg, tok);
		else if (!session_spec_valid(tok))
			ret = usage_error(ps, "--netns '%s': not a namespace NAME, an absolute "
					      "PATH, a PID or 'all'", tok);
		else if (query_add_netns(q, tok) < 0)
			ret = usage_error(ps, "out of memory");
		else if (!strcmp(tok, "all"))
			q->netns_all = true;
	}
	free(copy);
	return ret;
}

static void list_valid_columns(const struct query *q, FILE *f)
{
	const struct column *cols = column_table(q->rows);

	for (size_t i = 0; i < column_count(q->rows); i++)
		fprintf(f, "%s%s", i ? ", " : "", cols[i].name);
}

static int unknown_column(struct parse_state *ps, const char *opt, const char *name, int len)
{
	fprintf(stderr, "sockq: %s: unknown column '%.*s'; valid columns: ", opt, len, name);
	list_valid_columns(&ps->o->query, stderr);
	fputs("\nTry 'sockq --help' for more information.\n", stderr);
	return ps->usage_exit;
}

/* -o LIST and -o +LIST, once -S is known to pick the column set. A list
 * without '+' replaces what earlier ones asked for. */
static int resolve_columns(struct parse_state *ps)
{
	struct query *q = &ps->o->query;

	for (size_t k = 0; k < ps->ncol_lists; k++) {
		const char *p = ps->col_lists[k];

		if (*p == '+')
			p++;
		else
			q->nasked = 0;
		q->asked_append = ps->col_lists[k][0] == '+';
		while (*p) {
			size_t len = strcspn(p, ",");
			int c = column_lookup(q->rows, p, len);

			if (c < 0)
				return unknown_column(ps, "-o", p, (int)len);
			if (query_ask_column(q, c) < 0)
				return usage_error(ps, "-o: too many columns");
			p += len;
			if (*p == ',')
				p++;
		}
	}
	if (ps->ncol_lists)
		q->asked_set = true;
	if (ps->sort_key) {
		q->sort_col = column_lookup(q->rows, ps->sort_key, strlen(ps->sort_key));
		if (q->sort_col < 0)
			return unknown_column(ps, "--sort", ps->sort_key, (int)strlen(ps->sort_key));
	}
	return 0;
}

static int set_format(struct parse_state *ps, const char *name)
{
	const struct format *f = format_find(name);

	if (!f) {
		fprintf(stderr, "sockq: --format '%s': unknown format; use ", name);
		list_formats(stderr);
		fputs("\nTry 'sockq --help' for more information.\n", stderr);
		return ps->usage_exit;
	}
	ps->o->format = f;
	ps->o->format_set = true;
	return 0;
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

	ps->watch = true;
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

/* What printing --help, --version or --list-columns came to: a write
 * error is said, a closed pipe is not. */
static int stdout_status(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_OK;
	if (errno == EPIPE)
		return EXIT_OK;
	fprintf(stderr, "sockq: write error on standard output: %s\n", strerror(errno));
	return EXIT_RUNTIME;
}

static int list_columns(const struct options *o)
{
	struct sink out;
	int err;

	if (sink_fd(&out, STDOUT_FILENO) < 0) {
		fputs("sockq: out of memory\n", stderr);
		return EXIT_RUNTIME;
	}
	render_column_list(&out, o->query.rows, o->format, !o->no_header);
	err = sink_flush(&out);
	sink_free(&out);
	if (err == 0 || err == -EPIPE)
		return EXIT_OK;
	fprintf(stderr, "sockq: write error on standard output: %s\n", strerror(-err));
	return EXIT_RUNTIME;
}

static void options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	query_init(&o->query);
	o->mode = MODE_LIST;
	o->format = &formats[0];
	o->color = COLOR_AUTO;
	o->interval = 1.0;
	o->warn_pct = 80;
}

static int parse_one(struct parse_state *ps, int c, int argc, char **argv)
{
	struct options *o = ps->o;
	struct query *q = &o->query;
	long v;
	char **lists;

	switch (c) {
	case 'l':
		return 0;
	case 't':
		q->tcp4 = q->tcp6 = true;
		return 0;
	case 'x':
		q->unix_stream = true;
		return 0;
	case '4':
		q->tcp4 = true;
		return 0;
	case '6':
		q->tcp6 = true;
		return 0;
	case 'N':
		return add_netns(ps, optarg);
	case 'o':
		if (!*optarg || !strcmp(optarg, "+"))
			return usage_error(ps, "-o: empty column list");
		/* An empty item is a typo at either end or in the middle. */
		if (optarg[strlen(optarg) - 1] == ',' || strstr(optarg, ",,") ||
		    optarg[optarg[0] == '+'] == ',')
			return usage_error(ps, "-o '%s': empty column name in the list", optarg);
		lists = reallocarray(ps->col_lists, ps->ncol_lists + 1, sizeof(*lists));
		if (!lists)
			return usage_error(ps, "out of memory");
		ps->col_lists = lists;
		lists[ps->ncol_lists++] = optarg;
		return 0;
	case OPT_OUTPUT_ALL:
		q->all_columns = true;
		return 0;
	case OPT_LIST_COLUMNS:
		ps->list_columns = true;
		return 0;
	case OPT_FORMAT:
		return set_format(ps, optarg);
	case OPT_CSV:
		return set_format(ps, "csv");
	case 'J':
		return set_format(ps, "json");
	case 'H':
		o->no_header = true;
		return 0;
	case OPT_SORT:
		ps->sort_key = optarg;
		return 0;
	case OPT_REVERSE:
		q->reverse = true;
		return 0;
	case OPT_FULL:
		q->only_full = true;
		return 0;
	case OPT_MIN_USE:
		if (!parse_long(optarg, 0, 100, &v))
			return usage_error(ps, "--min-use '%s': expected a percentage from 0 to 100", optarg);
		q->min_use = (int)v;
		return 0;
	case OPT_PORT:
		if (!parse_long(optarg, 0, 65535, &v))
			return usage_error(ps, "--port '%s': expected a port number from 0 to 65535", optarg);
		q->port = (int)v;
		return 0;
	case 'p':
		q->processes = true;
		return 0;
	case 'n':
		/* ss -n: addresses and ports are always numbers here. */
		return 0;
	case OPT_WRITE:
		if (!*optarg)
			return usage_error(ps, "--write: empty file name");
		/* "-" is standard output, as for most tools that take a file. */
		o->write_file = strcmp(optarg, "-") ? optarg : NULL;
		return 0;
	case OPT_COLOR:
		/* "--color auto" as well as "--color=auto", as with --watch:
		 * sockq takes no operands, so a word that is no option can
		 * only be WHEN, and is judged as one. */
		if (!optarg && optind < argc && argv[optind][0] != '-')
			optarg = argv[optind++];
		ps->color_set = true;
		return parse_color(ps, optarg);
	case 'S':
		if (q->rows == ROWS_CPUS)
			return usage_error(ps, "--summary and --backlog show different rows; choose one");
		q->rows = ROWS_NAMESPACES;
		return 0;
	case OPT_BACKLOG:
		if (q->rows == ROWS_NAMESPACES)
			return usage_error(ps, "--summary and --backlog show different rows; choose one");
		q->rows = ROWS_CPUS;
		return 0;
	case 'w':
		/* "--watch 0.5" as well as "--watch=0.5": an optional argument
		 * only binds with '=', so the next word is taken by hand when it
		 * cannot be an option ("-4" is one); sockq takes no operands,
		 * so any such word is judged as an interval. */
		if (!optarg && optind < argc && interval_word(argv[optind]))
			optarg = argv[optind++];
		return parse_watch(ps, optarg);
	case 'c':
		if (!parse_long(optarg, 1, 1000000000L, &v))
			return usage_error(ps, "--count '%s': expected a whole number of samples, 1 or more", optarg);
		o->count = v;
		return 0;
	case OPT_CHECK:
		ps->check = true;
		return 0;
	case OPT_STATE:
		if (!*optarg)
			return usage_error(ps, "--state: empty file name");
		o->state_file = optarg;
		return 0;
	case OPT_WARN:
		if (!parse_long(optarg, 0, 100, &v))
			return usage_error(ps, "--warn '%s': expected a percentage from 0 to 100", optarg);
		o->warn_pct = (int)v;
		ps->warn_set = true;
		return 0;
	default:
		return usage_error(ps, "unknown option or missing argument");
	}
}

/* What the options mean together, once each is known. */
static int check_combinations(struct parse_state *ps)
{
	struct options *o = ps->o;
	struct query *q = &o->query;

	if (q->processes && q->rows != ROWS_LISTENERS)
		return usage_error(ps, "--processes does not apply to %s",
				   q->rows == ROWS_CPUS ? "--backlog" : "--summary");
	if (q->rows != ROWS_LISTENERS && (q->only_full || q->min_use >= 0 || q->port >= 0))
		return usage_error(ps, "%s shows %s; --full, --min-use and --port choose listeners "
				   "and do not apply to it", q->rows == ROWS_CPUS ? "--backlog" : "--summary",
				   q->rows == ROWS_CPUS ? "CPUs" : "namespaces");
	if (q->rows == ROWS_CPUS && q->n_netns_specs)
		return usage_error(ps, "--backlog shows the host's CPUs; --netns does not apply to it");
	if (resolve_columns(ps))
		return ps->usage_exit;
	if (ps->check && (ps->watch || q->rows != ROWS_LISTENERS || o->format_set))
		return usage_error(ps, "--check cannot be combined with --watch, --summary, --backlog "
				   "or --format");
	if (ps->watch && o->format->frame == FRAME_NONE)
		return usage_error(ps, "--watch cannot write %s; run sockq from a timer instead",
				   o->format->name);
	if (o->count && !ps->watch)
		return usage_error(ps, "--count needs --watch");
	if (o->state_file && !ps->check)
		return usage_error(ps, "--state needs --check");
	if (ps->warn_set && !ps->check)
		return usage_error(ps, "--warn needs --check");
	/* A check writes one status line, of a fixed form. */
	if (ps->check && (ps->ncol_lists || q->all_columns || ps->sort_key || q->reverse ||
			  q->processes || o->no_header || ps->color_set))
		return usage_error(ps, "--check writes one status line; -o, --output-all, --sort, "
				   "--reverse, -p, -H and --color do not apply to it");
	if (o->write_file && (ps->check || ps->watch))
		return usage_error(ps, "--write replaces a file with one answer; it cannot be "
				   "combined with %s", ps->check ? "--check" : "--watch");
	if (ps->list_columns && o->write_file)
		return usage_error(ps, "--list-columns writes to standard output; drop --write");
	if (ps->list_columns && o->format->list == LIST_NONE)
		return usage_error(ps, "--list-columns writes a table, CSV or JSON, not %s",
				   o->format->name);
	return 0;
}

/* How many long options word ("--name" or "--name=value") begins. */
static int abbreviates(const char *word)
{
	size_t len;
	int n = 0;

	if (strncmp(word, "--", 2))
		return 0;
	word += 2;
	len = strcspn(word, "=");
	for (const struct option *opt = long_options; opt->name; opt++)
		n += !strncmp(opt->name, word, len);
	return n;
}

bool options_parse(struct options *o, int argc, char **argv, int *status)
{
	struct parse_state ps = { .o = o, .usage_exit = EXIT_USAGE };
	struct query *q = &o->query;
	int c, ret = 0;

	options_init(o);
	opterr = 0;
	/* A monitoring plugin reports bad usage as UNKNOWN: whether --check is
	 * asked for is read first, the way getopt reads it (abbreviated, or
	 * not when it is another option's argument). A leading '-' keeps
	 * argv in order for the real pass. */
	while ((c = getopt_long(argc, argv, "-:" SHORT_OPTIONS, long_options, NULL)) != -1)
		if (c == OPT_CHECK)
			ps.usage_exit = CHECK_UNKNOWN;
	optind = 0;
	while (!ret && (c = getopt_long(argc, argv, ":" SHORT_OPTIONS, long_options, NULL)) != -1) {
		if (c == 'h') {
			ps.help = true;
		} else if (c == 'V') {
			ps.version = true;
		} else if (c == '?') {
			const char *word = argv[optind - 1];

			/* A long option known but given "=VALUE" comes with its
			 * own letter in optopt. */
			if (optopt && !strncmp(word, "--", 2))
				ret = usage_error(&ps, "option '%.*s' takes no argument",
						  (int)strcspn(word, "="), word);
			else if (optopt && isprint(optopt))
				ret = usage_error(&ps, "unknown option '-%c'", optopt);
			else if (optopt)
				ret = usage_error(&ps, "unknown option '-\\x%02x'", optopt & 0xff);
			else if (abbreviates(word) > 1)
				ret = usage_error(&ps, "option '%s' is ambiguous: say more of it", word);
			else
				ret = usage_error(&ps, "unknown option '%s'", word);
		} else if (c == ':') {
			ret = usage_error(&ps, "option '%s' needs an argument", argv[optind - 1]);
		} else {
			ret = parse_one(&ps, c, argc, argv);
		}
	}
	if (!ret && optind < argc)
		ret = usage_error(&ps, "unexpected argument '%s'", argv[optind]);
	if (!ret && (ps.help || ps.version)) {
		if (ps.help)
			usage(stdout);
		else
			printf("sockq %s\n", SOCKQ_VERSION);
		*status = stdout_status();
		free(ps.col_lists);
		return false;
	}
	if (!ret)
		ret = check_combinations(&ps);
	free(ps.col_lists);
	if (ret) {
		*status = ret;
		return false;
	}
	if (ps.list_columns) {
		*status = list_columns(o);
		return false;
	}
	/* No selector at all means every kind; -4/-6 narrow TCP only. */
	if (!q->tcp4 && !q->tcp6 && !q->unix_stream)
		q->tcp4 = q->tcp6 = q->unix_stream = true;
	o->mode = ps.check ? MODE_CHECK : ps.watch ? MODE_WATCH : MODE_LIST;
	*status = EXIT_OK;
	return true;
}

void options_free(struct options *o)
{
	query_free(&o->query);
}
