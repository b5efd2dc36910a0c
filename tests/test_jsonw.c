/* test_jsonw: every byte value through the string escaper, UTF-8
 * validation, and number formatting. */
#include "testutil.h"

#include <stdio.h>
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

/* Names a log chose are written as strings are when they are keys. */
static void test_jsonw_escapes_keys(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_addc(&b, '{');
	jsonw_member(&b, "plain");
	buf_addc(&b, '1');
	jsonw_member_named(&b, "a\"b\\c\n");
	buf_addc(&b, '2');
	buf_addc(&b, '}');
	assert_string_equal(b.p, "{\"plain\":1,\"a\\\"b\\\\c\\n\":2}");
	buf_release(&b);
}

/* How many U+FFFD s holds. */
static size_t replacements(const char *s)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, "\xef\xbf\xbd")); p += 3)
		n++;
	return n;
}

/* What jsonw_storable keeps is valid UTF-8 without NUL, within cap - 1
 * bytes and cut at a character's end; kept again it is the same; plain
 * text (no NUL, nothing at or above 0x80) is kept as it is, cut; and
 * jsonw_str writes it with no byte replaced, so the JSON reads back to it. */
static void test_jsonw_storable_keeps_what_reads_back(void **state)
{
	static const unsigned char pool[] = { 'a', '/', 0, 0x7f, 0x80, 0xbf, 0xc3, 0xa9, 0xc4, 0x81,
					      0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0xed, 0xa0 };
	uint64_t seed = 42;
	char s[64], kept[32], again[32];

	(void)state;
	for (int round = 0; round < 200000; round++) {
		size_t n = (size_t)(seed >> 60) * 4, cap = 1 + (size_t)(seed >> 40) % 31, len;

		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			s[i] = (char)pool[(seed >> 33) % sizeof pool];
		}
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		len = jsonw_storable(kept, cap, s, n);
		assert_true(len < cap && kept[len] == '\0' && strlen(kept) == len);
		for (size_t i = 0; i < len;) {
			size_t k = jsonw_utf8_len((const unsigned char *)kept + i, len - i);

			assert_true(k > 0 && kept[i] != '\0');
			i += k;
		}
		assert_int_equal(jsonw_storable(again, cap, kept, len), len);
		assert_memory_equal(again, kept, len);
		{
			size_t plain = 0;

			while (plain < n && s[plain] && (unsigned char)s[plain] < 0x80)
				plain++;
			if (plain == n || plain >= cap - 1) {
				assert_int_equal(len, n < cap - 1 ? n : cap - 1);
				assert_memory_equal(kept, s, len);
			}
		}
		assert_int_equal(replacements(str(kept, len)), replacements(kept));
	}
	assert_int_equal(jsonw_storable(kept, 8, "abc\0d", 5), 7);
	assert_string_equal(kept, "abc\xef\xbf\xbd" "d");
	assert_int_equal(jsonw_storable(kept, 6, "abc\xe2\x82\xac", 6), 3); /* not half a euro */
	assert_int_equal(jsonw_storable(kept, 2, "abc", 3), 1);
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
	/* every count of digits, both signs, against printf */
	for (int k = 0; k < 19; k++) {
		int64_t v = 1;

		for (int d = 0; d < k; d++)
			v *= 10;
		int64_t probes[] = { v - 1, v, v + 1, 7 * v + 3, -v, -(v - 1), -(9 * v + 9) };

		for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
			char want[32];

			buf_reset(&b);
			jsonw_int(&b, probes[i]);
			buf_addc(&b, '\0');
			snprintf(want, sizeof want, "%lld", (long long)probes[i]);
			assert_string_equal(b.p, want);
		}
	}
	buf_reset(&b);
	jsonw_int(&b, 9223372036854775807LL);
	buf_addc(&b, '\0');
	assert_string_equal(b.p, "9223372036854775807");
	buf_release(&b);
}

/* Every byte is seen wherever it stands (the guard of the scans of plain
 * runs, sixteen and eight bytes a step, each with a last step that reads
 * the string's end again): one byte of each value at each place of a
 * string of plain letters of every length up to 40 is escaped exactly as
 * alone (an ASCII control as \\uXXXX or its short form, a lone high byte
 * as U+FFFD). */
