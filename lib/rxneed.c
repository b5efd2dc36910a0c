/*
 * rxneed: what every match of a pattern needs (see rxneed.h).
 *
 * The pattern is parsed into a tree of five kinds of node: one byte of a
 * set, a sequence, alternatives, a repeat, and "empty" (anchors,
 * lookarounds, option settings: they consume nothing) — plus "any", a
 * back reference, which may be any text.  For an alphabet the tree gives,
 * bottom up, whether a part can match at all, whether it can match the
 * empty string, the bytes its matches can start and end with, and the
 * most telling pair of adjacent bytes every match of it holds.
 */
#include "rxneed.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "rxneed_int.h"

#ifdef __SSE2__
#include <emmintrin.h> /* every x86-64 has it */
#endif

#define MAX_DEPTH 200     /* groups within groups: deeper gives no analysis */
#define MAX_NODES 4096    /* bigger patterns cost more to analyse than to run */
#define ALPHABETS 8       /* analyses kept per pattern */
#define ANALYSIS_COST 3   /* tokens a node (see struct rxneed) */
#define TOKENS_KEPT 8     /* analyses' worth of tokens saved up at most */

/* The analysis for one alphabet: whether a match is possible, and the
 * pair as a table (bit 0: may come first, bit 1: may come second).  The
 * alphabet is kept as the classes it holds (see struct rxneed). */
#define PAIR_BYTES 8      /* bytes of a pair's side compared sixteen places a step */

struct verdict {
	struct rxset classes;
	bool used, possible, pair;
	struct rxset first, second;
	unsigned char table[256];
	/* the pair's first and second bytes, when each side has at most
	 * PAIR_BYTES and no NUL (0: the scan goes byte by byte) */
	unsigned char nfirst, nsecond;
	unsigned char bytes[2][PAIR_BYTES][16]; /* each byte sixteen times */
};

struct rxneed {
	struct node *node;
	size_t n, cap;
	int root;
	bool dotall;               /* an option group names 's' */
	struct verdict seen[ALPHABETS];
	unsigned next_slot, last;  /* the slot to fill next, the one found last */
	/* the bytes other than letters and digits of the text before, whose
	 * verdict is seen[last] (known false after an analysis: the slots
	 * move) */
	uint64_t last_bytes[4];
	bool last_known;
	bool bytewise;             /* the pair scan byte by byte (its definition), for the tests */
	/* The bytes no part of the pattern tells apart, as one class: two
	 * texts whose bytes fall in the same classes get the same analysis
	 * ('=' and '&' alike, to a pattern that names neither). */
	unsigned char class_of[256];
	struct rxset members[256]; /* a class's bytes */
	struct rxset always;       /* the classes of letters and digits */
	/* An analysis visits every node and costs about what a few matches
	 * do: each text tested earns a token, an analysis costs ANALYSIS_COST
	 * tokens a node, and a text whose alphabet is new when the tokens
	 * are short goes to the matcher unanalysed.  Texts that bring new
	 * alphabets all the time so cost little more than without rxneed. */
	long tokens;
};

/* --- sets -------------------------------------------------------------- */

static void set_add(struct rxset *s, unsigned ch)
{
	s->w[ch >> 6] |= 1ULL << (ch & 63);
}

static bool set_has(const struct rxset *s, unsigned ch)
{
	return s->w[ch >> 6] >> (ch & 63) & 1;
}

static void set_range(struct rxset *s, unsigned lo, unsigned hi)
{
	for (unsigned ch = lo; ch <= hi; ch++)
		set_add(s, ch);
}

static void set_union(struct rxset *a, const struct rxset *b)
{
	for (int i = 0; i < 4; i++)
		a->w[i] |= b->w[i];
}

static void set_inter(struct rxset *a, const struct rxset *b)
{
	for (int i = 0; i < 4; i++)
		a->w[i] &= b->w[i];
}

static void set_invert(struct rxset *s)
{
	for (int i = 0; i < 4; i++)
		s->w[i] = ~s->w[i];
}

static bool set_empty(const struct rxset *s)
{
	return !(s->w[0] | s->w[1] | s->w[2] | s->w[3]);
}

static bool set_meets(const struct rxset *a, const struct rxset *b)
{
	return (a->w[0] & b->w[0]) | (a->w[1] & b->w[1]) | (a->w[2] & b->w[2]) |
	       (a->w[3] & b->w[3]);
}

static unsigned set_count(const struct rxset *s)
{
	return (unsigned)(__builtin_popcountll(s->w[0]) + __builtin_popcountll(s->w[1]) +
			  __builtin_popcountll(s->w[2]) + __builtin_popcountll(s->w[3]));
}

