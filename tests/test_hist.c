/* test_hist: quantiles within the stated 1 % of the exact nearest-rank
 * value on random and adversarial data; merge equals the whole. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "hist.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double exact(double *v, size_t n, double q)
{
	size_t rank = (size_t)ceil(q * (double)n);
	return v[(rank ? rank : 1) - 1];
}

/* Checks every listed quantile of v (sorted here) against h. */
static void check(double *v, size_t n, const struct hist *h)
{
	static const double qs[] = { 0.01, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1 };

	qsort(v, n, sizeof *v, cmp);
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		double want = exact(v, n, qs[i]), got = hist_quantile(h, qs[i]);
		if (want > HIST_MIN && fabs(got - want) > HIST_ALPHA * want * 1.0000001)
			fail_msg("q%.3f: got %.6f, exact %.6f", qs[i], got, want);
	}
}

static void run(double (*gen)(size_t i), size_t n)
{
	double *v = malloc(n * sizeof *v);
	struct hist h;

	hist_init(&h);
	for (size_t i = 0; i < n; i++) {
		v[i] = gen(i);
		hist_add(&h, v[i]);
	}
	assert_int_equal(h.count, n);
	check(v, n, &h);
	hist_release(&h);
	free(v);
}

static double uniform(size_t i) { (void)i; return (double)rand() / RAND_MAX * 3000; }
static double lognormal(size_t i)
{
	(void)i;
	double u = ((double)rand() + 1) / ((double)RAND_MAX + 2), w = ((double)rand() + 1) / ((double)RAND_MAX + 2);
	return exp(3 + 1.5 * sqrt(-2 * log(u)) * cos(6.283185307179586 * w));
}
/* adversarial: values sitting on bucket edges, a two-point distribution
 * with a huge gap, and values across the whole range */
static double edges(size_t i) { return hist_value((int)(i % 700) - 300) * (i % 2 ? 1.0000001 : 0.9999999); }
static double bimodal(size_t i) { return i % 100 < 95 ? 0.5 : 60000; }
/* 10^-2.5 .. 10^8 ms: the whole stated range */
static double wide(size_t i) { return pow(10, (double)(i % 1051) / 100 - 2.5); }

static void test_hist_quantiles_are_within_one_percent(void **state)
{
	(void)state;
	srand(42);
	run(uniform, 100000);
	run(lognormal, 100000);
	run(edges, 7001);
	run(bimodal, 1000);
	run(wide, 11000);
}

static void test_hist_keeps_exact_count_sum_min_max(void **state)
{
	struct hist h;

	(void)state;
	hist_init(&h);
	assert_true(hist_quantile(&h, 0.5) == 0);
	hist_add(&h, 5);
	hist_add(&h, 0);
	hist_add(&h, 1e12);  /* above the range: last bucket, max exact */
	hist_add(&h, -1);    /* ignored */
	hist_add(&h, NAN);   /* ignored */
	assert_int_equal(h.count, 3);
	assert_true(h.min == 0 && h.max == 1e12);
	assert_true(h.sum == 5 + 1e12);
	assert_true(hist_quantile(&h, 1) == 1e12);
	assert_true(hist_quantile(&h, 0.1) == 0);
	hist_release(&h);
}

static void test_hist_merge_equals_the_whole(void **state)
{
	struct hist all, parts[7], merged;

	(void)state;
	hist_init(&all);
	hist_init(&merged);
	for (int d = 0; d < 7; d++)
		hist_init(&parts[d]);
	srand(7);
	for (int i = 0; i < 70000; i++) {
		double v = lognormal(0);
		hist_add(&all, v);
		hist_add(&parts[i % 7], v);
	}
	for (int d = 0; d < 7; d++) {
		hist_merge(&merged, &parts[d]);
		hist_release(&parts[d]);
	}
	assert_int_equal(merged.count, all.count);
	assert_true(merged.min == all.min && merged.max == all.max);
	for (double q = 0.05; q <= 1.0; q += 0.05)
		assert_true(hist_quantile(&merged, q) == hist_quantile(&all, q));
	hist_release(&all);
	hist_release(&merged);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hist_quantiles_are_within_one_percent),
		cmocka_unit_test(test_hist_keeps_exact_count_sum_min_max),
		cmocka_unit_test(test_hist_merge_equals_the_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
