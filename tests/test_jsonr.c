/* test_jsonr: the reader of flat JSON objects (analyze's events, the
 * summaries' documents): the scan for a string's end, sixteen, eight and
 * one byte a step, finds the first quote or backslash wherever it stands
 * and reads nothing past the end; pairs come out with escapes decoded. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonr.h"

static const char *reference_end(const char *p, const char *end)
{
	while (p < end && *p != '"' && *p != '\\')
		p++;
	return p;
}

static void test_jsonr_string_end_finds_the_first_stop(void **state)
{
	/* bytes one bit or one value away from the two it looks for */
	static const char near[] = { '!', '#', '[', ']', '\0', (char)0xa2, (char)0xdc, (char)0xff, 'x' };
	static const char stops[] = { '"', '\\' };

	(void)state;
	for (size_t len = 0; len <= 40; len++)
		for (size_t at = 0; at <= len; at++) /* at == len: no stop at all */
			for (size_t s = 0; s < sizeof stops; s++)
				for (size_t f = 0; f < sizeof near; f++) {
					/* exactly len bytes of their own: ASan sees any read past */
					char *text = malloc(len ? len : 1);

					for (size_t i = 0; i < len; i++)
						text[i] = near[(f + i) % sizeof near];
					if (at < len)
						text[at] = stops[s];
					if (at + 3 < len) /* a second stop after the first */
						text[at + 3] = stops[1 - s];
					for (size_t from = 0; from <= len; from += 5)
						assert_ptr_equal(jsonr_string_end(text + from, text + len),
								 reference_end(text + from, text + len));
					free(text);
				}
}

static void test_jsonr_reads_pairs_and_decodes_escapes(void **state)
{
	const char *doc = "{\"a\":\"x\\\"y\\u00e9\",\"n\":-1.5e3,\"t\":true,\"l\":[\"p\",\"q\"],"
			  "\"o\":{\"z\":1},\"k\":null}";
	struct buf scratch;
	struct jsonr r;
	struct jsonr_val v;
	size_t pos = 0, tl;
	const char *t;

	(void)state;
	buf_init(&scratch, 0);
	jsonr_init(&r, doc, strlen(doc), &scratch);
	assert_int_equal(jsonr_next(&r, &v), 1);
	assert_true(jsonr_key_is(&v, "a") && v.type == JSONR_STRING);
	assert_int_equal(v.len, 5);
	assert_memory_equal(v.s, "x\"y\xc3\xa9", 5);
	assert_int_equal(jsonr_next(&r, &v), 1);
	assert_true(jsonr_key_is(&v, "n") && v.type == JSONR_NUMBER);
	assert_memory_equal(v.s, "-1.5e3", v.len);
	assert_int_equal(jsonr_next(&r, &v), 1);
	assert_true(jsonr_key_is(&v, "t") && v.type == JSONR_BOOL);
	assert_int_equal(jsonr_next(&r, &v), 1);
	assert_true(jsonr_key_is(&v, "l") && v.type == JSONR_ARRAY);
	assert_int_equal(jsonr_array_next(&r, &v, &pos, &t, &tl), 1);
	assert_memory_equal(t, "p", tl);
	assert_int_equal(jsonr_array_next(&r, &v, &pos, &t, &tl), 1);
	assert_memory_equal(t, "q", tl);
	assert_int_equal(jsonr_array_next(&r, &v, &pos, &t, &tl), 0);
	assert_int_equal(jsonr_next(&r, &v), 1);
	assert_true(jsonr_key_is(&v, "o") && v.type == JSONR_OBJECT);
	assert_int_equal(jsonr_next(&r, &v), 1);
	assert_true(jsonr_key_is(&v, "k") && v.type == JSONR_NULL);
	assert_int_equal(jsonr_next(&r, &v), 0);
	/* a string that never ends is malformed, not read past */
	jsonr_init(&r, "{\"a\":\"abcdefghijklmnopqrstuvwxyz", 31, &scratch);
	assert_int_equal(jsonr_next(&r, &v), -1);
	buf_release(&scratch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonr_string_end_finds_the_first_stop),
		cmocka_unit_test(test_jsonr_reads_pairs_and_decodes_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