/* Both cases of every ASCII letter in s. */
static void set_fold(struct rxset *s)
{
	for (unsigned ch = 'a'; ch <= 'z'; ch++)
		if (set_has(s, ch) || set_has(s, ch - 32)) {
			set_add(s, ch);
			set_add(s, ch - 32);
		}
}

/* The bit of each byte in the first (lo) and second (hi) quarter of a
 * set: two loads and no branch a byte (the CRS reads every request's
 * URI so). */
static uint64_t quarter_lo[256], quarter_hi[256];

void rxset_add_bytes(struct rxset *set, const char *s, size_t n)
{
	uint64_t w0 = 0, w1 = 0, hi = 0;
	size_t i = 0;

	if (!quarter_lo['0']) /* once */
		for (unsigned ch = 0; ch < 128; ch++)
			(ch < 64 ? quarter_lo : quarter_hi)[ch] = 1ULL << (ch & 63);
	/* eight bytes a step: their high bits looked at together */
	for (; i + 8 <= n; i += 8) {
		const unsigned char *u = (const unsigned char *)s + i;
		uint64_t word;

		memcpy(&word, u, 8);
		hi |= word;
#define ADD_BYTE(k) (w0 |= quarter_lo[u[k]], w1 |= quarter_hi[u[k]])
		ADD_BYTE(0), ADD_BYTE(1), ADD_BYTE(2), ADD_BYTE(3);
		ADD_BYTE(4), ADD_BYTE(5), ADD_BYTE(6), ADD_BYTE(7);
#undef ADD_BYTE
	}
	for (; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		w0 |= quarter_lo[ch];
		w1 |= quarter_hi[ch];
		hi |= ch;
	}
	set->w[0] |= w0;
	set->w[1] |= w1;
	if (hi & 0x8080808080808080ULL) /* the rest, rare */
		for (i = 0; i < n; i++)
			if ((unsigned char)s[i] >= 128)
				set_add(set, (unsigned char)s[i]);
}

/* The classes' bytes.  Where PCRE2's tables could hold more than ASCII
 * (\w, \s in some locales), the set holds more too: never less than a
 * match can use. */
static struct rxset class_set(char c)
{
	struct rxset s = { { 0 } };

	switch (c) {
	case 'd': set_range(&s, '0', '9'); break;
	case 'w': set_range(&s, '0', '9'); set_range(&s, 'a', 'z'); set_range(&s, 'A', 'Z');
		set_add(&s, '_'); set_range(&s, 0x80, 0xff); break;
	case 's': set_range(&s, '\t', '\r'); set_add(&s, ' '); set_add(&s, 0x85); set_add(&s, 0xa0); break;
	case 'h': set_add(&s, '\t'); set_add(&s, ' '); set_add(&s, 0xa0); break;
	case 'v': set_range(&s, '\n', '\r'); set_add(&s, 0x85); break;
	default: break;
	}
	return s;
}

/* The negated classes: every byte but the ASCII ones the class surely
 * holds (so again never less than a match can use). */
static struct rxset negated_class_set(char c)
{
	struct rxset s = { { 0 } };

	switch (c) {
	case 'D': set_range(&s, '0', '9'); break;
	case 'W': set_range(&s, '0', '9'); set_range(&s, 'a', 'z'); set_range(&s, 'A', 'Z');
		set_add(&s, '_'); break;
	case 'S': set_range(&s, '\t', '\r'); set_add(&s, ' '); break;
	case 'H': set_add(&s, '\t'); set_add(&s, ' '); break;
	case 'V': set_range(&s, '\n', '\r'); break;
	default: break; /* \N: the newline is a build option: every byte */
	}
	set_invert(&s);
	return s;
}

/* --- parsing ----------------------------------------------------------- */

struct parser {
	const char *p, *end;
	struct rxneed *r;
	int depth;
	bool fail;
	bool ignored;             /* the last item is one PCRE2 passes over: \E, (?#), (?i) */
};

static int new_node(struct parser *ps, enum kind k)
{
	struct rxneed *r = ps->r;

	if (r->n == MAX_NODES) {
		ps->fail = true;
		return -1;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->node = xrealloc(r->node, r->cap * sizeof *r->node);
	}
	memset(&r->node[r->n], 0, sizeof r->node[r->n]);
	r->node[r->n].kind = (unsigned char)k;
	r->node[r->n].child = r->node[r->n].next = -1;
	return (int)r->n++;
}

static int byte_node(struct parser *ps, const struct rxset *s)
{
	int n = new_node(ps, K_BYTE);

	if (n >= 0)
		ps->r->node[n].set = *s;
	return n;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1;
}

/* A byte written as an escape (after the backslash, whose letter is c):
 * \xHH, \x{HH}, \0oo, \o{ooo}, \n and the like; -1 if c is not one. */
