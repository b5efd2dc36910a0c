/* test_parse_json: JSON lines through the alias table, --map overrides,
 * and refusal of what is not one JSON object. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "../ingest/fields.h"
#include "../ingest/parser.h"
#include "buf.h"
#include "event.h"

static struct buf out;

/* The event JSON of a JSON line parsed with the given maps, or "". */
static const char *ev_map(const char *line, const struct json_map *maps, size_t n)
{
	struct parser_opts o = { .tctx = { NULL, 0 }, .maps = maps, .nmaps = n };
	struct json_state *js = json_state_new(&o);
	struct event e;

	event_reset(&e);
	buf_reset(&out);
	if (json_parse_line(js, line, strlen(line), &e) == 0) {
		event_encode_open(&out, &e, "t", 1, "json");
		e.nlines = 1;
	event_encode_close(&out, &e);
	}
	json_state_free(js);
	return out.p;
}

static const char *ev(const char *line)
{
	return ev_map(line, NULL, 0);
}

#define HAS(json, frag) do {                                             \
		if (!strstr(json, frag))                                 \
			fail_msg("missing %s in %s", frag, json);         \
	} while (0)

static void test_json_maps_the_runbook_fields(void **state)
{
	const char *j = ev("{\"timestamp\":\"2026-11-16T06:10:58.281Z\",\"level\":\"ERROR\",\"logger\":\"ai_diy.api\","
			   "\"message\":\"request failed\",\"method\":\"POST\",\"path\":\"/api/projects\",\"status\":\"error\","
			   "\"status_code\":500,\"duration_ms\":410.2,\"details\":{\"client_ip\":\"192.0.2.44\",\"n\":[1,{\"ip\":\"x\"}]}}");

	(void)state;
	HAS(j, "\"ts\":\"2026-11-16T06:10:58.281Z\"");
	HAS(j, "\"level\":\"error\",\"logger\":\"ai_diy.api\"");
	HAS(j, "\"method\":\"POST\",\"path\":\"/api/projects\",\"status\":500,\"latency_ms\":410.2,\"ip\":\"192.0.2.44\"");
	HAS(j, "\"app_status\":\"error\"");
	HAS(j, "\"msg\":\"request failed\"");
}

static void test_json_reads_bunyan_pino_and_ecs(void **state)
{
	const char *j;

	(void)state;
	j = ev("{\"name\":\"renovate\",\"hostname\":\"h1\",\"pid\":7,\"level\":20,\"msg\":\"Found files\",\"time\":\"2023-03-24T14:26:16.243Z\",\"v\":0}");
	HAS(j, "\"level\":\"debug\",\"logger\":\"renovate\",\"host\":\"h1\"");
	j = ev("{\"level\":\"info\",\"time\":1745532517537,\"msg\":\"charged\"}");
	HAS(j, "\"ts\":\"2025-04-24T22:08:37.537Z\"");
	j = ev("{\"level\":60,\"time\":1745532517,\"msg\":\"boom\"}");
	HAS(j, "\"ts\":\"2025-04-24T22:08:37.000Z\"");
	HAS(j, "\"level\":\"critical\"");
	j = ev("{\"@timestamp\":\"2025-01-13T09:58:13.631Z\",\"log.level\":\"warning\",\"message\":\"m\",\"log\":{\"logger\":\"app\"}}");
	HAS(j, "\"level\":\"warn\",\"logger\":\"app\"");
	HAS(j, "\"msg\":\"m\"");
	/* the service a line names: Datadog's, ECS's and OpenTelemetry's */
	HAS(ev("{\"service\":\"checkout\",\"msg\":\"x\"}"), "\"service\":\"checkout\"");
	HAS(ev("{\"service\":{\"name\":\"cart\"},\"msg\":\"x\"}"), "\"service\":\"cart\"");
	HAS(ev("{\"service.name\":\"pay\",\"msg\":\"x\"}"), "\"service\":\"pay\"");
}

