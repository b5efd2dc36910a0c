/*
 * jsonr: a reader for flat JSON objects, the shape of logsift's own event
 * lines: {"key": value, ...} where a value is a string, a number, true,
 * false, null, an array of strings, or a nested object (skipped).
 *
 * It walks the object pair by pair with no allocation: strings without
 * escapes are handed out in place, escaped ones are decoded into the
 * caller's scratch buffer (\uXXXX and surrogate pairs to UTF-8).  Anything
 * malformed makes jsonr_next return -1; nesting deeper than JSONR_DEPTH is
 * malformed (hostile input cannot recurse us).
 */
#ifndef LOGSIFT_JSONR_H
#define LOGSIFT_JSONR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct buf;

#define JSONR_DEPTH 64

enum jsonr_type { JSONR_STRING, JSONR_NUMBER, JSONR_BOOL, JSONR_NULL,
		  JSONR_ARRAY, JSONR_OBJECT };

struct jsonr {
	const char *p, *end;     /* cursor over the object text */
	struct buf *scratch;     /* for decoded strings; reset by jsonr_init */
	int state;               /* 0 before '{', 1 inside, 2 done */
};

struct jsonr_val {
	const char *key;         /* not NUL-terminated */
	size_t klen;
	enum jsonr_type type;
	const char *s;           /* string or number text, bool "true"/"false" */
	size_t len;
	const char *raw;         /* arrays: the text from '[' to ']' inclusive */
	size_t rawlen;
};

void jsonr_init(struct jsonr *r, const char *p, size_t len, struct buf *scratch);
/* Returns 1 with the next pair, 0 at the end of the object (trailing white
 * space allowed), or -1 if the text is not a well-formed flat object. */
int jsonr_next(struct jsonr *r, struct jsonr_val *v);
/* Iterates the strings of an array value: returns 1 with the next string,
 * 0 at the end, -1 on a non-string or malformed element.  *pos starts 0. */
int jsonr_array_next(struct jsonr *r, const struct jsonr_val *arr, size_t *pos,
		     const char **s, size_t *len);
/* Compares a key with a literal. */
/* The first '"' or '\\' in [p, end), or end: eight bytes at a time (a
 * byte is one of the two when its XOR with the pattern is zero).  Inline:
 * the scan of every string of every event goes through it. */
static inline const char *jsonr_string_end(const char *p, const char *end)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

	while (end - p >= 8) {
		uint64_t w, a, b;

		memcpy(&w, p, 8);
		a = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		if (((a - ones) & ~a & highs) | ((b - ones) & ~b & highs))
			break;
		p += 8;
	}
	while (p < end && *p != '"' && *p != '\\')
		p++;
	return p;
}

/* Inline so that strlen of a literal folds to a constant. */
static inline bool jsonr_key_is(const struct jsonr_val *v, const char *lit)
{
	size_t n = strlen(lit);

	return v->klen == n && !memcmp(v->key, lit, n);
}

#endif
