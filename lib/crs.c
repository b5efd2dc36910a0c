/*
 * crs: CRS SecRules translated for access logs; see crs.h.  Loading reads
 * each request rule file in name order, joins continued lines, splits
 * SecRule directives into variables, operator and actions, and keeps the
 * rules it can answer; matching enumerates an event's request variables
 * once, transforms each value once per distinct transformation chain, and
 * runs each rule's operator over its variables' values, leaving out the
 * rules and targets the site's exclusions (crs_exclude.c) name.
 */
#include "crs.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* qsort, free */
#include <string.h>
#include <strings.h> /* strcasecmp, strncasecmp */

#include <pcre2.h>

#include "buf.h"
#include "bytes.h"
#include "event.h"
#include "hash.h"
#include "input.h"
#include "mem.h"
#include "rxneed.h"
#include "scan.h"
#include "crs_int.h"

static const struct { const char *name; enum transform t; } transforms[] = {
	{ "lowercase", T_LOWERCASE }, { "urlDecode", T_URLDECODE },
	{ "urlDecodeUni", T_URLDECODEUNI }, { "htmlEntityDecode", T_HTMLENTITY },
	{ "jsDecode", T_JSDECODE }, { "cssDecode", T_CSSDECODE }, { "removeNulls", T_REMOVENULLS },
	{ "compressWhitespace", T_COMPRESSWS }, { "removeWhitespace", T_REMOVEWS },
	{ "replaceComments", T_REPLACECOMMENTS }, { "cmdLine", T_CMDLINE },
	{ "normalizePath", T_NORMPATH }, { "normalisePath", T_NORMPATH },
	{ "normalizePathWin", T_NORMPATHWIN }, { "normalisePathWin", T_NORMPATHWIN },
	{ "trim", T_TRIM }, { "trimLeft", T_TRIM }, { "trimRight", T_TRIM },
	{ "base64Decode", T_BASE64 }, { "utf8toUnicode", T_UTF8TOUNICODE },
};

/* --- the bytes of a value ---------------------------------------------- */

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* The bytes a transformation acts on, as the bits of a value's mask: a
 * transformation whose bytes a value lacks would copy it unchanged, so it
 * is not run (most values are plain paths, words and numbers). */
enum {
	B_UPPER = 1 << 0, B_PCT = 1 << 1, B_PLUS = 1 << 2, B_AMP = 1 << 3, B_BSLASH = 1 << 4,
	B_NUL = 1 << 5, B_SPACE = 1 << 6, B_HIGH = 1 << 7, B_CMD = 1 << 8,
	B_DSLASH = 1 << 9,   /* "//" (any '/') */
	B_SLASHDOT = 1 << 10, /* "/." (a '/' and a '.') */
	B_COMMENT = 1 << 11, /* a comment's opening (a '/' and a star) */
	B_EDGE = 1 << 12,    /* white space first or last */
	B_ANY = 1 << 13,     /* always set */
};

static bool has_byte(const struct rxset *b, unsigned char ch)
{
	return b->w[ch >> 6] >> (ch & 63) & 1;
}

static bool has_any(const struct rxset *b, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	return (b->w[0] & w0) | (b->w[1] & w1) | (b->w[2] & w2) | (b->w[3] & w3);
}

/* The bit of a byte below 64 (w0), or of one from 64 to 127 (w1). */
#define LO(ch) (1ULL << (ch))
#define HI(ch) (1ULL << ((ch) - 64))

/* The mask (the B_ bits) of a text whose bytes are has; edge: it starts
 * or ends with white space. */
static inline __attribute__((always_inline)) unsigned mask_of(const struct rxset *has, bool edge)
{
	const uint64_t space = LO(' ') | LO('\t') | LO('\n') | LO('\r') | LO('\f') | LO('\v');
	uint64_t w0 = has->w[0], w1 = has->w[1];
	unsigned m = B_ANY;

	m |= w1 & 0x7fffffeULL << 1 ? B_UPPER : 0; /* 'A'..'Z' */
	m |= w0 & LO('%') ? B_PCT : 0;
	m |= w0 & LO('+') ? B_PLUS : 0;
	m |= w0 & LO('&') ? B_AMP : 0;
	m |= w1 & HI('\\') ? B_BSLASH : 0;
	m |= w0 & LO(0) ? B_NUL : 0;
	m |= w0 & space ? B_SPACE : 0;
	m |= has->w[2] | has->w[3] ? B_HIGH : 0;
	m |= (w0 & (LO('"') | LO('\'') | LO(',') | LO(';'))) | (w1 & HI('^')) ? B_CMD : 0;
	/* the pairs, from the bytes alone: more than are there */
	if (w0 & LO('/'))
		m |= B_DSLASH | (w0 & LO('.') ? B_SLASHDOT : 0) | (w0 & LO('*') ? B_COMMENT : 0);
	return m | (edge ? B_EDGE : 0);
}

/* The bytes s holds, into has; returns its mask (the B_ bits). */
static unsigned byte_mask(const char *s, size_t n, struct rxset *has)
{
	memset(has, 0, sizeof *has);
	rxset_add_bytes(has, s, n);
	return mask_of(has, n && (is_space(s[0]) || is_space(s[n - 1])));
}

/* The bytes (B_ bits) t acts on: a value with none of them is left as it
 * is.  base64Decode acts on every value (B_ANY is in every mask). */
static unsigned acts_on(enum transform t)
{
	switch (t) {
	case T_LOWERCASE: return B_UPPER;
	case T_URLDECODE:
	case T_URLDECODEUNI: return B_PCT | B_PLUS;
	case T_HTMLENTITY: return B_AMP;
	case T_JSDECODE:
	case T_CSSDECODE: return B_BSLASH;
	case T_REMOVENULLS: return B_NUL;
	case T_COMPRESSWS:
	case T_REMOVEWS: return B_SPACE;
	case T_REPLACECOMMENTS: return B_COMMENT;
	case T_CMDLINE: return B_UPPER | B_BSLASH | B_SPACE | B_CMD;
	case T_NORMPATH: return B_DSLASH | B_SLASHDOT;
	case T_NORMPATHWIN: return B_DSLASH | B_SLASHDOT | B_BSLASH;
	case T_TRIM: return B_EDGE;
	case T_UTF8TOUNICODE: return B_HIGH | B_NUL;
	default: return B_ANY;
	}
}

/* --- loading ------------------------------------------------------------ */

void crs_skip_rule(struct crs *c, const char *id, const char *fmt, const char *what)
{
	struct skipped *s;

	if (c->nskip == c->capskip) {
		c->capskip = c->capskip ? 2 * c->capskip : 64;
		c->skip = xrealloc(c->skip, c->capskip * sizeof *c->skip);
	}
	s = &c->skip[c->nskip++];
	snprintf(s->id, sizeof s->id, "%s", id);
	snprintf(s->why, sizeof s->why, fmt, what);
}

/* The next quoted or bare token of *p.  In a quoted one \" is a quote, and
 * \\ stays as it is, as ModSecurity's parser leaves it (a pattern's [\\/]
 * is a backslash or a slash). */
bool crs_token(const char **p, struct buf *out)
{
	const char *s = *p;

	buf_reset(out);
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && s[1] == '\\')
				buf_addc(out, *s++);
			else if (*s == '\\' && s[1] == '"')
				s++;
			buf_addc(out, *s);
		}
		if (*s == '"')
			s++;
	} else {
		while (*s && *s != ' ' && *s != '\t')
			buf_addc(out, *s++);
	}
	buf_addc(out, '\0');
	*p = s;
	return true;
}

/* The value of action name in actions (quotes removed), or NULL; for
 * repeated actions the n-th (t:). */
bool crs_action(const char *actions, const char *name, size_t nth, char *dst, size_t cap)
{
	size_t k = strlen(name);
	const char *s = actions;

	while (*s) {
		const char *a;
		size_t n = 0;

		while (*s == ' ' || *s == ',' || *s == '\t' || *s == '\n')
			s++;
		a = s;
		while (*s && *s != ',') { /* a value may be quoted and hold commas */
			if (*s == '\'') {
				for (s++; *s && *s != '\''; s++)
					if (*s == '\\' && s[1])
						s++;
			}
			if (*s)
				s++;
		}
		if ((size_t)(s - a) > k && !strncmp(a, name, k) && a[k] == ':' && nth-- == 0) {
			const char *v = a + k + 1, *e = s;
			if (*v == '\'' && e > v + 1 && e[-1] == '\'')
				v++, e--;
			n = (size_t)(e - v) < cap - 1 ? (size_t)(e - v) : cap - 1;
			memcpy(dst, v, n);
			dst[n] = 0;
			return true;
		}
		if ((size_t)(s - a) == k && !strncmp(a, name, k) && nth-- == 0) {
			*dst = 0;
			return true;
		}
	}
	return false;
}

/* ch, interned: its index in c->chains, or -1 past MAX_CHAINS. */
static int intern(struct crs *c, const struct chain *ch)
{
	for (size_t i = 0; i < c->nchains; i++)
		if (c->chains[i].n == ch->n && !memcmp(c->chains[i].t, ch->t, ch->n))
			return (int)i;
	if (c->nchains == MAX_CHAINS)
		return -1;
	c->chains[c->nchains] = *ch;
	c->chains[c->nchains].acts = 0;
	for (size_t t = 0; t < ch->n; t++)
		c->chains[c->nchains].acts |= acts_on((enum transform)ch->t[t]);
	return (int)c->nchains++;
}

/* The transformation chains of actions into l (see struct link); false
 * with the transformation it does not know in unknown. */
