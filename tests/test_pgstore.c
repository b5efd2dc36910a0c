/* test_pgstore: what the store builds without a server — the LIKE
 * patterns a --source glob becomes (the server-side tests are in
 * tests/pg/store.sh, against a real PostgreSQL) and the partitions'
 * month names. */
#include "testutil.h"

#include <string.h>

#include "pgstore.h"

static const char *like(const char *glob)
{
	static char out[64];

	assert_true(pgstore_like(glob, out, sizeof out));
	return out;
}

static void test_pgstore_turns_globs_into_like_patterns(void **state)
{
	(void)state;
	assert_string_equal(like("web1"), "web1");
	assert_string_equal(like("web*"), "web%");
	assert_string_equal(like("w?b"), "w_b");
	assert_string_equal(like("*"), "%");
	/* LIKE's own wildcards and escape are literal in a glob */
	assert_string_equal(like("db_1"), "db\\_1");
	assert_string_equal(like("100%"), "100\\%");
	assert_string_equal(like("a\\b"), "a\\\\b");
	/* quotes are data: the pattern is a parameter, never SQL */
	assert_string_equal(like("h'); DROP"), "h'); DROP");
}

static void test_pgstore_refuses_a_pattern_that_does_not_fit(void **state)
{
	char out[8];

	(void)state;
	assert_true(pgstore_like("abcdefg", out, sizeof out));
	assert_false(pgstore_like("abcdefgh", out, sizeof out));
	assert_false(pgstore_like("abcdef_", out, sizeof out)); /* 8 escaped */
}

static void test_pgstore_names_months(void **state)
{
	char m[8];

	(void)state;
	pgstore_month(0, m);
	assert_string_equal(m, "1970_01");
	pgstore_month(1794848400000LL, m); /* 2026-11-16T17:00:00Z */
	assert_string_equal(m, "2026_11");
	pgstore_month(1798761599999LL, m); /* 2026-12-31T23:59:59.999Z */
	assert_string_equal(m, "2026_12");
	pgstore_month(1798761600000LL, m); /* 2027-01-01 */
	assert_string_equal(m, "2027_01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pgstore_turns_globs_into_like_patterns),
		cmocka_unit_test(test_pgstore_refuses_a_pattern_that_does_not_fit),
		cmocka_unit_test(test_pgstore_names_months),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
