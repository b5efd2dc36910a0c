/*
 * testutil: helpers shared by the cmocka tests: gzip in memory (written by
 * zlib here, so no fixture file can drift), inputs over in-memory data, and
 * the whole-input line collector used to rerun cases at every block size.
 */
#ifndef LOGSIFT_TESTUTIL_H
#define LOGSIFT_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "buf.h"

struct input;

/* gzip-compresses data (one member); caller frees.  level -1 = default. */
unsigned char *tu_gzip(const void *data, size_t n, int level, size_t *outlen);
/* An input reading the given bytes from an unlinked temporary file. */
struct input *tu_input_mem(const void *data, size_t n);
/* Writes bytes to a new temporary file; returns its path (caller frees and
 * unlinks). */
char *tu_tempfile(const void *data, size_t n);

/* Everything a line reader produced over some input. */
struct tu_lines {
	struct buf text;     /* lines joined, each followed by '\n' */
	size_t count;        /* lines */
	size_t truncated;    /* lines flagged truncated */
	size_t crlf;         /* lines flagged crlf */
	int rc;              /* last lines_next result: 0 end, -1 fault */
	uint64_t skipped;    /* lines_stats skipped_bytes */
	uint64_t bytes;      /* lines_stats bytes */
	uint64_t partial;    /* lines_stats partial_bytes */
};

/* Reads all lines of data (gzipped first if gz) with the given limits;
 * also checks line numbers are consecutive. Release with tu_lines_release. */
void tu_read_lines(const void *data, size_t n, size_t max_line, size_t block,
		   struct tu_lines *out);
void tu_lines_release(struct tu_lines *t);

#endif
