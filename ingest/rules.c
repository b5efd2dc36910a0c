/*
 * rules: see rules.h.
 */
#include "rules.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>  /* snprintf, fopen */
#include <stdlib.h> /* free, strtoul */
#include <string.h> /* strlen, memcmp, memchr */

#include <pcre2.h>

#include "buf.h"
#include "event.h"
#include "input.h"
#include "mem.h"
#include "scan.h"

#define RULES_FILE_MAX (16 << 20) /* far above any rules file */

extern const char default_rules[];  /* rules/default.rules, embedded at build */

enum field { F_TARGET = 1, F_UA = 2, F_REFERER = 4, F_MSG = 8, F_LINE = 16, F_STATUS = 32 };
#define NFIELDS 6
#define CACHE_SLOTS 256
#define CACHE_TEXT 256

struct cache_entry {
	uint16_t len;              /* 0: empty */
	unsigned char nhits;
	uint16_t hits[EVENT_MAX_TAGS];
	char text[CACHE_TEXT];
};
#define TWO_BITS 4096

/* Distinct for every pair of lowercase letters, digits and punctuation. */
static unsigned bigram(unsigned char a, unsigned char b)
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
	struct need_entry *needs[NFIELDS];
	size_t nneeds[NFIELDS];
	uint16_t *start[NFIELDS];          /* TWO_BITS + 1 */
	uint64_t two[NFIELDS][TWO_BITS / 64];
	uint64_t one[NFIELDS][4];
	struct need_entry *ones[NFIELDS];  /* the one-byte words */
	size_t nones[NFIELDS];
	size_t *always[NFIELDS];   /* rules with no NEED word, per field */
	struct cache_entry *cache[NFIELDS]; /* for user agents and referers */
	size_t nalways[NFIELDS];
	bool dirty;
	unsigned char *cand;       /* per rule: candidate in this field */
	bool cand_set;             /* some cand[] is set */
	pcre2_match_data *md;
	struct buf dec, tmp, s1, s2;
};

static void rule_free(struct rule *ru)
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
		rule_free(&r->v[i]);
	free(r->v);
	free(r->cand);
	for (int f = 0; f < NFIELDS; f++) {
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

static unsigned parse_fields(const char *s, size_t n, bool *luhn)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "target", F_TARGET }, { "ua", F_UA }, { "referer", F_REFERER },
		{ "msg", F_MSG }, { "line", F_LINE }, { "status", F_STATUS },
	};
	unsigned bits = 0;
	const char *end = s + n, *plus = memchr(s, '+', n);

	*luhn = false;
	if (plus) {
		if ((size_t)(end - plus - 1) != 4 || memcmp(plus + 1, "luhn", 4))
			return 0;
		*luhn = true;
		end = plus;
	}
	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		size_t len = (size_t)((comma ? comma : end) - s);
		unsigned bit = 0;

		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strlen(names[i].name) == len && !memcmp(names[i].name, s, len))
				bit = names[i].bit;
		if (!bit)
			return 0;
		bits |= bit;
		s += len + (comma ? 1 : 0);
	}
	return bits;
}

/* One word of a NEED list, '%2c' and '%20' decoded, lowercased. */
static char *need_word(const char *s, size_t n)
{
	struct buf b;
	size_t len;

	buf_init(&b, 0);
	rules_decode(s, n, false, &b);
	return buf_detach(&b, &len);
}

static int parse_need(struct rule *ru, const char *s, size_t n)
{
	if (n == 1 && s[0] == '-')
		return 0;
	if (s[0] == '#') {
		char tmp[8], *end;
		unsigned long v;

		if (n < 2 || n > 4)
			return -1;
		memcpy(tmp, s + 1, n - 1);
		tmp[n - 1] = 0;
		v = strtoul(tmp, &end, 10);
		if (*end || v < 1 || v > 100)
			return -1;
		ru->need_digits = (int)v;
		return 0;
	}
	while (n) {
		const char *comma = memchr(s, ',', n);
		size_t len = comma ? (size_t)(comma - s) : n;

		if (!len)
			return -1;
		ru->need = xrealloc(ru->need, (ru->nneed + 1) * sizeof *ru->need);
		ru->need[ru->nneed++] = need_word(s, len);
		if (!ru->need[ru->nneed - 1][0])
			return -1;
		s += len + (comma ? 1 : 0);
		n -= len + (comma ? 1 : 0);
	}
	return 0;
}

