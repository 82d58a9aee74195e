// SPDX-License-Identifier: GPL-2.0-or-later
/* test_csv.c: the CSV guard case by case, the fields it makes, and the list columns' cells. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "escape.h"
#include "render.h"
#include "snapshot.h"
#include "unit.h"

struct guard_case {
	const char *text;	/* as written, escaped */
	bool plain;
	bool guard;
};

/* What LibreOffice Calc or Gnumeric converted, and what neither did
 * (tests/e2e_spreadsheet.py opens such names in both). */
static const struct guard_case guard_cases[] = {
	/* Formulas, Gnumeric's error values, and the guard itself: one ' more
	 * makes "'=1+1" and "=1+1" two fields. */
	{ "=1+1", false, true }, { "+1", false, true }, { "-1", false, true },
	{ "@SUM(1)", false, true }, { "\t", false, true }, { "\r", false, true },
	{ "'=1+1", false, true }, { "'", false, true }, { "''", false, true },
	{ "'nginx", false, true }, { "#N/A", false, true }, { "#VALUE!", false, true },
	{ "=plain", true, true },
	/* Numbers: leading zeros, exponents, grouping, signs on either side,
	 * parentheses, spaces around (a no-break space too), digits of other
	 * scripts, the minus sign U+2212. */
	{ "00123", false, true }, { "1e5", false, true }, { "1E+5", false, true },
	{ "1.5", false, true }, { ".5", false, true }, { "1,523", false, true },
	{ "7862,7892", false, true }, { "5-", false, true }, { "(5)", false, true },
	{ " 123", false, true }, { "123 ", false, true }, { "\xc2\xa0" "123", false, true },
	{ "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93", false, true },	/* fullwidth 123 */
	{ "\xd9\xa1\xd9\xa2", false, true },				/* Arabic-Indic 12 */
	{ "\xf0\x9d\x9f\x8e", false, true },				/* U+1D7CE, bold 0 */
	{ "\xe2\x88\x92" "5", false, true },				/* U+2212 5 */
	{ "\xe3\x80\x80" "5", false, true },				/* ideographic space */
	{ "123456789012", false, true }, { "12e345678901", false, true },	/* hostnames */
	/* Dates and times. */
	{ "2024-01-02", false, true }, { "2024-01-02T03:04:05Z", false, true },
	{ "1/2", false, true }, { "1-2-3", false, true }, { "1.2.3", false, true },
	{ "Jan 5", false, true }, { "5 jan", false, true }, { "1Jan2024", false, true },
	{ "Sept 1", false, true }, { "Mon Jan 5 2024", false, true },
	{ "Monday, January 5, 2024", false, true }, { "1:00 PM", false, true },
	{ "12 pm", false, true }, { "1 : 2", false, true }, { "1 1/2", false, true },
	/* Booleans, percentages, money. */
	{ "TRUE", false, true }, { "tRuE", false, true }, { " false ", false, true },
	{ "50%", false, true }, { "5 %", false, true }, { "1e5%", false, true },
	{ "50% ", false, true }, { "5%-", false, true },
	{ "$5", false, true }, { "5 $", false, true }, { "\xe2\x82\xac" "5", false, true },
	{ "\xc2\xa3" "5", false, true },
	/* A relative AF_UNIX path that looks like an address: guarded too. */
	{ "127.0.0.1:8080", false, true },
	/* sockq's own text is never read as anything it is not meant as: an
	 * address, a CPU's number. */
	{ "127.0.0.1:8080", true, false }, { "[::1]:80", true, false }, { "0", true, false },
	{ "tcp", true, false },
	/* Neither program converts these. */
	{ "", false, false }, { "nginx", false, false }, { "app.sock", false, false },
	{ "/00123", false, false }, { "/1/2", false, false }, { "/2024-01-02", false, false },
	{ "1;523", false, false }, { "1523;1524", false, false }, { "1|523", false, false },
	{ "1d5", false, false }, { "0x1F", false, false }, { "1e5e5x", false, false },
	{ "Monday", false, false }, { "January", false, false }, { "Jan", false, false },
	{ "yes", false, false }, { "5th", false, false }, { "1h30", false, false },
	{ "e", false, false }, { "3f2a1b9c8d7e", false, false }, { " =1+1", false, false },
	{ "net:[4026531840]", false, false }, { "docker:123456789012", false, false },
	{ "sshd: root@pts/0", false, false }, { "kworker/0:1", false, false },
	{ "127.0.0.1%lo:80", false, false }, { "\\x0a1", false, false },
	/* Nothing a spreadsheet reads goes on after a percent sign: an address
	 * on a device sockq knows by its index only, and the like. */
	{ "127.0.0.1%1:40004", false, false }, { "1%2", false, false }, { "1% 2", false, false },
	{ "%1", false, false }, { "5% true", false, false },
	{ "\xe2\x82\xac", false, false }, { "\xe6\x97\xa5\xe6\x9c\xac", false, false },
	{ "caf\xc3\xa9" "1", false, false }, { "\xef\xbc\x9d" "1+1", false, false },
	{ "1\xe2\x80\x93" "5", false, false },				/* an en dash */
};

