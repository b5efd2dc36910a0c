/* test_input: plain and gzip reading, multi-member, and every fault with
 * its offsets; gzip data is made by zlib here. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "mem.h"

/* Reads everything in chunks of `chunk` bytes into t; returns the last
 * input_read result (0 or -1). */
static int drain(struct input *in, size_t chunk, struct buf *t)
{
	char tmp[4096];
	ssize_t n;

	if (chunk > sizeof tmp)
		chunk = sizeof tmp;
	while ((n = input_read(in, tmp, chunk)) > 0)
		buf_add(t, tmp, (size_t)n);
	return (int)n;
}

static char *sample(size_t n)
{
	char *s = xmalloc(n);

	for (size_t i = 0; i < n; i++)
		s[i] = (i % 61 == 60) ? '\n' : (char)('a' + (i * 7) % 26);
	return s;
}

static void test_input_reads_plain_bytes_unchanged(void **state)
{
	static const char data[] = "one\ntwo\0three\r\nfour";
	struct buf t;

	(void)state;
	for (size_t chunk = 1; chunk <= 8; chunk++) {
		struct input *in = tu_input_mem(data, sizeof data - 1);
		buf_init(&t, 0);
		assert_int_equal(drain(in, chunk, &t), 0);
		assert_int_equal(t.len, sizeof data - 1);
		assert_memory_equal(t.p, data, t.len);
		assert_false(input_is_gzip(in));
		assert_int_equal(input_offset_out(in), sizeof data - 1);
		buf_release(&t);
		input_free(in);
	}
}

static void test_input_reads_empty_and_one_byte_inputs(void **state)
{
	struct buf t;
	struct input *in;

	(void)state;
	buf_init(&t, 0);
	in = tu_input_mem("", 0);
	assert_int_equal(drain(in, 16, &t), 0);
	assert_int_equal(t.len, 0);
	input_free(in);
	/* a lone 0x1f is not a gzip header: plain data */
	in = tu_input_mem("\x1f", 1);
	assert_int_equal(drain(in, 16, &t), 0);
	assert_int_equal(t.len, 1);
	assert_false(input_is_gzip(in));
	input_free(in);
	buf_release(&t);
}

static void test_input_decodes_gzip_by_magic_not_name(void **state)
{
	size_t n = 200000, gzlen;
	char *data = sample(n);
	unsigned char *gz = tu_gzip(data, n, 6, &gzlen);
	struct buf t;

	(void)state;
	for (size_t chunk = 1; chunk <= 4096; chunk *= 8) {
		struct input *in = tu_input_mem(gz, gzlen);
		buf_init(&t, 0);
		assert_int_equal(drain(in, chunk, &t), 0);
		assert_true(input_is_gzip(in));
		assert_int_equal(t.len, n);
		assert_memory_equal(t.p, data, n);
		assert_int_equal(input_offset_raw(in), gzlen);
		assert_int_equal(input_offset_out(in), n);
		assert_int_equal(input_members(in), 1);
		buf_release(&t);
		input_free(in);
	}
	free(gz);
	free(data);
}

static void test_input_decodes_every_member_of_concatenated_gzip(void **state)
{
	size_t la, lb, lc;
	unsigned char *a = tu_gzip("first\n", 6, -1, &la);
	unsigned char *b = tu_gzip("second\nthird", 12, -1, &lb);
	unsigned char *c = tu_gzip("", 0, -1, &lc);
	size_t all = la + lb + lc + la;
	unsigned char *cat = xmalloc(all);
	struct input *in;
	struct buf t;

	(void)state;
	memcpy(cat, a, la);
	memcpy(cat + la, b, lb);
	memcpy(cat + la + lb, c, lc);
	memcpy(cat + la + lb + lc, a, la);
	in = tu_input_mem(cat, all);
	buf_init(&t, 0);
	assert_int_equal(drain(in, 3, &t), 0);
	assert_string_equal(t.p, "first\nsecond\nthirdfirst\n");
	assert_int_equal(input_members(in), 4);
	assert_int_equal(input_offset_raw(in), all);
	buf_release(&t);
	input_free(in);
	free(a);
	free(b);
	free(c);
	free(cat);
}

static void test_input_reports_truncated_gzip_at_every_offset(void **state)
{
	size_t n = 5000, gzlen;
	char *data = sample(n);
	unsigned char *gz = tu_gzip(data, n, 6, &gzlen);
	struct buf t;

	(void)state;
	for (size_t cut = 2; cut < gzlen; cut++) {
		struct input *in = tu_input_mem(gz, cut);
		buf_init(&t, 0);
		assert_int_equal(drain(in, 1000, &t), -1);
		assert_int_equal(input_fault(in), INPUT_FAULT_TRUNCATED);
		/* the good bytes before the fault are all delivered */
		assert_true(t.len <= n);
		assert_memory_equal(t.p, data, t.len);
		assert_int_equal(input_offset_out(in), t.len);
		assert_non_null(strstr(input_error(in), "truncated gzip data at compressed byte"));
		/* and the fault is sticky */
		assert_int_equal(drain(in, 10, &t), -1);
		buf_release(&t);
		input_free(in);
	}
	free(gz);
	free(data);
}