static int escaped_byte(struct parser *ps, char c)
{
	unsigned v = 0;
	int k = 0;

	switch (c) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'f': return '\f';
	case 'e': return 27;
	case 'a': return 7;
	case 'x':
		if (ps->p < ps->end && *ps->p == '{') {
			for (ps->p++; ps->p < ps->end && hex_value(*ps->p) >= 0 && k < 8; ps->p++, k++)
				v = v * 16 + (unsigned)hex_value(*ps->p);
			if (ps->p == ps->end || *ps->p != '}' || !k || v > 255)
				return -2;
			ps->p++;
			return (int)v;
		}
		for (; k < 2 && ps->p < ps->end && hex_value(*ps->p) >= 0; ps->p++, k++)
			v = v * 16 + (unsigned)hex_value(*ps->p);
		return (int)v;
	case '0':
		for (; k < 2 && ps->p < ps->end && *ps->p >= '0' && *ps->p <= '7'; ps->p++, k++)
			v = v * 8 + (unsigned)(*ps->p - '0');
		return (int)v;
	case 'o':
		if (ps->p == ps->end || *ps->p != '{')
			return -2;
		for (ps->p++; ps->p < ps->end && *ps->p >= '0' && *ps->p <= '7' && k < 4; ps->p++, k++)
			v = v * 8 + (unsigned)(*ps->p - '0');
		if (ps->p == ps->end || *ps->p != '}' || !k || v > 255)
			return -2;
		ps->p++;
		return (int)v;
	default:
		return -1;
	}
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* One byte of a class at ps->p: itself, or an escape (\b is a
 * backspace there); -1 (fail set) for what is not one byte. */
static int class_byte(struct parser *ps)
{
	int b;
	char c;

	if (*ps->p != '\\')
		return (unsigned char)*ps->p++;
	if (++ps->p == ps->end) {
		ps->fail = true;
		return -1;
	}
	c = *ps->p++;
	if (c == 'b')
		return 8;
	b = escaped_byte(ps, c);
	if (b == -1 && !is_alnum(c)) /* an escaped punctuation byte */
		return (unsigned char)c;
	if (b < 0) /* \p, \Q, \E, a malformed \x{...} */
		ps->fail = true;
	return b;
}

/* A character class, after its '[': one byte of its set. */
static int parse_class(struct parser *ps)
{
	struct rxset s = { { 0 } };
	bool negated = false, exact = true, first = true;

	if (ps->p < ps->end && *ps->p == '^') {
		negated = true;
		ps->p++;
	}
	for (;;) {
		int lo, hi;

		if (ps->p == ps->end) {
			ps->fail = true;
			return -1;
		}
		if (*ps->p == ']' && !first)
			break;
		first = false;
		if (*ps->p == '[' && ps->p + 1 < ps->end && (ps->p[1] == ':' || ps->p[1] == '.' ||
							     ps->p[1] == '=')) {
			/* a POSIX class, or what PCRE2 may take for one: not read */
			ps->fail = true;
			return -1;
		}
		if (*ps->p == '\\' && ps->p + 1 < ps->end && ps->p[1] &&
		    strchr("dwshvDWSHVN", ps->p[1])) { /* a class of its own */
			char c = ps->p[1];
			struct rxset cs = islower((unsigned char)c) ? class_set(c) : negated_class_set(c);

			ps->p += 2;
			set_union(&s, &cs);
			exact = exact && (c == 'd' || c == 'D');
			continue;
		}
		if ((lo = class_byte(ps)) < 0)
			return -1;
		hi = lo;
		if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') { /* a range */
			ps->p++;
			if ((hi = class_byte(ps)) < 0)
				return -1;
			if (hi < lo) {
				ps->fail = true;
				return -1;
			}
		}
		set_range(&s, (unsigned)lo, (unsigned)hi);
	}
	ps->p++; /* the ']' */
	if (negated) {
		/* the complement of the bytes written, not of their other
		 * case: more than a caseless class matches, never less */
		set_invert(&s);
		if (!exact)
			set_range(&s, 0, 255);
	} else {
		set_fold(&s);
	}
	return byte_node(ps, &s);
}

static int parse_alt(struct parser *ps);

/* Moves past the next close (a group name's end, a comment's); false
 * (fail set) if there is none. */
static bool skip_past(struct parser *ps, char close)
{
	const char *at = memchr(ps->p, close, (size_t)(ps->end - ps->p));

	if (!at) {
		ps->fail = true;
		return false;
	}
	ps->p = at + 1;
	return true;
}