struct field_case {
	const char *in;		/* raw, as the kernel or /proc gives it */
	bool plain;
	const char *out;	/* the field sockq writes */
};

static const struct field_case field_cases[] = {
	{ "=1+1", false, "'=1+1" },
	{ "'=1+1", false, "''=1+1" },		/* not the same field as =1+1 */
	{ "'", false, "''" },
	{ "1,523", false, "\"'1,523\"" },
	{ "a;b", false, "\"a;b\"" },		/* LibreOffice splits at an unquoted ; */
	{ "x,\"y\"\nz", false, "\"x,\"\"y\"\"\\x0az\"" },
	{ "\t=1", false, "\\x09=1" },		/* escaped first: a spreadsheet sees \ */
	{ "\xc2\xa0" "1", false, "'\xc2\xa0" "1" },
	{ "nginx", false, "nginx" },
	{ "0", true, "0" },
};

/* What render_csv_text() writes for one name. */
static size_t sink_copy(struct sink *o, char *buf, size_t size)
{
	size_t n;
	const char *data = sink_data(o, &n);

	n = n < size ? n : size;
	memcpy(buf, data, n);
	sink_free(o);
	return n;
}

static size_t field(const char *in, bool plain, char *buf, size_t size)
{
	struct sink o;

	if (sink_mem(&o, 1u << 20) < 0)
		return 0;
	render_csv_text(&o, in, strlen(in), plain);
	return sink_copy(&o, buf, size);
}

/* render_csv() of one row with columns pid and command. */
static size_t csv_row(const struct snapshot *set, uint32_t idx, char *buf, size_t size)
{
	const int cols[] = { LC_PID, LC_COMMAND };
	const uint32_t order[] = { idx };
	struct view v = { .rs = { .snap = set }, .rows = ROWS_LISTENERS, .order = order, .n = 1,
			  .cols = cols, .ncols = 2 };
	struct sink o;

	if (sink_mem(&o, 1u << 20) < 0)
		return 0;
	render_csv(&o, &v);
	return sink_copy(&o, buf, size);
}

static void owner(struct snapshot *s, size_t row, uint32_t pid, const char *comm)
{
	uint32_t off;

	pool_add(&s->pool, comm, strlen(comm), &off);
	snapshot_add_owner(s, row, pid, off);
}

static void check_lists(void)
{
	struct snapshot *set = snapshot_new(NULL);
	struct netns *ns;
	char buf[4096];
	uint32_t idx;
	size_t n;

	snapshot_add_netns(set, &ns, &idx);
	pool_add_str(&set->pool, "web", 3, &ns->label);
	for (int i = 0; i < 4; i++)
		*rowstore_add(&set->rows) = (struct listener){ .inode = 777 + i, .proto = PROTO_TCP };
	/* Two holders: text joined with ';', which no spreadsheet reads as a
	 * number ("1,523" was 1523), quoted for LibreOffice. */
	owner(set, 0, 1, "systemd");
	owner(set, 0, 523, "nginx, w");
	/* One: the pid is a number; a command a spreadsheet would convert is
	 * guarded like any name. */
	owner(set, 1, 4242, "00123");
	/* Many: every one of them, never cut short. */
	for (uint32_t pid = 100000; pid < 100100; pid++)
		owner(set, 2, pid, "worker");
	snapshot_publish(set);
	/* None: both cells empty. */
	n = csv_row(set, 0, buf, sizeof(buf));
	CHECK_MEM(buf, n, "\"1;523\",\"systemd;nginx, w\"\n", "two holders");
	n = csv_row(set, 1, buf, sizeof(buf));
	CHECK_MEM(buf, n, "4242,'00123\n", "one holder");
	n = csv_row(set, 2, buf, sizeof(buf));
	buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = '\0';
	CHECK(!strncmp(buf, "\"100000;100001;", 15) && strstr(buf, ";100099\",\"worker;worker;") &&
	      n == 1 + 100 * 7 - 1 + 2 + 1 + 100 * 7 - 1 + 1 + 1 && !strstr(buf, "..."),
	      "a hundred holders, all of them (%zu bytes): %s", n, buf);
	n = csv_row(set, 3, buf, sizeof(buf));
	CHECK_MEM(buf, n, ",\n", "no holder");
	snapshot_unref(set);
}

int main(void)
{
	char buf[256];
	size_t n;

	for (size_t i = 0; i < sizeof(guard_cases) / sizeof(guard_cases[0]); i++) {
		const struct guard_case *c = &guard_cases[i];

		CHECK(csv_needs_guard(c->text, strlen(c->text), c->plain) == c->guard,
		      "csv_needs_guard(\"%s\"%s) should be %s", c->text, c->plain ? ", plain" : "",
		      c->guard ? "true" : "false");
	}
	for (size_t i = 0; i < sizeof(field_cases) / sizeof(field_cases[0]); i++) {
		const struct field_case *c = &field_cases[i];

		n = field(c->in, c->plain, buf, sizeof(buf));
		CHECK_MEM(buf, n, c->out, c->in);
	}
	check_lists();
	return unit_done();
}
