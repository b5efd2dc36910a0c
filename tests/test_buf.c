/* test_buf: the bounded buffer's invariants, growth, cap and sticky error. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static void assert_buf_sane(const struct buf *b)
{
	assert_non_null(b->p);
	assert_int_equal(b->p[b->len], '\0');
	if (b->cap)
		assert_true(b->len < b->cap);
	if (b->max && b->cap)
		assert_true(b->cap <= b->max + 1);
}

static void test_buf_starts_empty_without_allocating(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_buf_sane(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_release(&b);
}

static void test_buf_appends_binary_data(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(buf_addc(&b, 'c'), 0);
	assert_int_equal(buf_adds(&b, "de"), 0);
	assert_int_equal(buf_addf(&b, "%d-%s", 42, "x"), 0);
	assert_buf_sane(&b);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.p, "a\0bcde42-x", 10);
	buf_release(&b);
}

static void test_buf_grows_through_many_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(buf_addc(&b, (char)('a' + i % 26)), 0);
		assert_buf_sane(&b);
	}
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.p[9999], 'a' + 9999 % 26);
	buf_release(&b);
}

static void test_buf_addf_formats_long_strings(void **state)
{
	struct buf b;
	char big[1000];

	(void)state;
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_init(&b, 0);
	assert_int_equal(buf_addf(&b, "<%s>", big), 0);
	assert_int_equal(b.len, 1001);
	assert_int_equal(b.p[0], '<');
	assert_int_equal(b.p[1000], '>');
	assert_buf_sane(&b);
	buf_release(&b);
}

static void test_buf_refuses_past_max_and_stays_refused(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_false(b.err);
	assert_int_equal(buf_addc(&b, '9'), -1);
	assert_true(b.err);
	assert_int_equal(b.len, 8);
	/* sticky: even a fitting append is refused until reset */
	buf_truncate(&b, 2);
	assert_int_equal(buf_addc(&b, 'x'), -1);
	assert_buf_sane(&b);
	buf_reset(&b);
	assert_false(b.err);
	assert_int_equal(buf_adds(&b, "ok"), 0);
	assert_string_equal(b.p, "ok");
	assert_buf_sane(&b);
	buf_release(&b);
}

static void test_buf_detach_hands_over_the_bytes(void **state)
{
	struct buf b;
	size_t len;
	char *p;

	(void)state;
	buf_init(&b, 0);
	p = buf_detach(&b, &len);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);
	buf_adds(&b, "hello");
	p = buf_detach(&b, &len);
	assert_int_equal(len, 5);
	assert_string_equal(p, "hello");
	assert_int_equal(b.len, 0);
	assert_buf_sane(&b);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_starts_empty_without_allocating),
		cmocka_unit_test(test_buf_appends_binary_data),
		cmocka_unit_test(test_buf_grows_through_many_appends),
		cmocka_unit_test(test_buf_addf_formats_long_strings),
		cmocka_unit_test(test_buf_refuses_past_max_and_stays_refused),
		cmocka_unit_test(test_buf_detach_hands_over_the_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
