/*
 * rules_int: the rule set's representation, shared by the rules modules
 * and no one else: rules_file.c (the file grammar), rules_decode.c (the
 * text the rules see), rules.c (the NEED index and matching, with the
 * cache) and rules_redact.c (masking).
 */
#ifndef LOGSIFT_RULES_INT_H
#define LOGSIFT_RULES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

#include "buf.h"
#include "event.h"
#include "rules.h"

/* The fields a rule can look at, as bits of struct rule's fields. */
enum rule_field { RF_TARGET = 1, RF_UA = 2, RF_REFERER = 4, RF_MSG = 8, RF_LINE = 16, RF_STATUS = 32 };
#define RULE_NFIELDS 6
#define RULES_CACHE_SLOTS 256
#define RULES_CACHE_TEXT 256

struct cache_entry {
	uint16_t len;              /* 0: empty */
	unsigned char nhits;
	uint16_t hits[EVENT_MAX_TAGS];
	char text[RULES_CACHE_TEXT];
};
#define RULES_TWO_BITS 4096

/* Distinct for every pair of lowercase letters, digits and punctuation. */
static inline unsigned rules_bigram(unsigned char a, unsigned char b)
{
	return (unsigned)(a & 63) << 6 | (b & 63);
}

struct rule {
	char *id, *category, *severity;
	unsigned fields;
	bool luhn;                 /* a match must pass the Luhn check */
	bool masks;                /* pii or secret: --redact masks it */
	char **need;               /* lowercase words; NULL with nneed 0 = always */
	size_t nneed;
	int need_digits;           /* '#N' */
	pcre2_code *re;
};

struct need_entry {
	const char *word;
	size_t len;
	size_t rule;
};

struct rules {
	struct rule *v;
	size_t n, cap;
	/* the NEED index, per field.  Words of two bytes or more are sorted
	 * by the bucket of their first two bytes (start[f][bg] ..
	 * start[f][bg + 1]) and marked in a 4096-bit set; one-byte words are
	 * kept apart with a 256-bit set.  The scan of a text is then one or
	 * two bit tests per byte, in 3.5 KiB that stay in the L1 cache. */
	struct need_entry *needs[RULE_NFIELDS];
	size_t nneeds[RULE_NFIELDS];
	uint16_t *start[RULE_NFIELDS];          /* RULES_TWO_BITS + 1 */
	uint64_t two[RULE_NFIELDS][RULES_TWO_BITS / 64];
	uint64_t one[RULE_NFIELDS][4];
	struct need_entry *ones[RULE_NFIELDS];  /* the one-byte words */
	size_t nones[RULE_NFIELDS];
	/* their bytes, each once, looked for sixteen text bytes a step; more
	 * than 16 (nonech 0 while nones is not): the byte-at-a-time pass */
	unsigned char onech[RULE_NFIELDS][16];
	size_t nonech[RULE_NFIELDS];
	/* the words in eight buckets, as the AVX2 scan looks them up by
	 * nibble (rules.c, words_avx2): for the low and the high nibble of
	 * their first, second and third byte, the buckets that allow it */
	unsigned char word_tab[RULE_NFIELDS][6][16];
	bool avx2;                      /* the CPU has it (LOGSIFT_NO_AVX2 unset) */
	size_t *always[RULE_NFIELDS];   /* rules with no NEED word, per field */
	struct cache_entry *cache[RULE_NFIELDS]; /* for user agents and referers */
	size_t nalways[RULE_NFIELDS];
	int max_digits;            /* the largest '#N' of any rule */
	bool dirty;
	unsigned char *cand;       /* per rule: candidate in this field */
	bool cand_set;             /* some cand[] is set */
	pcre2_match_data *md;
	struct buf dec, tmp, s1, s2;
};

/* Follows b's text with written zeros, for the JIT, which may read past
 * a subject's end (rules.c). */
/* Frees what a rule owns (rules.c). */
void rules_rule_release(struct rule *ru);
/* Rebuilds the NEED index after rules were added (rules.c). */
void rules_reindex(struct rules *r);
/* rules_decode with two scratch buffers the caller keeps (rules_decode.c). */
void rules_decode_into(const char *s, size_t len, bool target, struct buf *a, struct buf *b,
		       struct buf *out);

#endif
