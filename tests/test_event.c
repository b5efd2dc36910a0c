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
	e.nlines = 3;
	event_encode_close(&b, &e);
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

/* Every text field of the table: set to its own name, encoded, decoded
 * by both readers, read back through the table; a field added to the
 * table is covered without touching this test. */
static void test_event_every_table_field_round_trips(void **state)
{
	struct event e, d, g;
	struct buf b, scratch;

	(void)state;
	event_reset(&e);
	for (size_t i = 0; i < EF_COUNT; i++) {
		const struct event_field *f = &event_fields[i];

		assert_int_equal(f->len, strlen(f->name));
		assert_ptr_equal(event_field_find(f->name, f->len), f);
		if (f->type == EVT_SPAN && !(f->flags & EVF_ORIGIN))
			*event_span(&e, f) = (struct span){ f->name, f->len };
	}
	buf_init(&b, 0);
	buf_init(&scratch, 0);
	event_encode_open(&b, &e, "src.log", 9, "json");
	event_encode_close(&b, &e);
	assert_int_equal(event_decode(b.p, b.len - 1, &scratch, &d), EVENT_IS_EVENT);
	assert_int_equal(event_decode_generic(b.p, b.len - 1, &scratch, &g), EVENT_IS_EVENT);
	for (size_t i = 0; i < EF_COUNT; i++) {
		const struct event_field *f = &event_fields[i];
		char x[64], y[64];

		if (f->type != EVT_SPAN || (f->flags & EVF_ORIGIN))
			continue;
		assert_int_equal(event_field_text(&d, f, x, sizeof x), (int)f->len);
		assert_string_equal(x, f->name);
		assert_int_equal(event_field_text(&g, f, y, sizeof y), (int)f->len);
		assert_string_equal(y, f->name);
	}
	assert_memory_equal(d.src.p, "src.log", 7);
	assert_memory_equal(d.fmt.p, "json", 4);
	assert_int_equal(d.line, 9);
	assert_null(event_field_find("nosuch", 6));
	buf_release(&b);
	buf_release(&scratch);
}

/* Found by fuzz_event: the strings of a tag array were decoded into the
 * scratch twice (once when the array was skipped), which could outgrow
 * the space reserved for the line and move it under an earlier string
 * (src, with an escape).  Under ASan this was a heap use after free. */