/* The next blank-separated token of [*p, end). */
static int token(const char **p, const char *end, const char **t, size_t *n)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	*t = *p;
	while (*p < end && **p != ' ' && **p != '\t')
		(*p)++;
	*n = (size_t)(*p - *t);
	return *n ? 0 : -1;
}

static int add_rule(struct rules *r, const char *name, unsigned long lineno, const char *p,
		    const char *end, char *err, size_t errlen)
{
	const char *tok[5];
	size_t len[5];
	struct rule ru;
	int ecode;
	PCRE2_SIZE eoff;

	memset(&ru, 0, sizeof ru);
	for (int i = 0; i < 5; i++)
		if (token(&p, end, &tok[i], &len[i])) {
			snprintf(err, errlen, "%s:%lu: expected ID CATEGORY SEVERITY FIELDS NEED PATTERN",
				 name, lineno);
			return -1;
		}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if (p == end) {
		snprintf(err, errlen, "%s:%lu: rule '%.*s' has no pattern", name, lineno,
			 (int)len[0], tok[0]);
		return -1;
	}
	ru.fields = parse_fields(tok[3], len[3], &ru.luhn);
	if (!ru.fields) {
		snprintf(err, errlen, "%s:%lu: unknown fields '%.*s' (target ua referer msg line "
			 "status, comma-separated, optionally +luhn)", name, lineno, (int)len[3], tok[3]);
		return -1;
	}
	if (parse_need(&ru, tok[4], len[4])) {
		rule_free(&ru);
		snprintf(err, errlen, "%s:%lu: bad NEED '%.*s'", name, lineno, (int)len[4], tok[4]);
		return -1;
	}
	ru.re = pcre2_compile((PCRE2_SPTR)p, (PCRE2_SIZE)(end - p), PCRE2_CASELESS, &ecode, &eoff,
			      NULL);
	if (!ru.re) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(ecode, msg, sizeof msg);
		rule_free(&ru);
		snprintf(err, errlen, "%s:%lu: rule '%.*s': %s at pattern offset %zu", name, lineno,
			 (int)len[0], tok[0], (char *)msg, (size_t)eoff);
		return -1;
	}
	pcre2_jit_compile(ru.re, PCRE2_JIT_COMPLETE); /* without JIT it still works */
	ru.id = xstrndup(tok[0], len[0]);
	ru.category = xstrndup(tok[1], len[1]);
	ru.severity = xstrndup(tok[2], len[2]);
	ru.masks = !strcmp(ru.category, "pii") || !strcmp(ru.category, "secret");
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].id, ru.id)) { /* a later rule replaces */
			rule_free(&r->v[i]);
			r->v[i] = ru;
			r->dirty = true;
			return 0;
		}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = ru;
	r->dirty = true;
	return 0;
}

int rules_parse(struct rules *r, const char *name, const char *text, size_t len, char *err,
		size_t errlen)
{
	const char *p = text, *end = text + len;
	unsigned long lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *s = p;

		lineno++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s < e && *s != '#' && *s != '\r' && add_rule(r, name, lineno, s, e, err, errlen))
			return -1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int rules_load(struct rules *r, const char *path, char *err, size_t errlen)
{
	struct buf b;
	int rc;

	buf_init(&b, RULES_FILE_MAX);
	rc = input_slurp(path, &b, err, errlen) ? -1 : rules_parse(r, path, b.p, b.len, err, errlen);
	buf_release(&b);
	return rc;
}

static int by_bigram(const void *a, const void *b)
{
	const struct need_entry *x = a, *y = b;
	unsigned bx = bigram((unsigned char)x->word[0], (unsigned char)x->word[1]);
	unsigned by = bigram((unsigned char)y->word[0], (unsigned char)y->word[1]);

	return (bx > by) - (bx < by);
}