static bool chains_of(struct crs *c, const char *actions, struct link *l, char *unknown,
		      size_t cap)
{
	struct chain ch = { { 0 }, 0, 0 };
	char t[64];
	bool multi = crs_action(actions, "multiMatch", 0, t, sizeof t);

	for (size_t i = 0; crs_action(actions, "t", i, t, sizeof t); i++) {
		size_t k = 0;

		if (!strcmp(t, "none")) {
			ch.n = 0;
			continue;
		}
		while (k < sizeof transforms / sizeof transforms[0] && strcmp(transforms[k].name, t))
			k++;
		if (k == sizeof transforms / sizeof transforms[0] || ch.n == MAX_TRANSFORMS) {
			snprintf(unknown, cap, "%s", t);
			return false;
		}
		ch.t[ch.n++] = (unsigned char)transforms[k].t;
	}
	l->nchain = 0;
	for (unsigned k = multi ? 0 : ch.n; k <= ch.n; k++) {
		struct chain prefix = ch;
		int id;

		prefix.n = (unsigned char)k;
		if ((id = intern(c, &prefix)) < 0) {
			snprintf(unknown, cap, "(more than %d transformation chains)", MAX_CHAINS);
			return false;
		}
		l->chain[l->nchain++] = (unsigned char)id;
	}
	return true;
}

/* The variables of spec the log holds; unknown names the first it does
 * not (when none is held). */
uint16_t crs_vars_of(const char *spec, char *args_name, size_t cap, char *unknown,
			size_t ucap)
{
	static const struct { const char *name; uint16_t vars; } known[] = {
		{ "ARGS", 1 << V_ARGS }, { "ARGS_GET", 1 << V_ARGS },
		{ "ARGS_NAMES", 1 << V_ARGS_NAMES }, { "ARGS_GET_NAMES", 1 << V_ARGS_NAMES },
		{ "QUERY_STRING", 1 << V_QUERY_STRING }, { "REQUEST_URI", 1 << V_REQUEST_URI },
		{ "REQUEST_URI_RAW", 1 << V_REQUEST_URI_RAW }, { "REQUEST_FILENAME", 1 << V_REQUEST_FILENAME },
		{ "REQUEST_BASENAME", 1 << V_REQUEST_BASENAME }, { "REQUEST_LINE", 1 << V_REQUEST_LINE },
		{ "REQUEST_METHOD", 1 << V_REQUEST_METHOD },
		{ "REQUEST_PROTOCOL", 1 << V_REQUEST_PROTOCOL },
		{ "REQUEST_HEADERS:User-Agent", 1 << V_UA }, { "REQUEST_HEADERS:Referer", 1 << V_REFERER },
		{ "REQUEST_HEADERS:Host", 1 << V_HOST },
		{ "REQUEST_HEADERS", 1 << V_UA | 1 << V_REFERER | 1 << V_HOST },
	};
	uint16_t vars = 0, without = 0;
	char one[256];
	const char *s = spec;

	*unknown = 0;
	*args_name = 0;
	while (*s) {
		size_t n = strcspn(s, "|");
		bool found = false;

		snprintf(one, sizeof one, "%.*s", (int)n, s);
		s += n + (s[n] == '|');
		if (one[0] == '!') { /* an exclusion: of what the log holds, applied */
			for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
				if (!strcasecmp(one + 1, known[i].name))
					without |= known[i].vars;
			continue;
		}
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			if (!strcasecmp(one, known[i].name)) {
				vars |= known[i].vars;
				found = true;
			}
		if (!found && !strncmp(one, "ARGS:", 5) && one[5] != '/') {
			snprintf(args_name, cap, "%.*s", (int)cap - 1, one + 5);
			vars |= 1 << V_ARGS;
			found = true;
		}
		if (!found && !*unknown)
			snprintf(unknown, ucap, "%.*s", (int)ucap - 1, one);
	}
	return vars & (uint16_t)~without;
}

/* Appends text to b as a literal of a pattern. */
static void add_literal(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80 && !(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') &&
		    !(ch >= '0' && ch <= '9') && ch != ' ' && ch != '_')
			buf_addc(b, '\\');
		if (ch == 0)
			buf_adds(b, "x00");
		else
			buf_addc(b, (char)ch);
	}
}

/* @pm's phrases (space-separated) or @pmFromFile's lines into b as an
 * alternation of literals. */
static void add_phrases(struct buf *b, const char *list, bool lines)
{
	const char *s = list;
	bool first = true;

	while (*s) {
		size_t n;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (lines && *s == '#') {
			s += strcspn(s, "\n");
			continue;
		}
		n = lines ? strcspn(s, "\r\n") : strcspn(s, " \t\r\n");
		while (lines && n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (!n)
			continue;
		if (!first)
			buf_addc(b, '|');
		first = false;
		add_literal(b, s, n);
		s += n;
	}
}

/* The operator op ("@rx ...", "!@pm ...") as a pattern; NULL with why. */
static pcre2_code *compile_op(struct crs *c, const char *op, bool *negate,
			      struct rxneed **need, char *why, size_t cap)
{
	static const char *const simple[] = { "beginsWith", "endsWith", "contains",
					      "containsWord", "streq", "within" };
	struct buf pat;
	char name[32];
	const char *arg;
	size_t n;
	uint32_t flags = PCRE2_DOTALL | PCRE2_MULTILINE; /* as ModSecurity 3 compiles them */
	pcre2_code *re = NULL;
	int code;
	PCRE2_SIZE off;

	*negate = *op == '!';
	op += *negate;
	if (*op != '@') { /* no operator: @rx */
		arg = op;
		snprintf(name, sizeof name, "rx");
	} else {
		n = strcspn(op + 1, " ");
		snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), op + 1);
		arg = op + 1 + n + (op[1 + n] == ' ');
	}
	if (strstr(arg, "%{")) {
		snprintf(why, cap, "operator argument with a macro (%s)", arg);
		return NULL;
	}
	buf_init(&pat, 0);
	if (!strcmp(name, "rx")) {
		buf_adds(&pat, arg);
	} else if (!strcmp(name, "pm")) {
		buf_adds(&pat, "(?:");
		add_phrases(&pat, arg, false);
		buf_addc(&pat, ')');
		flags |= PCRE2_CASELESS;
	} else if (!strcmp(name, "pmFromFile") || !strcmp(name, "pmf")) {
		struct buf text;
		char path[1100], err[300];

		buf_init(&text, CRS_FILE_MAX);
		buf_adds(&pat, "(?:");
		for (const char *f = arg; *f;) { /* one or more files */
			size_t k = strcspn(f, " ");
			snprintf(path, sizeof path, "%s/%.*s", c->dir, (int)k, f);
			f += k + (f[k] == ' ');
			buf_reset(&text);
			if (input_slurp(path, &text, err, sizeof err)) {
				snprintf(why, cap, "%.*s", (int)cap - 1, err);
				buf_release(&text);
				buf_release(&pat);
				return NULL;
			}
			buf_addc(&text, '\0');
			if (pat.len > 3)
				buf_addc(&pat, '|');
			add_phrases(&pat, text.p, true);
		}
		buf_release(&text);
		buf_addc(&pat, ')');
		flags |= PCRE2_CASELESS;
	} else {
		size_t i = 0;

		while (i < sizeof simple / sizeof simple[0] && strcmp(simple[i], name))
			i++;
		if (i == sizeof simple / sizeof simple[0]) {
			snprintf(why, cap, "operator @%s", name);
			buf_release(&pat);
			return NULL;
		}
		switch (i) {
		/* \\A and \\z: the value's ends, where ^ and $ would take a
		 * line's (the patterns are MULTILINE, as ModSecurity's) */
		case 0: buf_adds(&pat, "\\A"); add_literal(&pat, arg, strlen(arg)); break;
		case 1: add_literal(&pat, arg, strlen(arg)); buf_adds(&pat, "\\z"); break;
		case 2: add_literal(&pat, arg, strlen(arg)); break;
		case 3: buf_adds(&pat, "(?<![\\w])"); add_literal(&pat, arg, strlen(arg));
			buf_adds(&pat, "(?![\\w])"); break;
		case 4: buf_adds(&pat, "\\A"); add_literal(&pat, arg, strlen(arg)); buf_adds(&pat, "\\z"); break;
		default: /* @within: the value is a substring of the argument */
			snprintf(why, cap, "operator @within");
			buf_release(&pat);
			return NULL;
		}
	}
	if (!pat.err) {
		re = pcre2_compile((PCRE2_SPTR)pat.p, pat.len, flags, &code, &off, NULL);
		if (re) /* JIT code is made when the pattern first runs (pattern_run) */
			*need = rxneed_parse(pat.p, pat.len);
		else
			snprintf(why, cap, "pattern does not compile at offset %zu", (size_t)off);
	}
	buf_release(&pat);
	return re;
}