static void test_json_prefers_message_over_msg_and_uses_event_as_fallback(void **state)
{
	const char *j;

	(void)state;
	j = ev("{\"msg\":\"second\",\"message\":\"first\"}");
	HAS(j, "\"msg\":\"first\"");
	j = ev("{\"event\":\"path_traversal_attempt\",\"details\":{\"client_ip\":\"198.51.100.66\"}}");
	HAS(j, "\"event\":\"path_traversal_attempt\",\"msg\":\"path_traversal_attempt\"");
	HAS(j, "\"ip\":\"198.51.100.66\"");
}

static void test_json_keeps_escaped_strings_intact(void **state)
{
	const char *j = ev("{\"msg\":\"a \\\"q\\\" \\u00e9 \\n b\",\"ip\":\"::1\"}");

	(void)state;
	HAS(j, "\"msg\":\"a \\\"q\\\" \xc3\xa9 \\n b\"");
	HAS(j, "\"ip\":\"::1\"");
}

static void test_json_applies_map_overrides_with_units(void **state)
{
	struct json_map m[2];
	const char *j;

	(void)state;
	assert_int_equal(json_map_parse("latency_ms=details.elapsed_us/1000", &m[0]), 0);
	assert_int_equal(json_map_parse("ip=req.remote", &m[1]), 0);
	j = ev_map("{\"duration_ms\":5,\"details\":{\"elapsed_us\":2500},\"req\":{\"remote\":\"10.0.0.9\"},\"ip\":\"1.1.1.1\"}", m, 2);
	HAS(j, "\"latency_ms\":2.5");
	HAS(j, "\"ip\":\"10.0.0.9\"");
	assert_int_equal(json_map_parse("nosuchfield=x", &m[0]), -1);
	assert_int_equal(json_map_parse("latency_ms=", &m[0]), -1);
	assert_int_equal(json_map_parse("latency_ms=a/0", &m[0]), -1);
}

static void test_json_refuses_what_is_not_one_object(void **state)
{
	(void)state;
	assert_string_equal(ev("{\"a\":1"), "");
	assert_string_equal(ev("{\"a\":1} trailing"), "");
	assert_string_equal(ev("[1,2,3]"), "");
	assert_string_equal(ev("\"just a string\""), "");
	assert_string_equal(ev(""), "");
	/* nesting past the cap is refused, not recursed into */
	char deep[512];
	memset(deep, 0, sizeof deep);
	for (int i = 0; i < 40; i++)
		strcat(deep, "{\"a\":");
	strcat(deep, "1");
	for (int i = 0; i < 40; i++)
		strcat(deep, "}");
	assert_string_equal(ev(deep), "");
}

static void test_json_keeps_invalid_utf8_as_replacement_characters(void **state)
{
	const char *j = ev("{\"msg\":\"bad \xff byte\"}");

	(void)state;
	HAS(j, "\"msg\":\"bad \xef\xbf\xbd byte\"");
}

static int teardown(void **state)
{
	(void)state;
	buf_release(&out);
	return 0;
}

/* yajl's memory comes from an arena per line, and from malloc past it:
 * lines that outgrow it (a long escaped string, maps nested to the limit
 * with arrays inside) read as they did, one parser reading them in turn
 * (the arena emptied between lines), and nothing leaks (ASan, valgrind). */
