/*
 * rules: the rule set's life, its NEED index and the matching of records
 * against it (with a cache for the texts that repeat: user agents and
 * referers).  See rules.h for the contract, rules_int.h for the parts.
 */
#include "rules_int.h"

#include <stdlib.h> /* free, qsort, abort */
#include <string.h> /* strlen, memcmp, memset */
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_AVX2 1
#include <immintrin.h>
#endif

#include "hash.h"
#include "mem.h"
#include "scan.h"

extern const char default_rules[];  /* rules/default.rules, embedded at build */

void rules_rule_release(struct rule *ru)
{
	free(ru->id);
	free(ru->category);
	free(ru->severity);
	for (size_t i = 0; i < ru->nneed; i++)
		free(ru->need[i]);
	free(ru->need);
	pcre2_code_free(ru->re);
}

struct rules *rules_new(bool no_defaults)
{
	struct rules *r = xcalloc(1, sizeof *r);
	char err[256];

	r->md = pcre2_match_data_create(4, NULL);
#ifdef HAVE_AVX2
	r->avx2 = __builtin_cpu_supports("avx2") && !getenv("LOGSIFT_NO_AVX2");
#endif
	buf_init(&r->dec, 0);
	buf_init(&r->tmp, 0);
	buf_init(&r->s1, 0);
	buf_init(&r->s2, 0);
	if (!no_defaults && rules_parse(r, "rules/default.rules", default_rules,
					strlen(default_rules), err, sizeof err))
		abort(); /* the build checked them: tests/test_rules.c */
	return r;
}

void rules_free(struct rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		rules_rule_release(&r->v[i]);
	free(r->v);
	free(r->cand);
	for (int f = 0; f < RULE_NFIELDS; f++) {
		free(r->needs[f]);
		free(r->start[f]);
		free(r->ones[f]);
		free(r->always[f]);
		free(r->cache[f]);
	}
	pcre2_match_data_free(r->md);
	buf_release(&r->dec);
	buf_release(&r->tmp);
	buf_release(&r->s1);
	buf_release(&r->s2);
	free(r);
}

size_t rules_count(const struct rules *r)
{
	return r->n;
}

static int by_bigram(const void *a, const void *b)
{
	const struct need_entry *x = a, *y = b;
	unsigned bx = rules_bigram((unsigned char)x->word[0], (unsigned char)x->word[1]);
	unsigned by = rules_bigram((unsigned char)y->word[0], (unsigned char)y->word[1]);

	return (bx > by) - (bx < by);
}

/* The nibble tables of words_avx2 for field f.  A word goes to the
 * bucket of its first byte (those taken in turn: words that share a
 * first byte share a bucket, so a bucket allows few triples that start
 * none of its words).  Bytes are read by their low six bits, as the
 * bigram set reads them: a high nibble allows what its two low bits do.
 * A word of two bytes lets its bucket take any third byte. */
static void word_buckets(struct rules *r, int f)
{
	signed char bucket[64];
	unsigned next = 0;

	memset(r->word_tab[f], 0, sizeof r->word_tab[f]);
	memset(bucket, -1, sizeof bucket);
	for (size_t e = 0; e < r->nneeds[f]; e++) {
		const struct need_entry *ne = &r->needs[f][e];
		unsigned a = (unsigned char)ne->word[0] & 63, bit;

		if (bucket[a] < 0)
			bucket[a] = (signed char)(next++ % 8);
		bit = 1u << bucket[a];
		for (unsigned pos = 0; pos < 3; pos++) {
			unsigned c = pos < ne->len ? (unsigned char)ne->word[pos] & 63 : 0;

			for (unsigned nib = 0; nib < 16; nib++) {
				if (pos == ne->len || nib == (c & 15))
					r->word_tab[f][2 * pos][nib] |= (unsigned char)bit;
				if (pos == ne->len || (nib & 3) == c >> 4)
					r->word_tab[f][2 * pos + 1][nib] |= (unsigned char)bit;
			}
		}
	}
}