/* What PCRE2 knows every match of l's pattern needs (see struct link). */
static void prefilter(struct link *l)
{
	uint32_t type = 0, unit = 0, opts = 0;
	const uint8_t *bitmap = NULL;

	l->need[0] = l->need[1] = -1;
	/* a pattern PCRE2 tries at the text's start only, or after its
	 * newlines (\A of @beginsWith and @streq, ^): a failing match costs
	 * it less than rxneed's pass over the text */
	if ((pcre2_pattern_info(l->re, PCRE2_INFO_ALLOPTIONS, &opts) == 0 && (opts & PCRE2_ANCHORED)) ||
	    (pcre2_pattern_info(l->re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 2)) {
		rxneed_free(l->rx);
		l->rx = NULL;
	}
	pcre2_pattern_info(l->re, PCRE2_INFO_MINLENGTH, &l->minlen);
	l->jit = 0;
	memset(&l->first, 0, sizeof l->first);
	if (pcre2_pattern_info(l->re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 1 &&
	    pcre2_pattern_info(l->re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 && unit < 256) {
		/* whether it is caseless is not said: both cases */
		l->first.w[unit >> 6] |= 1ULL << (unit & 63);
		unit = (unit | 32) >= 'a' && (unit | 32) <= 'z' ? unit ^ 32 : unit;
		l->first.w[unit >> 6] |= 1ULL << (unit & 63);
		l->first_known = true;
	} else if (pcre2_pattern_info(l->re, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 && bitmap) {
		for (unsigned ch = 0; ch < 256; ch++)
			if (bitmap[ch / 8] >> (ch % 8) & 1)
				l->first.w[ch >> 6] |= 1ULL << (ch & 63);
		l->first_known = true;
	}
	if (pcre2_pattern_info(l->re, PCRE2_INFO_LASTCODETYPE, &type) == 0 && type == 1 &&
	    pcre2_pattern_info(l->re, PCRE2_INFO_LASTCODEUNIT, &unit) == 0 && unit < 256) {
		l->need[0] = (int16_t)unit;
		l->need[1] = (int16_t)((unit | 32) >= 'a' && (unit | 32) <= 'z' ? unit ^ 32 : unit);
	}
}

void crs_free_rule(struct crule *r)
{
	for (size_t i = 0; i < r->nlinks; i++) {
		pcre2_code_free(r->links[i].re);
		rxneed_free(r->links[i].rx);
	}
	free(r->tags);
	r->tags = NULL;
}

/* The phase of a rule's actions: 1, or 2 (ModSecurity's default). */
unsigned char crs_phase_of(const char *actions)
{
	char v[16];

	if (!crs_action(actions, "phase", 0, v, sizeof v))
		return 2;
	return !strcmp(v, "1") || !strcmp(v, "request_headers") ? 1 : 2;
}

/* An operator that compares instead of matching a pattern: with the
 * request's Host ("!@endsWith %{request_headers.host}") or, for a count,
 * with a number ("@eq 0").  CMP_NONE if op is neither. */
static enum cmp comparison(const char *op, bool count, bool *negate, long *num)
{
	static const struct { const char *name; enum cmp cmp; } ops[] = {
		{ "@beginsWith ", CMP_BEGINS }, { "@endsWith ", CMP_ENDS },
		{ "@contains ", CMP_CONTAINS }, { "@streq ", CMP_STREQ },
		{ "@eq ", CMP_EQ }, { "@gt ", CMP_GT }, { "@ge ", CMP_GE },
		{ "@lt ", CMP_LT }, { "@le ", CMP_LE },
	};

	*negate = *op == '!';
	op += *negate;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].name);
		char *end;

		if (strncmp(op, ops[i].name, n) || (ops[i].cmp >= CMP_EQ) != count)
			continue;
		if (!count)
			return strcasecmp(op + n, "%{request_headers.host}") ? CMP_NONE : ops[i].cmp;
		*num = strtol(op + n, &end, 10);
		return end > op + n && !*end ? ops[i].cmp : CMP_NONE;
	}
	return CMP_NONE;
}

/* A chained link that reads what the link before it found (MATCHED_VARS,
 * TX:N after a capture) or counts a header the log holds; false with why
 * when it is one the log cannot answer. */
static bool chained_link(struct link *l, const struct link *prev, const char *vars,
			 const char *unknown, const char *op, char *why, size_t cap)
{
	bool count = vars[0] == '&';
	size_t base = !count ? 0 : !strncasecmp(vars + 1, "ARGS_GET", 8) ? 8
		    : !strncasecmp(vars + 1, "ARGS", 4) ? 4 : 0;

	if (count && !strcasecmp(vars + 1, "REQUEST_HEADERS:Referer")) {
		l->from = FROM_COUNT;
	} else if (base && (!vars[1 + base] || (vars[1 + base] == ':' && vars[2 + base] &&
						vars[2 + base] != '/'))) {
		/* &ARGS, &ARGS:name: how many arguments (so named) the query has */
		l->from = FROM_COUNT;
		l->count_args = true;
		if (vars[1 + base])
			snprintf(l->args_name, sizeof l->args_name, "%s", vars + 2 + base);
	} else if (prev && prev->from == FROM_VARS &&
		   (!strcmp(vars, "MATCHED_VARS") || !strcmp(vars, "MATCHED_VAR"))) {
		l->from = FROM_MATCHED;
	} else if (prev && prev->from == FROM_VARS && prev->capture && !strncmp(vars, "TX:", 3) &&
		   vars[3] >= '0' && vars[3] <= '9' && !vars[4]) {
		l->from = FROM_CAPTURE;
		l->group = (unsigned char)(vars[3] - '0');
	} else {
		snprintf(why, cap, "variables a log does not hold: %s", unknown);
		return false;
	}
	l->cmp = (unsigned char)comparison(op, count, &l->negate, &l->num);
	if (count && !l->cmp) {
		snprintf(why, cap, "operator %s on a count", op);
		return false;
	}
	return true;
}

/* Adds link text (variables, operator, actions) to r; false with why. */
bool crs_add_link(struct crs *c, struct crule *r, const char *vars, const char *op,
		     const char *acts, char *why, size_t cap)
{
	struct link *l;
	char unknown[64];
	bool negate;

	if (r->nlinks == MAX_LINKS) {
		snprintf(why, cap, "a chain of more than %d rules", MAX_LINKS);
		return false;
	}
	l = &r->links[r->nlinks];
	memset(l, 0, sizeof *l);
	l->capture = crs_action(acts, "capture", 0, unknown, sizeof unknown);
	l->vars = crs_vars_of(vars, l->args_name, sizeof l->args_name, unknown, sizeof unknown);
	if (!l->vars && !chained_link(l, r->nlinks ? l - 1 : NULL, vars, unknown, op, why,
						   cap))
		return false;
	if (!chains_of(c, acts, l, unknown, sizeof unknown)) {
		snprintf(why, cap, "transformation %s", unknown);
		return false;
	}
	for (size_t k = 0; k < l->nchain; k++)
		l->acts |= c->chains[l->chain[k]].acts;
	if (l->from == FROM_CAPTURE && (l->nchain != 1 || c->chains[l->chain[0]].n)) {
		snprintf(why, cap, "transformations of a capture");
		return false;
	}
	if (!l->cmp) {
		l->re = compile_op(c, op, &negate, &l->rx, why, cap);
		l->negate = negate;
		if (!l->re)
			return false;
		prefilter(l);
	}
	/* every value's mask holds B_ANY: link_matches leaves these links
	 * to value_matches */
	if (!l->re || l->negate)
		l->acts |= B_ANY;
	r->nlinks++;
	return true;
}

/* One SecRule directive, its continuation lines joined. */
static void directive(struct crs *c, struct reading *rd, const char *text)
{
	struct buf vars, op, acts, tags;
	const char *p = text + 8;
	char tag[128], why[200];
	bool chained, pl1 = false;

	buf_init(&vars, 0);
	buf_init(&op, 0);
	buf_init(&acts, 0);
	buf_init(&tags, 0);
	if (!crs_token(&p, &vars) || !crs_token(&p, &op))
		goto out;
	if (!crs_token(&p, &acts))
		buf_adds(&acts, "");
	chained = crs_action(acts.p, "chain", 0, tag, sizeof tag);
	if (rd->skip_chain) { /* a link of a rule skipped */
		rd->skip_chain = chained;
		goto out;
	}
	if (!rd->open) { /* a rule's first link: its id and paranoia level */
		struct crule *r;

		rd->id[0] = 0;
		crs_action(acts.p, "id", 0, rd->id, sizeof rd->id);
		buf_reset(&tags);
		for (size_t i = 0; crs_action(acts.p, "tag", i, tag, sizeof tag); i++) {
			pl1 = pl1 || !strcmp(tag, "paranoia-level/1");
			buf_adds(&tags, tag); /* for the exclusions by tag */
			buf_addc(&tags, '\n');
		}
		if (!pl1) {
			/* the level markers (on TX) are no rules of their own */
			if (strncmp(vars.p, "TX", 2))
				crs_skip_rule(c, rd->id, "%s", "not at paranoia level 1");
			rd->skip_chain = chained;
			goto out;
		}
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 128;
			c->rules = xrealloc(c->rules, c->cap * sizeof *c->rules);
		}
		r = &c->rules[c->n];
		memset(r, 0, sizeof *r);
		snprintf(r->tag, sizeof r->tag, "crs.%s", rd->id);
		r->phase = crs_phase_of(acts.p);
		r->tags = xstrndup(tags.p, tags.len);
		rd->open = r;
	}
	if (!crs_add_link(c, rd->open, vars.p, op.p, acts.p, why, sizeof why)) {
		crs_skip_rule(c, rd->id, "%s", why);
		crs_free_rule(rd->open);
		rd->open = NULL;
		rd->skip_chain = chained;
		goto out;
	}
	if (!chained) { /* complete */
		c->n++;
		rd->open = NULL;
	}
out:
	buf_release(&vars);
	buf_release(&op);
	buf_release(&acts);
	buf_release(&tags);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of dir that hold request rules about attacks. */
static bool wanted(const char *name)
{
	static const char *const prefixes[] = { "REQUEST-913-", "REQUEST-921-", "REQUEST-93",
						"REQUEST-94" };
	size_t n = strlen(name);

	if (n < 6 || strcmp(name + n - 5, ".conf") || !strncmp(name, "REQUEST-949", 11))
		return false;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* Reads one file's directives: rules, or (exclusions) the site's
 * exclusions of rules. */
int crs_load_file(struct crs *c, const char *path, bool exclusions, char *err, size_t errlen)
{
	struct buf text, dir;
	struct reading rd = { .open = NULL };
	const char *s;
	size_t line = 1;

	buf_init(&rd.xacts, 0);

	buf_init(&text, CRS_FILE_MAX);
	buf_init(&dir, 0);
	if (input_slurp(path, &text, err, errlen)) {
		buf_release(&text);
		return -1;
	}
	buf_addc(&text, '\0');
	for (s = text.p; *s;) {
		const char *d;
		size_t first = line;

		/* a directive and its continuation lines, joined */
		buf_reset(&dir);
		for (;;) {
			size_t k = strcspn(s, "\n");
			bool more = k && s[k - 1] == '\\';

			buf_add(&dir, s, more ? k - 1 : k);
			line += s[k] == '\n';
			s += k + (s[k] == '\n');
			if (!more || !*s)
				break;
		}
		buf_addc(&dir, '\0');
		for (d = dir.p; *d == ' ' || *d == '\t'; d++)
			;
		if (exclusions)
			crs_exclusion(c, &rd, d, path, first);
		else if (!strncmp(d, "SecRule ", 8))
			directive(c, &rd, d);
	}
	if (rd.open) /* a chain the file left open */
		crs_free_rule(rd.open);
	if (rd.xo) /* so is an exclusion's */
		crs_exclusion(c, &rd, "", path, line);
	buf_release(&rd.xacts);
	buf_release(&text);
	buf_release(&dir);
	return 0;
}

/* Numbers the links and lists those of each variable (past
 * MAX_RULE_LINKS, rules are dropped: the CRS has a few hundred). */
static void index_links(struct crs *c)
{
	size_t keep = 0;

	for (size_t r = 0; r < c->n; r++) {
		struct crule *ru = &c->rules[r];

		if (c->nlinks + ru->nlinks > MAX_RULE_LINKS) {
			crs_free_rule(ru);
			continue;
		}
		ru->first = (uint16_t)c->nlinks;
		for (size_t k = 0; k < ru->nlinks; k++) {
			const struct link *l = &ru->links[k];

			c->bylink[c->nlinks] = l; /* fixed below, after the move */
			c->wanted |= l->vars | (l->count_args ? 1 << V_ARGS : 0);
			for (int v = 0; v < V_COUNT; v++)
				if (l->vars & (1u << v)) {
					c->of_var[v] = xrealloc(c->of_var[v],
								(c->nof_var[v] + 1) * sizeof *c->of_var[v]);
					c->of_var[v][c->nof_var[v]++] = (uint16_t)c->nlinks;
				}
			c->nlinks++;
		}
		c->rules[keep++] = *ru;
	}
	c->n = keep;
	for (size_t r = 0; r < c->n; r++) { /* the rules moved: their links too */
		const struct crule *ru = &c->rules[r];

		for (size_t k = 0; k < ru->nlinks; k++)
			c->bylink[ru->first + k] = &ru->links[k];
		c->rule_of[ru->first] = (uint16_t)r;
		if (ru->links[0].from != FROM_VARS || ru->links[0].args_name[0]) {
			c->always[r / 64] |= 1ULL << (r % 64);
			c->some_always = true;
		} else
			c->firsts[ru->first / 64] |= 1ULL << (ru->first % 64);
	}
	c->rule_links = c->nlinks;
	c->rule_wanted = c->wanted;
	memcpy(c->nof_rule_var, c->nof_var, sizeof c->nof_rule_var);
	crs_index_done(c);
}

void crs_index_done(struct crs *c)
{
	c->remember = 0;
	for (int v = 0; v < V_COUNT; v++)
		/* the request's own URI and line seldom repeat: remembering
		 * them would only push out what does */
		if (v != V_REQUEST_URI && v != V_REQUEST_URI_RAW && v != V_REQUEST_LINE &&
		    v != V_QUERY_STRING && c->nof_var[v] && c->nof_var[v] <= VAR_LINKS)
			c->remember |= (uint16_t)(1u << v);
}

struct crs *crs_load(const char *dir, char *err, size_t errlen)
{
	struct crs *c = xcalloc(1, sizeof *c);
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	snprintf(c->dir, sizeof c->dir, "%s", dir ? dir : CRS_DEFAULT_DIR);
	d = opendir(c->dir);
	if (!d) {
		snprintf(err, errlen, "%s: cannot read the CRS rules (apt-get install modsecurity-crs, "
			 "or give their directory)", c->dir);
		free(c);
		return NULL;
	}
	while ((de = readdir(d)))
		if (wanted(de->d_name)) {
			if (n == cap) {
				cap = cap ? 2 * cap : 32;
				names = xrealloc(names, cap * sizeof *names);
			}
			names[n++] = xstrndup(de->d_name, strlen(de->d_name));
		}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[1100];

		snprintf(path, sizeof path, "%s/%s", c->dir, names[i]);
		if (!rc && crs_load_file(c, path, false, err, errlen))
			rc = -1;
		free(names[i]);
	}
	free(names);
	if (!rc && !c->n) {
		snprintf(err, errlen, "%s: no CRS rule files (REQUEST-9*.conf) there", c->dir);
		rc = -1;
	}
	if (rc) {
		crs_free(c);
		return NULL;
	}
	index_links(c);
	c->md = pcre2_match_data_create(4, NULL);
	c->cache = xcalloc((size_t)MAX_VALUES * MAX_CHAINS, sizeof *c->cache);
	/* on cache lines, as struct vplace intends, and on huge pages */
	c->vplace = xcalloc_huge(VCACHE * sizeof *c->vplace);
	buf_init(&c->vals, 0);
	buf_init(&c->work, 0);
	buf_init(&c->tmp, 0);
	buf_init(&c->raw, 0);
	buf_init(&c->dec, 0);
	buf_init(&c->line, 0);
	return c;
}

void crs_free(struct crs *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		crs_free_rule(&c->rules[i]);
	free(c->rules);
	for (size_t i = 0; i < c->nx; i++)
		crs_free_xrule(&c->x[i]);
	free(c->x);
	free(c->active);
	free(c->skip);
	free(c->cache);
	free(c->vplace);
	for (int v = 0; v < V_COUNT; v++)
		free(c->of_var[v]);
	if (c->md)
		pcre2_match_data_free(c->md);
	buf_release(&c->vals);
	buf_release(&c->work);
	buf_release(&c->tmp);
	buf_release(&c->raw);
	buf_release(&c->dec);
	buf_release(&c->line);
	free(c);
}

size_t crs_count(const struct crs *c)
{
	return c->n;
}

size_t crs_nskipped(const struct crs *c)
{
	return c->nskip;
}

void crs_skipped(const struct crs *c, size_t i, const char **id, const char **why)
{
	*id = c->skip[i].id;
	*why = c->skip[i].why;
}

/* --- matching ----------------------------------------------------------- */

/* Adds a value of the request; its index, or -1 when no rule reads v (or
 * the request has too many). */
static int add_value(struct crs *c, enum var v, const char *p, size_t n, const char *name,
		     size_t nn)
{
	if (c->nval == MAX_VALUES || !(c->wanted >> v & 1)) /* full, or nothing looks at it */
		return -1;
	c->val[c->nval].p = n ? p : "";
	c->val[c->nval].len = (uint32_t)n;
	c->val[c->nval].v = v;
	c->val[c->nval].known = false;
	c->val[c->nval].unwritten = false;
	c->val[c->nval].name = name;
	c->val[c->nval].nlen = (uint32_t)nn;
	return (int)c->nval++;
}

/* Value i's text, written when it was left unwritten (the request line). */
static void value_text(struct crs *c, size_t i)
{
	struct buf *l = &c->line;

	if (!c->val[i].unwritten)
		return;
	buf_reset(l);
	if (c->line_method.len) /* an empty span's p may be NULL */
		buf_add(l, c->line_method.p, c->line_method.len);
	buf_addc(l, ' ');
	buf_add(l, c->line_uri.p, c->line_uri.len);
	if (c->line_proto.len) {
		buf_addc(l, ' ');
		buf_add(l, c->line_proto.p, c->line_proto.len);
	}
	c->val[i].p = l->p;
	c->val[i].unwritten = false;
}

/* Value i's bytes and mask, computed when first needed: a value
 * remembered in the table is never looked at.  The request line's come
 * from the raw URI's (value_within) unless no rule reads that: then it
 * is written to be read. */
static void value_bytes(struct crs *c, size_t i)
{
	if (!c->val[i].known) {
		value_text(c, i);
		c->val[i].mask = byte_mask(c->val[i].p, c->val[i].len, &c->val[i].has);
		c->val[i].known = true;
	}
}

/* Value i, made of value whole and texts around it whose bytes are
 * around (NULL: none), takes whole's bytes as its own: more than a part
 * of it holds, which only makes the tests that skip work skip less, and
 * one pass over the URI serves the query and the request line too. */
static inline __attribute__((always_inline)) void value_within(struct crs *c, int i, int whole, const struct rxset *around)
{
	if (i < 0 || whole < 0)
		return;
	value_bytes(c, (size_t)whole);
	c->val[i].has = c->val[whole].has;
	c->val[i].mask = c->val[whole].mask;
	if (around) {
		for (size_t w = 0; w < 4; w++)
			c->val[i].has.w[w] |= around->w[w];
		c->val[i].mask = mask_of(&c->val[i].has, false);
	}
	c->val[i].mask |= c->val[i].mask & B_SPACE ? B_EDGE : 0;
	c->val[i].known = true;
}

/* The byte ModSecurity makes of a %uHHHH (urlDecodeUni, jsDecode): the
 * ASCII of a full-width form (U+FF01..FF5E), else the low byte alone. */
static char uni_byte(int cp)
{
	return (char)(cp >= 0xff01 && cp <= 0xff5e ? cp - 0xfee0 : cp & 0xff);
}

/* One round of URL decoding, as ModSecurity's argument parser (plus: '+'
 * is a space) or its URI (plus false). */
static void url_decode(const char *s, size_t n, struct buf *out, bool uni, bool plus)
{
	if (!memchr(s, '%', n) && (!plus || !memchr(s, '+', n))) { /* most: nothing to do */
		buf_add(out, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		int h1 = i + 2 < n ? scan_hex_value(s[i + 1]) : -1;
		int h2 = i + 2 < n ? scan_hex_value(s[i + 2]) : -1;

		if (s[i] == '%' && h1 >= 0 && h2 >= 0) {
			buf_addc(out, (char)(h1 * 16 + h2));
			i += 2;
		} else if (uni && s[i] == '%' && i + 5 < n && (s[i + 1] == 'u' || s[i + 1] == 'U') &&
			   scan_hex_value(s[i + 2]) >= 0 && scan_hex_value(s[i + 3]) >= 0 &&
			   scan_hex_value(s[i + 4]) >= 0 && scan_hex_value(s[i + 5]) >= 0) {
			buf_addc(out, uni_byte(scan_hex_value(s[i + 2]) << 12 | scan_hex_value(s[i + 3]) << 8 |
					       scan_hex_value(s[i + 4]) << 4 | scan_hex_value(s[i + 5])));
			i += 5;
		} else {
			buf_addc(out, plus && s[i] == '+' ? ' ' : s[i]);
		}
	}
}

/* s without an access log's escapes (nginx's \xHH, Apache's \" and \\
 * too), in out; s itself (no copy) when it has none. */
static struct span unescaped(const char *s, size_t n, struct buf *out)
{
	size_t start;

	if (!n || !memchr(s, '\\', n))
		return (struct span){ s, n };
	start = out->len;
	for (size_t i = 0; i < n; i++) {
		int h1, h2;

		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    (h1 = scan_hex_value(s[i + 2])) >= 0 && (h2 = scan_hex_value(s[i + 3])) >= 0) {
			buf_addc(out, (char)(h1 * 16 + h2));
			i += 3;
		} else if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) {
			buf_addc(out, s[++i]);
		} else {
			buf_addc(out, s[i]);
		}
	}
	return (struct span){ NULL, out->len - start }; /* at start: set by the caller */
}

