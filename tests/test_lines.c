/* test_lines: line splitting, rerun at every read block size 1..31 so each
 * case puts its line ends on every possible buffer boundary. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "lines.h"
#include "mem.h"

#define MAX_BLOCK 31

/* Reads data at every block size and checks the joined text and counts. */
static void check_all_blocks(const char *data, size_t n, size_t max_line,
			     const char *want, size_t want_len, size_t lines,
			     size_t truncated, size_t crlf)
{
	for (size_t block = 1; block <= MAX_BLOCK; block++) {
		struct tu_lines t;

		tu_read_lines(data, n, max_line, block, &t);
		assert_int_equal(t.rc, 0);
		assert_int_equal(t.count, lines);
		assert_int_equal(t.truncated, truncated);
		assert_int_equal(t.crlf, crlf);
		assert_int_equal(t.text.len, want_len);
		assert_memory_equal(t.text.p, want, want_len);
		assert_int_equal(t.bytes, n);
		tu_lines_release(&t);
	}
}

#define CHECK(data, max, want, lines, trunc, crlf)                        \
	check_all_blocks(data, sizeof data - 1, max, want, sizeof want - 1, \
			 lines, trunc, crlf)

static void test_lines_splits_on_newline(void **state)
{
	(void)state;
	CHECK("a\nbb\nccc\n", 0, "a\nbb\nccc\n", 3, 0, 0);
}

static void test_lines_keeps_final_line_without_newline(void **state)
{
	(void)state;
	CHECK("a\nlast", 0, "a\nlast\n", 2, 0, 0);
	CHECK("a\r\nlast\r", 0, "a\nlast\n", 2, 0, 2);
}

static void test_lines_strips_carriage_return_of_crlf(void **state)
{
	(void)state;
	CHECK("one\r\ntwo\r\n\r\nmid\rdle\n", 0, "one\ntwo\n\nmid\rdle\n", 4, 0, 3);
}

static void test_lines_reads_empty_input_as_no_lines(void **state)
{
	(void)state;
	CHECK("", 0, "", 0, 0, 0);
	CHECK("\n", 0, "\n", 1, 0, 0);
	CHECK("\n\n\n", 0, "\n\n\n", 3, 0, 0);
}

static void test_lines_keeps_nul_bytes_as_data(void **state)
{
	(void)state;
	CHECK("a\0b\n\0\n", 0, "a\0b\n\0\n", 2, 0, 0);
}

static void test_lines_truncates_lines_longer_than_max(void **state)
{
	(void)state;
	/* max 4: "abcdefgh" is cut to "abcd" and the rest skipped */
	CHECK("abcdefgh\nxy\n", 4, "abcd\nxy\n", 2, 1, 0);
	CHECK("abcd\nabcde\n", 4, "abcd\nabcd\n", 2, 1, 0);
	CHECK("123456789012345678901234567890\nz", 4, "1234\nz\n", 2, 1, 0);
	CHECK("zz\n123456789", 4, "zz\n1234\n", 2, 1, 0);
}

static void test_lines_counts_skipped_bytes_of_truncated_lines(void **state)
{
	static const char data[] = "abcdefgh\nxy\nlonglonglong";

	(void)state;
	for (size_t block = 1; block <= MAX_BLOCK; block++) {
		struct tu_lines t;

		tu_read_lines(data, sizeof data - 1, 4, block, &t);
		assert_int_equal(t.skipped, 4 + 8);
		assert_int_equal(t.truncated, 2);
		tu_lines_release(&t);
	}
}

static void test_lines_handles_a_line_straddling_many_blocks(void **state)
{
	size_t n = 100000;
	char *data = xmalloc(n + 2);
	struct tu_lines t;

	(void)state;
	memset(data, 'x', n);
	data[n] = '\n';
	data[n + 1] = 'y';
	tu_read_lines(data, n + 2, 0, 7, &t);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.truncated, 0);
	assert_int_equal(t.text.len, n + 3);
	tu_lines_release(&t);
	free(data);
}

