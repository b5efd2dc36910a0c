/* test_jsonw: every byte value through the string escaper, UTF-8
 * validation, and number formatting. */
#include "testutil.h"

#include <string.h>

#include "buf.h"
#include "jsonw.h"

static struct buf last; /* the last result, freed at exit */

static const char *str(const char *s, size_t n)
{
	buf_release(&last);
	buf_init(&last, 0);
	jsonw_str(&last, s, n);
	return last.p;
}

static void test_jsonw_escapes_quotes_backslashes_and_controls(void **state)
{
	(void)state;
	assert_string_equal(str("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	assert_string_equal(str("\n\r\t", 3), "\"\\n\\r\\t\"");
	assert_string_equal(str("\x1b[31m", 5), "\"\\u001b[31m\"");
	assert_string_equal(str("\0x", 2), "\"\\u0000x\"");
	assert_string_equal(str("\x7f", 1), "\"\\u007f\"");
	assert_string_equal(str("", 0), "\"\"");
}

static void test_jsonw_every_byte_gives_valid_json_text(void **state)
{
	(void)state;
	for (int c = 0; c < 256; c++) {
		char in = (char)c;
		const char *out = str(&in, 1);
		size_t n = strlen(out);
		assert_true(n >= 3);
		assert_int_equal(out[0], '"');
		assert_int_equal(out[n - 1], '"');
		/* no raw control byte ever reaches the output */
		for (size_t i = 0; i < n; i++)
			assert_true((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
	}
}

static void test_jsonw_keeps_valid_utf8_and_replaces_invalid(void **state)
{
	(void)state;
	assert_string_equal(str("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14),
			    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* a lone continuation byte, a truncated sequence, an overlong '/',
	 * a surrogate: each invalid byte becomes U+FFFD */
	assert_string_equal(str("\x80", 1), "\"\xef\xbf\xbd\"");
	assert_string_equal(str("\xe2\x82", 2), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	assert_string_equal(str("\xc0\xaf", 2), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	assert_string_equal(str("\xed\xa0\x80", 3), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	assert_string_equal(str("\xff\xfe", 2), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
}

static void test_jsonw_formats_numbers(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	jsonw_int(&b, 0);
	buf_addc(&b, ' ');
	jsonw_int(&b, -9223372036854775807LL - 1);
	buf_addc(&b, ' ');
	jsonw_num3(&b, 45.0);
	buf_addc(&b, ' ');
	jsonw_num3(&b, 0.2477829 * 1000);
	buf_addc(&b, ' ');
	jsonw_num3(&b, 410.2);
	buf_addc(&b, ' ');
	jsonw_num3(&b, 0.0005);
	buf_addc(&b, ' ');
	jsonw_num3(&b, 1.0 / 0.0);
	assert_string_equal(b.p, "0 -9223372036854775808 45 247.783 410.2 0.001 null");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonw_escapes_quotes_backslashes_and_controls),
		cmocka_unit_test(test_jsonw_every_byte_gives_valid_json_text),
		cmocka_unit_test(test_jsonw_keeps_valid_utf8_and_replaces_invalid),
		cmocka_unit_test(test_jsonw_formats_numbers),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	buf_release(&last);
	return rc;
}