/* s URL-decoded as url_decode does: s itself when it has nothing to
 * decode, else its decoding appended to out, whose room the caller made
 * beforehand so that the text stays where it is. */
static struct span decoded(const char *s, size_t n, struct buf *out, bool plus)
{
	size_t start = out->len;

	if (!memchr(s, '%', n) && (!plus || !memchr(s, '+', n)))
		return (struct span){ s, n };
	url_decode(s, n, out, false, plus);
	return (struct span){ out->p + start, out->len - start };
}

/* Whether a[0..n) and b[0..n) are the same bytes: the table's keys are
 * short, and a call to memcmp cost more than comparing them, up to 16
 * bytes as two words at each end (overlapping, never past n). */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y, z, w;

	if (n >= 8 && n <= 16) {
		memcpy(&x, a, 8), memcpy(&y, b, 8);
		memcpy(&z, a + n - 8, 8), memcpy(&w, b + n - 8, 8);
		return !((x ^ y) | (z ^ w));
	}
	if (n >= 4 && n < 8) {
		uint32_t x4, y4, z4, w4;

		memcpy(&x4, a, 4), memcpy(&y4, b, 4);
		memcpy(&z4, a + n - 4, 4), memcpy(&w4, b + n - 4, 4);
		return !((x4 ^ y4) | (z4 ^ w4));
	}
	if (n < 4) {
		for (size_t i = 0; i < n; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	return !memcmp(a, b, n);
}

/* The bytes of "METHOD " and " PROTO", which a request line adds to its
 * URI's: remembered for the pairs seen last (a log repeats a few). */
static const struct rxset *around_uri(struct crs *c, struct span method, struct span proto)
{
	/* the seven common methods in places of their own */
	size_t m0 = method.len ? (unsigned char)method.p[0] : 0;
	size_t m1 = method.len > 1 ? (unsigned char)method.p[1] : 0;
	size_t k = (m0 + 3 * m1 + 3 * method.len + proto.len) % AROUND;
	struct around *a = &c->around[k];

	if (method.len > sizeof a->method || proto.len > sizeof a->proto) /* not remembered */
		a = &c->around[AROUND];
	else if (a->known && a->mlen == method.len && a->plen == proto.len &&
		 same_bytes(a->method, method.p, method.len) && same_bytes(a->proto, proto.p, proto.len))
		return &a->has;
	memset(&a->has, 0, sizeof a->has);
	rxset_add_bytes(&a->has, method.p, method.len);
	rxset_add_bytes(&a->has, " ", 1);
	rxset_add_bytes(&a->has, proto.p, proto.len);
	if (a != &c->around[AROUND]) {
		if (method.len) /* an empty span's p may be NULL */
			memcpy(a->method, method.p, method.len);
		if (proto.len)
			memcpy(a->proto, proto.p, proto.len);
		a->mlen = (unsigned char)method.len;
		a->plen = (unsigned char)proto.len;
		a->known = true;
	}
	return &a->has;
}

/* The request's variables, from the event. */
static void values(struct crs *c, const struct event *e, bool escaped)
{
	struct span path = e->path, ua = e->ua, referer = e->referer;
	const char *q;
	size_t plen;
	int raw = -1;

	buf_reset(&c->vals);
	c->nval = 0;
	if (escaped) { /* into c->raw, which nothing else writes during the event */
		size_t at[3];

		buf_reset(&c->raw);
		at[0] = c->raw.len;
		path = unescaped(path.p, path.len, &c->raw);
		at[1] = c->raw.len;
		ua = unescaped(ua.p, ua.len, &c->raw);
		at[2] = c->raw.len;
		referer = unescaped(referer.p, referer.len, &c->raw);
		if (!path.p)
			path.p = c->raw.p + at[0];
		if (!ua.p)
			ua.p = c->raw.p + at[1];
		if (!referer.p)
			referer.p = c->raw.p + at[2];
	}
	/* As ModSecurity 3 reads a request line's URI (checked with it): the
	 * raw URI whole (REQUEST_URI_RAW, the request line); without its
	 * fragment, the query (raw) and its arguments; the rest decoded
	 * (%XX, not '+': REQUEST_URI), up to its first '?' the file name. */
	plen = path.len;
	if (plen) {
		/* the URI's bytes, read once: they say which of its searches
		 * and decodings can find anything (most URIs have no '%') */
		struct rxset pb;
		unsigned pmask = byte_mask(path.p, plen, &pb);
		bool pct = has_byte(&pb, '%'), plus = pct || has_byte(&pb, '+');
		bool amp = has_byte(&pb, '&'), eqs = has_byte(&pb, '=');
		const char *hash = has_byte(&pb, '#') ? memchr(path.p, '#', plen) : NULL;
		size_t ulen = hash ? (size_t)(hash - path.p) : plen, dlen, off;
		struct span uri = { path.p, ulen };
		const char *qd;

		/* decodings only shorten: the URI's and its arguments' fit */
		buf_reset(&c->dec);
		buf_grow(&c->dec, 2 * ulen + 1);
		raw = add_value(c, V_REQUEST_URI_RAW, path.p, plen, NULL, 0);
		if (raw >= 0) {
			c->val[raw].has = pb;
			c->val[raw].mask = pmask;
			c->val[raw].known = true;
		}
		q = has_byte(&pb, '?') ? memchr(path.p, '?', ulen) : NULL;
		if (pct)
			uri = decoded(path.p, ulen, &c->dec, false);
		if (uri.p == path.p && uri.len == plen) /* nothing decoded, no fragment: the same bytes */
			value_within(c, add_value(c, V_REQUEST_URI, uri.p, uri.len, NULL, 0), raw, NULL);
		else
			add_value(c, V_REQUEST_URI, uri.p, uri.len, NULL, 0);
		/* undecoded, the URI's first '?' is q; a %3F decodes to one */
		qd = pct ? memchr(uri.p, '?', uri.len) : q;
		dlen = qd ? (size_t)(qd - uri.p) : uri.len;
		add_value(c, V_REQUEST_FILENAME, uri.p, dlen, NULL, 0);
		if (c->wanted >> V_REQUEST_BASENAME & 1) {
			for (off = dlen; off && uri.p[off - 1] != '/' && uri.p[off - 1] != '\\';)
				off--;
			if (off && off < dlen)
				add_value(c, V_REQUEST_BASENAME, uri.p + off, dlen - off, NULL, 0);
		}
		if (q) {
			const char *s = q + 1, *end = path.p + ulen;

			value_within(c, add_value(c, V_QUERY_STRING, s, (size_t)(end - s), NULL, 0), raw,
				     NULL);
			/* every '&' ends an argument, even an empty one; what
			 * follows the last is one when not empty */
			while (s < end) {
				const char *and = amp ? memchr(s, '&', (size_t)(end - s)) : NULL;
				const char *stop = and ? and : end;
				const char *eq = eqs ? memchr(s, '=', (size_t)(stop - s)) : NULL;
				const char *ne = eq ? eq : stop;
				struct span name = { s, (size_t)(ne - s) };
				struct span arg = eq ? (struct span){ eq + 1, (size_t)(stop - eq - 1) }
						     : (struct span){ "", 0 };

				if (plus) {
					name = decoded(name.p, name.len, &c->dec, true);
					arg = decoded(arg.p, arg.len, &c->dec, true);
				}

				add_value(c, V_ARGS_NAMES, name.p, name.len, name.p, name.len);
				add_value(c, V_ARGS, arg.p, arg.len, name.p, name.len);
				s = stop + 1;
			}
		}
		if (c->wanted >> V_REQUEST_LINE & 1) { /* when a rule or an exclusion reads it */
			/* "METHOD URI PROTO": its bytes those of the raw URI and
			 * of "METHOD " and " PROTO" around it; written when needed */
			size_t n = e->method.len + 1 + plen + (e->proto.len ? 1 + e->proto.len : 0);
			int i = add_value(c, V_REQUEST_LINE, NULL, n, NULL, 0);

			if (i >= 0) {
				c->val[i].unwritten = true;
				c->line_method = e->method;
				c->line_uri = path;
				c->line_proto = e->proto;
				value_within(c, i, raw, around_uri(c, e->method, e->proto));
			}
		}
	}
	if (e->method.len)
		add_value(c, V_REQUEST_METHOD, e->method.p, e->method.len, NULL, 0);
	if (e->proto.len)
		add_value(c, V_REQUEST_PROTOCOL, e->proto.p, e->proto.len, NULL, 0);
	if (ua.len)
		add_value(c, V_UA, ua.p, ua.len, NULL, 0);
	if (referer.len)
		add_value(c, V_REFERER, referer.p, referer.len, NULL, 0);
	if (e->host_is_request && e->host.len) /* the Host header, where the log names it */
		add_value(c, V_HOST, e->host.p, e->host.len, NULL, 0);
}

/* ModSecurity's htmlEntityDecode: &#DDD; and &#xHH; to the byte of their
 * low eight bits (0xff past what its strtol can hold), and the five names
 * it knows (&quot; &amp; &lt; &gt; &nbsp;), any case; the ';' optional.
 * Other names stay as written. */
static void html_entities(const char *s, size_t n, struct buf *out)
{
	static const struct { const char *name; char ch; } names[] = {
		{ "quot", '"' }, { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "nbsp", '\xa0' },
	};

	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1, k;
		uint64_t v = 0;
		int found = -1;

		if (s[i] != '&' || j >= n) {
			buf_addc(out, s[i]);
			continue;
		}
		if (s[j] == '#') {
			bool hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');

			k = j += 1 + hex;
			while (j < n && (hex ? scan_hex_value(s[j]) >= 0 : scan_is_digit(s[j]))) {
				uint64_t base = hex ? 16 : 10, d = (uint64_t)scan_hex_value(s[j++]);

				/* saturated at INT64_MAX, as strtol */
				v = v > ((uint64_t)INT64_MAX - d) / base ? (uint64_t)INT64_MAX : v * base + d;
			}
			found = j > k ? (int)(v & 0xff) : -1; /* INT64_MAX's low byte is 0xff */
		} else {
			k = j;
			while (j < n && (((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z') || scan_is_digit(s[j])))
				j++;
			for (size_t m = 0; m < sizeof names / sizeof names[0]; m++)
				if (j - k == strlen(names[m].name) && !strncasecmp(s + k, names[m].name, j - k))
					found = (unsigned char)names[m].ch;
		}
		if (found < 0) {
			buf_addc(out, s[i]);
			continue;
		}
		buf_addc(out, (char)found);
		i = j < n && s[j] == ';' ? j : j - 1;
	}
}

/* ModSecurity's utf8toUnicode: each well-formed UTF-8 sequence becomes
 * %uHHHH (lowercase, at least four digits), for urlDecodeUni to decode
 * after it; a lead byte whose continuation is missing is dropped, as are
 * NULs; other bytes are kept.  Like ModSecurity, a sequence that is
 * overlong or a surrogate is followed by its lead byte. */
static void utf8_to_unicode(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc0 && c < 0xe0 ? 2 : 1;
		unsigned long cp = len == 4 ? c & 0x07u : len == 3 ? c & 0x0fu : c & 0x1fu;
		char hex[16];
		size_t k;

		if (len == 1) {
			if (c)
				buf_addc(out, (char)c);
			i++;
			continue;
		}
		if (len == 4 && c >= 0xf5)
			buf_addc(out, (char)c);
		for (k = 1; k < len && i + k < n && ((unsigned char)s[i + k] & 0xc0) == 0x80; k++)
			cp = cp << 6 | ((unsigned char)s[i + k] & 0x3f);
		if (k < len) { /* missing or not a continuation: the lead byte goes */
			i++;
			continue;
		}
		snprintf(hex, sizeof hex, "%%u%04lx", cp);
		buf_adds(out, hex);
		if ((cp >= 0xd800 && cp <= 0xdfff) || (len == 4 && cp < 0x10000) ||
		    (len == 3 && cp < 0x800) || (len == 2 && cp < 0x80))
			buf_addc(out, (char)c);
		i += len;
	}
}

/* One transformation of in into out. */
static void transform(enum transform t, const char *s, size_t n, struct buf *out)
{
	switch (t) {
	case T_LOWERCASE:
		for (size_t i = 0; i < n; i++)
			buf_addc(out, (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]));
		break;
	case T_URLDECODE:
	case T_URLDECODEUNI:
		url_decode(s, n, out, t == T_URLDECODEUNI, true);
		break;
	case T_HTMLENTITY:
		html_entities(s, n, out);
		break;
	case T_UTF8TOUNICODE:
		utf8_to_unicode(s, n, out);
		break;
	case T_JSDECODE:
	case T_CSSDECODE:
		for (size_t i = 0; i < n; i++) {
			int h[4];
			if (s[i] != '\\' || i + 1 >= n) {
				buf_addc(out, s[i]);
				continue;
			}
			if (t == T_JSDECODE && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 3 < n &&
			    (h[0] = scan_hex_value(s[i + 2])) >= 0 && (h[1] = scan_hex_value(s[i + 3])) >= 0) {
				buf_addc(out, (char)(h[0] * 16 + h[1]));
				i += 3;
			} else if (t == T_JSDECODE && (s[i + 1] == 'u' || s[i + 1] == 'U') && i + 5 < n &&
				   (h[0] = scan_hex_value(s[i + 2])) >= 0 && (h[1] = scan_hex_value(s[i + 3])) >= 0 &&
				   (h[2] = scan_hex_value(s[i + 4])) >= 0 && (h[3] = scan_hex_value(s[i + 5])) >= 0) {
				buf_addc(out, uni_byte(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]));
				i += 5;
			} else if (t == T_JSDECODE && s[i + 1] >= '0' && s[i + 1] <= '7') {
				/* \OOO, one byte: a third digit only under \400 */
				size_t k = 0;
				unsigned v = 0;

				while (k < 3 && i + 1 + k < n && s[i + 1 + k] >= '0' && s[i + 1 + k] <= '7')
					k++;
				if (k == 3 && s[i + 1] > '3')
					k = 2;
				for (size_t d = 0; d < k; d++)
					v = v * 8 + (unsigned)(s[i + 1 + d] - '0');
				buf_addc(out, (char)v);
				i += k;
			} else if (t == T_CSSDECODE && scan_hex_value(s[i + 1]) >= 0) {
				int cp = 0;
				size_t k = i + 1;
				while (k < n && k < i + 7 && scan_hex_value(s[k]) >= 0)
					cp = cp * 16 + scan_hex_value(s[k++]);
				/* as ModSecurity: the last two digits (or a full-width form) */
				buf_addc(out, uni_byte(cp));
				if (k < n && s[k] == ' ')
					k++;
				i = k - 1;
			} else {
				static const char esc[] = "n\nr\rt\tb\bf\fv\va\a";
				const char *m = t == T_JSDECODE ? strchr(esc, s[i + 1]) : NULL;
				buf_addc(out, m && s[i + 1] && (m - esc) % 2 == 0 ? m[1] : s[i + 1]);
				i++;
			}
		}
		break;
	case T_REMOVENULLS:
		for (size_t i = 0; i < n; i++)
			if (s[i])
				buf_addc(out, s[i]);
		break;
	case T_COMPRESSWS:
		for (size_t i = 0; i < n; i++) {
			if (is_space(s[i])) {
				while (i + 1 < n && is_space(s[i + 1]))
					i++;
				buf_addc(out, ' ');
			} else {
				buf_addc(out, s[i]);
			}
		}
		break;
	case T_REMOVEWS:
		for (size_t i = 0; i < n; i++)
			if (!is_space(s[i]))
				buf_addc(out, s[i]);
		break;
	case T_REPLACECOMMENTS:
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
				const char *end = i + 2 < n ? bytes_find(s + i + 2, n - i - 2, "*/", 2) : NULL;
				buf_addc(out, ' ');
				if (!end)
					break;
				i = (size_t)(end - s) + 1;
			} else {
				buf_addc(out, s[i]);
			}
		}
		break;
	case T_CMDLINE: {
		bool space = false;
		for (size_t i = 0; i < n; i++) {
			char ch = s[i];
			if (ch == '\\' || ch == '"' || ch == '\'' || ch == '^')
				continue;
			if (ch == ',' || ch == ';' || is_space(ch)) {
				space = true;
				continue;
			}
			if ((ch == '/' || ch == '(') && space) /* "cat /x", "f (x)": no space before */
				space = false;
			if (space) {
				buf_addc(out, ' ');
				space = false;
			}
			buf_addc(out, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
		}
		if (space)
			buf_addc(out, ' ');
		break;
	}
	case T_NORMPATH:
	case T_NORMPATHWIN: {
		size_t start = out->len;
		for (size_t i = 0; i < n; i++) {
			char ch = t == T_NORMPATHWIN && s[i] == '\\' ? '/' : s[i];
			buf_addc(out, ch);
			/* "/./" dropped, "/x/../" back to "/", "//" one */
			if (ch != '/' || out->len - start < 2)
				continue;
			if (out->p[out->len - 2] == '/') {
				out->len--;
			} else if (out->len - start >= 3 && out->p[out->len - 2] == '.' &&
				   out->p[out->len - 3] == '/') {
				out->len -= 2;
			} else if (out->len - start >= 4 && out->p[out->len - 2] == '.' &&
				   out->p[out->len - 3] == '.' && out->p[out->len - 4] == '/') {
				size_t k = out->len - 4;
				while (k > start && out->p[k - 1] != '/')
					k--;
				if (k > start)
					out->len = k;
			}
		}
		break;
	}
	case T_TRIM: {
		size_t a = 0, b = n;
		while (a < b && is_space(s[a]))
			a++;
		while (b > a && is_space(s[b - 1]))
			b--;
		buf_add(out, s + a, b - a);
		break;
	}
	case T_BASE64: { /* up to the first byte that is not base64 */
		uint32_t acc = 0;
		int bits = 0;
		for (size_t i = 0; i < n; i++) {
			const char *al = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
			const char *d = s[i] ? strchr(al, s[i]) : NULL;
			if (!d)
				break;
			acc = acc << 6 | (uint32_t)(d - al);
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				buf_addc(out, (char)(acc >> bits & 0xff));
			}
		}
		break;
	}
	}
}

