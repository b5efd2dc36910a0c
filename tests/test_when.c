/* test_when: the time expressions of --since, --until and --now. */
#include "testutil.h"

#include <string.h>

#include "when.h"
#include "tz.h"

#define NOW 1794848400000LL /* 2026-11-16T17:00:00Z */
#define H 3600000LL

static int64_t at(const char *s, struct tz *zone)
{
	const struct tstamp_ctx t = { zone, NOW, NULL };
	int64_t ms = -1;

	assert_int_equal(when_parse(s, &t, &ms), 0);
	return ms;
}

static void test_when_reads_durations_before_now(void **state)
{
	(void)state;
	assert_true(at("2h", NULL) == NOW - 2 * H);
	assert_true(at("90min", NULL) == NOW - 90 * 60000);
	assert_true(at("1.5h", NULL) == NOW - 90 * 60000);
	assert_true(at("7d", NULL) == NOW - 7 * 24 * H);
	assert_true(at("1w", NULL) == NOW - 7 * 24 * H);
	assert_true(at("30 s", NULL) == NOW - 30000);
	assert_true(at("1 hour ago", NULL) == NOW - H);
	assert_true(at("2 days ago", NULL) == NOW - 48 * H);
	assert_true(at("now-1h", NULL) == NOW - H);
	assert_true(at("now - 15 minutes", NULL) == NOW - 15 * 60000);
	assert_true(at("now", NULL) == NOW);
}

static void test_when_reads_days_and_clock_times_in_the_zone(void **state)
{
	struct tz *berlin = tz_new("Europe/Berlin");

	(void)state;
	assert_true(at("today", NULL) == NOW - 17 * H);
	assert_true(at("yesterday", NULL) == NOW - 41 * H);
	assert_true(at("13:00", NULL) == NOW - 4 * H);
	assert_true(at("13:00:30", NULL) == NOW - 4 * H + 30000);
	assert_true(at("2026-11-16", NULL) == NOW - 17 * H);
	assert_true(at("2026-11-16T13:00:00Z", NULL) == NOW - 4 * H);
	/* 13:00 in Berlin (UTC+1 in November) is 12:00Z */
	assert_true(at("13:00", berlin) == NOW - 5 * H);
	assert_true(at("today", berlin) == NOW - 18 * H);
	tz_free(berlin);
}

static void test_when_refuses_what_it_cannot_read(void **state)
{
	static const char *bad[] = { "", "bogus", "2x", "h", "1.5.5h", "now+1h", "25:00",
				     "ago", "13:0", "-1h" };
	const struct tstamp_ctx t = { NULL, NOW, NULL };
	int64_t ms;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (when_parse(bad[i], &t, &ms) == 0)
			fail_msg("accepted '%s'", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when_reads_durations_before_now),
		cmocka_unit_test(test_when_reads_days_and_clock_times_in_the_zone),
		cmocka_unit_test(test_when_refuses_what_it_cannot_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
