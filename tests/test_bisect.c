/* test_bisect: the --since bisection on files written here: it starts at
 * a record before the window and no later than the slack allows, counts
 * the lines before it, and refuses files it must not skip in: out of
 * time order, gzip, without times, small, all inside the window. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ingest/bisect.h"
#include "../ingest/parser.h"
#include "buf.h"
#include "input.h"
#include "lines.h"

#define T0 1767225600000LL /* 2026-01-01T00:00:00Z */

static struct parser *ps;

/* n access lines, one every step seconds from T0 (rotated: the second
 * half first, as `cat access.log access.log.1` writes them); a stack
 * trace under every 50th when trace */
static char *access_log(size_t n, int step, bool rotated, bool trace, size_t *len)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++) {
		size_t k = rotated ? (i + n / 2) % n : i;
		long long s = (long long)k * step;
		char line[256];

		snprintf(line, sizeof line,
			 "10.0.%zu.%zu - - [%02lld/Jan/2026:%02lld:%02lld:%02lld +0000] \"GET /x/%zu HTTP/1.1\" 200 %zu\n",
			 i % 200, i % 250, 1 + s / 86400, s / 3600 % 24, s / 60 % 60, s % 60, i, i);
		buf_adds(&b, line);
		if (trace && i % 50 == 0)
			buf_adds(&b, "  at com.example.Thing.run(Thing.java:42)\n  at java.lang.Thread.run\n");
	}
	*len = b.len;
	return buf_detach(&b, len);
}

static bool run(const char *data, size_t len, int64_t since, struct bisect *b)
{
	char *path = tu_tempfile(data, len);
	struct input *in = input_open(path);
	bool ok = bisect_since(in, ps, -1, since, b);

	input_free(in);
	unlink(path);
	free(path);
	return ok;
}

static void test_bisect_starts_before_the_window(void **state)
{
	size_t len;
	char *log = access_log(40000, 10, false, true, &len); /* 4.6 days */
	int64_t since = T0 + 3LL * 86400000;                     /* day 4 */
	struct bisect b;

	(void)state;
	assert_true(run(log, len, since, &b));
	/* a line start, of an access record */
	assert_true(b.offset > 0 && b.offset < len && log[b.offset - 1] == '\n');
	assert_memory_equal(log + b.offset, "10.0.", 5);
	assert_int_equal(b.lines, lines_count_newlines(log, b.offset));
	/* its record is before the window, and at most the slack plus one
	 * grain of the file before it */
	{
		struct event e;
		const char *nl = strchr(log + b.offset, '\n');

		assert_int_equal(parser_parse_any(ps, -1, log + b.offset, (size_t)(nl - log - (long)b.offset), &e) >= 0, 1);
		assert_true(e.ts_ms < since);
		assert_true(e.ts_ms > since - BISECT_SLACK_MS - 86400000);
	}
	assert_true(b.probes >= 2 && b.probes < 40);
	free(log);
}

static void test_bisect_refuses_what_it_must_read_whole(void **state)
{
	size_t len, gzlen;
	char *log = access_log(40000, 10, true, false, &len);
	unsigned char *gz;
	struct bisect b;

	(void)state;
	/* the later half first: the probes see times go back */
	assert_false(run(log, len, T0 + 3LL * 86400000, &b));
	free(log);
	log = access_log(40000, 10, false, false, &len);
	/* the window starts before the file: nothing to skip */
	assert_false(run(log, len, T0, &b));
	/* gzip: no offsets to seek to */
	gz = tu_gzip(log, len, -1, &gzlen);
	assert_false(run((const char *)gz, gzlen, T0 + 3LL * 86400000, &b));
	free(gz);
	free(log);
	/* lines without times */
	{
		struct buf t;

		buf_init(&t, 0);
		for (int i = 0; i < 50000; i++)
			buf_adds(&t, "a line with no time in it at all, just words\n");
		assert_false(run(t.p, t.len, T0, &b));
		buf_release(&t);
	}
}

static int setup(void **state)
{
	struct parser_opts o = { .tctx = { NULL, T0, NULL } };
	char err[256];

	(void)state;
	setenv("LOGSIFT_BISECT_MIN", "65536", 1);
	ps = parser_new(&o, err, sizeof err);
	return ps ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	parser_free(ps);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bisect_starts_before_the_window),
		cmocka_unit_test(test_bisect_refuses_what_it_must_read_whole),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