/* Value i through chain k, computed once per event (a chain of no
 * transformation is the value itself). */
static void transformed(struct crs *c, size_t i, size_t k, const char **p, size_t *n,
			const struct rxset **has)
{
	struct slot *slot = &c->cache[i * MAX_CHAINS + k];
	const struct chain *ch = &c->chains[k];

	value_bytes(c, i);
	value_text(c, i);
	if (!(c->val[i].mask & ch->acts)) { /* no step would change it */
		*p = c->val[i].p;
		*n = c->val[i].len;
		*has = &c->val[i].has;
		return;
	}
	if (slot->gen != c->gen) {
		struct buf *out = &c->work, *spare = &c->tmp, *swap;
		const char *cur = c->val[i].p;
		size_t len = c->val[i].len;
		unsigned mask = c->val[i].mask;
		bool copied = false;

		for (size_t t = 0; t < ch->n; t++) {
			if (!(mask & acts_on((enum transform)ch->t[t])))
				continue;
			buf_reset(out);
			transform((enum transform)ch->t[t], cur, len, out);
			cur = out->p, len = out->len;
			mask = byte_mask(cur, len, &slot->has);
			swap = out, out = spare, spare = swap;
			copied = true;
		}
		slot->gen = c->gen;
		slot->len = (uint32_t)len;
		slot->self = !copied;
		if (!copied) { /* the value itself */
			slot->has = c->val[i].has;
		} else {
			slot->off = (uint32_t)c->vals.len;
			buf_add(&c->vals, cur, len);
		}
	}
	*p = slot->self ? c->val[i].p : c->vals.p + slot->off;
	*n = slot->len;
	*has = &slot->has;
}

