/* test_filter: window, level, fields and grep decisions. */
#include "testutil.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "../ingest/filter.h"

static void test_filter_window_is_half_open(void **state)
{
	struct filter f = { .has_since = true, .has_until = true,
			    .since_ms = 1000, .until_ms = 2000 };
	struct event e = { .has_ts = true, .ts_ms = 1000 };

	(void)state;
	assert_true(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	e.ts_ms = 1999;
	assert_true(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	e.ts_ms = 2000;
	assert_false(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	/* no time of its own: judged by the time before it in the file */
	e.has_ts = false;
	assert_false(filter_event(&f, &e, "x", &(int64_t){ 999 }));
	assert_true(filter_event(&f, &e, "x", &(int64_t){ 1500 }));
	/* and with none before it either, kept (ingest flags the file) */
	assert_true(filter_event(&f, &e, "x", NULL));
	assert_true(filter_window(&f, NULL));
	assert_false(filter_window(&f, &(int64_t){ 2000 }));
}

static void test_filter_level_is_a_minimum(void **state)
{
	struct filter f = { .min_level = LEVEL_WARN };
	struct event e = { .level = LEVEL_INFO };

	(void)state;
	assert_false(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	e.level = LEVEL_WARN;
	assert_true(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
	e.level = LEVEL_CRITICAL;
	assert_true(filter_event(&f, &e, "x", e.has_ts ? &e.ts_ms : NULL));
}

static void test_filter_fields_compare_exactly(void **state)
{
	struct filter f = { 0 };
	struct event e = { .status = 500 };

	(void)state;
	assert_int_equal(filter_add_field(&f, "status=500"), 0);
	assert_int_equal(filter_add_field(&f, "method=POST"), 0);
	assert_int_equal(filter_add_field(&f, "nosuch=1"), -1);
	assert_int_equal(filter_add_field(&f, "=1"), -1);
	assert_false(filter_event(&f, &e, "access", e.has_ts ? &e.ts_ms : NULL));
	e.method = (struct span){ "POST", 4 };
	assert_true(filter_event(&f, &e, "access", e.has_ts ? &e.ts_ms : NULL));
	e.status = 502;
	assert_false(filter_event(&f, &e, "access", e.has_ts ? &e.ts_ms : NULL));
}

/* The names --field takes are the table's filterable fields, each one
 * accepted, and the usage message lists exactly those. */
static void test_filter_field_names_come_from_the_event_table(void **state)
{
	char names[256], arg[64];
	size_t listed = 0;

	(void)state;
	filter_field_names(names, sizeof names);
	for (size_t i = 0; i < EF_COUNT; i++) {
		struct filter f = { 0 };
		int want = event_fields[i].flags & EVF_FILTER ? 0 : -1;

		snprintf(arg, sizeof arg, "%s=1", event_fields[i].name);
		assert_int_equal(filter_add_field(&f, arg), want);
		listed += want == 0;
	}
	assert_string_equal(names, "fmt level logger host program unit stream method path status "
				   "bytes latency_ms ip user upstream request_id service app_status event");
	assert_int_equal(listed, 19);
}

static void test_filter_grep_and_invert(void **state)
{
	struct filter f = { 0 };
	char err[200];

	(void)state;
	assert_true(filter_grep_keep(&f, false)); /* no grep: keep all */
	assert_int_equal(filter_set_grep(&f, "(", false, err, sizeof err), -1);
	assert_non_null(strstr(err, "invalid --grep pattern"));
	assert_int_equal(filter_set_grep(&f, "union\\s+select", true, err, sizeof err), 0);
	assert_true(filter_grep_line(&f, "a UNION  SELECT b", 17));
	assert_false(filter_grep_line(&f, "union", 5));
	assert_true(filter_grep_keep(&f, true));
	f.invert = true;
	assert_false(filter_grep_keep(&f, true));
	assert_true(filter_grep_keep(&f, false));
	filter_release(&f);
}

/* The grep over a buffer of lines finds the first match PCRE2 finds
 * over it alone, whether it searches for the pattern's literals first
 * (patterns with telling literals and no match across lines) or not. */
static void test_filter_grep_lines_finds_the_first_match(void **state)
{
	static const char *const patterns[] = {
		"union.*select|<script|\\.\\./", "/api/users/77\\?", "(?i)passwd", "ab\\s+cd",
		"^GET /adm", "in$", "(?:xy|zw)q", "q\\.\\./", "x",
	};
	static const char *const pieces[] = {
		"GET /a HTTP/1.1", "UNION", " select", "<Script>", "../", "..", "/api/users/77?",
		"/api/users/7", "PassWD", "ab", "cd", " ", "\n", "\n", "\n", "GET /admin", "login",
		"xyq", "zwq", "q../", "x", "\t",
	};
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	unsigned seed = 5;
	char err[200];
	int literal = 0;

	(void)state;
	for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
		struct filter f = { 0 };
		int ec;
		PCRE2_SIZE off;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)patterns[p], PCRE2_ZERO_TERMINATED,
					       PCRE2_MULTILINE, &ec, &off, NULL);

		assert_int_equal(filter_set_grep(&f, patterns[p], false, err, sizeof err), 0);
		assert_true(filter_grep_searches_lines(&f));
		literal += f.lits != NULL;
		for (int t = 0; t < 4000; t++) {
			char text[400];
			size_t n = 0, at = 0;
			int k = (int)((unsigned)rand_r(&seed) % 30);
			bool want, got;

			for (int j = 0; j < k; j++) {
				const char *pc = pieces[(unsigned)rand_r(&seed) % (sizeof pieces / sizeof pieces[0])];

				memcpy(text + n, pc, strlen(pc));
				n += strlen(pc);
			}
			want = pcre2_match(re, (PCRE2_SPTR)text, n, 0, 0, md, NULL) >= 0;
			got = filter_grep_lines(&f, text, n, &at);
			assert_int_equal(got, want);
			if (want)
				assert_int_equal(at, pcre2_get_ovector_pointer(md)[0]);
		}
		pcre2_code_free(re);
		filter_release(&f);
	}
	/* all but "ab\\s+cd" (its matches may cross lines) and "x" (one byte) */
	assert_int_equal(literal, 7);
	pcre2_match_data_free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_window_is_half_open),
		cmocka_unit_test(test_filter_level_is_a_minimum),
		cmocka_unit_test(test_filter_fields_compare_exactly),
		cmocka_unit_test(test_filter_field_names_come_from_the_event_table),
		cmocka_unit_test(test_filter_grep_and_invert),
		cmocka_unit_test(test_filter_grep_lines_finds_the_first_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
