/* test_topk: exact while nothing is evicted, the Space-Saving guarantees
 * under eviction, and merging. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
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

/* Grown a slot array at a time (and its index rebuilt) from 16 slots to
 * 5000: every key keeps its count and its caller data. */
static void test_topk_grows_keeping_counts_and_aux(void **state)
{
	struct topk *t = topk_new(5000, sizeof(uint64_t), NULL, NULL);
	char k[32];

	(void)state;
	for (int round = 1; round <= 3; round++)
		for (int i = 0; i < 5000; i++) {
			snprintf(k, sizeof k, "key-%d", i);
			uint64_t *aux = topk_aux(t, topk_add(t, k, strlen(k), (uint64_t)i % 7 + 1));
			*aux += (uint64_t)i;
		}
	assert_int_equal(topk_size(t), 5000);
	assert_int_equal(topk_evicted(t), 0);
	for (int i = 0; i < 5000; i++) {
		snprintf(k, sizeof k, "key-%d", i);
		long slot = topk_find(t, k, strlen(k));
		assert_true(slot >= 0);
		assert_int_equal(topk_entry(t, (size_t)slot)->count, 3 * ((uint64_t)i % 7 + 1));
		assert_int_equal(topk_entry(t, (size_t)slot)->err, 0);
		assert_int_equal(*(uint64_t *)topk_aux(t, (size_t)slot), 3 * (uint64_t)i);
		/* grown or not, an entry starts on a cache line */
		assert_int_equal((uintptr_t)topk_entry(t, (size_t)slot) % 64, 0);
	}
	topk_free(t);
}

/* Past its cap the sketch turns to Space-Saving: for a skewed stream of
 * 3000 keys through 200 slots, checked against exact counts, every entry's
 * bounds hold its true count and every key above total / cap is kept. */
static void test_topk_bounds_hold_once_full(void **state)
{
	enum { KEYS = 3000, CAP = 200 };
	static uint64_t truth[KEYS];
	struct topk *t = topk_new(CAP, 0, NULL, NULL);
	uint64_t x = 12345, total = 0;
	char k[32];

	(void)state;
	memset(truth, 0, sizeof truth);
	for (int i = 0; i < 200000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		double u = (double)(x >> 11) / 9007199254740992.0;
		int key = (int)(KEYS * u * u * u);
		snprintf(k, sizeof k, "k%d", key);
		add(t, k, 1);
		truth[key]++;
		total++;
	}
	assert_true(topk_evicted(t) > 0);
	assert_int_equal(topk_size(t), CAP);
	for (size_t slot = 0; slot < CAP; slot++) {
		const struct topk_entry *e = topk_entry(t, slot);
		uint64_t want = truth[atoi(e->key + 1)];
		assert_true(e->count >= want && e->count - e->err <= want);
	}
	for (int key = 0; key < KEYS; key++)
		if (truth[key] > total / CAP) {
			snprintf(k, sizeof k, "k%d", key);
			assert_true(topk_find(t, k, strlen(k)) >= 0);
		}
	topk_free(t);
}

/* Two sketches that never evicted merge exactly while the union fits; a
 * full side (never heaped: exactly cap keys) lends its minimum as error to
 * the keys it lacks. */
static void test_topk_merge_exact_then_bounded(void **state)
{
	struct topk *a = topk_new(4, 0, NULL, NULL), *b = topk_new(4, 0, NULL, NULL);
	long slot;

	(void)state;
	add(a, "w", 3);
	add(a, "x", 5);
	add(a, "y", 2);
	add(a, "z", 4); /* full: 4 keys, minimum 2 */
	add(b, "x", 1);
	add(b, "v", 6);
	topk_merge(b, a, NULL);
	assert_int_equal(topk_evicted(b), 1); /* 5 keys into 4 slots */
	slot = topk_find(b, "v", 1);
	assert_true(slot >= 0);
	assert_int_equal(topk_entry(b, (size_t)slot)->count, 6 + 2);
	assert_int_equal(topk_entry(b, (size_t)slot)->err, 2);
	slot = topk_find(b, "x", 1);
	assert_int_equal(topk_entry(b, (size_t)slot)->count, 6);
	assert_int_equal(topk_entry(b, (size_t)slot)->err, 0);
	assert_true(topk_find(b, "y", 1) < 0); /* the lightest went */
	topk_free(a);
	topk_free(b);
}

