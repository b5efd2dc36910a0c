/*
 * jsonw: the pieces of JSON text logsift writes, appended to a struct buf.
 * Strings are always emitted as valid UTF-8 JSON: control bytes become
 * \u00XX escapes and bytes that are not valid UTF-8 become U+FFFD, so a
 * hostile or binary log line can neither break the JSON nor smuggle raw
 * control characters into a later medium.
 */
#ifndef LOGSIFT_JSONW_H
#define LOGSIFT_JSONW_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* "..." with escaping; p need not be NUL-terminated. */
void jsonw_str(struct buf *b, const char *p, size_t len);
/* ,"key": (a leading comma unless first), key is a trusted literal. */
void jsonw_key(struct buf *b, const char *key, int first);
/* "key": after '{' or '[', else ,"key": (members in any order); key is a
 * trusted literal. */
void jsonw_member(struct buf *b, const char *key);
/* The same for a name the data chose (a service's, a metric's): escaped
 * as jsonw_str escapes it. */
void jsonw_member_named(struct buf *b, const char *name);
/* The same for a string literal, its length known at compile time. */
#define JSONW_KEY(b, lit) buf_add((b), ",\"" lit "\":", sizeof(lit) + 3)
void jsonw_int(struct buf *b, int64_t v);
/* A count: values past INT64_MAX (what readers take back) are written as
 * INT64_MAX, never as a negative number. */
void jsonw_uint(struct buf *b, uint64_t v);
/* ,"key":v */
void jsonw_kv_int(struct buf *b, const char *key, int64_t v);
/* A finite double with up to 3 decimals, trailing zeros trimmed
 * (latencies); non-finite values are written as null. */
void jsonw_num3(struct buf *b, double v);

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
size_t jsonw_utf8_len(const unsigned char *p, size_t avail);

/*
 * Text kept in a C string of cap bytes (a summary's keys, samples and
 * names) and later written with jsonw_str: kept as the JSON written of it
 * reads back, so that a summary written, read and written again is the
 * same text.  Invalid UTF-8 and NUL (which no C string read back holds)
 * become U+FFFD, and the text is cut at a character's end, within cap - 1
 * bytes.  jsonw_storable writes it to dst (NUL-terminated) and returns its
 * length; jsonw_plain_len is that length when s needs none of this (no
 * NUL, nothing at or above 0x80 in what is kept), as most texts: s itself
 * is then the text; else it returns SIZE_MAX.
 */
size_t jsonw_storable(char *dst, size_t cap, const char *s, size_t n);
size_t jsonw_plain_len(const char *s, size_t n, size_t cap);

#endif
