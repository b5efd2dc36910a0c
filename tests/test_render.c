/* test_render: each renderer escapes every string of a document — title,
 * paragraphs, table cells, chart labels — and lays numbers out as it
 * should; the status line names the failing checks. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "../report/build.h"
#include "../report/doc.h"
#include "../report/render.h"
#include "buf.h"
#include "source.h"
#include "period.h"
#include "summary.h"
#include "thresholds.h"

#define EVIL "<script>alert(1)</script>\x1b[2J|*_[x](y)"

static void hostile_doc(struct doc *d)
{
	static const char *const head[] = { "name", "count", NULL };
	struct doc_table *t;
	struct doc_chart *c;

	doc_init(d);
	doc_heading(d, 1, "title " EVIL);
	doc_status(d, STY_CRIT, "CRITICAL - " EVIL);
	doc_text(d, STY_MUTED, "para " EVIL);
	t = doc_table(d, "caption " EVIL, head, 2u, 0);
	doc_cell(t, STY_CODE, "%s", EVIL);
	doc_cell(t, STY_NONE, "%s", "1,234");
	doc_cell(t, STY_NONE, "%s", "short");
	doc_cell(t, STY_NONE, "%s", "5");
	c = doc_chart(d, "chart " EVIL, 2, "ms", true);
	c->name_a = "p95";
	doc_chart_label(c, 0, "%s", EVIL);
	doc_chart_label(c, 1, "%s", "01");
	c->a[0] = 120;
	c->a[1] = -1;
}

static void test_render_html_escapes_everything(void **state)
{
	struct doc d;
	struct buf b;

	(void)state;
	hostile_doc(&d);
	buf_init(&b, 0);
	render_html(&d, &b);
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "\x1b"));
	assert_non_null(strstr(b.p, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(b.p, "<title>title &lt;script"));
	/* self-contained: no fetches, no script of ours either */
	assert_null(strstr(b.p, "http://"));
	assert_null(strstr(b.p, "https://"));
	assert_null(strstr(b.p, "src="));
	assert_non_null(strstr(b.p, "<svg"));
	assert_non_null(strstr(b.p, "<td class=\"num \">1,234</td>"));
	buf_release(&b);
	doc_release(&d);
}

static void test_render_text_aligns_and_neutralises(void **state)
{
	struct doc d;
	struct buf b;

	(void)state;
	hostile_doc(&d);
	buf_init(&b, 0);
	render_text(&d, &b, false, 0);
	assert_null(strchr(b.p, '\x1b'));
	assert_non_null(strstr(b.p, "\\x1B[2J"));
	/* numbers right-aligned under their header */
	assert_non_null(strstr(b.p, "1,234\n"));
	assert_non_null(strstr(b.p, "    5\n"));
	/* with colour, the only escapes are ours: SGR codes */
	buf_reset(&b);
	render_text(&d, &b, true, 0);
	for (const char *p = strchr(b.p, '\x1b'); p; p = strchr(p + 1, '\x1b'))
		assert_true(p[1] == '[' && (p[2] == '0' || p[2] == '1' || p[2] == '2' || p[2] == '3'));
	assert_null(strstr(b.p, "\x1b[2J"));
	buf_release(&b);
	doc_release(&d);
}

static void test_render_markdown_keeps_tables_intact(void **state)
{
	struct doc d;
	struct buf b;
	const char *row;

	(void)state;
	hostile_doc(&d);
	buf_init(&b, 0);
	render_markdown(&d, &b);
	row = strstr(b.p, "| \\<script");
	assert_non_null(row);
	/* the cell's '|' is escaped: the row still has exactly 3 bare bars */
	{
		int bars = 0;
		for (const char *p = row; *p && *p != '\n'; p++)
			if (*p == '|' && p[-1] != '\\')
				bars++;
		assert_int_equal(bars, 3);
	}
	assert_non_null(strstr(b.p, "\\[x\\](y)"));
	assert_null(strchr(b.p, '\x1b'));
	buf_release(&b);
	doc_release(&d);
}

