/* test_scan: number parsers over spans and the ASCII classes. */
#include "testutil.h"

#include <stdlib.h>

#include <string.h>

#include "scan.h"

#define U(s, max, out) scan_uint(s, strlen(s), max, out)

static void test_scan_uint_reads_the_whole_span_up_to_max(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(U("0", 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(U("10", 10, &v), 0);
	assert_int_equal(v, 10);
	v = 7;
	assert_int_equal(U("11", 10, &v), -1);
	assert_int_equal(v, 7); /* untouched on failure */
	assert_int_equal(U("", 10, &v), -1);
	assert_int_equal(U("1a", 10, &v), -1);
	assert_int_equal(U("-1", 10, &v), -1);
	assert_int_equal(U(" 1", 10, &v), -1);
	/* the span ends where it is told, not at a NUL */
	assert_int_equal(scan_uint("123456", 3, 999, &v), 0);
	assert_int_equal(v, 123);
}

static void test_scan_uint_refuses_overflow(void **state)
{
	uint64_t v;
	int64_t w;

	(void)state;
	assert_int_equal(U("18446744073709551615", UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(U("18446744073709551616", UINT64_MAX, &v), -1);
	assert_int_equal(U("99999999999999999999999", UINT64_MAX, &v), -1);
	assert_int_equal(scan_int64("9223372036854775807", 19, INT64_MAX, &w), 0);
	assert_true(w == INT64_MAX);
	assert_int_equal(scan_int64("9223372036854775808", 19, INT64_MAX, &w), -1);
	assert_int_equal(scan_int64("1000", 4, 999, &w), -1);
}

static void test_scan_digits_reads_exactly_n(void **state)
{
	int v;

	(void)state;
	assert_int_equal(scan_digits("2026-11", 4, &v), 0);
	assert_int_equal(v, 2026);
	assert_int_equal(scan_digits("20x6", 4, &v), -1);
	assert_int_equal(scan_digits("07", 2, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(scan_digits("1234567890", 10, &v), -1); /* would overflow an int */
}

static void test_scan_decimal_is_exact_and_refuses_exponents(void **state)
{
	double d = 0;

	(void)state;
	assert_int_equal(scan_decimal("0.250", 5, false, &d), 0);
	assert_true(d == 0.25);
	assert_int_equal(scan_decimal("12", 2, false, &d), 0);
	assert_true(d == 12);
	assert_int_equal(scan_decimal("-3.5", 4, false, &d), -1);
	assert_int_equal(scan_decimal("-3.5", 4, true, &d), 0);
	assert_true(d == -3.5);
	assert_int_equal(scan_decimal("3.5e2", 5, true, &d), -1);
	assert_int_equal(scan_decimal(".", 1, true, &d), -1);
	assert_int_equal(scan_decimal("1.2.3", 5, true, &d), -1);
	assert_int_equal(scan_decimal("1234567890123456789", 19, true, &d), -1);
}

static void test_scan_classes_are_ascii_only(void **state)
{
	(void)state;
	for (int c = 0; c < 256; c++) {
		char ch = (char)c;
		assert_int_equal(scan_is_digit(ch), c >= '0' && c <= '9');
		assert_int_equal(scan_lower(ch), c >= 'A' && c <= 'Z' ? c + 32 : ch);
		if (c >= 0x80)
			assert_false(scan_is_alpha(ch) || scan_is_hex(ch));
	}
	assert_int_equal(scan_hex_value('f'), 15);
	assert_int_equal(scan_hex_value('F'), 15);
	assert_int_equal(scan_hex_value('g'), -1);
}

static void test_scan_floor_div_rounds_down(void **state)
{
	(void)state;
	assert_true(scan_floor_div(7, 2) == 3);
	assert_true(scan_floor_div(-7, 2) == -4);
	assert_true(scan_floor_div(-1, 3600000) == -1);
	assert_true(scan_floor_div(-3600000, 3600000) == -1);
	assert_true(scan_floor_div(0, 5) == 0);
}

/* The fast path for JSON numbers gives strtod's double, bit for bit, on
 * every number it takes (random ones of every length it takes, with
 * leading and trailing zeros and signs), and takes none it cannot. */
static void test_scan_json_double_is_strtod(void **state)
{
	static const char *refused[] = { "", "-", "1.", ".5", "1e5", "1.5E-3", "+1",
					 "1234567890123456", "0.12345678901234567890123", "1..2",
					 "12a", "--1", "0x10" };
	char text[64];
	double d;

	(void)state;
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		assert_int_equal(scan_json_double(refused[i], strlen(refused[i]), &d), -1);
	srand(11);
	for (int round = 0; round < 200000; round++) {
		size_t n = 0, ints = (size_t)(rand() % 8), fracs = (size_t)(rand() % 23), sig = 0;
		char *end;

		if (rand() % 4 == 0)
			text[n++] = '-';
		if (rand() % 8 == 0)
			text[n++] = '0';
		for (size_t k = 0; k < ints + 1; k++)
			text[n++] = (char)('0' + rand() % 10);
		if (fracs) {
			text[n++] = '.';
			for (size_t k = 0; k < fracs; k++)
				text[n++] = (char)('0' + (rand() % 3 ? rand() % 10 : 0));
		}
		text[n] = '\0';
		for (size_t k = 0; k < n; k++) /* significant digits: from the first not 0 */
			if (sig || (text[k] >= '1' && text[k] <= '9'))
				sig += text[k] >= '0' && text[k] <= '9';
		if (scan_json_double(text, n, &d) == 0) {
			double want = strtod(text, &end);

			assert_true(sig <= 15 && fracs <= 22);
			assert_memory_equal(&d, &want, sizeof d); /* -0.0 too */
		} else {
			assert_true(sig > 15);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_uint_reads_the_whole_span_up_to_max),
		cmocka_unit_test(test_scan_uint_refuses_overflow),
		cmocka_unit_test(test_scan_digits_reads_exactly_n),
		cmocka_unit_test(test_scan_decimal_is_exact_and_refuses_exponents),
		cmocka_unit_test(test_scan_classes_are_ascii_only),
		cmocka_unit_test(test_scan_floor_div_rounds_down),
		cmocka_unit_test(test_scan_json_double_is_strtod),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