/* Rebuilds the NEED index after rules were added. */
void rules_reindex(struct rules *r)
{
	free(r->cand);
	r->cand = xcalloc(r->n ? r->n : 1, 1);
	r->cand_set = false;
	r->max_digits = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].need_digits > r->max_digits)
			r->max_digits = r->v[i].need_digits;
	memset(r->two, 0, sizeof r->two);
	memset(r->one, 0, sizeof r->one);
	for (int f = 1; f <= 2; f++) { /* ua, referer: results change with the rules */
		free(r->cache[f]);
		r->cache[f] = xcalloc(RULES_CACHE_SLOTS, sizeof *r->cache[f]);
	}
	for (int f = 0; f < RULE_NFIELDS; f++) {
		unsigned bit = 1u << f;
		size_t k = 0, total = 0;

		free(r->always[f]);
		free(r->needs[f]);
		free(r->ones[f]);
		r->always[f] = xcalloc(r->n ? r->n : 1, sizeof *r->always[f]);
		r->nalways[f] = r->nneeds[f] = r->nones[f] = r->nonech[f] = 0;
		for (size_t i = 0; i < r->n; i++)
			if (r->v[i].fields & bit) {
				if (!r->v[i].nneed)
					r->always[f][r->nalways[f]++] = i;
				total += r->v[i].nneed;
			}
		r->needs[f] = xcalloc(total ? total : 1, sizeof *r->needs[f]);
		r->ones[f] = xcalloc(total ? total : 1, sizeof *r->ones[f]);
		for (size_t i = 0; i < r->n; i++)
			for (size_t j = 0; (r->v[i].fields & bit) && j < r->v[i].nneed; j++) {
				const unsigned char *w = (const unsigned char *)r->v[i].need[j];
				struct need_entry ne = { r->v[i].need[j], strlen(r->v[i].need[j]), i };

				if (ne.len == 1) {
					if (!(r->one[f][w[0] >> 6] >> (w[0] & 63) & 1) && r->nonech[f] < 17) {
						if (r->nonech[f] < 16)
							r->onech[f][r->nonech[f]] = w[0];
						r->nonech[f]++;
					}
					r->ones[f][r->nones[f]++] = ne;
					r->one[f][w[0] >> 6] |= 1ULL << (w[0] & 63);
				} else {
					unsigned bg = rules_bigram(w[0], w[1]);

					r->needs[f][r->nneeds[f]++] = ne;
					r->two[f][bg >> 6] |= 1ULL << (bg & 63);
				}
			}
		if (r->nonech[f] > 16)
			r->nonech[f] = 0;
		word_buckets(r, f);
		qsort(r->needs[f], r->nneeds[f], sizeof *r->needs[f], by_bigram);
		free(r->start[f]);
		r->start[f] = xcalloc(RULES_TWO_BITS + 1, sizeof *r->start[f]);
		for (unsigned bg = 0; bg <= RULES_TWO_BITS; bg++) {
			while (bg < RULES_TWO_BITS && k < r->nneeds[f] &&
			       rules_bigram((unsigned char)r->needs[f][k].word[0],
				      (unsigned char)r->needs[f][k].word[1]) < bg)
				k++;
			r->start[f][bg] = (uint16_t)(bg == RULES_TWO_BITS ? r->nneeds[f] : k);
		}
	}
	r->dirty = false;
}



bool rules_luhn(const char *s, size_t len)
{
	int sum = 0, digits = 0;

	for (size_t i = len; i-- > 0;) {
		int d;

		if (s[i] == ' ' || s[i] == '-')
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
		d = s[i] - '0';
		if (digits++ % 2)
			d = d * 2 > 9 ? d * 2 - 9 : d * 2;
		sum += d;
	}
	return digits >= 13 && digits <= 19 && sum % 10 == 0;
}

