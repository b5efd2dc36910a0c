/*
 * rxneed: what every match of a PCRE2 pattern needs of the text, read
 * from the pattern itself, so that a text which cannot match is passed
 * over without running the matcher.  Two tests, both necessary
 * conditions, never sufficient ones:
 *
 *  - the alphabet: a text holds only some bytes; a part of the pattern
 *    that every match goes through and that needs a byte the text lacks
 *    (a literal, a class, every branch of a group) rules the text out;
 *  - a pair: where two parts must follow one another, the last byte of
 *    the first and the first byte of the second stand side by side in
 *    the text ("/.." needs a separator, then one of "%.?0").  Computed
 *    for the text's alphabet, so that branches the text cannot match do
 *    not widen the pair.
 *
 * The analysis is for the alphabet and is kept (a few alphabets per
 * pattern); a text then costs a lookup and one pass over its bytes.
 *
 * Every reading is an over-approximation: case is folded, a class whose
 * bytes are not known exactly counts as every byte, lookarounds and
 * anchors as nothing, back references as any text.  What the parser does
 * not know (recursion, conditionals, verbs, Unicode properties, POSIX
 * classes, \Q..\E, extended mode) gives no analysis at all, and the
 * matcher always runs.  Patterns
 * are read as compiled without PCRE2_UTF and PCRE2_EXTENDED, bytes as
 * bytes.
 */
#ifndef LOGSIFT_RXNEED_H
#define LOGSIFT_RXNEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A set of bytes, one bit each. */
struct rxset {
	uint64_t w[4];
};

struct rxneed;

/* The pattern's analysis; NULL when it uses what the parser does not
 * read (the caller then always runs the matcher). */
struct rxneed *rxneed_parse(const char *pattern, size_t len);
void rxneed_free(struct rxneed *r);

/* Whether text s[0..n), whose bytes are all in has (it may hold more),
 * can match: false only when no match is possible. */
bool rxneed_may_match(struct rxneed *r, const struct rxset *has, const char *s, size_t n);

/* The bytes s holds, added to set. */
void rxset_add_bytes(struct rxset *set, const char *s, size_t n);

#endif