static void test_lines_reads_through_gzip_with_numbers_and_offsets(void **state)
{
	static const char data[] = "alpha\r\nbeta\n\ngamma";
	size_t gzlen;
	unsigned char *gz = tu_gzip(data, sizeof data - 1, -1, &gzlen);
	static const uint64_t offs[] = { 0, 7, 12, 13 };

	(void)state;
	for (size_t block = 1; block <= MAX_BLOCK; block++) {
		struct input *in = tu_input_mem(gz, gzlen);
		struct lines *lr = lines_new_sized(in, 0, block);
		struct line l;
		size_t i = 0;

		while (lines_next(lr, &l) > 0) {
			assert_true(i < 4);
			assert_int_equal(l.no, i + 1);
			assert_int_equal(l.offset, offs[i]);
			i++;
		}
		assert_int_equal(i, 4);
		lines_free(lr);
		input_free(in);
	}
	free(gz);
}

static void test_lines_keeps_complete_lines_before_a_fault(void **state)
{
	static const char data[] = "line one\nline two\nline thr";
	size_t gzlen;
	unsigned char *gz = tu_gzip(data, sizeof data - 1, 0, &gzlen);

	(void)state;
	/* level 0 stores the bytes, so cutting the trailer (8 bytes) leaves all
	 * the data intact and truncated */
	for (size_t block = 1; block <= MAX_BLOCK; block++) {
		struct tu_lines t;

		tu_read_lines(gz, gzlen - 8, 0, block, &t);
		assert_int_equal(t.rc, -1);
		assert_int_equal(t.count, 2);
		assert_string_equal(t.text.p, "line one\nline two\n");
		assert_int_equal(t.partial, 8);
		tu_lines_release(&t);
	}
	free(gz);
}

/* lines_skip between lines_next calls, at every block size and every
 * pattern of skips: the lines handed out are those a plain reading hands
 * out at the same numbers and offsets, and every line is counted once. */
static void test_lines_skip_keeps_numbers_and_offsets(void **state)
{
	char data[2048];
	size_t n = 0, nlines = 0;
	uint64_t offs[256];

	(void)state;
	/* lines of 0 to 100 bytes, so newlines fall in and across the 64-byte
	 * masks of the newline search */
	for (unsigned i = 0; n + 110 < sizeof data && nlines < 256; i++) {
		size_t len = (i * 37) % 101;

		offs[nlines++] = n;
		for (size_t k = 0; k < len; k++)
			data[n++] = (char)('a' + (i + k) % 26);
		data[n++] = '\n';
	}
	for (size_t block = 1; block <= 200; block += (block < 40 ? 1 : 37))
		for (unsigned pattern = 0; pattern < 8; pattern++) {
			struct input *in = tu_input_mem(data, n);
			struct lines *lr = lines_new_sized(in, 0, block);
			struct line l;
			uint64_t seen = 0, step = 0;

			for (;;) {
				const char *p;
				size_t have;

				if ((step++ + pattern) % 3 == 0 && (have = lines_buffered(lr, &p)) > 0) {
					/* skip the first line, or all of them */
					size_t cut = pattern & 1 ? have : (size_t)((const char *)memchr(p, '\n', have) - p) + 1;

					assert_int_equal(p[have - 1], '\n');
					assert_int_equal(lines_stats(lr)->bytes, offs[seen]);
					seen += lines_skip(lr, cut);
					continue;
				}
				if (lines_next(lr, &l) <= 0)
					break;
				assert_int_equal(l.no, seen + 1);
				assert_int_equal(l.offset, offs[seen]);
				seen++;
			}
			assert_int_equal(seen, nlines);
			assert_int_equal(lines_stats(lr)->lines, nlines);
			assert_int_equal(lines_stats(lr)->bytes, n);
			lines_free(lr);
			input_free(in);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_splits_on_newline),
		cmocka_unit_test(test_lines_skip_keeps_numbers_and_offsets),
		cmocka_unit_test(test_lines_keeps_final_line_without_newline),
		cmocka_unit_test(test_lines_strips_carriage_return_of_crlf),
		cmocka_unit_test(test_lines_reads_empty_input_as_no_lines),
		cmocka_unit_test(test_lines_keeps_nul_bytes_as_data),
		cmocka_unit_test(test_lines_truncates_lines_longer_than_max),
		cmocka_unit_test(test_lines_counts_skipped_bytes_of_truncated_lines),
		cmocka_unit_test(test_lines_handles_a_line_straddling_many_blocks),
		cmocka_unit_test(test_lines_reads_through_gzip_with_numbers_and_offsets),
		cmocka_unit_test(test_lines_keeps_complete_lines_before_a_fault),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	/* again on the SSE2 newline search, whatever this CPU has */
	setenv("LOGSIFT_NO_AVX2", "1", 1);
	return failed + cmocka_run_group_tests(tests, NULL, NULL);
}