static void test_jsonw_word_scan_misses_no_byte(void **state)
{
	struct buf b, want;
	char in[40];

	(void)state;
	buf_init(&b, 0);
	buf_init(&want, 0);
	for (size_t len = 1; len <= sizeof in; len++)
	for (int v = 0; v < 256; v++) {
		for (size_t at = 0; at < len; at++) {
			unsigned char c = (unsigned char)v;

			memset(in, 'a', sizeof in);
			in[at] = (char)c;
			buf_reset(&b);
			jsonw_str(&b, in, len);
			buf_reset(&want);
			buf_addc(&want, '"');
			buf_add(&want, in, at);
			if (c == '"' || c == '\\') {
				buf_addc(&want, '\\');
				buf_addc(&want, (char)c);
			} else if (c == '\n') {
				buf_adds(&want, "\\n");
			} else if (c == '\t') {
				buf_adds(&want, "\\t");
			} else if (c == '\r') {
				buf_adds(&want, "\\r");
			} else if (c < 0x20 || c == 0x7f) {
				char e[8];
				snprintf(e, sizeof e, "\\u%04x", c);
				buf_adds(&want, e);
			} else if (c >= 0x80) {
				buf_adds(&want, "\xef\xbf\xbd");
			} else {
				buf_addc(&want, (char)c);
			}
			buf_add(&want, in + at + 1, len - at - 1);
			buf_addc(&want, '"');
			assert_int_equal(b.len, want.len);
			assert_memory_equal(b.p, want.p, b.len);
		}
	}
	buf_release(&b);
	buf_release(&want);
}

/* The escaper byte by byte, as the table says: the reference the word
 * scan is held to. */
static void reference_escape(struct buf *want, const unsigned char *in, size_t n)
{
	buf_addc(want, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned c = in[i];
		char e[8];
		size_t u = jsonw_utf8_len(in + i, n - i);

		if (c == '"' || c == '\\') {
			buf_addc(want, '\\');
			buf_addc(want, (char)c);
		} else if (c == '\n' || c == '\t' || c == '\r') {
			buf_addc(want, '\\');
			buf_addc(want, c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(e, sizeof e, "\\u%04x", c);
			buf_adds(want, e);
		} else if (c >= 0x80 && !u) {
			buf_adds(want, "\xef\xbf\xbd");
		} else {
			buf_add(want, in + i, c >= 0x80 ? u : 1);
			i += (c >= 0x80 ? u : 1) - 1;
		}
	}
	buf_addc(want, '"');
}

/* Two special bytes side by side, at every offset of a word: a borrow
 * from the first must not hide or invent the second. */
static void test_jsonw_word_scan_pairs(void **state)
{
	static const unsigned char probe[] = { 0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b,
					       0x5c, 0x5d, 0x7e, 0x7f, 0x80, 0xc3, 0xa9, 0xff, 'a' };
	struct buf b, want;
	unsigned char in[35];

	(void)state;
	buf_init(&b, 0);
	buf_init(&want, 0);
	for (size_t len = 2; len <= sizeof in; len += 3) /* 16-byte steps and tails */
	for (size_t x = 0; x < sizeof probe; x++)
		for (size_t y = 0; y < sizeof probe; y++)
			for (size_t at = 0; at + 1 < len; at++) {
				memset(in, 'q', sizeof in);
				in[at] = probe[x];
				in[at + 1] = probe[y];
				buf_reset(&b);
				jsonw_str(&b, (const char *)in, len);
				buf_reset(&want);
				reference_escape(&want, in, len);
				assert_int_equal(b.len, want.len);
				assert_memory_equal(b.p, want.p, b.len);
			}
	buf_release(&b);
	buf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonw_word_scan_misses_no_byte),
		cmocka_unit_test(test_jsonw_word_scan_pairs),
		cmocka_unit_test(test_jsonw_escapes_quotes_backslashes_and_controls),
		cmocka_unit_test(test_jsonw_escapes_keys),
		cmocka_unit_test(test_jsonw_storable_keeps_what_reads_back),
		cmocka_unit_test(test_jsonw_every_byte_gives_valid_json_text),
		cmocka_unit_test(test_jsonw_keeps_valid_utf8_and_replaces_invalid),
		cmocka_unit_test(test_jsonw_formats_numbers),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	buf_release(&last);
	return rc;
}