/* A group, after its '(': its node. */
static int parse_group(struct parser *ps)
{
	bool zero_width = false;
	int inner;

	if (ps->p < ps->end && *ps->p == '*') { /* (*VERB), (*UTF) */
		ps->fail = true;
		return -1;
	}
	if (ps->p < ps->end && *ps->p == '?') {
		const char *q = ++ps->p;

		if (q == ps->end) {
			ps->fail = true;
			return -1;
		}
		if (*q == ':' || *q == '|' || *q == '>') {
			ps->p++;
		} else if (*q == '=' || *q == '!') {
			ps->p++;
			zero_width = true;
		} else if (*q == '<' && q + 1 < ps->end && (q[1] == '=' || q[1] == '!')) {
			ps->p += 2;
			zero_width = true;
		} else if (*q == '<' || *q == '\'' || (*q == 'P' && q + 1 < ps->end && q[1] == '<')) {
			char close = *q == '\'' ? '\'' : '>';

			ps->p = q + 1;
			if (!skip_past(ps, close))
				return -1;
		} else if (*q == '#') {
			if (!skip_past(ps, ')'))
				return -1;
			ps->ignored = true;
			return new_node(ps, K_EMPTY);
		} else if (*q == 'P' && q + 1 < ps->end && q[1] == '=') { /* (?P=name) */
			if (!skip_past(ps, ')'))
				return -1;
			return new_node(ps, K_ANY);
		} else { /* options: (?i) (?i:...) (?-i) ... */
			while (ps->p < ps->end && (((*ps->p | 32) >= 'a' && (*ps->p | 32) <= 'z') ||
						   *ps->p == '-' || *ps->p == '^')) {
				if (*ps->p == 'x' || *ps->p == 'R') { /* extended mode, recursion */
					ps->fail = true;
					return -1;
				}
				ps->r->dotall |= *ps->p == 's'; /* (?-s) too: never less */
				ps->p++;
			}
			if (ps->p == ps->end || ps->p == q || (*ps->p != ')' && *ps->p != ':')) {
				ps->fail = true; /* (?R), (?1), (?&name), (?(cond)...), (?C) */
				return -1;
			}
			if (*ps->p++ == ')') {
				ps->ignored = true;
				return new_node(ps, K_EMPTY);
			}
		}
	}
	if (++ps->depth > MAX_DEPTH) {
		ps->fail = true;
		return -1;
	}
	inner = parse_alt(ps);
	ps->depth--;
	if (ps->fail || ps->p == ps->end || *ps->p != ')') {
		ps->fail = true;
		return -1;
	}
	ps->p++;
	return zero_width ? new_node(ps, K_EMPTY) : inner;
}

/* An escape outside a class, after its backslash. */
static int parse_escape(struct parser *ps)
{
	struct rxset s = { { 0 } };
	char c;
	int b;

	if (ps->p == ps->end) {
		ps->fail = true;
		return -1;
	}
	c = *ps->p++;
	if (c == 'd' || c == 'w' || c == 's' || c == 'h' || c == 'v') {
		s = class_set(c);
		return byte_node(ps, &s);
	}
	if (c == 'D' || c == 'W' || c == 'S' || c == 'H' || c == 'V' || c == 'N') {
		int n;

		s = negated_class_set(c);
		n = byte_node(ps, &s);
		if (n >= 0)
			ps->r->node[n].dot = c == 'N';
		return n;
	}
	if (c && strchr("bBAzZGKE", c)) {
		ps->ignored = c == 'E';
		return new_node(ps, K_EMPTY);
	}
	if (c >= '1' && c <= '9') { /* a back reference (or an octal byte): any text */
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
		return new_node(ps, K_ANY);
	}
	b = escaped_byte(ps, c);
	if (b == -2 || (b == -1 && is_alnum(c))) { /* \p, \Q, \g, \c, \R, ... */
		ps->fail = true;
		return -1;
	}
	set_add(&s, b >= 0 ? (unsigned)b : (unsigned char)c);
	set_fold(&s);
	return byte_node(ps, &s);
}

/* A quantifier's bounds at ps->p ("*", "{2,5}", ...), consumed; false
 * (nothing consumed) if there is none: a '{' that is not one is a
 * literal. */
