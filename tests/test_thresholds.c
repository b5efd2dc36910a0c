/* test_thresholds: the defaults (docs/summary.md) with their comparisons,
 * overrides from the command line and from files, and evaluation over
 * hours and days. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "summary.h"
#include "thresholds.h"

static void test_thresholds_defaults_follow_the_design_table(void **state)
{
	struct thresholds t;

	(void)state;
	thresholds_defaults(&t);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_RATE, 1.0), CHECK_OK);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_RATE, 1.01), CHECK_WARN);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_RATE, 5.0), CHECK_WARN);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_RATE, 5.01), CHECK_CRIT);
	assert_int_equal(thresholds_judge(&t, CHECK_AVG_LATENCY, 2000), CHECK_OK);
	assert_int_equal(thresholds_judge(&t, CHECK_AVG_LATENCY, 5001), CHECK_CRIT);
	assert_int_equal(thresholds_judge(&t, CHECK_P95_LATENCY, 501), CHECK_WARN);
	/* "< 10 acceptable, > 20 investigate": 10 warns, 20 still warns */
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_LINES_DAY, 9), CHECK_OK);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_LINES_DAY, 10), CHECK_WARN);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_LINES_DAY, 20), CHECK_WARN);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_LINES_DAY, 21), CHECK_CRIT);
	assert_int_equal(thresholds_judge(&t, CHECK_RATE_LIMIT_HOUR, 51), CHECK_CRIT);
	/* security has no critical level */
	assert_int_equal(thresholds_judge(&t, CHECK_SECURITY_DAY, 1e6), CHECK_WARN);
}

static void test_thresholds_set_parses_and_refuses(void **state)
{
	struct thresholds t;
	char err[300];

	(void)state;
	thresholds_defaults(&t);
	assert_int_equal(thresholds_set(&t, "error_rate=0.5:2", err, sizeof err), 0);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_RATE, 0.6), CHECK_WARN);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_RATE, 2.5), CHECK_CRIT);
	assert_int_equal(thresholds_set(&t, "p95_latency=-:800ms", err, sizeof err), 0);
	assert_int_equal(thresholds_judge(&t, CHECK_P95_LATENCY, 700), CHECK_OK);
	assert_int_equal(thresholds_judge(&t, CHECK_P95_LATENCY, 900), CHECK_CRIT);
	assert_int_equal(thresholds_set(&t, "security_per_day=3", err, sizeof err), 0);
	assert_int_equal(thresholds_judge(&t, CHECK_SECURITY_DAY, 4), CHECK_WARN);

	assert_int_equal(thresholds_set(&t, "nope=1:2", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown check"));
	assert_int_equal(thresholds_set(&t, "error_rate", err, sizeof err), -1);
	assert_int_equal(thresholds_set(&t, "error_rate=x:1", err, sizeof err), -1);
	assert_int_equal(thresholds_set(&t, "error_rate=-3:1", err, sizeof err), -1);
	assert_int_equal(thresholds_set(&t, "error_rate=9:1", err, sizeof err), -1);
	assert_non_null(strstr(err, "above the critical"));
	assert_int_equal(thresholds_set(&t, "error_rate=1:inf", err, sizeof err), -1);
	/* a refused spec leaves the limits as they were */
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_RATE, 0.6), CHECK_WARN);
}