static void test_json_lines_past_yajls_arena_read_whole(void **state)
{
	static const char short_line[] = "{\"msg\":\"hi\",\"level\":\"info\"}";
	struct parser_opts o = { .tctx = { NULL, 0 } };
	struct json_state *js = json_state_new(&o);
	struct buf line, want;

	(void)state;
	buf_init(&line, 0);
	buf_init(&want, 0);
	for (int round = 0; round < 3; round++) {
		struct event e;

		/* a message of 40,000 escaped newlines and letters */
		buf_reset(&line);
		buf_reset(&want);
		buf_adds(&line, "{\"level\":\"error\",\"msg\":\"");
		for (int i = 0; i < 20000; i++) {
			buf_adds(&line, "\\nx");
			buf_adds(&want, "\nx");
		}
		buf_adds(&line, "\"}");
		event_reset(&e);
		assert_int_equal(json_parse_line(js, line.p, line.len, &e), 0);
		assert_int_equal(e.msg.len, want.len);
		assert_memory_equal(e.msg.p, want.p, want.len);
		/* maps nested 30 deep, arrays in each, then the fields */
		buf_reset(&line);
		for (int i = 0; i < 30; i++)
			buf_adds(&line, "{\"a\":[1,[2,[3]]],\"k\":");
		buf_adds(&line, "0");
		for (int i = 0; i < 30; i++)
			buf_addc(&line, '}');
		line.p[line.len - 1] = ',';
		buf_adds(&line, "\"message\":\"deep\",\"level\":\"warn\"}");
		event_reset(&e);
		assert_int_equal(json_parse_line(js, line.p, line.len, &e), 0);
		assert_int_equal(e.msg.len, 4);
		assert_memory_equal(e.msg.p, "deep", 4);
		/* and a short line after them */
		event_reset(&e);
		assert_int_equal(json_parse_line(js, short_line, strlen(short_line), &e), 0);
		assert_memory_equal(e.msg.p, "hi", 2);
	}
	buf_release(&line);
	buf_release(&want);
	json_state_free(js);
}

/* The event a line makes through the fast reader, or through yajl alone;
 * "-" when the line is refused. */
static void event_of(struct json_state *js, const char *line, size_t n, bool use_fast,
		     struct buf *to)
{
	struct event e;

	buf_reset(to);
	event_reset(&e);
	if (use_fast ? json_parse_line(js, line, n, &e) : json_parse_line_general(js, line, n, &e)) {
		buf_addc(to, '-');
		return;
	}
	event_encode_open(to, &e, "t", 1, "json");
	e.nlines = 1;
	event_encode_close(to, &e);
}

/* The fast reader of the common shapes makes the events yajl makes: on
 * lines of every kind of value, blanks, nesting and escape, and on each of
 * them with every byte replaced by each of a few others (quotes, escapes,
 * control bytes, signs, brackets, letters) or cut short. */
static void test_json_fast_reader_makes_the_events_yajl_makes(void **state)
{
	static const char *seeds[] = {
		"{\"ts\":\"2026-11-16T09:00:01.123Z\",\"level\":\"error\",\"msg\":\"boom\",\"status\":500,\"latency_ms\":12.5}",
		" { \"level\" : \"warn\" , \"message\" : \"x\" , \"n\" : -0.5e+3 , \"ok\" : true , \"z\" : null } ",
		"{\"msg\":\"a\",\"details\":{\"client_ip\":\"10.0.0.1\",\"user_agent\":\"curl\"},\"tags\":[1,\"b\",[false,{}],[]]}",
		"{\"level\":\"info\",\"msg\":\"caf\xc3\xa9 \\u00e9 \\\"q\\\"\",\"status_code\":404,\"duration\":0.25}",
		"{\"log\":\"hello\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-16T09:00:01.5Z\"}",
		"{\"a\":{\"b\":{\"c\":{\"d\":[[[[1]]]]}}},\"msg\":\"deep\",\"level\":\"debug\"}",
		"{}", "[]", "{\"msg\":\"x\",\"level\":\"info\"} trailing", "\"just a string\"",
	};
	static const char swaps[] = { '"', '\\', '\x01', '\t', ' ', '-', '+', '.', 'e', '0', '9',
				      '{', '}', '[', ']', ',', ':', 't', 'n', 'x', '\x80' };
	struct parser_opts o = { .tctx = { NULL, 0 } };
	struct json_state *js = json_state_new(&o);
	struct buf fast, general;
	char text[256];

	(void)state;
	buf_init(&fast, 0);
	buf_init(&general, 0);
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		size_t n = strlen(seeds[i]);

		assert_true(n < sizeof text);
		for (size_t at = 0; at <= n; at++)
			for (size_t k = 0; k < sizeof swaps; k++) {
				size_t len = n;

				memcpy(text, seeds[i], n);
				if (at < n)
					text[at] = swaps[k];
				else
					len = k < n ? n - k : 0; /* cut short */
				event_of(js, text, len, true, &fast);
				event_of(js, text, len, false, &general);
				if (fast.len != general.len || memcmp(fast.p, general.p, fast.len))
					fail_msg("%.*s: fast %.*s, yajl %.*s", (int)len, text, (int)fast.len,
						 fast.p, (int)general.len, general.p);
			}
	}
	buf_release(&fast);
	buf_release(&general);
	json_state_free(js);
}

