/* test_level: the vocabulary and every mapping into it. */
#include "testutil.h"

#include <string.h>

#include "level.h"

#define L(s) level_parse(s, strlen(s))

static void test_level_parses_words_in_any_case(void **state)
{
	(void)state;
	assert_int_equal(L("ERROR"), LEVEL_ERROR);
	assert_int_equal(L("Warning"), LEVEL_WARN);
	assert_int_equal(L("warn"), LEVEL_WARN);
	assert_int_equal(L("CRIT"), LEVEL_CRITICAL);
	assert_int_equal(L("FATAL"), LEVEL_CRITICAL);
	assert_int_equal(L("DPANIC"), LEVEL_CRITICAL);
	assert_int_equal(L("SEVERE"), LEVEL_ERROR);
	assert_int_equal(L("notice"), LEVEL_NOTICE);
	assert_int_equal(L("DEBUG5"), LEVEL_DEBUG);
	assert_int_equal(L("STATS"), LEVEL_INFO);
	assert_int_equal(L("emerg"), LEVEL_EMERGENCY);
	assert_int_equal(L("E"), LEVEL_ERROR);
	assert_int_equal(L("errors"), LEVEL_NONE);
	assert_int_equal(L("informationally"), LEVEL_NONE);
	assert_int_equal(L(""), LEVEL_NONE);
}

static void test_level_maps_numbers_and_syslog_severities(void **state)
{
	(void)state;
	assert_int_equal(level_from_number(10), LEVEL_TRACE);
	assert_int_equal(level_from_number(20), LEVEL_DEBUG);
	assert_int_equal(level_from_number(30), LEVEL_INFO);
	assert_int_equal(level_from_number(40), LEVEL_WARN);
	assert_int_equal(level_from_number(50), LEVEL_ERROR);
	assert_int_equal(level_from_number(60), LEVEL_CRITICAL);
	assert_int_equal(level_from_number(5), LEVEL_NONE);
	assert_int_equal(level_from_syslog(0), LEVEL_EMERGENCY);
	assert_int_equal(level_from_syslog(3), LEVEL_ERROR);
	assert_int_equal(level_from_syslog(7), LEVEL_DEBUG);
	assert_int_equal(level_from_syslog(8), LEVEL_NONE);
}

static void test_level_error_is_error_or_worse(void **state)
{
	(void)state;
	assert_false(level_is_error(LEVEL_WARN));
	assert_true(level_is_error(LEVEL_ERROR));
	assert_true(level_is_error(LEVEL_EMERGENCY));
	assert_string_equal(level_name(LEVEL_WARN), "warn");
	assert_null(level_name(LEVEL_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_parses_words_in_any_case),
		cmocka_unit_test(test_level_maps_numbers_and_syslog_severities),
		cmocka_unit_test(test_level_error_is_error_or_worse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
