/*
 * rxlit: the literals every match holds one of (see rxlit.h).
 *
 * Read bottom up over rxneed's tree, as grep and RE2 read their patterns
 * for fixed strings: for each part, either every string it can match
 * (when they are few and short: "ab", "[<>]", "(?:ab|cd)e") or a set of
 * literals one of which each of its matches holds.  A sequence runs the
 * exact strings of adjacent parts together ("un" "ion"), and keeps the
 * most telling set among its runs and its parts' sets; alternatives need
 * a set from every branch; a repeat that may be absent gives nothing.
 */
#include "rxlit.h"

#include <stdlib.h> /* getenv */
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_SIMD 1
#include <immintrin.h>
#endif

#include "rxneed_int.h"

/* Some strings: of a part's every match, or one of which each holds. */
struct strs {
	unsigned n;
	struct rxlit s[RXLIT_MAX];
};

struct facts {
	bool exact, need;
	struct strs all;    /* exact: every string a match can be */
	struct strs one_of; /* need: every match holds one of these */
};

/* --- how telling a literal is ------------------------------------------ */

/* How rarely a byte stands in a log line, roughly: what a line is made
 * of (digits, separators, letters) counts little, what few lines hold
 * ('<', '\'', '{', control bytes) much.  It picks the literal set and
 * the bytes to search by; it never changes what is found. */
static unsigned rarity(unsigned char lo, unsigned char fold)
{
	if (fold)
		return 2; /* a letter, either case */
	if ((lo >= '0' && lo <= '9') || strchr(" /.-:\"=&_,", lo))
		return lo ? 1 : 6;
	if ((lo | 0x20) >= 'a' && (lo | 0x20) <= 'z')
		return 3; /* a letter in one case only */
	if (strchr("%+?()[];", lo))
		return 3;
	if (lo > ' ' && lo < 0x7f)
		return 5;
	return 6;
}

static unsigned lit_score(const struct rxlit *l)
{
	unsigned sc = 0;

	for (unsigned i = 0; i < l->len; i++)
		sc += rarity(l->lo[i], l->fold[i]);
	return sc;
}

/* A set is as telling as its weakest literal; none if one is empty. */
static unsigned strs_score(const struct strs *s)
{
	unsigned low = ~0u;

	for (unsigned i = 0; i < s->n; i++) {
		unsigned sc = lit_score(&s->s[i]);

		low = sc < low ? sc : low;
	}
	return s->n ? low : 0;
}

static bool better(const struct strs *a, const struct strs *b)
{
	unsigned sa = strs_score(a), sb = strs_score(b);

	return sa > sb || (sa == sb && a->n < b->n);
}

/* Keeps s as the part's set if it is usable and tells more. */
static void keep(struct facts *f, const struct strs *s)
{
	if (!strs_score(s))
		return;
	if (!f->need || better(s, &f->one_of)) {
		f->one_of = *s;
		f->need = true;
	}
}

/* --- sets of strings ----------------------------------------------------- */

static void only_empty(struct strs *s)
{
	s->n = 1;
	s->s[0].len = 0;
}

/* Appends b's strings to a; false (a unchanged) if they do not fit. */
static bool append(struct strs *a, const struct strs *b)
{
	if (a->n + b->n > RXLIT_MAX)
		return false;
	memcpy(&a->s[a->n], b->s, b->n * sizeof *b->s);
	a->n += b->n;
	return true;
}

/* a becomes every string of a followed by one of b; false (a unchanged)
 * if they do not fit. */
static bool product(struct strs *a, const struct strs *b)
{
	struct strs r;

	if (a->n * b->n > RXLIT_MAX)
		return false;
	r.n = 0;
	for (unsigned i = 0; i < a->n; i++)
		for (unsigned j = 0; j < b->n; j++) {
			struct rxlit *o = &r.s[r.n++];
			unsigned la = a->s[i].len, lb = b->s[j].len;

			if (la + lb > RXLIT_LEN)
				return false;
			*o = a->s[i];
			memcpy(o->lo + la, b->s[j].lo, lb);
			memcpy(o->fold + la, b->s[j].fold, lb);
			o->len = (unsigned char)(la + lb);
		}
	*a = r;
	return true;
}

/* The bytes of a set as one-byte strings, a letter in both cases as one;
 * false if there are too many. */
static bool set_strings(const struct rxset *set, struct strs *out)
{
	out->n = 0;
	for (unsigned ch = 0; ch < 256; ch++) {
		bool upper = ch >= 'A' && ch <= 'Z', lower = ch >= 'a' && ch <= 'z';
		bool other_case = lower || upper ? set->w[(ch ^ 0x20) >> 6] >> ((ch ^ 0x20) & 63) & 1 : false;
		struct rxlit *l;

		if (!(set->w[ch >> 6] >> (ch & 63) & 1) || (upper && other_case))
			continue; /* the lowercase one stands for both */
		if (out->n == RXLIT_MAX)
			return false;
		l = &out->s[out->n++];
		l->len = 1;
		l->lo[0] = (unsigned char)ch;
		l->fold[0] = lower && other_case ? 0x20 : 0;
	}
	return out->n > 0;
}

