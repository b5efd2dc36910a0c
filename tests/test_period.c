/* test_period: the period a report covers — a day, an ISO week, the last
 * DURATION, a range of dates — cut in the report's zone. */
#include "testutil.h"

#include <string.h>

#include "period.h"
#include "summary.h"
#include "tz.h"

#define DAY 86400000LL
#define NOV16 1794787200000LL /* 2026-11-16T00:00:00Z, a Monday */

static void select_ok(struct period *p, enum period_kind k, const char *arg,
		      const struct summary *s, struct tz *zone)
{
	char err[200];

	if (period_select(p, k, arg, s, zone, err, sizeof err))
		fail_msg("%s", err);
}

static void test_period_days_and_weeks(void **state)
{
	struct summary s;
	struct period p;

	(void)state;
	summary_init(&s);
	s.has_window = true;
	s.first_ms = NOV16 - 3 * DAY;
	s.last_ms = NOV16 + 9 * 3600000LL;
	select_ok(&p, PERIOD_DAY, NULL, &s, NULL); /* the day of the last event */
	assert_true(p.start_ms == NOV16 && p.end_ms == NOV16 + DAY);
	assert_string_equal(p.name, "2026-11-16");
	select_ok(&p, PERIOD_WEEK, "2026-W47", &s, NULL);
	assert_true(p.start_ms == NOV16 && p.end_ms == NOV16 + 7 * DAY);
	select_ok(&p, PERIOD_WEEK, NULL, &s, NULL); /* the last complete week */
	assert_true(p.start_ms == NOV16 - 7 * DAY);
	assert_string_equal(p.name, "2026-W46");
	summary_release(&s);
}

static void test_period_ranges_of_dates(void **state)
{
	struct summary s;
	struct period p, prev;
	struct tz *berlin = tz_new("Europe/Berlin");
	char err[200];

	(void)state;
	summary_init(&s);
	select_ok(&p, PERIOD_RANGE, "2026-11-13/2026-11-16", &s, NULL);
	assert_true(p.start_ms == NOV16 - 3 * DAY && p.end_ms == NOV16 + DAY);
	assert_string_equal(p.name, "2026-11-13 to 2026-11-16");
	period_previous(&p, NULL, &prev); /* the four days before */
	assert_true(prev.start_ms == NOV16 - 7 * DAY && prev.end_ms == p.start_ms);
	select_ok(&p, PERIOD_RANGE, "2026-11-16/2026-11-16", &s, NULL);
	assert_true(p.end_ms - p.start_ms == DAY);
	assert_string_equal(p.name, "2026-11-16");
	/* cut at local midnights: Berlin is UTC+1 in November */
	select_ok(&p, PERIOD_RANGE, "2026-11-16/2026-11-16", &s, berlin);
	assert_true(p.start_ms == NOV16 - 3600000LL);
	assert_int_equal(period_select(&p, PERIOD_RANGE, "2026-11-16/2026-11-13", &s, NULL, err,
				       sizeof err), -1);
	assert_non_null(strstr(err, "before"));
	assert_int_equal(period_select(&p, PERIOD_RANGE, "2026-11-16", &s, NULL, err, sizeof err),
			 -1);
	assert_int_equal(period_select(&p, PERIOD_RANGE, "2026-02-30/2026-03-01", &s, NULL, err,
				       sizeof err), -1);
	assert_int_equal(period_select(&p, PERIOD_RANGE, "2025-01-01/2026-12-31", &s, NULL, err,
				       sizeof err), -1); /* past 400 days */
	tz_free(berlin);
	summary_release(&s);
}

static void test_period_knows_a_date_operand(void **state)
{
	(void)state;
	assert_true(period_is_when("2026-11-16"));
	assert_true(period_is_when("2026-W47"));
	assert_true(period_is_when("2026-w47"));
	assert_false(period_is_when("summary.json"));
	assert_false(period_is_when("2026-11"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_days_and_weeks),
		cmocka_unit_test(test_period_ranges_of_dates),
		cmocka_unit_test(test_period_knows_a_date_operand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