#ifdef __SSE2__
/* The valid bytes of the sixteen at t + k, of n: a mask of their bits. */
static inline unsigned block_valid(size_t k, size_t n)
{
	return n - k >= 16 ? 0xffffu : (1u << (n - k)) - 1;
}
#endif

/* The bits set in a 16-bit mask (POPCNT is not in every x86-64, and
 * __builtin_popcount would call libgcc). */
static inline int bits16(unsigned m)
{
	m = m - ((m >> 1) & 0x5555u);
	m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
	m = (m + (m >> 4)) & 0x0f0fu;
	return (int)((m + (m >> 8)) & 0x1fu);
}

/* The digits of t[0..n), to as many as max (any more do not matter). */
static int count_digits(const char *t, size_t n, int max)
{
	int digits = 0;
#ifdef __SSE2__
	const __m128i below = _mm_set1_epi8('0' - 1), above = _mm_set1_epi8('9' + 1);

	/* a signed compare: bytes >= 0x80 are below '0' */
	for (size_t k = 0; k < n && digits < max; k += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + k));
		__m128i in = _mm_and_si128(_mm_cmpgt_epi8(x, below), _mm_cmplt_epi8(x, above));

		digits += bits16((unsigned)_mm_movemask_epi8(in) & block_valid(k, n));
	}
#else
	for (size_t k = 0; k < n && digits < max; k++)
		digits += t[k] >= '0' && t[k] <= '9';
#endif
	return digits;
}

/* Which of the field's one-byte words t[0..n) holds: bit i for onech[i]. */
static unsigned one_bytes_present(const struct rules *r, int fi, const char *t, size_t n)
{
	unsigned seen = 0, all = (1u << r->nonech[fi]) - 1;
#ifdef __SSE2__
	for (size_t k = 0; k < n && seen != all; k += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + k));
		unsigned valid = block_valid(k, n);

		for (size_t i = 0; i < r->nonech[fi]; i++)
			if ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)r->onech[fi][i]))) & valid)
				seen |= 1u << i;
	}
#else
	for (size_t i = 0; i < r->nonech[fi]; i++)
		if (memchr(t, r->onech[fi][i], n))
			seen |= 1u << i;
	(void)all;
#endif
	return seen;
}

/* Marks the rules whose NEED word of two bytes or more stands at t + k,
 * if the bigram there starts one. */
static inline void words_at(struct rules *r, int fi, const char *t, size_t n, size_t k, bool *any)
{
	unsigned bg = rules_bigram((unsigned char)t[k], (unsigned char)t[k + 1]);
	const struct need_entry *needs = r->needs[fi];

	if (!(r->two[fi][bg >> 6] >> (bg & 63) & 1))
		return;
	for (size_t e = r->start[fi][bg]; e < r->start[fi][bg + 1]; e++) {
		const struct need_entry *ne = &needs[e];
		size_t j = 0;

		if (r->cand[ne->rule] || ne->len > n - k)
			continue;
		while (j < ne->len && t[k + j] == ne->word[j])
			j++;
		if (j == ne->len) {
			r->cand[ne->rule] = 1;
			*any = r->cand_set = true;
		}
	}
}

#ifdef HAVE_AVX2
static inline __attribute__((target("avx2"), always_inline)) __m256i
nibble_lookup(__m256i x, __m256i lo_tab, __m256i hi_tab)
{
	const __m256i nibble = _mm256_set1_epi8(0x0f);

	return _mm256_and_si256(
		_mm256_shuffle_epi8(lo_tab, _mm256_and_si256(x, nibble)),
		_mm256_shuffle_epi8(hi_tab, _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble)));
}

