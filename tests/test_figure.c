/* test_figure: a bucket's figures as the report's tables write them. */
#include "testutil.h"

#include "../report/figure.h"
#include "hist.h"
#include "summary.h"

static void test_figure_says_dash_without_data(void **state)
{
	struct bucket b;
	char v[48];

	(void)state;
	bucket_init(&b);
	b.events = 1234567;
	figure_format(v, sizeof v, &b, FIG_EVENTS);
	assert_string_equal(v, "1,234,567");
	figure_format(v, sizeof v, &b, FIG_ERROR_RATE);
	assert_string_equal(v, "-"); /* no requests */
	figure_format(v, sizeof v, &b, FIG_P95);
	assert_string_equal(v, "-"); /* no latencies */
	assert_false(figure_has(&b, FIG_AVG));
	assert_true(figure_value(&b, FIG_AVG) == 0);
	bucket_release(&b);
}

static void test_figure_computes_rates_and_latencies(void **state)
{
	struct bucket b;
	char v[48];

	(void)state;
	bucket_init(&b);
	b.requests = 8;
	b.errors = 1;
	hist_add(&b.latency, 100);
	hist_add(&b.latency, 300);
	figure_format(v, sizeof v, &b, FIG_ERROR_RATE);
	assert_string_equal(v, "12.5 %");
	figure_format(v, sizeof v, &b, FIG_AVG);
	assert_string_equal(v, "200 ms");
	figure_format(v, sizeof v, &b, FIG_MAX);
	assert_string_equal(v, "300 ms");
	assert_true(figure_value(&b, FIG_ERRORS) == 1);
	bucket_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figure_says_dash_without_data),
		cmocka_unit_test(test_figure_computes_rates_and_latencies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