/* Whether a text of n bytes, which are has (NULL: not known), lacks what
 * PCRE2 knows every match of l's pattern needs: then it is no match,
 * without calling PCRE2. */
static inline bool lacks_what_matches_need(const struct link *l, size_t n,
					   const struct rxset *has)
{
	return n < l->minlen ||
	       (has && l->first_known &&
		!has_any(has, l->first.w[0], l->first.w[1], l->first.w[2], l->first.w[3])) ||
	       (has && l->need[0] >= 0 && !has_byte(has, (unsigned char)l->need[0]) &&
		!has_byte(has, (unsigned char)l->need[1]));
}

/* Whether l's pattern matches p[0..n) (not negated), once
 * lacks_what_matches_need has said no. */
static bool pattern_run(struct crs *c, const struct link *l, const char *p, size_t n,
			const struct rxset *has)
{
	p = p ? p : "";
	/* worth its pass over the text where the call costs more */
	if (has && l->rx && n >= RXNEED_MIN && !rxneed_may_match(l->rx, has, p, n)) {
#ifdef CRS_VERIFY_RXNEED /* the fuzzers' build: the pattern must agree */
		if (pcre2_match(l->re, (PCRE2_SPTR)p, n, 0, 0, c->md, NULL) >= 0)
			abort();
#endif
		return false;
	}
	if (l->jit == 0) {
		/* Compiled for PCRE2's JIT now, not when loaded: most of the
		 * CRS's patterns never run on a day's traffic (the tests above
		 * pass them over), and compiling them all was most of the time
		 * loading the rules took.  The link is in c's rules, which
		 * are not const: the code made is a cache, not what the link
		 * says. */
		size_t size = 0;

		pcre2_jit_compile(l->re, PCRE2_JIT_COMPLETE);
		pcre2_pattern_info(l->re, PCRE2_INFO_JITSIZE, &size);
		((struct link *)l)->jit = size > 0 ? 1 : -1;
	}
	return (l->jit > 0 ? pcre2_jit_match(l->re, (PCRE2_SPTR)p, n, 0, 0, c->md, NULL)
			   : pcre2_match(l->re, (PCRE2_SPTR)p, n, 0, 0, c->md, NULL)) >= 0;
}