/*
 * The NEED scan thirty-two places a step, as Hyperscan's Teddy looks
 * for many short words: the words sit in eight buckets (word_buckets),
 * and six table lookups by nibble (vpshufb) give, for each place, the
 * buckets whose words may start with its byte, the next and the one
 * after.  Only where a bucket allows all three is the place looked at
 * (the 4096-bit set and the words then decide, as in the byte-at-a-time
 * scan): in a line of text, few places.  t must be followed by 33
 * readable bytes.
 */
__attribute__((target("avx2"))) static void
words_avx2(struct rules *r, int fi, const char *t, size_t n, bool *any)
{
	const unsigned char (*tab)[16] = r->word_tab[fi];
	__m256i tabs[6];

	for (int i = 0; i < 6; i++)
		tabs[i] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)tab[i]));
	for (size_t k = 0; k + 1 < n; k += 32) {
		__m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(t + k));
		__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(t + k + 1));
		__m256i c = _mm256_loadu_si256((const __m256i *)(const void *)(t + k + 2));
		__m256i both = _mm256_and_si256(_mm256_and_si256(nibble_lookup(a, tabs[0], tabs[1]),
								 nibble_lookup(b, tabs[2], tabs[3])),
						nibble_lookup(c, tabs[4], tabs[5]));
		uint32_t m = ~(uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(both, _mm256_setzero_si256()));

		if (n - 1 - k < 32) /* places with a next byte only */
			m &= (1u << (n - 1 - k)) - 1;
		for (; m; m &= m - 1)
			words_at(r, fi, t, n, k + (unsigned)__builtin_ctz(m), any);
	}
}
#endif

/* Marks in r->cand the rules for field fi whose NEED is in text t, which
 * is followed by at least 32 readable bytes (rules_pad). */
static bool candidates(struct rules *r, int fi, const char *t, size_t n)
{
	const uint64_t *one = r->one[fi];
	bool any = false;
	int digits = -1;

	if (r->cand_set) { /* most texts set none: no clearing to do */
		memset(r->cand, 0, r->n);
		r->cand_set = false;
	}
	for (size_t a = 0; a < r->nalways[fi]; a++) {
		size_t i = r->always[fi][a];

		if (r->v[i].need_digits) {
			if (digits < 0) /* counted as far as any rule needs */
				digits = count_digits(t, n, r->max_digits);
			if (digits < r->v[i].need_digits)
				continue;
		}
		r->cand[i] = 1;
		any = r->cand_set = true;
	}
	/* bit tests per byte; words are compared only where one of the
	 * field's words can start.  One-byte words in a pass of their own,
	 * when the field has any (the whole line has none): a search for
	 * each of their bytes, sixteen text bytes a step, where they are few. */
	if (r->nonech[fi]) {
		unsigned seen = one_bytes_present(r, fi, t, n);

		for (size_t e = 0; seen && e < r->nones[fi]; e++) {
			const struct need_entry *ne = &r->ones[fi][e];

			for (size_t i = 0; i < r->nonech[fi]; i++)
				if ((seen >> i & 1) && r->onech[fi][i] == (unsigned char)ne->word[0] &&
				    !r->cand[ne->rule]) {
					r->cand[ne->rule] = 1;
					any = r->cand_set = true;
				}
		}
	} else {
		for (size_t k = 0; r->nones[fi] && k < n; k++) {
			unsigned char c = (unsigned char)t[k];

			if (one[c >> 6] >> (c & 63) & 1)
				for (size_t e = 0; e < r->nones[fi]; e++)
					if (r->ones[fi][e].word[0] == (char)c && !r->cand[r->ones[fi][e].rule]) {
						r->cand[r->ones[fi][e].rule] = 1;
						any = r->cand_set = true;
					}
		}
	}
	if (!r->nneeds[fi])
		return any;
#ifdef HAVE_AVX2
	if (r->avx2) {
		words_avx2(r, fi, t, n, &any);
		return any;
	}
#endif
	for (size_t k = 0; k + 1 < n; k++)
		words_at(r, fi, t, n, k, &any);
	return any;
}

