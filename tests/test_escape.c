/* test_escape: log text made safe for each medium, and the number formats
 * the reports use. */
#include "testutil.h"

#include <string.h>

#include "../report/escape.h"
#include "buf.h"

static const char *esc(struct buf *b, const char *s, size_t max, enum esc_medium m)
{
	buf_reset(b);
	escape_str(b, s, max, m);
	return b->p;
}

static void test_escape_text_makes_controls_visible(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_string_equal(esc(&b, "plain é text", 0, ESC_TEXT), "plain é text");
	assert_string_equal(esc(&b, "\x1b[31mred\x1b[0m", 0, ESC_TEXT), "\\x1B[31mred\\x1B[0m");
	assert_string_equal(esc(&b, "a\tb\nc\rd\x7f", 0, ESC_TEXT), "a b\\x0Ac\\x0Dd\\x7F");
	/* C1 controls (CSI as U+009B), bidi overrides, invalid UTF-8 */
	assert_string_equal(esc(&b, "\xc2\x9b" "2J", 0, ESC_TEXT), "\\x9B2J");
	assert_string_equal(esc(&b, "\xe2\x80\xae" "evil", 0, ESC_TEXT), "\\u{202E}evil");
	/* line and paragraph separators break a line where none is shown */
	assert_string_equal(esc(&b, "a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, ESC_TEXT), "a\\u{2028}b\\u{2029}");
	assert_string_equal(esc(&b, "a\xe2\x80\xa8" "b", 0, ESC_HTML), "a\\u{2028}b");
	assert_string_equal(esc(&b, "bad\xff\xc3(", 0, ESC_TEXT), "bad\\xFF\\xC3(");
	assert_string_equal(esc(&b, "\xed\xa0\x80", 0, ESC_TEXT), "\\xED\\xA0\\x80"); /* surrogate */
	assert_string_equal(esc(&b, "\xc0\xaf", 0, ESC_TEXT), "\\xC0\\xAF");         /* overlong */
	buf_release(&b);
}

static void test_escape_html_leaves_no_markup(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_string_equal(esc(&b, "<script>alert(1)</script>", 0, ESC_HTML),
			    "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_string_equal(esc(&b, "\"><img src=x onerror='a'>", 0, ESC_HTML),
			    "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;");
	assert_string_equal(esc(&b, "a&amp;b", 0, ESC_HTML), "a&amp;amp;b");
	assert_string_equal(esc(&b, "x\xff\x1b", 0, ESC_HTML), "x&#xfffd;\\x1B");
	buf_release(&b);
}

/* report --check's line: as text, and no '|' before the performance data */
static void test_escape_nagios_keeps_one_line_without_bars(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	escape_str(&b, "we|ird\nname \xe2\x80\xae.log", 0, ESC_NAGIOS);
	buf_addc(&b, '\0');
	assert_string_equal(b.p, "we\\x7Cird\\x0Aname \\u{202E}.log");
	buf_release(&b);
}

static void test_escape_markdown_disarms_syntax(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_string_equal(esc(&b, "a|b *c* _d_ `e` [f](g) <h> &i;", 0, ESC_MD),
			    "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\&i;");
	assert_string_equal(esc(&b, "# not a heading", 0, ESC_MD), "\\# not a heading");
	assert_string_equal(esc(&b, "- not a list - 2026-11-16", 0, ESC_MD),
			    "\\- not a list - 2026-11-16");
	assert_string_equal(esc(&b, "line\nbreak", 0, ESC_MD), "line\\x0Abreak");
	buf_release(&b);
}

static void test_escape_cuts_long_strings_visibly(void **state)
{
	struct buf b;
	size_t w;

	(void)state;
	buf_init(&b, 0);
	assert_string_equal(esc(&b, "abcdef", 4, ESC_TEXT), "abcd\xe2\x80\xa6");
	assert_string_equal(esc(&b, "abcd", 4, ESC_TEXT), "abcd");
	assert_string_equal(esc(&b, "<<<<<<", 2, ESC_HTML), "&lt;&lt;&#8230;");
	/* counted in code points, never cutting a character in half */
	assert_string_equal(esc(&b, "ééé", 2, ESC_TEXT), "éé\xe2\x80\xa6");
	buf_reset(&b);
	w = escape_str(&b, "é\x1b", 0, ESC_TEXT);
	assert_int_equal(w, 5); /* é + \x1B */
	buf_release(&b);
}

static void test_escape_formats_numbers(void **state)
{
	char s[32];

	(void)state;
	fmt_count(s, sizeof s, 0);
	assert_string_equal(s, "0");
	fmt_count(s, sizeof s, 999);
	assert_string_equal(s, "999");
	fmt_count(s, sizeof s, 1000);
	assert_string_equal(s, "1,000");
	fmt_count(s, sizeof s, 1234567890123ULL);
	assert_string_equal(s, "1,234,567,890,123");
	fmt_ms(s, sizeof s, 0.4);
	assert_string_equal(s, "0.4 ms");
	fmt_ms(s, sizeof s, 87.4);
	assert_string_equal(s, "87 ms");
	fmt_ms(s, sizeof s, 1230.5);
	assert_string_equal(s, "1,231 ms");
	fmt_pct(s, sizeof s, 0.126);
	assert_string_equal(s, "0.13 %");
	fmt_pct(s, sizeof s, 12.82);
	assert_string_equal(s, "12.8 %");
}

/* Counts that arrive as doubles (a limit, a metric's sum, a chart's point)
 * may be past what an integer holds: shown as written, never cast. */
static void test_escape_formats_amounts_past_an_integer(void **state)
{
	char s[48];

	(void)state;
	fmt_amount(s, sizeof s, 1234.4);
	assert_string_equal(s, "1,234");
	fmt_amount(s, sizeof s, 1e30);
	assert_string_equal(s, "1e+30");
	fmt_amount(s, sizeof s, 0x1p64);
	assert_string_equal(s, "1.84e+19");
	fmt_amount(s, sizeof s, -1);
	assert_string_equal(s, "-");
	fmt_amount(s, sizeof s, 1.0 / 0.0);
	assert_string_equal(s, "-");
	fmt_noun_amount(s, sizeof s, 1e30, "lines");
	assert_string_equal(s, "1e+30 lines");
	fmt_noun_amount(s, sizeof s, 1, "lines");
	assert_string_equal(s, "1 line");
	fmt_noun(s, sizeof s, 1, "hits");
	assert_string_equal(s, "1 hit");
	fmt_unit(s, sizeof s, "bytes", 5e20);
	assert_string_equal(s, "5e+20");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_text_makes_controls_visible),
		cmocka_unit_test(test_escape_html_leaves_no_markup),
		cmocka_unit_test(test_escape_markdown_disarms_syntax),
		cmocka_unit_test(test_escape_nagios_keeps_one_line_without_bars),
		cmocka_unit_test(test_escape_cuts_long_strings_visibly),
		cmocka_unit_test(test_escape_formats_numbers),
		cmocka_unit_test(test_escape_formats_amounts_past_an_integer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
