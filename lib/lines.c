/*
 * lines: one buffer [0, cap) holding the unread window [pos, end).  We memchr
 * for '\n' from `scan` (never rescanning bytes already searched) and hand out
 * spans into the window; only when a line straddles a refill is its head
 * moved to the front of the buffer (musl getdelim's idiom, without the copy
 * out).  cap = max_line + block, so after moving a head shorter than
 * max_line there is always at least one block of room to read into.
 */
#include "lines.h"

#include <stdlib.h> /* free */
#include <string.h> /* memchr, memmove */

#include "input.h"
#include "mem.h"

#define LINES_BLOCK (1024 * 1024)

struct lines {
	struct input *in;    /* borrowed */
	char *buf;           /* cap bytes */
	size_t cap;          /* max_line + block */
	size_t block;        /* most bytes asked of the input per read */
	size_t max_line;     /* longest line handed out whole */
	size_t pos;          /* start of the unread window */
	size_t scan;         /* [pos, scan) is known to hold no '\n' */
	size_t end;          /* end of the valid bytes */
	uint64_t base;       /* stream offset of buf[0] */
	bool eof;            /* input returned 0 */
	bool failed;         /* input returned -1 */
	bool skipping;       /* discarding the tail of a truncated line */
	struct lines_stats st;
};

struct lines *lines_new_sized(struct input *in, size_t max_line, size_t block)
{
	struct lines *lr = xcalloc(1, sizeof *lr);

	lr->in = in;
	lr->max_line = max_line ? max_line : LINES_DEFAULT_MAX;
	lr->block = block ? block : 1;
	lr->cap = lr->max_line + lr->block;
	lr->buf = xmalloc(lr->cap);
	return lr;
}

struct lines *lines_new(struct input *in, size_t max_line)
{
	return lines_new_sized(in, max_line, LINES_BLOCK);
}

void lines_free(struct lines *lr)
{
	if (!lr)
		return;
	free(lr->buf);
	free(lr);
}

const struct lines_stats *lines_stats(const struct lines *lr)
{
	return &lr->st;
}

/* Moves the window to the front and reads more.  Returns >0, 0 or -1. */
static int refill(struct lines *lr)
{
	ssize_t n;
	size_t room;

	if (lr->pos > 0) {
		memmove(lr->buf, lr->buf + lr->pos, lr->end - lr->pos);
		lr->base += lr->pos;
		lr->end -= lr->pos;
		lr->scan -= lr->pos;
		lr->pos = 0;
	}
	room = lr->cap - lr->end;
	n = input_read(lr->in, lr->buf + lr->end, room < lr->block ? room : lr->block);
	if (n < 0) {
		lr->failed = true;
		lr->st.partial_bytes += lr->end - lr->pos;
		return -1;
	}
	if (n == 0) {
		lr->eof = true;
		return 0;
	}
	lr->end += (size_t)n;
	return 1;
}

static void emit(struct lines *lr, struct line *out, size_t len, bool truncated)
{
	out->p = lr->buf + lr->pos;
	out->len = len;
	out->offset = lr->base + lr->pos;
	out->no = ++lr->st.lines;
	out->truncated = truncated;
	out->crlf = !truncated && len > 0 && out->p[len - 1] == '\r';
	if (out->crlf) {
		out->len--;
		lr->st.crlf++;
	}
	if (truncated)
		lr->st.truncated++;
}

/* Drops the rest of a truncated line.  Returns 1 when done, 0/-1 when the
 * input ended or failed first. */
static int skip_tail(struct lines *lr)
{
	for (;;) {
		char *nl = memchr(lr->buf + lr->pos, '\n', lr->end - lr->pos);
		if (nl) {
			size_t k = (size_t)(nl - (lr->buf + lr->pos)) + 1;
			lr->st.skipped_bytes += k - 1;
			lr->st.bytes += k;
			lr->pos += k;
			lr->scan = lr->pos;
			lr->skipping = false;
			return 1;
		}
		lr->st.skipped_bytes += lr->end - lr->pos;
		lr->st.bytes += lr->end - lr->pos;
		lr->base += lr->end;
		lr->pos = lr->scan = lr->end = 0;
		if (lr->eof) {
			lr->skipping = false;
			return 0;
		}
		int rc = refill(lr);
		if (rc <= 0) {
			lr->skipping = false;
			return rc;
		}
	}
}

int lines_next(struct lines *lr, struct line *out)
{
	if (lr->failed)
		return -1;
	if (lr->skipping && skip_tail(lr) < 0)
		return -1;
	for (;;) {
		char *nl = memchr(lr->buf + lr->scan, '\n', lr->end - lr->scan);
		size_t have;

		if (nl) {
			size_t len = (size_t)(nl - (lr->buf + lr->pos));
			if (len > lr->max_line) {
				/* found the end, but the line is too long */
				emit(lr, out, lr->max_line, true);
				lr->st.skipped_bytes += len - lr->max_line;
			} else {
				emit(lr, out, len, false);
			}
			lr->st.bytes += len + 1;
			lr->pos += len + 1;
			lr->scan = lr->pos;
			return 1;
		}
		lr->scan = lr->end;
		have = lr->end - lr->pos;
		if (have > lr->max_line && !lr->eof) {
			emit(lr, out, lr->max_line, true);
			lr->st.skipped_bytes += have - lr->max_line;
			lr->st.bytes += have;
			lr->pos = lr->scan = lr->end;
			lr->skipping = true;
			return 1;
		}
		if (lr->eof) {
			if (have == 0)
				return 0;
			emit(lr, out, have > lr->max_line ? lr->max_line : have,
			     have > lr->max_line);
			lr->st.bytes += have;
			lr->pos = lr->scan = lr->end;
			return 1;
		}
		if (refill(lr) < 0)
			return -1;
	}
}
