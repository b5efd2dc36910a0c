/*
 * buf: a bounded, growable, binary-safe byte buffer.
 *
 * Invariants (checked by the tests' assert_buf_sane):
 *  - after buf_init, p is never NULL and p[len] == '\0' (NULs may also
 *    occur inside [0, len): use the length, never strlen);
 *  - len < cap, and cap - 1 <= max unless max is 0 (no limit);
 *  - an append that would take len past max appends nothing and sets the
 *    sticky err flag; later appends are no-ops until buf_reset, so a caller
 *    builds a whole record and checks err once (as SQLite's StrAccum).
 *
 * A buf is passed by pointer and never reassigned; buf_detach is the only
 * way to take ownership of the bytes.
 */
#ifndef LOGSIFT_BUF_H
#define LOGSIFT_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h> /* memcpy, strlen: the inline appends */

struct buf {
	char *p;    /* the bytes, NUL-terminated at len */
	size_t len; /* bytes in use */
	size_t cap; /* bytes allocated (0 while p points at the empty string) */
	size_t max; /* most bytes len may reach; 0 = unbounded */
	bool err;   /* an append was refused for exceeding max */
};

/* Makes b empty with a cap of max bytes (0 = unbounded); allocates nothing. */
void buf_init(struct buf *b, size_t max);
/* Frees the bytes and re-initialises b with the same max. */
void buf_release(struct buf *b);
/* Empties b and clears err, keeping its allocation. */
void buf_reset(struct buf *b);
/* Returns the bytes (caller frees) and re-initialises b. */
char *buf_detach(struct buf *b, size_t *len);

/* Make room for n more bytes; returns 0, or -1 (and sets err) past max. */
int buf_grow(struct buf *b, size_t n);
/* Appends; each returns 0 or -1 if refused (err is then set).  The
 * common case (room in the allocation) is inline: these run per byte and
 * per field on ingest's hot path. */
int buf_add_slow(struct buf *b, const void *data, size_t n);

static inline int buf_add(struct buf *b, const void *data, size_t n)
{
	/* cap <= max + 1, so fitting in cap also respects max */
	if (n < b->cap - b->len && !b->err) {
		memcpy(b->p + b->len, data, n);
		b->len += n;
		b->p[b->len] = '\0';
		return 0;
	}
	return buf_add_slow(b, data, n);
}

static inline int buf_addc(struct buf *b, char c)
{
	if (b->cap - b->len > 1 && !b->err) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
		return 0;
	}
	return buf_add_slow(b, &c, 1);
}

/* Appends n <= 16 bytes of src16, which must have 16 readable bytes (a
 * padded table entry): one fixed-size copy when there is room, which the
 * compiler turns into two moves instead of a call to memcpy. */
static inline int buf_add16(struct buf *b, const char *src16, size_t n)
{
	if (b->cap - b->len > 16 && !b->err) {
		memcpy(b->p + b->len, src16, 16);
		b->len += n;
		b->p[b->len] = '\0';
		return 0;
	}
	return buf_add_slow(b, src16, n);
}

static inline int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Shortens b to len bytes (no-op when len >= b->len). */
void buf_truncate(struct buf *b, size_t len);
/* Appends code point cp as UTF-8 (nothing for values past U+10FFFF). */
void buf_add_utf8(struct buf *b, unsigned long cp);

#endif