/* --- the reading --------------------------------------------------------- */

static void read_part(const struct rxtree *t, int n, struct facts *out);

static const struct strs *best_of(const struct facts *f)
{
	const struct strs *b = f->need ? &f->one_of : NULL;

	if (f->exact && strs_score(&f->all) && (!b || better(&f->all, b)))
		b = &f->all;
	return b;
}

static void read_seq(const struct rxtree *t, const struct node *nd, struct facts *out)
{
	struct facts f;
	struct strs run; /* the exact strings of the parts since the last inexact one */
	bool whole = true;

	out->need = false;
	only_empty(&run);
	for (int c = nd->child; c >= 0; c = t->node[c].next) {
		read_part(t, c, &f);
		keep(out, &run);
		if (f.exact && product(&run, &f.all))
			continue;
		whole = false;
		if (f.exact) {
			run = f.all;
		} else {
			only_empty(&run);
			if (f.need)
				keep(out, &f.one_of);
		}
	}
	keep(out, &run);
	out->exact = whole;
	if (whole)
		out->all = run;
}

static void read_alt(const struct rxtree *t, const struct node *nd, struct facts *out)
{
	struct facts f;

	out->exact = out->need = true;
	out->all.n = out->one_of.n = 0;
	for (int c = nd->child; c >= 0; c = t->node[c].next) {
		const struct strs *b;

		read_part(t, c, &f);
		out->exact = out->exact && f.exact && append(&out->all, &f.all);
		b = best_of(&f);
		out->need = out->need && b && append(&out->one_of, b);
	}
}

static void read_part(const struct rxtree *t, int n, struct facts *out)
{
	const struct node *nd = &t->node[n];

	switch ((enum kind)nd->kind) {
	case K_BYTE:
		out->need = false;
		out->exact = set_strings(&nd->set, &out->all);
		break;
	case K_SEQ:
		read_seq(t, nd, out);
		break;
	case K_ALT:
		read_alt(t, nd, out);
		break;
	case K_REP:
		if (nd->max == 0) {
			out->exact = true;
			out->need = false;
			only_empty(&out->all);
			break;
		}
		read_part(t, nd->child, out);
		if (nd->min == 0) { /* maybe absent: nothing needed */
			out->need = false;
			if (out->exact && nd->max == 1 && out->all.n < RXLIT_MAX)
				out->all.s[out->all.n++].len = 0;
			else
				out->exact = false;
		} else if (nd->min != 1 || nd->max != 1) { /* one copy at least */
			if (out->exact)
				keep(out, &out->all);
			out->exact = false;
		}
		break;
	case K_EMPTY:
		out->exact = true;
		out->need = false;
		only_empty(&out->all);
		break;
	case K_ANY:
		out->exact = out->need = false;
		break;
	}
}

/* Whether a match of part n may hold a '\n'. */
static bool spans_lines(const struct rxtree *t, int n)
{
	const struct node *nd = &t->node[n];

	switch ((enum kind)nd->kind) {
	case K_BYTE:
		return (nd->set.w[0] >> '\n' & 1) && (!nd->dot || t->dotall);
	case K_SEQ:
	case K_ALT:
		for (int c = nd->child; c >= 0; c = t->node[c].next)
			if (spans_lines(t, c))
				return true;
		return false;
	case K_REP:
		return nd->max > 0 && spans_lines(t, nd->child);
	case K_EMPTY:
	case K_ANY: /* a back reference repeats what a part matched */
		return false;
	}
	return true;
}

void rxlit_read(const struct rxneed *r, struct rxlits *out)
{
	struct rxtree t;
	struct facts f;
	const struct strs *b;

	memset(out, 0, sizeof *out);
	if (!r)
		return;
	rxneed_tree(r, &t);
	read_part(&t, t.root, &f);
	if (!(b = best_of(&f)))
		return;
	out->n = b->n;
	memcpy(out->lit, b->s, b->n * sizeof *b->s);
	out->lines = !spans_lines(&t, t.root);
}

/* --- the search ---------------------------------------------------------- */

bool rxlit_at(const struct rxlit *l, const char *p, size_t n)
{
	if (l->len > n)
		return false;
	for (unsigned i = 0; i < l->len; i++)
		if (((unsigned char)p[i] | l->fold[i]) != l->lo[i])
			return false;
	return true;
}

