/*
 * testutil: see testutil.h.
 */
#include "testutil.h"

#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* mkstemp, free, getenv */
#include <string.h> /* memcpy */
#include <unistd.h> /* write, unlink */
#include <zlib.h>

#include "input.h"
#include "lines.h"
#include "mem.h"

unsigned char *tu_gzip(const void *data, size_t n, int level, size_t *outlen)
{
	z_stream zs;
	size_t cap = n + n / 100 + 64;
	unsigned char *out = xmalloc(cap);

	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)(uintptr_t)data;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

char *tu_tempfile(const void *data, size_t n)
{
	const char *dir = getenv("TMPDIR");
	char *path = xmalloc(4096);
	int fd;

	snprintf(path, 4096, "%s/logsift-test-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
	return path;
}

struct input *tu_input_mem(const void *data, size_t n)
{
	char *path = tu_tempfile(data, n);
	struct input *in = input_open(path);

	unlink(path);
	free(path);
	assert_int_equal(input_fault(in), INPUT_FAULT_NONE);
	return in;
}

void tu_read_lines(const void *data, size_t n, size_t max_line, size_t block,
		   struct tu_lines *t)
{
	struct input *in = tu_input_mem(data, n);
	struct lines *lr = lines_new_sized(in, max_line, block);
	struct line l;
	const struct lines_stats *st;

	memset(t, 0, sizeof *t);
	buf_init(&t->text, 0);
	while ((t->rc = lines_next(lr, &l)) > 0) {
		assert_int_equal(l.no, t->count + 1);
		buf_add(&t->text, l.p, l.len);
		buf_addc(&t->text, '\n');
		t->count++;
		t->truncated += l.truncated;
		t->crlf += l.crlf;
	}
	st = lines_stats(lr);
	assert_int_equal(st->lines, t->count);
	t->skipped = st->skipped_bytes;
	t->bytes = st->bytes;
	t->partial = st->partial_bytes;
	lines_free(lr);
	input_free(in);
}

void tu_lines_release(struct tu_lines *t)
{
	buf_release(&t->text);
}