/* A line's event is what a fresh reader makes of it, whatever lines came
 * before: the reader remembers which paths stood at which place in the
 * line before (place_alias), and here the same places change keys from
 * line to line, to keys of the same length, to keys the table does not
 * know, past the sixteen places remembered and past the longest path. */
static void test_json_reads_each_line_by_its_own_keys(void **state)
{
	static const char *const keys[] = {
		"message", "messagf", "msg", "level", "levex", "lvl", "status", "statux", "ts", "tz",
		"duration_ms", "duration_mz", "details.client_ip", "a_path_of_more_than_forty_bytes_xxxxxxxxx",
		"user_agent", "logger", "loggex",
	};
	struct parser_opts o = { .tctx = { NULL, 0 } };
	struct json_state *kept = json_state_new(&o);
	unsigned seed = 13;
	struct buf line, a, b;

	(void)state;
	buf_init(&line, 0);
	buf_init(&a, 0);
	buf_init(&b, 0);
	for (int i = 0; i < 3000; i++) {
		int n = 1 + (int)((unsigned)rand_r(&seed) % 20);
		struct json_state *fresh = json_state_new(&o);

		buf_reset(&line);
		buf_addc(&line, '{');
		for (int k = 0; k < n; k++) {
			const char *key = keys[(unsigned)rand_r(&seed) % (sizeof keys / sizeof keys[0])];

			buf_addf(&line, "%s\"%s%d\":", k ? "," : "", key, k >= 18 ? k : 0);
			if (rand_r(&seed) % 2)
				buf_addf(&line, "%d", rand_r(&seed) % 600);
			else
				buf_addf(&line, "\"v%d\"", k);
		}
		buf_addc(&line, '}');
		/* keys end in 0 (not in the table) but for the few that carry their place */
		for (size_t j = 0; j + 2 < line.len; j++)
			if (line.p[j] == '0' && line.p[j + 1] == '"' && line.p[j + 2] == ':' &&
			    rand_r(&seed) % 4)
				memmove(line.p + j, line.p + j + 1, line.len-- - j);
		event_of(kept, line.p, line.len, true, &a);
		event_of(fresh, line.p, line.len, true, &b);
		if (strcmp(a.p, b.p))
			fail_msg("%s: %s after other lines, %s alone", line.p, a.p, b.p);
		json_state_free(fresh);
	}
	json_state_free(kept);
	buf_release(&line);
	buf_release(&a);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_maps_the_runbook_fields),
		cmocka_unit_test(test_json_reads_bunyan_pino_and_ecs),
		cmocka_unit_test(test_json_prefers_message_over_msg_and_uses_event_as_fallback),
		cmocka_unit_test(test_json_keeps_escaped_strings_intact),
		cmocka_unit_test(test_json_applies_map_overrides_with_units),
		cmocka_unit_test(test_json_refuses_what_is_not_one_object),
		cmocka_unit_test(test_json_keeps_invalid_utf8_as_replacement_characters),
		cmocka_unit_test(test_json_lines_past_yajls_arena_read_whole),
		cmocka_unit_test(test_json_fast_reader_makes_the_events_yajl_makes),
		cmocka_unit_test(test_json_reads_each_line_by_its_own_keys),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
