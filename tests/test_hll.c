/* test_hll: estimates within the stated error, exact merges, the hex form
 * and its refusals. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "hll.h"

static uint64_t item(unsigned long i)
{
	char k[32];
	int n = snprintf(k, sizeof k, "10.0.%lu.%lu|2026-11-16|ua", i / 256, i % 256);

	return hll_hash(k, (size_t)n, 0);
}

static void test_hll_estimates_within_the_stated_error(void **state)
{
	static const unsigned long sizes[] = { 10, 100, 1000, 10000, 200000 };

	(void)state;
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		struct hll h;
		double e;

		memset(&h, 0, sizeof h);
		for (unsigned long i = 0; i < sizes[s]; i++) {
			hll_add(&h, item(i));
			hll_add(&h, item(i)); /* a visitor seen twice is one */
		}
		e = hll_estimate(&h);
		/* three standard errors */
		if (fabs(e - (double)sizes[s]) > 3 * HLL_ERROR * (double)sizes[s] + 1)
			fail_msg("%lu items estimated %.1f", sizes[s], e);
	}
}

static void test_hll_merge_is_the_union(void **state)
{
	struct hll a, b, u;
	struct buf hex;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&u, 0, sizeof u);
	for (unsigned long i = 0; i < 6000; i++) {
		(i < 4000 ? hll_add(&a, item(i)) : hll_add(&b, item(i)));
		if (i >= 2000 && i < 4000)
			hll_add(&b, item(i)); /* overlap */
		hll_add(&u, item(i));
	}
	hll_merge(&a, &b);
	assert_memory_equal(&a, &u, sizeof a);
	buf_init(&hex, 0);
	hll_encode(&u, &hex);
	assert_int_equal(hex.len, 2 * HLL_M);
	memset(&b, 0, sizeof b);
	assert_int_equal(hll_decode(&b, hex.p, hex.len), 0);
	assert_memory_equal(&b, &u, sizeof b);
	assert_int_equal(hll_decode(&b, hex.p, hex.len - 1), -1);
	hex.p[7] = 'z';
	assert_int_equal(hll_decode(&b, hex.p, hex.len), -1);
	buf_release(&hex);
}

/* The highest registers a summary may carry (55 each) estimate more than
 * 2^64; the estimate stays a count an integer can hold. */
static void test_hll_estimate_of_full_registers_fits_a_count(void **state)
{
	struct hll h;

	(void)state;
	memset(h.reg, 64 - HLL_P + 1, sizeof h.reg);
	assert_true(hll_estimate(&h) + 0.5 < 0x1p64);
	assert_true(hll_estimate(&h) > 1e19);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hll_estimates_within_the_stated_error),
		cmocka_unit_test(test_hll_merge_is_the_union),
		cmocka_unit_test(test_hll_estimate_of_full_registers_fits_a_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
