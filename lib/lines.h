/*
 * lines: splits an input into lines without copying them.
 *
 * A line is a span that points into the reader's buffer and stays valid
 * until the next lines_next call (as with getline or yajl's strings).  The
 * terminator ("\n" or "\r\n") is not part of it; NUL bytes are data; a final
 * line without a newline is still a line.  A line longer than max_line is cut
 * to max_line bytes and flagged, the rest of it skipped and counted, so one
 * enormous line costs neither a crash nor unbounded memory: the reader's
 * buffer is max_line plus one read block, fixed at lines_new.
 */
#ifndef LOGSIFT_LINES_H
#define LOGSIFT_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct input;
struct lines;

#define LINES_DEFAULT_MAX (1024 * 1024)

struct line {
	const char *p;      /* the bytes; not NUL-terminated */
	size_t len;         /* without the terminator */
	uint64_t no;        /* 1-based line number in the input */
	uint64_t offset;    /* uncompressed byte offset of the line's start */
	bool truncated;     /* longer than max_line: cut, the rest skipped */
	bool crlf;          /* ended in "\r\n" (the '\r' is not in len) */
};

struct lines_stats {
	uint64_t lines;           /* lines handed out */
	uint64_t bytes;           /* uncompressed bytes consumed */
	uint64_t truncated;       /* lines cut at max_line */
	uint64_t skipped_bytes;   /* bytes dropped from truncated lines */
	uint64_t crlf;            /* lines that ended in \r\n */
	uint64_t partial_bytes;   /* bytes of an incomplete line lost to a fault */
};

/* A reader over in (borrowed; the caller frees it after lines_free).
 * max_line 0 means LINES_DEFAULT_MAX.  The buffer is allocated here. */
struct lines *lines_new(struct input *in, size_t max_line);
/* Like lines_new with an explicit read block size: tests use tiny blocks to
 * put line ends on every possible buffer boundary. */
struct lines *lines_new_sized(struct input *in, size_t max_line, size_t block);
void lines_free(struct lines *lr);

/* Returns 1 and fills *out with the next line, 0 at the end of the input,
 * or -1 on an input fault (see input_error); every complete line before the
 * fault has been returned. */
int lines_next(struct lines *lr, struct line *out);

/*
 * The complete lines read and not yet handed out, for a caller that can
 * tell without splitting them that it wants none of them (the incident
 * grep): *p is where the next line starts; the returned length ends just
 * after a '\n' (0: no complete line is buffered, even after reading more).
 * Valid until the next call on lr.
 */
size_t lines_buffered(struct lines *lr, const char **p);
/* Consumes the first n bytes of what lines_buffered gave (n ends just
 * after a '\n'), counting their lines as read (stats.lines, bytes); returns
 * how many.  The caller has made sure none is a line lines_next would
 * flag: longer than max_line, or ending in "\r\n". */
uint64_t lines_skip(struct lines *lr, size_t n);

/* Before the first read: the input starts at byte offset of its stream,
 * after `lines` lines (0 when unknown: numbers then count from there). */
void lines_start_at(struct lines *lr, uint64_t offset, uint64_t lines);
/* The '\n' bytes in p[0..n), at memory speed. */
uint64_t lines_count_newlines(const char *p, size_t n);

const struct lines_stats *lines_stats(struct lines *lr);

/* True when the next lines_next can return a line without reading: a caller
 * writing to a pipe flushes when this is false, so `tail -f | ingest` shows
 * each line as it arrives while file reads still write in large blocks. */
bool lines_pending(const struct lines *lr);

#endif