/* Whether l's pattern matches p[0..n) (not negated), whose bytes are has. */
static bool pattern_matches(struct crs *c, const struct link *l, const char *p, size_t n,
			    const struct rxset *has)
{
	return !lacks_what_matches_need(l, n, has) && pattern_run(c, l, p, n, has);
}

/* Whether link l's operator matches value i (through its chains).  The
 * value itself, which several chains can leave as it is (multiMatch's
 * prefixes, when no step acts on its bytes), is matched once. */
static bool value_matches(struct crs *c, const struct link *l, size_t i)
{
	bool itself = false;

	value_bytes(c, i);
	value_text(c, i);
	for (size_t k = 0; k < l->nchain; k++) {
		const struct rxset *has = &c->val[i].has;
		const char *p = c->val[i].p;
		size_t n = c->val[i].len;

		if (c->val[i].mask & c->chains[l->chain[k]].acts)
			transformed(c, i, l->chain[k], &p, &n, &has);
		else if (itself)
			continue;
		else
			itself = true;
		if (pattern_matches(c, l, p, n, has) != l->negate)
			return true;
	}
	return false;
}

/* Whether link l's operator matches value i, the value itself being the
 * only text its chains make of it when no step acts on its bytes: then
 * what PCRE2 knows every match needs is asked here, inline, where most of
 * a request's values and links part, and the pattern at once.  Other
 * links (transformed values, no pattern, negated: l->acts holds B_ANY)
 * go through value_matches. */
static inline bool link_matches(struct crs *c, const struct link *l, size_t i)
{
	const struct rxset *has = &c->val[i].has;

	if (c->val[i].mask & l->acts)
		return value_matches(c, l, i);
	if (lacks_what_matches_need(l, c->val[i].len, has))
		return false;
	value_text(c, i);
	return pattern_run(c, l, c->val[i].p, c->val[i].len, has);
}

/* hash_bytes leaves the low bits of keys that differ only in their last
 * bytes ("/api/media/405", "/api/media/406") alike, and the table's set is
 * the low bits: mixed once more (MurmurHash3's finalizer). */