/* Rebuilds the NEED index after rules were added. */
static void reindex(struct rules *r)
{
	free(r->cand);
	r->cand = xcalloc(r->n ? r->n : 1, 1);
	r->cand_set = false;
	memset(r->two, 0, sizeof r->two);
	memset(r->one, 0, sizeof r->one);
	for (int f = 1; f <= 2; f++) { /* ua, referer: results change with the rules */
		free(r->cache[f]);
		r->cache[f] = xcalloc(CACHE_SLOTS, sizeof *r->cache[f]);
	}
	for (int f = 0; f < NFIELDS; f++) {
		unsigned bit = 1u << f;
		size_t k = 0, total = 0;

		free(r->always[f]);
		free(r->needs[f]);
		free(r->ones[f]);
		r->always[f] = xcalloc(r->n ? r->n : 1, sizeof *r->always[f]);
		r->nalways[f] = r->nneeds[f] = r->nones[f] = 0;
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
					r->ones[f][r->nones[f]++] = ne;
					r->one[f][w[0] >> 6] |= 1ULL << (w[0] & 63);
				} else {
					unsigned bg = bigram(w[0], w[1]);

					r->needs[f][r->nneeds[f]++] = ne;
					r->two[f][bg >> 6] |= 1ULL << (bg & 63);
				}
			}
		qsort(r->needs[f], r->nneeds[f], sizeof *r->needs[f], by_bigram);
		free(r->start[f]);
		r->start[f] = xcalloc(TWO_BITS + 1, sizeof *r->start[f]);
		for (unsigned bg = 0; bg <= TWO_BITS; bg++) {
			while (bg < TWO_BITS && k < r->nneeds[f] &&
			       bigram((unsigned char)r->needs[f][k].word[0],
				      (unsigned char)r->needs[f][k].word[1]) < bg)
				k++;
			r->start[f][bg] = (uint16_t)(bg == TWO_BITS ? r->nneeds[f] : k);
		}
	}
	r->dirty = false;
}



/* One round of %XX / %uXXXX decoding; returns whether anything changed. */
static bool percent_round(const char *s, size_t n, bool plus, struct buf *out)
{
	bool changed = false;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && i + 2 < n &&
		    scan_hex_value(s[i + 1]) >= 0 && scan_hex_value(s[i + 2]) >= 0) {
			buf_addc(out, (char)(scan_hex_value(s[i + 1]) * 16 +
					     scan_hex_value(s[i + 2])));
			i += 2;
			changed = true;
		} else if (c == '%' && i + 5 < n && (s[i + 1] == 'u' || s[i + 1] == 'U') &&
			   scan_hex_value(s[i + 2]) >= 0 && scan_hex_value(s[i + 3]) >= 0 &&
			   scan_hex_value(s[i + 4]) >= 0 && scan_hex_value(s[i + 5]) >= 0) {
			buf_add_utf8(out, (unsigned long)(scan_hex_value(s[i + 2]) << 12 |
						    scan_hex_value(s[i + 3]) << 8 |
						    scan_hex_value(s[i + 4]) << 4 |
						    scan_hex_value(s[i + 5])));
			i += 5;
			changed = true;
		} else if (c == '+' && plus) {
			buf_addc(out, ' ');
			changed = true;
		} else {
			buf_addc(out, (char)c);
		}
	}
	return changed;
}