static bool quantifier(struct parser *ps, uint32_t *min, uint32_t *max)
{
	const char *q = ps->p;

	if (q == ps->end)
		return false;
	if (*q == '*' || *q == '+' || *q == '?') {
		*min = *q == '+';
		*max = *q == '?' ? 1 : REP_INF;
		ps->p++;
	} else if (*q == '{') {
		uint32_t a = 0, b;
		const char *d = q + 1;

		/* {,m} and {2, 3}: PCRE2 10.43 reads a quantifier, earlier
		 * versions text; which one runs is not known here */
		{
			const char *e = d;
			bool space = false, digit = false;

			for (; e < ps->end && ((*e >= '0' && *e <= '9') || *e == ',' || *e == ' '); e++) {
				space = space || *e == ' ';
				digit = digit || (*e >= '0' && *e <= '9');
			}
			if (e < ps->end && *e == '}' && digit && (space || *d == ',')) {
				ps->fail = true;
				return false;
			}
		}
		if (d == ps->end || *d < '0' || *d > '9')
			return false;
		for (; d < ps->end && *d >= '0' && *d <= '9'; d++)
			a = a < 100000 ? a * 10 + (uint32_t)(*d - '0') : a;
		b = a;
		if (d < ps->end && *d == ',') {
			d++;
			if (d < ps->end && *d >= '0' && *d <= '9') {
				for (b = 0; d < ps->end && *d >= '0' && *d <= '9'; d++)
					b = b < 100000 ? b * 10 + (uint32_t)(*d - '0') : b;
			} else {
				b = REP_INF;
			}
		}
		if (d == ps->end || *d != '}')
			return false;
		ps->p = d + 1;
		*min = a;
		*max = b;
	} else {
		return false;
	}
	if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+')) /* lazy, possessive */
		ps->p++;
	return true;
}

static void add_child(struct rxneed *r, int parent, int *tail, int child)
{
	if (*tail < 0)
		r->node[parent].child = child;
	else
		r->node[*tail].next = child;
	*tail = child;
}

/* A sequence, up to '|', ')' or the end. */
static int parse_seq(struct parser *ps)
{
	int seq = new_node(ps, K_SEQ), tail = -1;

	while (!ps->fail && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
		char c = *ps->p++;
		uint32_t min, max;
		int atom;

		if (c == '(') {
			atom = parse_group(ps);
		} else if (c == '[') {
			atom = parse_class(ps);
		} else if (c == '\\') {
			atom = parse_escape(ps);
		} else if (c == '.') {
			struct rxset all;

			memset(&all, 0xff, sizeof all);
			atom = byte_node(ps, &all);
			if (atom >= 0)
				ps->r->node[atom].dot = true;
		} else if (c == '^' || c == '$') {
			atom = new_node(ps, K_EMPTY);
		} else if (c == '*' || c == '+' || c == '?') { /* nothing to repeat */
			ps->fail = true;
			return -1;
		} else {
			struct rxset s = { { 0 } };

			set_add(&s, (unsigned char)c);
			set_fold(&s);
			atom = byte_node(ps, &s);
		}
		/* what follows an item PCRE2 passes over may quantify the item
		 * before it: not read */
		if (ps->ignored && ps->p < ps->end && strchr("*+?{", *ps->p)) {
			ps->fail = true;
			return -1;
		}
		ps->ignored = false;
		while (!ps->fail && quantifier(ps, &min, &max)) {
			int rep = new_node(ps, K_REP);

			if (rep < 0)
				break;
			ps->r->node[rep].min = min;
			ps->r->node[rep].max = max;
			ps->r->node[rep].child = atom;
			atom = rep;
		}
		if (ps->fail || atom < 0 || seq < 0) {
			ps->fail = true;
			return -1;
		}
		add_child(ps->r, seq, &tail, atom);
	}
	return seq;
}

static int parse_alt(struct parser *ps)
{
	int first = parse_seq(ps), alt, tail = -1;

	if (ps->fail || ps->p == ps->end || *ps->p != '|')
		return first;
	alt = new_node(ps, K_ALT);
	if (alt < 0)
		return -1;
	add_child(ps->r, alt, &tail, first);
	while (!ps->fail && ps->p < ps->end && *ps->p == '|') {
		int next;

		ps->p++;
		next = parse_seq(ps);
		if (next < 0)
			return -1;
		add_child(ps->r, alt, &tail, next);
	}
	return alt;
}

/* Splits the bytes into the classes no byte set of the pattern tells
 * apart: each set splits every class it cuts into the bytes in it and
 * those not, which is the same split as by its complement, so the
 * smaller of the two is walked. */
