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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
/* The first '"' or '\\' in [p, end), or end: sixteen bytes a step where
 * SSE2 is (every x86-64), then eight (a byte is one of the two when its
 * XOR with the pattern is zero; a borrow only reaches upwards, so the
 * lowest flagged byte is a true one), then one.  Inline: the scan of
 * every key and string of every event goes through it. */
static inline const char *jsonr_string_end(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');

	for (; end - p >= 16; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));

		if (m)
			return p + __builtin_ctz(m);
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	{
		const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

		for (; end - p >= 8; p += 8) {
			uint64_t w, a, b, m;

			memcpy(&w, p, 8);
			a = w ^ (ones * '"');
			b = w ^ (ones * '\\');
			if ((m = ((a - ones) & ~a & highs) | ((b - ones) & ~b & highs)))
				return p + (__builtin_ctzll(m) >> 3);
		}
	}
#endif
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