/* HTML character references: named ones attackers use, and numeric. */
static void entities(const char *s, size_t n, struct buf *out)
{
	static const struct { const char *name; char c; } named[] = {
		{ "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
		{ "sol", '/' }, { "bsol", '\\' }, { "period", '.' }, { "colon", ':' },
		{ "lpar", '(' }, { "rpar", ')' }, { "semi", ';' }, { "equals", '=' },
		{ "tab", '\t' }, { "newline", '\n' }, { "grave", '`' }, { "dollar", '$' },
		{ "lcub", '{' }, { "rcub", '}' },
	};

	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1;

		if (s[i] != '&' || j >= n) {
			buf_addc(out, s[i]);
			continue;
		}
		if (s[j] == '#') {
			unsigned long cp = 0;
			bool hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
			size_t k = j + 1 + (hex ? 1 : 0), start = k;

			while (k < n && k - start < 7 && (hex ? scan_hex_value(s[k]) >= 0
							      : s[k] >= '0' && s[k] <= '9'))
				cp = cp * (hex ? 16 : 10) +
				     (unsigned long)(hex ? scan_hex_value(s[k]) : s[k] - '0'), k++;
			if (k > start) {
				buf_add_utf8(out, cp);
				i = k < n && s[k] == ';' ? k : k - 1;
				continue;
			}
		} else {
			size_t k = j;
			bool done = false;

			while (k < n && k - j < 8 && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
				k++;
			for (size_t m = 0; m < sizeof named / sizeof named[0] && !done; m++)
				if (strlen(named[m].name) == k - j && !memcmp(named[m].name, s + j, k - j) &&
				    k < n && s[k] == ';') {
					buf_addc(out, named[m].c);
					i = k;
					done = true;
				}
			if (done)
				continue;
		}
		buf_addc(out, s[i]);
	}
}

/* The decoding, with two scratch buffers the caller keeps (no allocation
 * per record once they have grown). */
static void decode_with(const char *s, size_t len, bool target, struct buf *a, struct buf *b,
			struct buf *out)
{
	const char *p = s;
	size_t n = len;

	if (memchr(s, '%', len) || memchr(s, '&', len) || (target && memchr(s, '+', len))) {
		struct buf *dst = a;

		/* percent-decoding until stable: %252e%252e%252f is ../ too; '+'
		 * is a space only in the first round (an encoded %2B stays '+') */
		for (int round = 0; round < 3; round++) {
			buf_reset(dst);
			if (!percent_round(p, n, target && round == 0, dst))
				break;
			p = dst->p;
			n = dst->len;
			dst = dst == a ? b : a;
		}
		buf_reset(dst);
		entities(p, n, dst);
		p = dst->p;
		n = dst->len;
	}
	if (buf_grow(out, n))
		return;
	{
		char *d = out->p + out->len;

		for (size_t i = 0; i < n; i++)
			if (p[i])
				*d++ = scan_lower(p[i]);
		out->len = (size_t)(d - out->p); /* buf_grow left room, and for the NUL */
		*d = '\0';
	}
}

void rules_decode(const char *s, size_t len, bool target, struct buf *out)
{
	struct buf a, b;

	buf_init(&a, 0);
	buf_init(&b, 0);
	decode_with(s, len, target, &a, &b, out);
	buf_release(&a);
	buf_release(&b);
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

/* Marks in r->cand the rules for field fi whose NEED is in text t. */
static bool candidates(struct rules *r, int fi, const char *t, size_t n)
{
	const uint64_t *two = r->two[fi], *one = r->one[fi];
	const struct need_entry *needs = r->needs[fi];
	const uint16_t *start = r->start[fi];
	bool any = false;
	int digits = -1;

	if (r->cand_set) { /* most texts set none: no clearing to do */
		memset(r->cand, 0, r->n);
		r->cand_set = false;
	}
	for (size_t a = 0; a < r->nalways[fi]; a++) {
		size_t i = r->always[fi][a];

		if (r->v[i].need_digits) {
			if (digits < 0) {
				digits = 0;
				for (size_t k = 0; k < n; k++)
					digits += t[k] >= '0' && t[k] <= '9';
			}
			if (digits < r->v[i].need_digits)
				continue;
		}
		r->cand[i] = 1;
		any = r->cand_set = true;
	}
	/* bit tests per byte; words are compared only where one of the
	 * field's words can start */
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)t[k];

		if (one[c >> 6] >> (c & 63) & 1)
			for (size_t e = 0; e < r->nones[fi]; e++)
				if (r->ones[fi][e].word[0] == (char)c && !r->cand[r->ones[fi][e].rule]) {
					r->cand[r->ones[fi][e].rule] = 1;
					any = r->cand_set = true;
				}
		if (k + 1 < n) {
			unsigned bg = bigram(c, (unsigned char)t[k + 1]);

			if (!(two[bg >> 6] >> (bg & 63) & 1))
				continue;
			for (size_t e = start[bg]; e < start[bg + 1]; e++) {
				const struct need_entry *ne = &needs[e];
				size_t j = 0;

				if (r->cand[ne->rule] || ne->len > n - k)
					continue;
				while (j < ne->len && t[k + j] == ne->word[j])
					j++;
				if (j == ne->len) {
					r->cand[ne->rule] = 1;
					any = r->cand_set = true;
				}
			}
		}
	}
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

static void tag(struct event *e, const char *id)
{
	size_t n = strlen(id);

	for (unsigned i = 0; i < e->ntags; i++)
		if (e->tags[i].len == n && !memcmp(e->tags[i].p, id, n))
			return;
	if (e->ntags < EVENT_MAX_TAGS)
		e->tags[e->ntags++] = (struct span){ id, n };
}

/* PCRE2's JIT may read a little past the end of a subject (vector
 * loads); within the allocation that is harmless, but memory never
 * written would be "uninitialised" to valgrind.  Subjects are therefore
 * followed by SLACK written zeros. */
#define SLACK 64

static void pad(struct buf *b)
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
	decode_with(p, len, f == 0, &r->s1, &r->s2, &r->dec);
	if (!candidates(r, f, r->dec.p, r->dec.len))
		return 0;
	pad(&r->dec); /* only a text a pattern will read */
	for (size_t i = 0; i < r->n && n < max; i++)
		if (r->cand[i] && matches(r, &r->v[i], r->dec.p, r->dec.len))
			hits[n++] = (uint16_t)i;
	return n;
}

