/*
 * rxlit: the literals a pattern's every match holds one of, read from
 * rxneed's tree ("union.*select|<script|\.\./" holds "union" or "select",
 * "<script" or "../"), and a search for them over a buffer, sixteen or
 * thirty-two bytes a step, as grep searches for its fixed strings.  A
 * text without one cannot match, so the matcher runs only where one
 * stands.
 *
 * A literal's byte is one byte, or a letter in both cases (rxneed reads
 * every letter so: never less than a caseless match takes).
 */
#ifndef LOGSIFT_RXLIT_H
#define LOGSIFT_RXLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "rxneed.h"

#define RXLIT_MAX 8  /* literals at most: more are not worth the search */
#define RXLIT_LEN 16 /* bytes a literal at most (a longer one is cut: still held) */

struct rxlit {
	unsigned char len;
	unsigned char lo[RXLIT_LEN];   /* the byte, a letter in lowercase */
	unsigned char fold[RXLIT_LEN]; /* 0x20 where the letter may be either case */
};

struct rxlits {
	unsigned n;   /* 0: none known, any text may match */
	bool lines;   /* no match holds a '\n' (as compiled without DOTALL) */
	struct rxlit lit[RXLIT_MAX];
};

/* The literals of rxneed's reading of a pattern compiled without
 * PCRE2_DOTALL (an inline (?s) is seen). */
void rxlit_read(const struct rxneed *r, struct rxlits *out);

/* Whether literal l stands at p[0..n). */
bool rxlit_at(const struct rxlit *l, const char *p, size_t n);

/* The first offset in [from, n) where a literal of l stands whole in
 * p[0..n), or n, a byte at a time: the definition of rxlit_find (which
 * finishes so past its last whole block). */
size_t rxlit_find_bytewise(const struct rxlits *l, const char *p, size_t n, size_t from);

/* The search: per literal, the two bytes it is looked for by. */
struct rxlit_scan {
	struct rxlits lits;
	unsigned char probe[RXLIT_MAX][2]; /* offsets in the literal */
	size_t reach;                      /* the largest probe offset */
	bool avx2;
};

/* Prepares the search for l; whether it pays: false when a literal is
 * too common to pass over much ("/.", one byte) or none is known. */
bool rxlit_scan_init(struct rxlit_scan *s, const struct rxlits *l);

/* The first offset in [from, n) where a literal stands whole in p[0..n),
 * or n; from itself when no literal is known (a match may start
 * anywhere). */
size_t rxlit_find(const struct rxlit_scan *s, const char *p, size_t n, size_t from);

#endif
