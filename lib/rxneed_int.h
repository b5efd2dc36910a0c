/*
 * rxneed's tree of a pattern, for the readings that live beside it
 * (lib/rxlit.c).  Not for the programs: rxneed.h is the interface.
 */
#ifndef LOGSIFT_RXNEED_INT_H
#define LOGSIFT_RXNEED_INT_H

#include "rxneed.h"

#define REP_INF UINT32_MAX

enum kind { K_BYTE, K_SEQ, K_ALT, K_REP, K_EMPTY, K_ANY };

/* One byte of a set, a sequence, alternatives, a repeat, "empty" (anchors,
 * lookarounds, option settings: they consume nothing), "any" (a back
 * reference).  Letters' sets hold both cases, whatever the options. */
struct node {
	unsigned char kind;
	bool dot;                 /* K_BYTE: '.' or \N, which take '\n' only in DOTALL mode */
	uint32_t min, max;        /* K_REP */
	int child, next;          /* first child (K_SEQ, K_ALT, K_REP), next sibling */
	struct rxset set;         /* K_BYTE */
};

struct rxtree {
	const struct node *node;
	int root;
	bool dotall;              /* an option group names 's': '.' may take '\n' */
};

void rxneed_tree(const struct rxneed *r, struct rxtree *t);
/* The pair scan byte by byte (its definition) rather than sixteen places
 * a step: for the tests that hold the two together. */
void rxneed_set_bytewise(struct rxneed *r, bool on);
/* Whether s holds a byte of one followed by a byte of two, by the scan
 * rxneed_may_match makes (sixteen places a step when the sides are small)
 * or byte by byte: for the tests that hold the two together. */
bool rxneed_pair_holds(const struct rxset *one, const struct rxset *two, const char *s, size_t n,
		       bool bytewise);

#endif