static void test_thresholds_load_names_the_line(void **state)
{
	static const char good[] = "# site limits\n\nerror_rate = 2:10\n  avg_latency=1000:3000\r\n";
	static const char bad[] = "error_rate=2:10\n\navg_latency=fast\n";
	struct thresholds t;
	char err[300], *path;

	(void)state;
	thresholds_defaults(&t);
	path = tu_tempfile(good, sizeof good - 1);
	assert_int_equal(thresholds_load(&t, path, err, sizeof err), 0);
	assert_int_equal(thresholds_judge(&t, CHECK_ERROR_RATE, 3), CHECK_WARN);
	assert_int_equal(thresholds_judge(&t, CHECK_AVG_LATENCY, 3500), CHECK_CRIT);
	unlink(path);
	free(path);

	path = tu_tempfile(bad, sizeof bad - 1);
	assert_int_equal(thresholds_load(&t, path, err, sizeof err), -1);
	assert_non_null(strstr(err, ":3:"));
	unlink(path);
	free(path);

	path = tu_tempfile("error_rate=2:10\navg_latency=1000:3000\r\n", 38);
	assert_int_equal(thresholds_load(&t, path, err, sizeof err), 0);
	assert_int_equal(thresholds_judge(&t, CHECK_AVG_LATENCY, 1500), CHECK_WARN);
	unlink(path);
	free(path);
	assert_int_equal(thresholds_load(&t, "/nonexistent/limits", err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/limits"));
}

static void test_thresholds_evaluate_takes_the_worst_day_and_hour(void **state)
{
	struct thresholds t;
	struct bucket h[4];
	struct check c[CHECK_COUNT];
	const int64_t day = 1794700800000LL; /* 2026-11-15T00:00Z */

	(void)state;
	thresholds_defaults(&t);
	memset(h, 0, sizeof h);
	for (int i = 0; i < 4; i++)
		hist_init(&h[i].latency);
	h[0].start_ms = day + 3600000;          /* day 1: 6 + 5 error lines */
	h[0].error_lines = 6;
	h[1].start_ms = day + 2 * 3600000;
	h[1].error_lines = 5;
	h[1].rate_limited = 12; /* the hour's larger kind */
	h[2].start_ms = day + 86400000;         /* day 2: 21 error lines */
	h[2].error_lines = 21;
	h[2].requests = 200;
	h[2].errors = 3;
	h[3].start_ms = day + 86400000 + 3600000;
	h[3].requests = 100;
	for (int v = 1; v <= 100; v++)
		hist_add(&h[3].latency, v * 10);
	thresholds_evaluate(&t, NULL, h, 4, NULL, NULL, c);
	assert_int_equal(c[CHECK_ERROR_LINES_DAY].status, CHECK_CRIT);
	assert_true(c[CHECK_ERROR_LINES_DAY].value == 21);
	assert_true(c[CHECK_ERROR_LINES_DAY].at_ms == day + 86400000);
	assert_int_equal(c[CHECK_RATE_LIMIT_HOUR].status, CHECK_WARN);
	assert_true(c[CHECK_RATE_LIMIT_HOUR].value == 12);
	assert_true(c[CHECK_RATE_LIMIT_HOUR].at_ms == day + 2 * 3600000);
	assert_int_equal(c[CHECK_ERROR_RATE].status, CHECK_OK); /* 3 / 300 = 1 % */
	assert_int_equal(c[CHECK_P95_LATENCY].status, CHECK_WARN);
	assert_int_equal(c[CHECK_AVG_LATENCY].status, CHECK_OK);
	assert_int_equal(c[CHECK_SECURITY_DAY].status, CHECK_OK);
	assert_int_equal(checks_worst(c, CHECK_COUNT), CHECK_CRIT);

	/* nothing at all: no data, not OK */
	thresholds_evaluate(&t, NULL, h, 0, NULL, NULL, c);
	assert_int_equal(checks_worst(c, CHECK_COUNT), CHECK_NODATA);
	for (int i = 0; i < 4; i++)
		hist_release(&h[i].latency);
}

/* At the limit and one millisecond past it, the p95 verdict is exact with
 * the within-limit counts, whatever the histogram's 1 % says. */
static void test_thresholds_p95_verdict_is_exact_at_the_limit(void **state)
{
	struct thresholds t;
	struct bucket b;
	struct check c[CHECK_COUNT];
	struct limit counted[2];

	(void)state;
	thresholds_defaults(&t); /* p95: warn > 500, crit > 1000 */
	counted[0] = t.warn[CHECK_P95_LATENCY];
	counted[1] = t.crit[CHECK_P95_LATENCY];
	for (int past = 0; past <= 1; past++) {
		memset(&b, 0, sizeof b);
		hist_init(&b.latency);
		/* 94 fast, then the 95th: 500 ms (at the limit) or 501 ms */
		for (int i = 0; i < 100; i++) {
			double v = i < 94 ? 10 : i == 94 ? 500 + past : 900;
			hist_add(&b.latency, v);
			b.p95_within_warn += v <= 500;
			b.p95_within_crit += v <= 1000;
		}
		b.requests = 100;
		thresholds_evaluate(&t, counted, &b, 1, NULL, NULL, c);
		assert_int_equal(c[CHECK_P95_LATENCY].status, past ? CHECK_WARN : CHECK_OK);
		/* other limits than those counted: the histogram judges */
		t.warn[CHECK_P95_LATENCY].value = 400;
		thresholds_evaluate(&t, counted, &b, 1, NULL, NULL, c);
		assert_int_equal(c[CHECK_P95_LATENCY].status, CHECK_WARN);
		t.warn[CHECK_P95_LATENCY].value = 500;
		hist_release(&b.latency);
	}
}

/* [service NAME] and [endpoint METHOD /path] sections override the file's
 * limits for that scope; only request checks and error lines may be set. */
static void test_thresholds_sections_scope_their_limits(void **state)
{
	struct thresholds t, lim;
	char text[] = "error_rate=1:5\n[service aura]\nerror_rate=-:5\n"
		      "[endpoint GET /health]\np95_latency=100:-\n";
	char bad1[] = "[service x]\nsecurity_per_day=1:2\n", bad2[] = "[host x]\n";
	char err[256];

	(void)state;
	thresholds_defaults(&t);
	assert_int_equal(thresholds_parse(&t, "f", text, strlen(text), err, sizeof err), 0);
	assert_int_equal(t.nscopes, 2);
	assert_int_equal(t.scopes[0].kind, SCOPE_SERVICE);
	assert_string_equal(t.scopes[0].name, "aura");
	assert_true(t.scopes[0].set[CHECK_ERROR_RATE] && !t.scopes[0].set[CHECK_P95_LATENCY]);
	scope_limits(&t, &t.scopes[0], &lim);
	assert_false(lim.warn[CHECK_ERROR_RATE].on);
	assert_true(lim.crit[CHECK_ERROR_RATE].on && lim.crit[CHECK_ERROR_RATE].value == 5);
	assert_true(lim.warn[CHECK_P95_LATENCY].value == 500); /* the file's own */
	assert_string_equal(t.scopes[1].name, "GET /health");
	scope_limits(&t, &t.scopes[1], &lim);
	assert_true(lim.warn[CHECK_P95_LATENCY].value == 100 && !lim.crit[CHECK_P95_LATENCY].on);
	/* the global limits are untouched by the sections */
	assert_true(t.warn[CHECK_ERROR_RATE].on && t.warn[CHECK_ERROR_RATE].value == 1);
	thresholds_defaults(&t);
	assert_int_equal(thresholds_parse(&t, "f", bad1, strlen(bad1), err, sizeof err), -1);
	assert_non_null(strstr(err, "f:2: "));
	assert_non_null(strstr(err, "not judged per service"));
	thresholds_defaults(&t);
	assert_int_equal(thresholds_parse(&t, "f", bad2, strlen(bad2), err, sizeof err), -1);
	assert_non_null(strstr(err, "f:1: "));
}

/* A metric's limit: NAME.STAT, judged with > on the period's statistic,
 * NODATA without values; refused for unknown statistics and in sections. */
static void test_thresholds_metric_limits(void **state)
{
	struct thresholds t;
	struct bucket f;
	struct check c[THRESHOLDS_MAX_METRICS];
	char err[256], text[] = "[service aura]\nmemory_mb.max=1:2\n";
	struct summary s;

	(void)state;
	thresholds_defaults(&t);
	assert_int_equal(thresholds_set(&t, "memory_mb.max=1000:1400", err, sizeof err), 0);
	assert_int_equal(thresholds_set(&t, "memory_mb.avg=700:", err, sizeof err), 0);
	assert_int_equal(thresholds_set(&t, "queue.p95=10:20", err, sizeof err), 0);
	assert_int_equal(thresholds_set(&t, "memory_mb.max=1000:1400", err, sizeof err), 0);
	assert_int_equal(t.nmetrics, 3); /* set again: the same limit */
	assert_int_equal(thresholds_set(&t, "memory_mb.median=1", err, sizeof err), -1);
	assert_non_null(strstr(err, ".p95"));
	assert_int_equal(thresholds_set(&t, "bad/name.max=1", err, sizeof err), -1);
	summary_init(&s);
	summary_metric(&s, "cpu", 3);
	summary_metric(&s, "memory_mb", 9);
	bucket_init(&f);
	hist_add(&f.metric[1], 1400); /* memory_mb: at the crit limit */
	hist_add(&f.metric[1], 100);
	thresholds_metric_checks(&t, &s, &f, c);
	assert_int_equal(c[0].status, CHECK_WARN); /* 1400 > 1000, not > 1400 */
	assert_true(c[0].value == 1400);
	assert_int_equal(c[1].status, CHECK_WARN); /* avg 750 > 700 */
	assert_true(c[1].value == 750);
	assert_int_equal(c[2].status, CHECK_NODATA); /* no queue values */
	hist_add(&f.metric[1], 1400.5);
	thresholds_metric_checks(&t, &s, &f, c);
	assert_int_equal(c[0].status, CHECK_CRIT);
	bucket_release(&f);
	summary_release(&s);
	thresholds_defaults(&t);
	assert_int_equal(thresholds_parse(&t, "x", text, strlen(text), err, sizeof err), -1);
	assert_non_null(strstr(err, "not judged per service"));
}

/* A ratio's rate (analyze --ratio): a lower bound, in percent; at the
 * limit is not below it. */
static void test_thresholds_ratio_rate_is_a_lower_bound(void **state)
{
	struct thresholds t;
	struct summary s;
	struct bucket f;
	struct check c[THRESHOLDS_MAX_METRICS];
	struct ratio_def r;
	char err[256];

	(void)state;
	thresholds_defaults(&t);
	assert_int_equal(thresholds_set(&t, "workflow.rate=90:95", err, sizeof err), -1);
	assert_non_null(strstr(err, "below"));
	assert_int_equal(thresholds_set(&t, "workflow.rate=95:90", err, sizeof err), 0);
	summary_init(&s);
	assert_int_equal(ratio_parse("workflow=workflow_completed/workflow_started", &r, err,
				     sizeof err), 0);
	assert_string_equal(r.good, "workflow_completed");
	assert_int_equal(ratio_parse("workflow=/x", &r, err, sizeof err), -1);
	assert_int_equal(ratio_parse("workflow=workflow_completed/workflow_started", &r, err,
				     sizeof err), 0);
	assert_int_equal(summary_ratio(&s, &r), 0);
	bucket_init(&f);
	thresholds_metric_checks(&t, &s, &f, c);
	assert_int_equal(c[0].status, CHECK_NODATA); /* no events */
	f.ratio_all[0] = 200;
	f.ratio_good[0] = 190; /* 95 %: at the warning limit */
	thresholds_metric_checks(&t, &s, &f, c);
	assert_int_equal(c[0].status, CHECK_OK);
	f.ratio_good[0] = 189;
	thresholds_metric_checks(&t, &s, &f, c);
	assert_int_equal(c[0].status, CHECK_WARN);
	f.ratio_good[0] = 179; /* 89.5 % */
	thresholds_metric_checks(&t, &s, &f, c);
	assert_int_equal(c[0].status, CHECK_CRIT);
	bucket_release(&f);
	summary_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thresholds_defaults_follow_the_design_table),
		cmocka_unit_test(test_thresholds_set_parses_and_refuses),
		cmocka_unit_test(test_thresholds_load_names_the_line),
		cmocka_unit_test(test_thresholds_evaluate_takes_the_worst_day_and_hour),
		cmocka_unit_test(test_thresholds_p95_verdict_is_exact_at_the_limit),
		cmocka_unit_test(test_thresholds_sections_scope_their_limits),
		cmocka_unit_test(test_thresholds_metric_limits),
		cmocka_unit_test(test_thresholds_ratio_rate_is_a_lower_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
