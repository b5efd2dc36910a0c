/*
 * rules_file: the rules file grammar (docs/rules.md): one rule a line,
 * ID CATEGORY SEVERITY FIELDS NEED PATTERN; errors name the file and line.
 */
#include "rules_int.h"

#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* free, strtoul */
#include <string.h> /* strlen, memcmp, memchr */

#include "input.h"
#include "mem.h"

#define RULES_FILE_MAX (16 << 20) /* far above any rules file */

static unsigned parse_fields(const char *s, size_t n, bool *luhn)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "target", RF_TARGET }, { "ua", RF_UA }, { "referer", RF_REFERER },
		{ "msg", RF_MSG }, { "line", RF_LINE }, { "status", RF_STATUS },
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
		rules_rule_release(&ru);
		snprintf(err, errlen, "%s:%lu: bad NEED '%.*s'", name, lineno, (int)len[4], tok[4]);
		return -1;
	}
	ru.re = pcre2_compile((PCRE2_SPTR)p, (PCRE2_SIZE)(end - p), PCRE2_CASELESS, &ecode, &eoff,
			      NULL);
	if (!ru.re) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(ecode, msg, sizeof msg);
		rules_rule_release(&ru);
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
			rules_rule_release(&r->v[i]);
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

