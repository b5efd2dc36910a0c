/* test_fields: turning field text into event values. */
#include "testutil.h"

#include <string.h>

#include "../ingest/fields.h"

static void test_fields_split_request_lines(void **state)
{
	struct event e;
	const char *r = "GET /a b/c HTTP/1.1";

	(void)state;
	event_reset(&e);
	field_split_request(&e, r, strlen(r));
	assert_int_equal(e.method.len, 3);
	assert_int_equal(e.path.len, 6); /* "/a b/c": a path with a space survives */
	assert_memory_equal(e.proto.p, "HTTP/1.1", 8);
	event_reset(&e);
	field_split_request(&e, "GET /x", 6);
	assert_int_equal(e.path.len, 2);
	assert_int_equal(e.proto.len, 0);
	event_reset(&e);
	field_split_request(&e, "\\x16\\x03", 8);
	assert_int_equal(e.method.len, 0);
	assert_int_equal(e.path.len, 8);
}

static void test_fields_convert_numbers_with_checks(void **state)
{
	struct event e;

	(void)state;
	event_reset(&e);
	assert_int_equal(field_set(&e, F_STATUS, "404", 3, NULL), 0);
	assert_int_equal(e.status, 404);
	event_reset(&e);
	assert_int_equal(field_set(&e, F_STATUS, "error", 5, NULL), 0);
	assert_int_equal(e.status, 0);
	assert_int_equal(e.app_status.len, 5);
	event_reset(&e);
	assert_int_equal(field_set(&e, F_BYTES, "12x", 3, NULL), -1);
	assert_false(e.has_bytes);
	assert_int_equal(field_set(&e, F_BYTES, "9999999999999999999999", 22, NULL), -1);
	assert_int_equal(field_set(&e, F_BYTES, "-", 1, NULL), 0);
	assert_false(e.has_bytes);
	assert_int_equal(field_set(&e, F_LATENCY_S, "0.250", 5, NULL), 0);
	assert_true(e.latency_ms > 249.99 && e.latency_ms < 250.01);
	assert_int_equal(field_set(&e, F_LATENCY_MS, "1e5", 3, NULL), -1);
	assert_int_equal(field_set(&e, F_PRI, "192", 3, NULL), -1);
	assert_int_equal(field_set(&e, F_PRI, "13", 2, NULL), 0);
	assert_int_equal(e.level, LEVEL_NOTICE);
}

static void test_fields_know_their_names(void **state)
{
	(void)state;
	assert_int_equal(field_by_name("latency_ms", 10), F_LATENCY_MS);
	assert_int_equal(field_by_name("ts", 2), F_TS);
	assert_int_equal(field_by_name("tss", 3), F_NONE);
	assert_int_equal(field_by_name("request", 7), F_REQUEST);
	/* every field the table lets parsers set is known by its name, and
	 * a text field set through field_set lands in that field */
	for (size_t i = 0; i < EF_COUNT; i++) {
		const struct event_field *f = &event_fields[i];
		struct event e;

		if (!(f->flags & EVF_PARSE)) {
			assert_int_equal(field_by_name(f->name, f->len), F_NONE);
			continue;
		}
		assert_int_equal(field_by_name(f->name, f->len), F_OF(i));
		if (f->type != EVT_SPAN)
			continue;
		event_reset(&e);
		assert_int_equal(field_set(&e, F_OF(i), "x1", 2, NULL), 0);
		assert_int_equal(event_span(&e, f)->len, 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_split_request_lines),
		cmocka_unit_test(test_fields_convert_numbers_with_checks),
		cmocka_unit_test(test_fields_know_their_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