static void test_event_array_strings_do_not_move_earlier_ones(void **state)
{
	struct buf line, scratch;
	struct event e;

	(void)state;
	buf_init(&line, 0);
	buf_init(&scratch, 0);
	buf_adds(&line, "{\"v\":1,\"src\":\"a\\tb\",\"tags\":[\"x\\t");
	for (int i = 0; i < 2000; i++)
		buf_addc(&line, 'y');
	buf_adds(&line, "\"]}");
	assert_int_equal(event_decode_generic(line.p, line.len, &scratch, &e), EVENT_IS_EVENT);
	assert_int_equal(e.src.len, 3);
	assert_memory_equal(e.src.p, "a\tb", 3);
	assert_int_equal(e.ntags, 1);
	assert_int_equal(e.tags[0].len, 2002);
	buf_release(&line);
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

static bool span_eq(struct span a, struct span b)
{
	return a.len == b.len && (a.len == 0 || !memcmp(a.p, b.p, a.len));
}

/* The fast path for ingest's compact layout must agree with the general
 * reader on every line, accepted or not. */
/* Metrics go out as "m.NAME" members and come back, in both readers:
 * numbers only, valid names only, at most EVENT_MAX_METRICS, a repeated
 * name replacing its value. */
static void test_event_metrics_round_trip(void **state)
{
	struct event e, back;
	struct buf b, scratch;
	const char *line = "{\"v\":1,\"m.a\":1,\"m.b\":2,\"m.c\":3,\"m.d\":4,\"m.e\":5,\"m.a\":6}";

	(void)state;
	buf_init(&b, 0);
	buf_init(&scratch, 0);
	event_reset(&e);
	event_metric(&e, (struct span){ "mem_mb", 6 }, 512.25);
	event_metric(&e, (struct span){ "load", 4 }, -0.5);
	event_encode_open(&b, &e, "x.log", 1, "json");
	event_encode_close(&b, &e);
	assert_non_null(strstr(b.p, ",\"m.mem_mb\":512.25,\"m.load\":-0.5}"));
	assert_int_equal(event_decode(b.p, b.len - 1, &scratch, &back), EVENT_IS_EVENT);
	assert_int_equal(back.nmetrics, 2);
	assert_true(back.metrics[0].v == 512.25 && back.metrics[1].v == -0.5);
	assert_int_equal(event_decode(line, strlen(line), &scratch, &back), EVENT_IS_EVENT);
	assert_int_equal(back.nmetrics, EVENT_MAX_METRICS);
	assert_true(back.metrics[0].v == 6); /* a again: replaced */
	assert_false(event_metric_name_ok("bad name", 8));
	assert_false(event_metric_name_ok("", 0));
	buf_release(&b);
	buf_release(&scratch);
}

/* Found by fuzz_event: a latency of 18 digits past EVENT_MAX_LATENCY_MS was
 * read, then written as null, which no reader takes back. */
static void test_event_latency_past_the_cap_is_capped_and_written_back(void **state)
{
	static const char *lines[] = {
		"{\"v\":1,\"latency_ms\":55555555555555535.5}",
		"{\"v\":1,\"latency_ms\":1000000000000.001}",
		"{\"v\":1,\"latency_ms\":999999999999.999}",
	};
	static const double want[] = { EVENT_MAX_LATENCY_MS, EVENT_MAX_LATENCY_MS, 999999999999.999 };
	struct buf s, out, s2;

	(void)state;
	buf_init(&s, 0);
	buf_init(&out, 0);
	buf_init(&s2, 0);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct event d, again;

		assert_int_equal(event_decode(lines[i], strlen(lines[i]), &s, &d), EVENT_IS_EVENT);
		assert_true(d.has_latency && d.latency_ms == want[i]);
		buf_reset(&out);
		event_encode_open(&out, &d, "a.log", 1, "json");
		event_encode_close(&out, &d);
		assert_int_equal(event_decode(out.p, out.len - 1, &s2, &again), EVENT_IS_EVENT);
		assert_true(again.has_latency && again.latency_ms == want[i]);
	}
	buf_release(&s);
	buf_release(&out);
	buf_release(&s2);
}

