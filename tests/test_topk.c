/* test_topk: exact while nothing is evicted, the Space-Saving guarantees
 * under eviction, and merging. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "topk.h"

static void add(struct topk *t, const char *k, uint64_t w)
{
	topk_add(t, k, strlen(k), w);
}

static void test_topk_is_exact_without_evictions(void **state)
{
	struct topk *t = topk_new(8, 0, NULL, NULL);
	size_t s[8];

	(void)state;
	add(t, "b", 2);
	add(t, "a", 5);
	add(t, "c", 2);
	add(t, "a", 1);
	assert_int_equal(topk_sorted(t, s, 8), 3);
	assert_string_equal(topk_entry(t, s[0])->key, "a");
	assert_int_equal(topk_entry(t, s[0])->count, 6);
	assert_string_equal(topk_entry(t, s[1])->key, "b"); /* ties by key */
	assert_int_equal(topk_entry(t, s[2])->err, 0);
	assert_int_equal(topk_evicted(t), 0);
	assert_int_equal(topk_total(t), 10);
	topk_free(t);
}

static void test_topk_finds_heavy_hitters_among_many_keys(void **state)
{
	struct topk *t = topk_new(50, 0, NULL, NULL);
	size_t s[50];
	char k[32];
	uint64_t n = 0;

	(void)state;
	/* 20000 distinct light keys, interleaved with 3 heavy ones */
	for (int i = 0; i < 20000; i++) {
		snprintf(k, sizeof k, "light-%d", i);
		add(t, k, 1);
		n++;
		if (i % 10 == 0) {
			add(t, "heavy-1", 3);
			add(t, "heavy-2", 2);
			add(t, "heavy-3", 1);
			n += 6;
		}
	}
	assert_int_equal(topk_total(t), n);
	assert_int_equal(topk_sorted(t, s, 3), 3);
	/* every key above n / cap is present; its bounds hold its true count */
	const uint64_t truth[] = { 6000, 4000, 2000 };
	for (int i = 0; i < 3; i++) {
		const struct topk_entry *e = topk_entry(t, s[i]);
		char want[16];
		snprintf(want, sizeof want, "heavy-%d", i + 1);
		assert_string_equal(e->key, want);
		assert_true(e->count >= truth[i] && e->count - e->err <= truth[i]);
		assert_true(e->err <= n / 50);
	}
	assert_true(topk_evicted(t) > 0);
	topk_free(t);
}

static void test_topk_merge_adds_counts(void **state)
{
	struct topk *a = topk_new(4, 0, NULL, NULL), *b = topk_new(4, 0, NULL, NULL);
	size_t s[4];

	(void)state;
	add(a, "x", 5);
	add(a, "y", 1);
	add(b, "x", 2);
	add(b, "z", 4);
	topk_merge(a, b, NULL);
	assert_int_equal(topk_sorted(a, s, 4), 3);
	assert_string_equal(topk_entry(a, s[0])->key, "x");
	assert_int_equal(topk_entry(a, s[0])->count, 7);
	assert_string_equal(topk_entry(a, s[1])->key, "z");
	assert_int_equal(topk_entry(a, s[1])->err, 0); /* neither side was full */
	assert_int_equal(topk_total(a), 12);
	topk_free(a);
	topk_free(b);
}

static void test_topk_cuts_long_keys(void **state)
{
	struct topk *t = topk_new(2, 0, NULL, NULL);
	char big[400];

	(void)state;
	memset(big, 'k', sizeof big);
	topk_add(t, big, sizeof big, 1);
	assert_int_equal(strlen(topk_entry(t, 0)->key), TOPK_KEY - 1);
	topk_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topk_is_exact_without_evictions),
		cmocka_unit_test(test_topk_finds_heavy_hitters_among_many_keys),
		cmocka_unit_test(test_topk_merge_adds_counts),
		cmocka_unit_test(test_topk_cuts_long_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