/* Prefetching and adding under the hash counts the same key as topk_add,
 * kept the same way: cut, and NUL as U+FFFD. */
static void test_topk_add_hashed_is_topk_add(void **state)
{
	struct topk *t = topk_new(8, 0, NULL, NULL);
	char big[300], nul[] = "ab\0cd";
	long slot;

	(void)state;
	memset(big, 'x', sizeof big);
	topk_add(t, big, sizeof big, 1);
	uint64_t h = topk_prefetch(t, big, sizeof big);
	topk_prefetch_entry(t, h);
	topk_add_hashed(t, big, sizeof big, h, 2);
	topk_add_hashed(t, nul, sizeof nul - 1, topk_prefetch(t, nul, sizeof nul - 1), 1);
	topk_add(t, "ab\xef\xbf\xbd" "cd", 7, 1);
	assert_int_equal(topk_size(t), 2);
	slot = topk_find(t, big, TOPK_KEY - 1);
	assert_true(slot >= 0);
	assert_int_equal(topk_entry(t, (size_t)slot)->count, 3);
	slot = topk_find(t, nul, sizeof nul - 1);
	assert_true(slot >= 0);
	assert_int_equal(topk_entry(t, (size_t)slot)->count, 2);
	assert_string_equal(topk_entry(t, (size_t)slot)->key, "ab\xef\xbf\xbd" "cd");
	topk_free(t);
}

/* Keys are kept as the summary written of them reads back: two keys that
 * would be written alike are one key (else the summary lists a key twice
 * and is refused when read).  Invalid bytes are U+FFFD, and a key is cut
 * at a character's end. */
static void test_topk_keys_kept_as_they_read_back(void **state)
{
	struct topk *t = topk_new(8, 0, NULL, NULL);
	char a[TOPK_KEY + 4], b[TOPK_KEY + 4];
	long slot;

	(void)state;
	topk_add(t, "/a\xff", 3, 1);
	topk_add(t, "/a\xfe", 3, 1);
	topk_add(t, "/a\xef\xbf\xbd", 5, 1);
	assert_int_equal(topk_size(t), 1);
	assert_int_equal(topk_entry(t, 0)->count, 3);
	memset(a, 'x', sizeof a);
	memcpy(b, a, sizeof b);
	memcpy(a + TOPK_KEY - 2, "\xc3\xa9", 2); /* a two-byte character across the cut */
	memcpy(b + TOPK_KEY - 2, "\xc4\x81", 2);
	topk_add(t, a, sizeof a, 1);
	topk_add(t, b, sizeof b, 1);
	assert_int_equal(topk_size(t), 2);
	slot = topk_find(t, a, sizeof a);
	assert_true(slot >= 0);
	assert_int_equal(topk_entry(t, (size_t)slot)->count, 2);
	assert_int_equal(strlen(topk_entry(t, (size_t)slot)->key), TOPK_KEY - 2);
	topk_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topk_is_exact_without_evictions),
		cmocka_unit_test(test_topk_finds_heavy_hitters_among_many_keys),
		cmocka_unit_test(test_topk_merge_adds_counts),
		cmocka_unit_test(test_topk_cuts_long_keys),
		cmocka_unit_test(test_topk_grows_keeping_counts_and_aux),
		cmocka_unit_test(test_topk_bounds_hold_once_full),
		cmocka_unit_test(test_topk_merge_exact_then_bounded),
		cmocka_unit_test(test_topk_add_hashed_is_topk_add),
		cmocka_unit_test(test_topk_keys_kept_as_they_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