bool rxlit_scan_init(struct rxlit_scan *s, const struct rxlits *l)
{
	bool pays = l->n > 0;

	memset(s, 0, sizeof *s);
	s->lits = *l;
	/* the two rarest bytes, as far apart as may be (the fewer places
	 * hold both, the fewer are checked whole) */
	for (unsigned k = 0; k < l->n; k++) {
		const struct rxlit *lit = &l->lit[k];
		unsigned best = 0;

		for (unsigned i = 0; i < lit->len; i++)
			for (unsigned j = i + 1; j < lit->len; j++) {
				unsigned sc = 16 * (rarity(lit->lo[i], lit->fold[i]) +
						    rarity(lit->lo[j], lit->fold[j])) + (j - i);

				if (sc > best) {
					best = sc;
					s->probe[k][0] = (unsigned char)i;
					s->probe[k][1] = (unsigned char)j;
				}
			}
		if (s->probe[k][1] > s->reach)
			s->reach = s->probe[k][1];
		/* one byte, or two common ones ("/."), stand everywhere */
		pays = pays && lit->len >= 2 && lit_score(lit) >= 3;
	}
#ifdef HAVE_SIMD
	s->avx2 = __builtin_cpu_supports("avx2") && !getenv("LOGSIFT_NO_AVX2");
#endif
	return pays;
}

/* Whether a literal stands at p + i, checked whole. */
static bool lit_here(const struct rxlits *l, const char *p, size_t n, size_t i)
{
	for (unsigned k = 0; k < l->n; k++)
		if (rxlit_at(&l->lit[k], p + i, n - i))
			return true;
	return false;
}

size_t rxlit_find_bytewise(const struct rxlits *l, const char *p, size_t n, size_t from)
{
	for (size_t i = from; i < n; i++)
		if (lit_here(l, p, n, i))
			return i;
	return n;
}

#ifdef HAVE_SIMD
/* Blocks of sixteen places from *at, each literal's two bytes compared
 * at all of them at once: true with *at the first place a literal
 * stands, or false with *at where the whole blocks end. */
static bool find_sse2(const struct rxlit_scan *s, const char *p, size_t n, size_t *at)
{
	__m128i lo[RXLIT_MAX][2], fold[RXLIT_MAX][2];
	size_t i = *at;

	for (unsigned k = 0; k < s->lits.n; k++)
		for (int b = 0; b < 2; b++) {
			unsigned o = s->probe[k][b];

			lo[k][b] = _mm_set1_epi8((char)s->lits.lit[k].lo[o]);
			fold[k][b] = _mm_set1_epi8((char)s->lits.lit[k].fold[o]);
		}
	for (; i + s->reach + 16 <= n; i += 16) {
		__m128i acc = _mm_setzero_si128();
		unsigned m;

		for (unsigned k = 0; k < s->lits.n; k++) {
			const char *q = p + i;
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(q + s->probe[k][0]));
			__m128i y = _mm_loadu_si128((const __m128i *)(const void *)(q + s->probe[k][1]));

			x = _mm_cmpeq_epi8(_mm_or_si128(x, fold[k][0]), lo[k][0]);
			y = _mm_cmpeq_epi8(_mm_or_si128(y, fold[k][1]), lo[k][1]);
			acc = _mm_or_si128(acc, _mm_and_si128(x, y));
		}
		for (m = (unsigned)_mm_movemask_epi8(acc); m; m &= m - 1)
			if (lit_here(&s->lits, p, n, i + (unsigned)__builtin_ctz(m))) {
				*at = i + (unsigned)__builtin_ctz(m);
				return true;
			}
	}
	*at = i;
	return false;
}

/* The same, thirty-two places a step, where the CPU has AVX2. */
__attribute__((target("avx2"))) static bool
find_avx2(const struct rxlit_scan *s, const char *p, size_t n, size_t *at)
{
	__m256i lo[RXLIT_MAX][2], fold[RXLIT_MAX][2];
	size_t i = *at;

	for (unsigned k = 0; k < s->lits.n; k++)
		for (int b = 0; b < 2; b++) {
			unsigned o = s->probe[k][b];

			lo[k][b] = _mm256_set1_epi8((char)s->lits.lit[k].lo[o]);
			fold[k][b] = _mm256_set1_epi8((char)s->lits.lit[k].fold[o]);
		}
	for (; i + s->reach + 32 <= n; i += 32) {
		__m256i acc = _mm256_setzero_si256();
		uint32_t m;

		for (unsigned k = 0; k < s->lits.n; k++) {
			const char *q = p + i;
			__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(q + s->probe[k][0]));
			__m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(q + s->probe[k][1]));

			x = _mm256_cmpeq_epi8(_mm256_or_si256(x, fold[k][0]), lo[k][0]);
			y = _mm256_cmpeq_epi8(_mm256_or_si256(y, fold[k][1]), lo[k][1]);
			acc = _mm256_or_si256(acc, _mm256_and_si256(x, y));
		}
		for (m = (uint32_t)_mm256_movemask_epi8(acc); m; m &= m - 1)
			if (lit_here(&s->lits, p, n, i + (unsigned)__builtin_ctz(m))) {
				*at = i + (unsigned)__builtin_ctz(m);
				return true;
			}
	}
	*at = i;
	return false;
}
#endif

size_t rxlit_find(const struct rxlit_scan *s, const char *p, size_t n, size_t from)
{
	size_t i = from;

	if (!s->lits.n)
		return from < n ? from : n;
#ifdef HAVE_SIMD
	if (s->avx2 ? find_avx2(s, p, n, &i) : find_sse2(s, p, n, &i))
		return i;
#endif
	return rxlit_find_bytewise(&s->lits, p, n, i);
}