static void test_input_reports_corrupt_gzip_with_offsets(void **state)
{
	size_t n = 5000, gzlen;
	char *data = sample(n);
	unsigned char *gz = tu_gzip(data, n, 6, &gzlen);
	struct input *in;
	struct buf t;

	(void)state;
	/* corrupt the CRC in the trailer: all data decodes, then the check fails */
	gz[gzlen - 8] ^= 0xff;
	in = tu_input_mem(gz, gzlen);
	buf_init(&t, 0);
	assert_int_equal(drain(in, 4096, &t), -1);
	assert_int_equal(input_fault(in), INPUT_FAULT_CORRUPT);
	assert_int_equal(t.len, n);
	assert_non_null(strstr(input_error(in), "corrupt gzip data (incorrect data check)"));
	assert_non_null(strstr(input_error(in), "(uncompressed byte 5000)"));
	input_free(in);
	buf_release(&t);
	/* an invalid block type right after the header */
	gz[gzlen - 8] ^= 0xff;
	gz[10] = 0xff;
	in = tu_input_mem(gz, gzlen);
	buf_init(&t, 0);
	assert_int_equal(drain(in, 4096, &t), -1);
	assert_int_equal(input_fault(in), INPUT_FAULT_CORRUPT);
	assert_non_null(strstr(input_error(in), "compressed byte"));
	input_free(in);
	buf_release(&t);
	free(gz);
	free(data);
}

static void test_input_reports_trailing_garbage_after_gzip(void **state)
{
	size_t gzlen;
	unsigned char *gz = tu_gzip("kept\n", 5, -1, &gzlen);
	unsigned char *all = xmalloc(gzlen + 4);
	struct input *in;
	struct buf t;

	(void)state;
	memcpy(all, gz, gzlen);
	memcpy(all + gzlen, "junk", 4); /* zeros are padding: see below */
	in = tu_input_mem(all, gzlen + 4);
	buf_init(&t, 0);
	assert_int_equal(drain(in, 100, &t), -1);
	assert_string_equal(t.p, "kept\n");
	assert_int_equal(input_fault(in), INPUT_FAULT_TRAILING);
	input_free(in);
	buf_release(&t);
	free(all);
	free(gz);
}

static void test_input_reports_missing_file_and_directory(void **state)
{
	char tmp[64];
	struct input *in;

	(void)state;
	in = input_open("/nonexistent/logsift/file.log");
	assert_int_equal(input_fault(in), INPUT_FAULT_OPEN);
	assert_non_null(strstr(input_error(in), "No such file"));
	assert_int_equal(input_read(in, tmp, sizeof tmp), -1);
	assert_string_equal(input_name(in), "/nonexistent/logsift/file.log");
	input_free(in);
	in = input_open("/");
	assert_int_equal(input_fault(in), INPUT_FAULT_ISDIR);
	assert_int_equal(input_read(in, tmp, sizeof tmp), -1);
	input_free(in);
}

static void test_input_reports_unreadable_file(void **state)
{
	char *path = tu_tempfile("secret", 6);
	struct input *in;

	(void)state;
	chmod(path, 0);
	in = input_open(path);
	if (geteuid() == 0) {
		/* root reads anything: nothing to test here */
		assert_int_equal(input_fault(in), INPUT_FAULT_NONE);
	} else {
		assert_int_equal(input_fault(in), INPUT_FAULT_OPEN);
		assert_non_null(strstr(input_error(in), "Permission denied"));
	}
	input_free(in);
	unlink(path);
	free(path);
}

static void test_input_accepts_zero_padding_after_gzip(void **state)
{
	size_t gzlen;
	unsigned char *gz = tu_gzip("one\n", 4, -1, &gzlen), *padded = calloc(1, gzlen + 700);
	struct input *in;
	struct buf t;

	(void)state;
	memcpy(padded, gz, gzlen);
	in = tu_input_mem(padded, gzlen + 700); /* as gzip -t accepts */
	buf_init(&t, 0);
	assert_int_equal(drain(in, 3, &t), 0);
	assert_int_equal(input_fault(in), INPUT_FAULT_NONE);
	assert_string_equal(t.p, "one\n");
	input_free(in);
	padded[gzlen + 650] = 'x'; /* but not a byte of anything else */
	in = tu_input_mem(padded, gzlen + 700);
	buf_reset(&t);
	assert_int_equal(drain(in, 3, &t), -1);
	assert_int_equal(input_fault(in), INPUT_FAULT_TRAILING);
	assert_string_equal(t.p, "one\n");
	buf_release(&t);
	input_free(in);
	free(gz);
	free(padded);
}