/* User agents and referers repeat from record to record: their results
 * are remembered (the text itself is compared, not only a hash). */
static struct cache_entry *cached(struct rules *r, int f, const char *p, size_t len, bool *found)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
	struct cache_entry *c;
	size_t i = 0;

	*found = false;
	if (!r->cache[f] || len > CACHE_TEXT)
		return NULL;
	for (; i + 8 <= len; i += 8) { /* eight bytes a step: user agents are long */
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, p + i, len - i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	c = &r->cache[f][h % CACHE_SLOTS];
	*found = c->len == len && !memcmp(c->text, p, len);
	return c;
}

void rules_apply(struct rules *r, struct event *e, const char *line, size_t len)
{
	char status[8];
	struct span fields[NFIELDS] = {
		e->path, e->ua, e->referer, e->msg, { line, len }, { NULL, 0 },
	};
	uint16_t hits[EVENT_MAX_TAGS];

	if (!r->n)
		return;
	if (r->dirty)
		reindex(r);
	if (e->status > 0 && e->status < 1000) { /* three digits, without printf */
		status[0] = (char)('0' + e->status / 100);
		status[1] = (char)('0' + e->status / 10 % 10);
		status[2] = (char)('0' + e->status % 10);
		fields[5] = (struct span){ status + (e->status < 100) + (e->status < 10),
					   3u - (e->status < 100) - (e->status < 10) };
	}
	for (int f = 0; f < NFIELDS; f++) {
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
			tag(e, r->v[hits[i]].id);
	}
}

/* A short, stable hash of a masked value. */
static unsigned long mask_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)scan_lower(p[i])) * 1099511628211ULL;
	return (unsigned long)(h >> 40);
}

bool rules_redact(struct rules *r, const char *text, size_t len, struct buf *out)
{
	bool any = false;
	const char *p;
	size_t n = len;
	struct buf cur;

	buf_init(&cur, 0);
	buf_add(&cur, text, len); /* a padded copy: see pad() */
	pad(&cur);
	p = cur.p;
	for (size_t i = 0; i < r->n; i++) {
		struct rule *ru = &r->v[i];
		PCRE2_SIZE off = 0, copied = 0;
		bool hit = false;

		if (!ru->masks)
			continue;
		buf_reset(&r->tmp);
		while (off <= n && pcre2_match(ru->re, (PCRE2_SPTR)p, n, off, 0, r->md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);

			if (ov[1] == ov[0] || (ru->luhn && !rules_luhn(p + ov[0], ov[1] - ov[0]))) {
				off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
				continue;
			}
			buf_add(&r->tmp, p + copied, ov[0] - copied);
			buf_addf(&r->tmp, "[%s:%06lx]", ru->id, mask_hash(p + ov[0], ov[1] - ov[0]));
			copied = off = ov[1];
			hit = true;
		}
		if (!hit)
			continue;
		buf_add(&r->tmp, p + copied, n - copied);
		buf_reset(&cur);
		buf_add(&cur, r->tmp.p, r->tmp.len);
		pad(&cur);
		p = cur.p;
		n = cur.len;
		any = true;
	}
	buf_add(out, p, n);
	buf_release(&cur);
	return any;
}