static void classify(struct rxneed *r)
{
	uint16_t size[256] = { 0 }, moved[256], to[256];
	unsigned char bytes[128];
	unsigned nclass = 1;

	memset(r->class_of, 0, sizeof r->class_of);
	size[0] = 256;
	for (size_t n = 0; n < r->n; n++) {
		struct rxset t = r->node[n].set;
		unsigned k = 0;

		if (r->node[n].kind != K_BYTE)
			continue;
		if (set_count(&t) > 128)
			set_invert(&t);
		for (unsigned w = 0; w < 4; w++)
			for (uint64_t x = t.w[w]; x; x &= x - 1)
				bytes[k++] = (unsigned char)(w * 64 + (unsigned)__builtin_ctzll(x));
		for (unsigned i = 0; i < k; i++) {
			moved[r->class_of[bytes[i]]] = 0;
			to[r->class_of[bytes[i]]] = 0xffff;
		}
		for (unsigned i = 0; i < k; i++)
			moved[r->class_of[bytes[i]]]++;
		for (unsigned i = 0; i < k; i++) {
			unsigned c = r->class_of[bytes[i]];

			if (to[c] == 0xffff && moved[c] == size[c]) /* all of the class: not cut */
				continue;
			if (to[c] == 0xffff) { /* a cut adds a class: 256 at most */
				to[c] = (uint16_t)nclass++;
				size[c] = (uint16_t)(size[c] - moved[c]);
				size[to[c]] = moved[c];
			}
			r->class_of[bytes[i]] = (unsigned char)to[c];
		}
	}
	memset(r->members, 0, sizeof r->members);
	memset(&r->always, 0, sizeof r->always);
	for (unsigned ch = 0; ch < 256; ch++) {
		set_add(&r->members[r->class_of[ch]], ch);
		if ((ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z'))
			set_add(&r->always, r->class_of[ch]);
	}
}

struct rxneed *rxneed_parse(const char *pattern, size_t len)
{
	struct rxneed *r = xcalloc(1, sizeof *r);
	struct parser ps = { pattern, pattern + len, r, 0, false, false };

	r->root = parse_alt(&ps);
	if (ps.fail || r->root < 0 || ps.p != ps.end) { /* a stray ')' too */
		rxneed_free(r);
		return NULL;
	}
	classify(r);
	r->tokens = (long)(ANALYSIS_COST * r->n); /* the first analysis */
	return r;
}

void rxneed_tree(const struct rxneed *r, struct rxtree *t)
{
	t->node = r->node;
	t->root = r->root;
	t->dotall = r->dotall;
}

void rxneed_free(struct rxneed *r)
{
	if (!r)
		return;
	free(r->node);
	free(r);
}

/* --- analysis ---------------------------------------------------------- */

/* What the matches of a part can be, for an alphabet. */
struct info {
	bool possible;            /* some match uses only the alphabet's bytes */
	bool nullable;            /* the empty string is a match */
	bool zero_width;          /* the empty string is the only match */
	struct rxset first, last; /* the bytes a non-empty match starts, ends with */
	bool pair;                /* every match holds a byte of one followed by one of two */
	struct rxset one, two;
	unsigned score;           /* how many pairs that allows: the fewer the better */
};

/* Keeps the pair (a, b) in in if it allows fewer byte pairs. */
static void consider(struct info *in, const struct rxset *a, const struct rxset *b)
{
	unsigned score = set_count(a) * set_count(b);

	if (!in->pair || score < in->score) {
		in->pair = true;
		in->one = *a;
		in->two = *b;
		in->score = score;
	}
}

static void analyse(const struct rxneed *r, int n, const struct rxset *alphabet, struct info *out);

static void analyse_seq(const struct rxneed *r, const struct node *nd, const struct rxset *alphabet,
			struct info *out)
{
	struct info cur;
	struct rxset prev_last = { { 0 } };
	bool have_prev = false, prev_nullable = true, open_first = true;

	memset(out, 0, sizeof *out);
	out->possible = out->nullable = out->zero_width = true;
	for (int c = nd->child; c >= 0; c = r->node[c].next) {
		analyse(r, c, alphabet, &cur);
		if (!cur.possible) {
			out->possible = false;
			return;
		}
		if (cur.zero_width) /* consumes nothing: its neighbours stand side by side */
			continue;
		if (open_first) /* all before it may be empty */
			set_union(&out->first, &cur.first);
		open_first = open_first && cur.nullable;
		if (!cur.nullable) /* what ends the sequence starts again */
			memset(&out->last, 0, sizeof out->last);
		set_union(&out->last, &cur.last);
		if (cur.pair)
			consider(out, &cur.one, &cur.two);
		if (have_prev && !prev_nullable && !cur.nullable)
			consider(out, &prev_last, &cur.first);
		out->nullable = out->nullable && cur.nullable;
		out->zero_width = false;
		prev_last = cur.last;
		prev_nullable = cur.nullable;
		have_prev = true;
	}
}

static void analyse_alt(const struct rxneed *r, const struct node *nd, const struct rxset *alphabet,
			struct info *out)
{
	struct info cur;
	bool every_pair = true;

	memset(out, 0, sizeof *out);
	out->zero_width = true;
	for (int c = nd->child; c >= 0; c = r->node[c].next) {
		analyse(r, c, alphabet, &cur);
		if (!cur.possible) /* a branch the alphabet rules out widens nothing */
			continue;
		out->possible = true;
		out->nullable = out->nullable || cur.nullable;
		out->zero_width = out->zero_width && cur.zero_width;
		set_union(&out->first, &cur.first);
		set_union(&out->last, &cur.last);
		/* the pairs of the branches, joined: more than any one allows */
		if (!cur.pair) {
			every_pair = false;
		} else {
			set_union(&out->one, &cur.one);
			set_union(&out->two, &cur.two);
		}
	}
	if (out->possible && every_pair) {
		out->pair = true;
		out->score = set_count(&out->one) * set_count(&out->two);
	} else {
		out->pair = false;
		memset(&out->one, 0, sizeof out->one);
		memset(&out->two, 0, sizeof out->two);
	}
}

static void analyse(const struct rxneed *r, int n, const struct rxset *alphabet, struct info *out)
{
	const struct node *nd = &r->node[n];

	switch ((enum kind)nd->kind) {
	case K_BYTE:
		memset(out, 0, sizeof *out);
		out->first = nd->set;
		set_inter(&out->first, alphabet);
		out->last = out->first;
		out->possible = !set_empty(&out->first);
		break;
	case K_SEQ:
		analyse_seq(r, nd, alphabet, out);
		break;
	case K_ALT:
		analyse_alt(r, nd, alphabet, out);
		break;
	case K_REP:
		if (nd->max == 0) {
			memset(out, 0, sizeof *out);
			out->possible = out->nullable = out->zero_width = true;
			break;
		}
		analyse(r, nd->child, alphabet, out);
		if (nd->min == 0) {
			if (!out->possible) { /* only the empty string */
				memset(out, 0, sizeof *out);
				out->possible = out->zero_width = true;
			}
			out->nullable = true;
			out->pair = false;
		} else if (out->possible && nd->min >= 2 && !out->nullable) {
			struct rxset last = out->last, first = out->first;

			consider(out, &last, &first); /* one copy, then the next */
		}
		break;
	case K_EMPTY:
		memset(out, 0, sizeof *out);
		out->possible = out->nullable = out->zero_width = true;
		break;
	case K_ANY:
		memset(out, 0, sizeof *out);
		out->possible = out->nullable = true;
		out->first = out->last = *alphabet;
		break;
	}
}

/* --- testing a text ---------------------------------------------------- */

static bool same_set(const struct rxset *a, const struct rxset *b)
{
	return !((a->w[0] ^ b->w[0]) | (a->w[1] ^ b->w[1]) | (a->w[2] ^ b->w[2]) |
		 (a->w[3] ^ b->w[3]));
}

/* The analysis for the alphabet of the classes (a set of class numbers):
 * kept, or made if the tokens allow (NULL if not). */
/* A verdict's pair as the bytes of each side, for pair_sse2 (nfirst 0:
 * a side too large, or holding the NUL its padding is made of). */
static void pair_bytes(struct verdict *v, const struct rxset *one, const struct rxset *two)
{
	const struct rxset *side[2] = { one, two };
	unsigned n[2] = { 0, 0 };

	v->nfirst = v->nsecond = 0;
	if (!v->pair || set_has(one, 0) || set_has(two, 0))
		return;
	for (unsigned k = 0; k < 2; k++)
		for (unsigned ch = 1; ch < 256; ch++)
			if (set_has(side[k], ch)) {
				if (n[k] == PAIR_BYTES)
					return;
				memset(v->bytes[k][n[k]++], (int)ch, 16);
			}
	v->nfirst = (unsigned char)n[0];
	v->nsecond = (unsigned char)n[1];
}

/* Whether s holds a byte of the pair's first side followed by one of its
 * second: the table's answer byte by byte (the definition; test_rxneed
 * holds pair_sse2 to it). */
static bool pair_bytewise(const struct verdict *v, const char *s, size_t n)
{
	unsigned prev = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned cur = v->table[(unsigned char)s[i]];

		if (prev & cur >> 1 & 1)
			return true;
		prev = cur;
	}
	return false;
}

#ifdef __SSE2__
/* The same, sixteen places a step: each side's bytes compared at once,
 * the second side one place further on (a short text padded with NULs,
 * which neither side holds; the last step overlaps the one before). */
static bool pair_sse2(const struct verdict *v, const char *s, size_t n)
{
	char pad[33] = { 0 };

	if (n < 17) {
		memcpy(pad, s, n);
		s = pad;
		n = 17;
	}
	for (size_t i = 0;; i += 16) {
		__m128i a, b, ma = _mm_setzero_si128(), mb = _mm_setzero_si128();

		if (i + 17 > n)
			i = n - 17;
		a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
		for (unsigned k = 0; k < v->nfirst; k++)
			ma = _mm_or_si128(ma, _mm_cmpeq_epi8(a, _mm_loadu_si128((const __m128i *)(const void *)v->bytes[0][k])));
		for (unsigned k = 0; k < v->nsecond; k++)
			mb = _mm_or_si128(mb, _mm_cmpeq_epi8(b, _mm_loadu_si128((const __m128i *)(const void *)v->bytes[1][k])));
		if (_mm_movemask_epi8(_mm_and_si128(ma, mb)))
			return true;
		if (i + 17 >= n)
			return false;
	}
}
#endif

void rxneed_set_bytewise(struct rxneed *r, bool on)
{
	r->bytewise = on;
}

bool rxneed_pair_holds(const struct rxset *one, const struct rxset *two, const char *s, size_t n,
		       bool bytewise)
{
	struct verdict *v = xcalloc(1, sizeof *v);
	bool yes;

	v->pair = true;
	for (unsigned ch = 0; ch < 256; ch++)
		v->table[ch] = (unsigned char)(set_has(one, ch) | set_has(two, ch) << 1);
	pair_bytes(v, one, two);
#ifdef __SSE2__
	if (!bytewise && v->nfirst)
		yes = pair_sse2(v, s, n);
	else
#endif
		yes = pair_bytewise(v, s, n);
	free(v);
	return yes;
}

static const struct verdict *verdict_for(struct rxneed *r, const struct rxset *classes)
{
	struct verdict *v = &r->seen[r->last];
	struct rxset alphabet = { { 0 } };
	struct info in;

	if (v->used && same_set(&v->classes, classes)) /* most texts: the last one's */
		return v;
	for (unsigned i = 0; i < ALPHABETS; i++)
		if (r->seen[i].used && same_set(&r->seen[i].classes, classes)) {
			r->last = i;
			return &r->seen[i];
		}
	if (r->tokens < (long)(ANALYSIS_COST * r->n))
		return NULL;
	r->tokens -= (long)(ANALYSIS_COST * r->n);
	r->last_known = false;
	for (unsigned c = 0; c < 256; c++)
		if (set_has(classes, c))
			set_union(&alphabet, &r->members[c]);
	r->last = r->next_slot++ % ALPHABETS;
	v = &r->seen[r->last];
	analyse(r, r->root, &alphabet, &in);
	v->classes = *classes;
	v->used = true;
	v->possible = in.possible;
	v->pair = in.possible && in.pair;
	v->first = in.one;
	v->second = in.two;
	if (v->pair)
		for (unsigned ch = 0; ch < 256; ch++)
			v->table[ch] = (unsigned char)(set_has(&in.one, ch) | set_has(&in.two, ch) << 1);
	pair_bytes(v, &in.one, &in.two);
	return v;
}

bool rxneed_may_match(struct rxneed *r, const struct rxset *has, const char *s, size_t n)
{
	/* letters and digits taken as present: texts then differ in their
	 * punctuation only, and their classes repeat */
	static const uint64_t alnum[4] = { 0x03ff000000000000ULL, 0x07fffffe07fffffeULL, 0, 0 };
	uint64_t b0 = has->w[0] & ~alnum[0], b1 = has->w[1] & ~alnum[1], b2 = has->w[2],
		 b3 = has->w[3];
	const struct verdict *v;

	if (r->tokens < (long)(TOKENS_KEPT * ANALYSIS_COST * r->n))
		r->tokens++;
	if (r->last_known && !((b0 ^ r->last_bytes[0]) | (b1 ^ r->last_bytes[1]) |
			       (b2 ^ r->last_bytes[2]) | (b3 ^ r->last_bytes[3]))) {
		v = &r->seen[r->last]; /* the same bytes as the text before: its classes */
	} else {
		struct rxset classes = r->always;

		for (unsigned w = 0; w < 4; w++)
			for (uint64_t x = has->w[w] & ~alnum[w]; x; x &= x - 1)
				set_add(&classes, r->class_of[w * 64 + (unsigned)__builtin_ctzll(x)]);
		v = verdict_for(r, &classes);
		if (!v) /* a new alphabet, and no tokens left to analyse it */
			return true;
		r->last_bytes[0] = b0, r->last_bytes[1] = b1;
		r->last_bytes[2] = b2, r->last_bytes[3] = b3;
		r->last_known = true;
	}
	if (!v->possible)
		return false;
	if (!v->pair)
		return true;
	if (!set_meets(&v->first, has) || !set_meets(&v->second, has))
		return false;
#ifdef __SSE2__
	if (v->nfirst && !r->bytewise)
		return pair_sse2(v, s, n);
#endif
	return pair_bytewise(v, s, n);
}
