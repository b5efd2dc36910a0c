/* test_event: what ingest encodes, analyze decodes to the same event;
 * malformed lines are recognised, never trusted. */
#include "testutil.h"

#include <string.h>

#include "buf.h"
#include "event.h"

static void test_event_round_trips_through_json(void **state)
{
	struct event e, d;
	struct buf b, scratch;

	(void)state;
	event_reset(&e);
	e.has_ts = true;
	e.ts_ms = 1763283601123LL;
	e.level = LEVEL_ERROR;
	e.status = 502;
	e.has_latency = true;
	e.latency_ms = 1503.25;
	e.has_bytes = true;
	e.bytes = 42;
	e.method = (struct span){ "POST", 4 };
	e.path = (struct span){ "/api/\"x\"", 8 };
	e.ip = (struct span){ "2001:db8::1", 11 };
	e.msg = (struct span){ "tab\there \xc3\xa9", 12 };
	e.tags[0] = (struct span){ "sqli", 4 };
	e.ntags = 1;
	buf_init(&b, 0);
	buf_init(&scratch, 0);
	event_encode_open(&b, &e, "a.log", 7, "access");
	event_encode_close(&b, 3);
	assert_int_equal(event_decode(b.p, b.len - 1, &scratch, &d), EVENT_IS_EVENT);
	assert_true(d.has_ts && d.ts_ms == e.ts_ms);
	assert_int_equal(d.level, LEVEL_ERROR);
	assert_int_equal(d.status, 502);
	assert_true(d.latency_ms == 1503.25);
	assert_int_equal(d.bytes, 42);
	assert_int_equal(d.path.len, 8);
	assert_memory_equal(d.path.p, "/api/\"x\"", 8);
	assert_memory_equal(d.msg.p, "tab\there \xc3\xa9", 12);
	assert_int_equal(d.ntags, 1);
	assert_memory_equal(d.tags[0].p, "sqli", 4);
	assert_int_equal(d.line, 7);
	assert_int_equal(d.nlines, 3);
	assert_memory_equal(d.src.p, "a.log", 5);
	buf_release(&b);
	buf_release(&scratch);
}

static void test_event_tells_records_apart(void **state)
{
	struct event d;
	struct buf s;
	const char *src = "{\"v\":1,\"type\":\"source\",\"src\":\"x\",\"lines\":3}";
	const char *future = "{\"v\":2,\"ts\":\"2026-11-16T00:00:00.000Z\"}";

	(void)state;
	buf_init(&s, 0);
	assert_int_equal(event_decode(src, strlen(src), &s, &d), EVENT_IS_SOURCE);
	assert_int_equal(event_decode(future, strlen(future), &s, &d), EVENT_IS_OTHER);
	buf_release(&s);
}

static void test_event_refuses_malformed_lines(void **state)
{
	static const char *bad[] = {
		"", "not json", "{", "{\"v\":1", "{\"v\":1,}", "[1]",
		"{\"v\":1,\"ts\":\"yesterday\"}", "{\"v\":1,\"status\":\"x\"}",
		"{\"v\":1,\"status\":-5}", "{\"ts\":\"2026-11-16T00:00:00.000Z\"}",
		"{\"v\":1,\"latency_ms\":-3}", "{\"v\":1,\"msg\":\"\\q\"}",
		"{\"v\":1,\"tags\":[1]}", "{\"v\":1} trailing", "{\"v\":1,\"a\":\0}", /* length given past the NUL */
	};
	struct event d;
	struct buf s;

	(void)state;
	buf_init(&s, 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (event_decode(bad[i], strlen(bad[i]) + (i == 14 ? 2 : 0), &s, &d) != EVENT_MALFORMED)
			fail_msg("accepted: %s", bad[i]);
	buf_release(&s);
}

static void test_event_decodes_nested_values_and_escapes(void **state)
{
	const char *line = "{\"v\":1,\"extra\":{\"a\":[1,{\"b\":null}]},\"msg\":\"\\u00e9\\ud83d\\ude00\\n\",\"ok\":true}";
	struct event d;
	struct buf s;

	(void)state;
	buf_init(&s, 0);
	assert_int_equal(event_decode(line, strlen(line), &s, &d), EVENT_IS_EVENT);
	assert_int_equal(d.msg.len, 7);
	assert_memory_equal(d.msg.p, "\xc3\xa9\xf0\x9f\x98\x80\n", 7);
	buf_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_round_trips_through_json),
		cmocka_unit_test(test_event_tells_records_apart),
		cmocka_unit_test(test_event_refuses_malformed_lines),
		cmocka_unit_test(test_event_decodes_nested_values_and_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