/* logrotate's copytruncate under a reader: what was read is kept, and the
 * end that was never read is a fault, not a clean end. */
static void test_input_reports_a_file_truncated_while_read(void **state)
{
	char *path = tu_tempfile("line one\nline two\n", 18), got[64];
	struct input *in = input_open(path);
	ssize_t n, total = 0;

	(void)state;
	n = input_read(in, got, 4);
	assert_int_equal(n, 4);
	total += n;
	assert_int_equal(truncate(path, 0), 0);
	while ((n = input_read(in, got + total, 4)) > 0)
		total += n;
	assert_int_equal(n, -1);
	assert_int_equal(total, 18); /* the bytes already read are all handed out */
	assert_int_equal(input_fault(in), INPUT_FAULT_SHRUNK);
	assert_non_null(strstr(input_error(in), "shrank to 0 bytes"));
	input_free(in);
	unlink(path);
	free(path);
}

static void test_input_slurp_reads_whole_files_within_the_cap(void **state)
{
	static const char text[] = "warn.error_rate=1:5\nline two\n";
	size_t gzlen;
	unsigned char *gz = tu_gzip(text, sizeof text - 1, -1, &gzlen);
	char *plain = tu_tempfile(text, sizeof text - 1), *zipped = tu_tempfile(gz, gzlen);
	char err[200];
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	assert_int_equal(input_slurp(plain, &b, err, sizeof err), 0);
	assert_int_equal(b.len, sizeof text - 1);
	assert_memory_equal(b.p, text, b.len);
	buf_reset(&b);
	assert_int_equal(input_slurp(zipped, &b, err, sizeof err), 0);
	assert_memory_equal(b.p, text, b.len);
	buf_release(&b);
	buf_init(&b, 8); /* past the cap: refused, and the message says so */
	assert_int_equal(input_slurp(plain, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger than 8 bytes"));
	assert_non_null(strstr(err, plain));
	buf_release(&b);
	buf_init(&b, 8);
	assert_int_equal(input_slurp("/nonexistent/t", &b, err, sizeof err), -1);
	assert_string_equal(err, "/nonexistent/t: cannot open: No such file or directory");
	buf_release(&b);
	unlink(plain);
	unlink(zipped);
	free(plain);
	free(zipped);
	free(gz);
}

/* More than the decoding thread's ring holds: every byte in order, the
 * offsets as read, a fault after them; and an input freed half read (the
 * thread waiting on a full ring) stops cleanly. */
static void test_input_decodes_large_gzip_ahead(void **state)
{
	size_t n = 3u << 20, gzlen;
	char *data = sample(n);
	unsigned char *gz = tu_gzip(data, n, 1, &gzlen);
	struct buf t;
	char tmp[1000];

	(void)state;
	for (int cut = 0; cut < 2; cut++) {
		struct input *in = tu_input_mem(gz, cut ? gzlen - 100 : gzlen);
		buf_init(&t, 0);
		assert_int_equal(drain(in, 3000, &t), cut ? -1 : 0);
		assert_true(cut ? t.len < n : t.len == n);
		assert_memory_equal(t.p, data, t.len);
		assert_int_equal(input_offset_out(in), t.len);
		assert_int_equal(input_fault(in), cut ? INPUT_FAULT_TRUNCATED : INPUT_FAULT_NONE);
		buf_release(&t);
		input_free(in);
	}
	{
		struct input *in = tu_input_mem(gz, gzlen);
		assert_true(input_read(in, tmp, sizeof tmp) > 0);
		assert_int_equal(input_fault(in), INPUT_FAULT_NONE);
		input_free(in);
	}
	free(gz);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_input_reads_plain_bytes_unchanged),
		cmocka_unit_test(test_input_reads_empty_and_one_byte_inputs),
		cmocka_unit_test(test_input_decodes_gzip_by_magic_not_name),
		cmocka_unit_test(test_input_decodes_every_member_of_concatenated_gzip),
		cmocka_unit_test(test_input_reports_truncated_gzip_at_every_offset),
		cmocka_unit_test(test_input_reports_corrupt_gzip_with_offsets),
		cmocka_unit_test(test_input_reports_trailing_garbage_after_gzip),
		cmocka_unit_test(test_input_reports_missing_file_and_directory),
		cmocka_unit_test(test_input_reports_unreadable_file),
		cmocka_unit_test(test_input_accepts_zero_padding_after_gzip),
		cmocka_unit_test(test_input_reports_a_file_truncated_while_read),
		cmocka_unit_test(test_input_slurp_reads_whole_files_within_the_cap),
		cmocka_unit_test(test_input_decodes_large_gzip_ahead),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	/* again with gzip decoded on the caller's thread (one core) */
	setenv("LOGSIFT_NO_THREADS", "1", 1);
	return failed + cmocka_run_group_tests(tests, NULL, NULL);
}