/* Whether rule ru matches t (and its check passes on the match). */
static bool matches(struct rules *r, const struct rule *ru, const char *t, size_t n)
{
	PCRE2_SIZE off = 0;

	while (off <= n) {
		PCRE2_SIZE *ov;

		if (pcre2_match(ru->re, (PCRE2_SPTR)t, n, off, 0, r->md, NULL) < 0)
			return false;
		ov = pcre2_get_ovector_pointer(r->md);
		if (!ru->luhn || rules_luhn(t + ov[0], ov[1] - ov[0]))
			return true;
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	return false;
}


/* PCRE2's JIT may read a little past the end of a subject (vector
 * loads); within the allocation that is harmless, but memory never
 * written would be "uninitialised" to valgrind.  Subjects are therefore
 * followed by SLACK written zeros. */
#define SLACK 64

void rules_pad(struct buf *b)
{
	if (buf_grow(b, SLACK) == 0)
		memset(b->p + b->len, 0, SLACK);
}

/* The rules one field's text matches, as rule indexes (at most max). */
static size_t field_hits(struct rules *r, int f, const char *p, size_t len, uint16_t *hits,
			 size_t max)
{
	size_t n = 0;

	buf_reset(&r->dec);
	rules_decode_into(p, len, f == 0, &r->s1, &r->s2, &r->dec);
	rules_pad(&r->dec); /* for the scans, sixteen bytes a step, and the JIT */
	if (!candidates(r, f, r->dec.p, r->dec.len))
		return 0;
	for (size_t i = 0; i < r->n && n < max; i++)
		if (r->cand[i] && matches(r, &r->v[i], r->dec.p, r->dec.len))
			hits[n++] = (uint16_t)i;
	return n;
}

/* User agents and referers repeat from record to record: their results
 * are remembered (the text itself is compared, not only a hash). */
static struct cache_entry *cached(struct rules *r, int f, const char *p, size_t len, bool *found)
{
	struct cache_entry *c;

	*found = false;
	if (!r->cache[f] || len > RULES_CACHE_TEXT)
		return NULL;
	c = &r->cache[f][hash_bytes(p, len) % RULES_CACHE_SLOTS];
	*found = c->len == len && !memcmp(c->text, p, len);
	return c;
}

void rules_apply(struct rules *r, struct event *e, const char *line, size_t len)
{
	char status[8];
	struct span fields[RULE_NFIELDS] = {
		e->path, e->ua, e->referer, e->msg, { line, len }, { NULL, 0 },
	};
	uint16_t hits[EVENT_MAX_TAGS];

	if (!r->n)
		return;
	if (r->dirty)
		rules_reindex(r);
	if (e->status > 0 && e->status < 1000) { /* three digits, without printf */
		status[0] = (char)('0' + e->status / 100);
		status[1] = (char)('0' + e->status / 10 % 10);
		status[2] = (char)('0' + e->status % 10);
		fields[5] = (struct span){ status + (e->status < 100) + (e->status < 10),
					   3u - (e->status < 100) - (e->status < 10) };
	}
	for (int f = 0; f < RULE_NFIELDS; f++) {
		struct cache_entry *c;
		size_t n;
		bool found;

		if (!fields[f].len)
			continue;
		c = cached(r, f, fields[f].p, fields[f].len, &found);
		if (found) {
			n = c->nhits;
			memcpy(hits, c->hits, n * sizeof *hits);
		} else {
			n = field_hits(r, f, fields[f].p, fields[f].len, hits, EVENT_MAX_TAGS);
			if (c) {
				c->len = (uint16_t)fields[f].len;
				memcpy(c->text, fields[f].p, fields[f].len);
				c->nhits = (unsigned char)n;
				memcpy(c->hits, hits, n * sizeof *hits);
			}
		}
		for (size_t i = 0; i < n; i++)
			event_tag(e, r->v[hits[i]].id);
	}
}

/* A short, stable hash of a masked value. */