static uint64_t value_hash(unsigned var, const char *p, size_t n)
{
	uint64_t h = hash_bytes(p, n) ^ (0x9e3779b97f4a7c15ULL * (var + 1));

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

_Static_assert(sizeof(struct vplace) == 256, "a place is four cache lines");

/* Whether value i is remembered, and the lines of its set that it needs:
 * asked for all of an event's values before any is looked up, and the
 * values the table does not keep are matched meanwhile, so that the lines
 * arrive from memory together while there is other work to do. */
static void value_lookup_start(struct crs *c, size_t i)
{
	enum var v = c->val[i].v;
	size_t n = c->val[i].len, set;

	c->val[i].cacheable = n <= VCACHE_KEY && c->remember >> v & 1;
	if (!c->val[i].cacheable)
		return;
	c->val[i].hash = value_hash(v, c->val[i].p, n);
	set = (size_t)(c->val[i].hash % (VCACHE / VCACHE_WAYS));
	{
		const char *place = (const char *)&c->vplace[set * VCACHE_WAYS];
		const size_t next = sizeof(struct vplace);

		_Static_assert(VCACHE_WAYS == 4, "four places a set");
		/* each place's first line, and the next ones its text would
		 * take, as far as the third */
		__builtin_prefetch(place);
		__builtin_prefetch(place + next);
		__builtin_prefetch(place + 2 * next);
		__builtin_prefetch(place + 3 * next);
		if (n > 64 - offsetof(struct vplace, key)) {
			__builtin_prefetch(place + 64);
			__builtin_prefetch(place + next + 64);
			__builtin_prefetch(place + 2 * next + 64);
			__builtin_prefetch(place + 3 * next + 64);
		}
		if (n > 128 - offsetof(struct vplace, key)) {
			__builtin_prefetch(place + 128);
			__builtin_prefetch(place + next + 128);
			__builtin_prefetch(place + 2 * next + 128);
			__builtin_prefetch(place + 3 * next + 128);
		}
	}
}

/* Sets in bits the links value i matches (those of its variable that
 * take every argument): remembered when seen before.  Inlined, as are
 * value_within and mask_of: their calls were a third of the instructions
 * a request's values cost. */
static inline __attribute__((always_inline)) void value_links(struct crs *c, size_t i, uint64_t *bits)
{
	enum var v = c->val[i].v;
	const char *p = c->val[i].p;
	size_t n = c->val[i].len;
	const uint16_t *ids = c->of_var[v];
	struct vplace *set = NULL, *e = NULL;

	if (c->val[i].cacheable) {
		uint64_t h = c->val[i].hash;
		size_t old = 0;

		if (++c->clock == 0) { /* wrapped: every value as old as the rest */
			for (size_t k = 0; k < VCACHE; k++)
				c->vplace[k].used = c->vplace[k].used ? 1 : 0;
			c->clock = 2;
		}
		set = &c->vplace[(size_t)(h % (VCACHE / VCACHE_WAYS)) * VCACHE_WAYS];
		for (size_t k = 0; k < VCACHE_WAYS; k++) {
			struct vplace *pl = &set[k];

			/* a place never used holds hash 0 and length 0: its
			 * used stamp settles it when both agree */
			if (pl->hash == h && pl->len == n && pl->var == v && pl->used &&
			    same_bytes(pl->key, p, n)) {
				pl->used = c->clock;
				for (size_t w = 0; w < VAR_LINKS / 64; w++)
					for (uint64_t x = pl->links[w]; x; x &= x - 1) {
						uint16_t id = ids[w * 64 + (size_t)__builtin_ctzll(x)];
						bits[id / 64] |= 1ULL << (id % 64);
					}
				return;
			}
		}
		for (size_t k = 1; k < VCACHE_WAYS; k++) /* not there: the least recently used goes */
			if (set[k].used < set[old].used)
				old = k;
		e = &set[old];
		e->used = c->clock;
		e->hash = h;
		e->var = (unsigned char)v;
		e->len = (uint16_t)n;
		memset(e->links, 0, sizeof e->links);
		memcpy(e->key, p, n);
	}
	value_bytes(c, i);
	for (size_t j = 0; j < c->nof_var[v]; j++) {
		uint16_t id = ids[j];
		const struct link *l = c->bylink[id];

		if (l->args_name[0] || !link_matches(c, l, i))
			continue;
		bits[id / 64] |= 1ULL << (id % 64);
		if (e)
			e->links[j / 64] |= 1ULL << (j % 64);
	}
}

/* Whether value i is the argument link l names (ARGS:name, any case). */
static bool named(const struct crs *c, const struct link *l, size_t i)
{
	return strlen(l->args_name) == c->val[i].nlen &&
	       !strncasecmp(l->args_name, c->val[i].name, c->val[i].nlen);
}

/* Whether text passes l's comparison (with the request's Host, which the
 * record must name: otherwise the link cannot be answered). */
static bool compares(const struct link *l, const struct event *e, const char *p, size_t n)
{
	const char *h = e->host.p;
	size_t k = e->host.len;
	bool yes = false;

	if (!e->host_is_request || !k)
		return false;
	switch ((enum cmp)l->cmp) {
	case CMP_BEGINS: yes = n >= k && !memcmp(p, h, k); break;
	case CMP_ENDS: yes = n >= k && !memcmp(p + n - k, h, k); break;
	case CMP_CONTAINS: yes = bytes_find(p, n, h, k) != NULL; break;
	case CMP_STREQ: yes = n == k && !memcmp(p, h, k); break;
	default: break;
	}
	return yes != l->negate;
}

/* Whether link l (value i, or its capture) passes l's test. */
static bool text_passes(struct crs *c, const struct link *l, const struct event *e,
			const char *p, size_t n)
{
	if (l->cmp)
		return compares(l, e, p, n);
	return pattern_matches(c, l, p, n, NULL) != l->negate;
}

/* Whether value i is one link l reads (its variables, its argument). */
static bool reads(const struct crs *c, const struct link *l, size_t i)
{
	return (l->vars >> c->val[i].v & 1) &&
	       (!l->args_name[0] || (c->val[i].v == V_ARGS && named(c, l, i)));
}

static bool left_out(const struct crs *c, long r, size_t i);

/* Whether chained link k of ru passes on what link k - 1 found: the values
 * it matched (MATCHED_VARS), the group of its match (TX:N), or the count
 * of the Referer (0 when the log says "-", unknown when it has none). */
static bool chained_matches(struct crs *c, const struct crule *ru, size_t k,
			    const struct event *e, long r)
{
	const struct link *l = &ru->links[k], *prev = k ? &ru->links[k - 1] : NULL;

	if (l->from == FROM_COUNT) {
		long n = e->referer.len ? 1 : 0;
		bool yes;

		if (l->count_args) {
			if (c->nval == MAX_VALUES) /* some were not kept: no count */
				return false;
			n = 0;
			for (size_t i = 0; i < c->nval; i++)
				n += c->val[i].v == V_ARGS && (!l->args_name[0] || named(c, l, i));
		} else if (!n && !e->referer_logged) {
			return false;
		}
		switch ((enum cmp)l->cmp) {
		case CMP_EQ: yes = n == l->num; break;
		case CMP_GT: yes = n > l->num; break;
		case CMP_GE: yes = n >= l->num; break;
		case CMP_LT: yes = n < l->num; break;
		default: yes = n <= l->num; break;
		}
		return yes != l->negate;
	}
	for (size_t i = 0; i < c->nval; i++) {
		if (!reads(c, prev, i) || left_out(c, r, i))
			continue;
		for (size_t j = 0; j < prev->nchain; j++) {
			const struct rxset *has;
			const char *p;
			size_t n;

			transformed(c, i, prev->chain[j], &p, &n, &has);
			/* called even where the bytes say no: its groups are read */
			if (pattern_matches(c, prev, p, n, NULL) == prev->negate)
				continue;
			if (l->from == FROM_MATCHED) {
				if (value_matches(c, l, i))
					return true;
				break;
			}
			/* FROM_CAPTURE: the group of the match just made */
			{
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
				uint32_t pairs = pcre2_get_ovector_count(c->md);
				size_t at, len;

				if (prev->negate || l->group >= pairs || ov[2 * l->group] == PCRE2_UNSET)
					continue;
				at = ov[2 * l->group];
				len = ov[2 * l->group + 1] - at;
				buf_reset(&c->tmp);
				buf_add(&c->tmp, p + at, len);
				if (text_passes(c, l, e, c->tmp.p, len))
					return true;
			}
		}
	}
	return false;
}

/* Whether the exclusions of this request leave value i out of rule r's
 * targets (r < 0: no rule, an exclusion's condition). */
static bool left_out(const struct crs *c, long r, size_t i)
{
	if (r < 0 || !(c->touched[r / 64] >> (r % 64) & 1))
		return false;
	for (size_t k = 0; k < c->nactive; k++) {
		const struct xact *a = c->active[k];

		if (!(a->rules[r / 64] >> (r % 64) & 1) || !(a->vars >> c->val[i].v & 1))
			continue;
		/* the name as written: ModSecurity 3 leaves ARGS:Q in when told ARGS:q */
		if (!a->name[0] || (c->val[i].name && strlen(a->name) == c->val[i].nlen &&
				    !memcmp(a->name, c->val[i].name, c->val[i].nlen)))
			return true;
	}
	return false;
}

/* Whether rule ru (number r; r < 0: an exclusion's condition) matches.
 * A link the values' bits answer (numbered, over every argument) is
 * answered by them, unless an exclusion narrows the rule's targets on
 * this request: then, as for a link of one argument (ARGS:name), the
 * values themselves are asked. */
static bool rule_holds(struct crs *c, const struct crule *ru, long r, const struct event *e,
		       const uint64_t *bits)
{
	bool narrowed = r >= 0 && (c->touched[r / 64] >> (r % 64) & 1);

	for (size_t k = 0; k < ru->nlinks; k++) {
		const struct link *l = &ru->links[k];
		size_t id = ru->first + k;
		bool yes = false, indexed = ru->first != UINT16_MAX && !l->args_name[0];

		if (l->from != FROM_VARS)
			yes = chained_matches(c, ru, k, e, r);
		else if (indexed && !(bits[id / 64] >> (id % 64) & 1))
			yes = false; /* no value matches it, none left out either */
		else if (indexed && !narrowed)
			yes = true;
		else
			for (size_t i = 0; i < c->nval && !yes; i++)
				yes = reads(c, l, i) && !left_out(c, r, i) && value_matches(c, l, i);
		if (!yes)
			return false;
	}
	return true;
}

/* The site's exclusions whose conditions this request meets: the rules
 * they leave out into off, those whose targets they narrow into
 * c->touched (and the exclusions into c->active). */
static void exclusions_hold(struct crs *c, const struct event *e, const uint64_t *bits,
			    uint64_t *off)
{
	c->nactive = c->nstatic;
	memcpy(c->touched, c->touched0, sizeof c->touched);
	for (size_t x = 0; x < c->nx; x++)
		if (c->x[x].cond.nlinks && rule_holds(c, &c->x[x].cond, -1, e, bits))
			crs_exclusion_acts(c, &c->x[x], off, c->touched);
}

size_t crs_apply(struct crs *c, struct event *e, bool escaped)
{
	size_t hits = 0;

	if (!e->path.len && !e->ua.len && !e->referer.len)
		return 0;
	if (++c->gen == 0) { /* wrapped: the stamps start again */
		memset(c->cache, 0, (size_t)MAX_VALUES * MAX_CHAINS * sizeof *c->cache);
		c->gen = 1;
	}
	values(c, e, escaped);
	{
		uint64_t bits[LINK_WORDS] = { 0 }, look[LINK_WORDS], off[LINK_WORDS];
		bool some = c->some_always; /* a rule to ask (most requests: none) */

		for (size_t i = 0; i < c->nval; i++) /* the table's lines on their way */
			value_lookup_start(c, i);
		for (size_t i = 0; i < c->nval; i++) /* while they come: the values it does not keep */
			if (!c->val[i].cacheable)
				value_links(c, i, bits);
		for (size_t i = 0; i < c->nval; i++)
			if (c->val[i].cacheable)
				value_links(c, i, bits);
		memcpy(off, c->off0, sizeof off);
		if (c->nx)
			exclusions_hold(c, e, bits, off);
		memcpy(look, c->always, sizeof look);
		/* the words the rules' first links and the rules take, not all */
		for (size_t w = 0; w < (c->rule_links + 63) / 64; w++)
			for (uint64_t x = bits[w] & c->firsts[w]; x; x &= x - 1) {
				uint16_t r = c->rule_of[w * 64 + (size_t)__builtin_ctzll(x)];
				look[r / 64] |= 1ULL << (r % 64);
				some = true;
			}
		for (size_t w = 0; some && w < (c->n + 63) / 64; w++)
		for (uint64_t x = look[w] & ~off[w]; x; x &= x - 1) { /* in order: the tags' order */
			size_t r = w * 64 + (size_t)__builtin_ctzll(x);
			const struct crule *ru = &c->rules[r];

			if (rule_holds(c, ru, (long)r, e, bits)) {
				event_tag(e, ru->tag);
				hits++;
			}
		}
	}
	return hits;
}