static void test_event_fast_path_agrees_with_the_general_reader(void **state)
{
	static const char *lines[] = {
		"{\"v\":1,\"ts\":\"2026-11-16T06:10:58.281Z\",\"src\":\"a.log\",\"line\":7,\"fmt\":\"json\","
		"\"level\":\"error\",\"logger\":\"x.y\",\"method\":\"POST\",\"path\":\"/api\",\"status\":500,"
		"\"latency_ms\":410.2,\"ip\":\"192.0.2.44\",\"app_status\":\"error\",\"msg\":\"boom\",\"lines\":3}",
		"{\"v\":1,\"ts\":\"2024-02-29T23:59:59.999Z\",\"level\":\"emergency\",\"bytes\":0}",
		"{\"v\":1,\"ts\":\"2023-02-29T00:00:00.000Z\"}",          /* not a day */
		"{\"v\":1,\"ts\":\"2026-11-16T24:00:00.000Z\"}",
		"{\"v\":1,\"ts\":\"2026-11-16T10:00:60.000Z\"}",
		"{\"v\":1,\"ts\":\"2026-11-16T10:00:00Z\"}",              /* another layout */
		"{\"v\":1,\"level\":\"WARNING\",\"msg\":\"a\\\"b\\u00e9\"}", /* escapes */
		"{\"v\":1,\"tags\":[\"sqli\",\"pii.email\"],\"ip\":\"::1\"}",
		"{ \"v\": 1, \"status\": 404 }",
		"{\"v\":1,\"status\":\"404\"}", "{\"v\":1,\"status\":1000}", "{\"v\":1,\"latency_ms\":-1}",
		"{\"v\":1,\"latency_ms\":1e3}", "{\"v\":1,\"latency_ms\":55555555555555535.5}", "{\"v\":1,\"unknown\":{\"a\":[1]},\"ua\":\"x\"}",
		"{\"v\":2,\"ts\":\"x\"}", "{\"v\":1,\"type\":\"source\",\"lines\":4}",
		"{\"v\":1,\"type\":\"other\"}", "{\"status\":200}", "{\"v\":1}x", "{\"v\":1,}", "{}",
		"{\"v\":1,\"ip\":5,\"msg\":\"\"}", "{\"v\":1,\"\":\"empty key\"}",
		"{\"v\":1,\"m.mem_mb\":512.5,\"m.cpu\":-3,\"m.bad name\":1,\"m.s\":\"7\"}",
		"{\"v\":1,\"m.a\":1,\"m.b\":2,\"m.c\":3,\"m.d\":4,\"m.e\":5,\"m.a\":6}",
		/* tag lists, which the fast path reads too */
		"{\"v\":1,\"tags\":[]}", "{\"v\":1,\"tags\":[\"a\",]}", "{\"v\":1,\"tags\":[\"a\" \"b\"]}",
		"{\"v\":1,\"tags\":[1]}", "{\"v\":1,\"tags\":[\"a\\\"b\",\"c\"]}", "{\"v\":1,\"tags\":\"x\"}",
		"{\"v\":1,\"tags\":[\"a\"],\"status\":401,\"tags\":[\"b\"]}", "{\"v\":1,\"tags\":[\"a\"",
		/* found by fuzz_event: strings with no comma between them */
		"{\"v\":1,\"tags\":[\"v\"\"\",\"\"]}",
		"{\"v\":1,\"tags\":[\"t1\",\"t2\",\"t3\",\"t4\",\"t5\",\"t6\",\"t7\",\"t8\",\"t9\",\"t10\","
		"\"t11\",\"t12\",\"t13\",\"t14\",\"t15\",\"t16\",\"t17\",\"t18\",\"t19\",\"t20\"]}",
	};
	struct buf s1, s2;

	(void)state;
	buf_init(&s1, 0);
	buf_init(&s2, 0);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct event a, b;
		enum event_kind ka = event_decode(lines[i], strlen(lines[i]), &s1, &a);
		enum event_kind kb = event_decode_generic(lines[i], strlen(lines[i]), &s2, &b);

		if (ka != kb)
			fail_msg("line %zu: kind %d vs %d: %s", i, ka, kb, lines[i]);
		if (ka != EVENT_IS_EVENT)
			continue;
		assert_true(a.has_ts == b.has_ts && (!a.has_ts || a.ts_ms == b.ts_ms));
		assert_int_equal(a.level, b.level);
		assert_int_equal(a.status, b.status);
		assert_true(a.has_latency == b.has_latency && a.latency_ms == b.latency_ms);
		assert_true(a.has_bytes == b.has_bytes && a.bytes == b.bytes);
		assert_int_equal(a.line, b.line);
		assert_int_equal(a.nlines, b.nlines);
		assert_int_equal(a.ntags, b.ntags);
		for (unsigned k = 0; k < a.ntags; k++)
			assert_true(span_eq(a.tags[k], b.tags[k]));
		assert_int_equal(a.nmetrics, b.nmetrics);
		for (unsigned k = 0; k < a.nmetrics; k++)
			assert_true(span_eq(a.metrics[k].name, b.metrics[k].name) &&
				    a.metrics[k].v == b.metrics[k].v);
		assert_true(span_eq(a.msg, b.msg) && span_eq(a.ip, b.ip) && span_eq(a.ua, b.ua) &&
			    span_eq(a.path, b.path) && span_eq(a.method, b.method) &&
			    span_eq(a.logger, b.logger) && span_eq(a.src, b.src) &&
			    span_eq(a.fmt, b.fmt) && span_eq(a.app_status, b.app_status));
	}
	buf_release(&s1);
	buf_release(&s2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_round_trips_through_json),
		cmocka_unit_test(test_event_every_table_field_round_trips),
		cmocka_unit_test(test_event_array_strings_do_not_move_earlier_ones),
		cmocka_unit_test(test_event_tells_records_apart),
		cmocka_unit_test(test_event_latency_past_the_cap_is_capped_and_written_back),
		cmocka_unit_test(test_event_refuses_malformed_lines),
		cmocka_unit_test(test_event_fast_path_agrees_with_the_general_reader),
		cmocka_unit_test(test_event_metrics_round_trip),
		cmocka_unit_test(test_event_decodes_nested_values_and_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