static void test_render_status_line_names_failing_checks(void **state)
{
	struct thresholds t;
	struct check c[CHECK_COUNT];
	struct summary s;
	struct source_acc read_in_part = { .src = "app.log", .lines = 1000, .unparsed = 11 };
	char line[512];
	struct period whole = { .kind = PERIOD_WINDOW };

	(void)state;
	summary_init(&s);
	thresholds_defaults(&t);
	for (int i = 0; i < CHECK_COUNT; i++)
		c[i] = (struct check){ (enum check_id)i, CHECK_OK, 0, -1 };
	c[CHECK_ERROR_RATE] = (struct check){ CHECK_ERROR_RATE, CHECK_CRIT, 12.82, -1 };
	c[CHECK_ERROR_LINES_DAY] = (struct check){ CHECK_ERROR_LINES_DAY, CHECK_WARN, 10, -1 };
	report_status_line(line, sizeof line, &s, &whole, c, &t);
	assert_string_equal(line, "CRITICAL - error_rate 12.8 % (crit > 5 %), "
				  "error_lines_per_day 10 lines (warn >= 10 lines)");
	c[CHECK_ERROR_RATE].status = CHECK_OK;
	c[CHECK_ERROR_RATE].value = 0.5;
	c[CHECK_ERROR_LINES_DAY].status = CHECK_OK;
	c[CHECK_AVG_LATENCY].status = CHECK_NODATA;
	report_status_line(line, sizeof line, &s, &whole, c, &t);
	assert_true(strncmp(line, "OK - error_rate 0.50 %", 22) == 0);
	/* a source under 99 % parsed: OK becomes WARNING, the file named */
	s.sources = &read_in_part;
	s.nsources = 1;
	assert_int_equal(report_status(&s, &whole, &t, c), CHECK_WARN);
	report_status_line(line, sizeof line, &s, &whole, c, &t);
	assert_true(strncmp(line, "WARNING - coverage: app.log 98.9 % parsed; error_rate", 53) == 0);
	read_in_part.unparsed = 10; /* 99.0 %: enough */
	assert_int_equal(report_status(&s, &whole, &t, c), CHECK_OK);
	/* --check's line: a source's name cannot end the line or start the
	 * performance data early */
	{
		struct source_acc odd = { .src = "a|b\nc.log", .lines = 10, .unparsed = 5 };
		struct buf out;

		s.sources = &odd;
		buf_init(&out, 0);
		report_check_line(&out, &s, &whole, c, &t);
		buf_addc(&out, '\0');
		assert_true(strncmp(out.p, "WARNING - coverage: a\\x7Cb\\x0Ac.log 50.0 % parsed;",
				    48) == 0);
		assert_null(strchr(out.p, '\n'));
		assert_ptr_equal(strchr(out.p, '|'), strstr(out.p, " | error_rate=0.5%;1;5") + 1);
		assert_ptr_equal(strchr(out.p, '|'), strrchr(out.p, '|'));
		buf_release(&out);
		s.sources = &read_in_part;
	}
	snprintf(read_in_part.error, sizeof read_in_part.error, "corrupt gzip data");
	report_status_line(line, sizeof line, &s, &whole, c, &t);
	assert_true(strncmp(line, "WARNING - coverage: app.log unreadable (corrupt gzip data);", 59) == 0);
	s.sources = NULL;
	s.nsources = 0;
	summary_release(&s);
	for (int i = 0; i < CHECK_COUNT; i++)
		c[i].status = CHECK_NODATA;
	report_status_line(line, sizeof line, &s, &whole, c, &t);
	assert_string_equal(line, "UNKNOWN - no data in the period");
}

/* Nagios performance data: whole with every check and the most metric
 * limits at their longest names, and numbers without an exponent. */
static void test_render_perfdata_is_whole_and_plain(void **state)
{
	struct thresholds t;
	struct check c[CHECKS_MAX];
	char perf[REPORT_PERFDATA_MAX], spec[128], err[256], last[128];

	(void)state;
	thresholds_defaults(&t);
	for (int i = 0; i < CHECK_COUNT; i++)
		c[i] = (struct check){ (enum check_id)i, CHECK_OK, 0.5, -1 };
	c[CHECK_ERROR_RATE].value = 0.00001; /* 1 in 10 million */
	c[CHECK_AVG_LATENCY].value = 1234567.25;
	for (int i = 0; i < THRESHOLDS_MAX_METRICS; i++) {
		snprintf(spec, sizeof spec, "m%d_%.44s.rate=123456789.5:100000000", i,
			 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		assert_int_equal(thresholds_set(&t, spec, err, sizeof err), 0);
		c[CHECK_COUNT + i] = (struct check){ (enum check_id)(CHECK_COUNT + i), CHECK_OK,
						     99.125, -1 };
	}
	report_perfdata(perf, sizeof perf, c, &t);
	assert_true(strlen(perf) + 1 < sizeof perf);
	assert_non_null(strstr(perf, " | error_rate=0.00001%;1;5 avg_latency=1234567.25ms;2000;5000 "));
	snprintf(last, sizeof last, " m%d_%.44s.rate=99.125%%;123456789.5:;100000000:",
		 THRESHOLDS_MAX_METRICS - 1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	assert_string_equal(perf + strlen(perf) - strlen(last), last);
	assert_null(strstr(perf, "e+"));
	assert_null(strstr(perf, "e-"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_html_escapes_everything),
		cmocka_unit_test(test_render_text_aligns_and_neutralises),
		cmocka_unit_test(test_render_markdown_keeps_tables_intact),
		cmocka_unit_test(test_render_status_line_names_failing_checks),
		cmocka_unit_test(test_render_perfdata_is_whole_and_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
