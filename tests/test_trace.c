/* test_trace: the exception and cause of Java and Python stack traces, as
 * their runtimes print them, and the lines a trace is made of. */
#include "testutil.h"

#include <string.h>

#include "../ingest/trace.h"

static void feed_all(struct trace *t, const char *const *lines)
{
	trace_reset(t);
	for (; *lines; lines++)
		trace_feed(t, *lines, strlen(*lines));
}

static void expect(const struct trace *t, const char *exc, const char *cause)
{
	struct span e, c;

	trace_result(t, &e, &c);
	assert_int_equal(e.len, strlen(exc));
	assert_int_equal(c.len, strlen(cause));
	if (e.len)
		assert_memory_equal(e.p, exc, e.len);
	if (c.len)
		assert_memory_equal(c.p, cause, c.len);
}

static void test_trace_java_names_the_exception_and_innermost_cause(void **state)
{
	static const char *const lines[] = {
		"java.lang.IllegalStateException: payment failed",
		"\tat c.e.orders.PaymentClient.charge(PaymentClient.java:88)",
		"Caused by: org.apache.http.ConnectTimeoutException: connect timed out",
		"\t... 12 more",
		"Caused by: java.net.SocketTimeoutException: Read timed out",
		"\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
		NULL,
	};
	struct trace t;

	(void)state;
	feed_all(&t, lines);
	expect(&t, "java.lang.IllegalStateException", "java.net.SocketTimeoutException");
}

static void test_trace_python_names_the_last_exception_and_its_cause(void **state)
{
	static const char *const chained[] = {
		"Traceback (most recent call last):",
		"  File \"/srv/app/orders.py\", line 88, in submit",
		"TimeoutError: pool exhausted",
		"",
		"The above exception was the direct cause of the following exception:",
		"Traceback (most recent call last):",
		"app.errors.OrderError: order 4711",
		NULL,
	};
	static const char *const single[] = {
		"Traceback (most recent call last):",
		"  File \"x.py\", line 1, in <module>",
		"KeyError: 'user'",
		NULL,
	};
	struct trace t;

	(void)state;
	feed_all(&t, chained);
	expect(&t, "app.errors.OrderError", "TimeoutError");
	feed_all(&t, single);
	expect(&t, "KeyError", "");
}

static void test_trace_uncaught_and_plain_lines(void **state)
{
	static const char *const uncaught[] = {
		"Exception in thread \"main\" java.lang.NullPointerException",
		"\tat App.main(App.java:3)",
		NULL,
	};
	static const char *const none[] = {
		"request failed: see above",
		"Error budget: 3 left", /* a word, no class: "Error budget" */
		"HTTP 500 Internal Server Error",
		NULL,
	};
	struct trace t;

	(void)state;
	feed_all(&t, uncaught);
	expect(&t, "java.lang.NullPointerException", "");
	feed_all(&t, none);
	expect(&t, "", "");
}

static void test_trace_tells_the_lines_of_a_trace(void **state)
{
	(void)state;
	assert_true(trace_is_trace_line("\tat x.Y.z(Y.java:1)", 19));
	assert_true(trace_is_trace_line("", 0));
	assert_true(trace_is_trace_line("Caused by: a.B: c", 17));
	assert_true(trace_is_trace_line("ValueError: bad", 15));
	assert_true(trace_is_trace_line("... 3 more", 10));
	assert_false(trace_is_trace_line("Starting server", 15));
	assert_false(trace_is_trace_line("ERROR: disk full", 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trace_java_names_the_exception_and_innermost_cause),
		cmocka_unit_test(test_trace_python_names_the_last_exception_and_its_cause),
		cmocka_unit_test(test_trace_uncaught_and_plain_lines),
		cmocka_unit_test(test_trace_tells_the_lines_of_a_trace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
