/* test_filter: window, level, fields and grep decisions. */
#include "testutil.h"

#include <stdio.h>

#include <string.h>

#include "../ingest/filter.h"

static void test_filter_window_is_half_open(void **state)
{
	struct filter f = { .has_since = true, .has_until = true,
			    .since_ms = 1000, .until_ms = 2000 };
	struct event e = { .has_ts = true, .ts_ms = 1000 };

	(void)state;
	assert_true(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	e.ts_ms = 1999;
	assert_true(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	e.ts_ms = 2000;
	assert_false(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	/* no time of its own: judged by the time before it in the file */
	e.has_ts = false;
	assert_false(filter_event(&f, &e, "x", &(int64_t){ 999 }));
	assert_true(filter_event(&f, &e, "x", &(int64_t){ 1500 }));
	/* and with none before it either, kept (ingest flags the file) */
	assert_true(filter_event(&f, &e, "x", NULL));
	assert_true(filter_window(&f, NULL));
	assert_false(filter_window(&f, &(int64_t){ 2000 }));
}

static void test_filter_level_is_a_minimum(void **state)
{
	struct filter f = { .min_level = LEVEL_WARN };
	struct event e = { .level = LEVEL_INFO };

	(void)state;
	assert_false(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	e.level = LEVEL_WARN;
	assert_true(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	e.level = LEVEL_CRITICAL;
	assert_true(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
}

static void test_filter_fields_compare_exactly(void **state)
{
	struct filter f = { 0 };
	struct event e = { .status = 500 };

	(void)state;
	assert_int_equal(filter_add_field(&f, "status=500"), 0);
	assert_int_equal(filter_add_field(&f, "method=POST"), 0);
	assert_int_equal(filter_add_field(&f, "nosuch=1"), -1);
	assert_int_equal(filter_add_field(&f, "=1"), -1);
	assert_false(filter_event(&f, &e, "access", e.has_ts ? &e.ts_ms : NULL));
	e.method = (struct span){ "POST", 4 };
	assert_true(filter_event(&f, &e, "access", e.has_ts ? &e.ts_ms : NULL));
	e.status = 502;
	assert_false(filter_event(&f, &e, "access", e.has_ts ? &e.ts_ms : NULL));
}

/* The names --field takes are the table's filterable fields, each one
 * accepted, and the usage message lists exactly those. */
static void test_filter_field_names_come_from_the_event_table(void **state)
{
	char names[256], arg[64];
	size_t listed = 0;

	(void)state;
	filter_field_names(names, sizeof names);
	for (size_t i = 0; i < EF_COUNT; i++) {
		struct filter f = { 0 };
		int want = event_fields[i].flags & EVF_FILTER ? 0 : -1;

		snprintf(arg, sizeof arg, "%s=1", event_fields[i].name);
		assert_int_equal(filter_add_field(&f, arg), want);
		listed += want == 0;
	}
	assert_string_equal(names, "fmt level logger host program unit stream method path status "
				   "bytes latency_ms ip user upstream request_id service app_status event");
	assert_int_equal(listed, 19);
}

static void test_filter_grep_and_invert(void **state)
{
	struct filter f = { 0 };
	char err[200];

	(void)state;
	assert_true(filter_grep_keep(&f, false)); /* no grep: keep all */
	assert_int_equal(filter_set_grep(&f, "(", false, err, sizeof err), -1);
	assert_non_null(strstr(err, "invalid --grep pattern"));
	assert_int_equal(filter_set_grep(&f, "union\\s+select", true, err, sizeof err), 0);
	assert_true(filter_grep_line(&f, "a UNION  SELECT b", 17));
	assert_false(filter_grep_line(&f, "union", 5));
	assert_true(filter_grep_keep(&f, true));
	f.invert = true;
	assert_false(filter_grep_keep(&f, true));
	assert_true(filter_grep_keep(&f, false));
	filter_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_window_is_half_open),
		cmocka_unit_test(test_filter_level_is_a_minimum),
		cmocka_unit_test(test_filter_fields_compare_exactly),
		cmocka_unit_test(test_filter_field_names_come_from_the_event_table),
		cmocka_unit_test(test_filter_grep_and_invert),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
