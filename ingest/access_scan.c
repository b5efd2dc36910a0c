/*
 * access_scan: ACCESS_PATTERN without a regex engine.  Every part of the
 * pattern can match in one way only, so a single left-to-right pass finds
 * PCRE2's match:
 *  - \S+ followed by a space: the run of non-space bytes up to it;
 *  - [^\]]{1,64} followed by ']': everything up to the first ']';
 *  - QUOTED followed by '"': its tokens (a plain byte, or a backslash and
 *    the next byte) never start with '"', so the run ends at the first
 *    unescaped quote and no shorter run is followed by one;
 *  - (?: "..." "...")? : tried first (greedy), skipped when it fails;
 *  - (?<extra>.*)$ takes the rest, which always matches without a line
 *    break (the pattern's only way to backtrack into another answer).
 * PCRE2's \s is space, \t, \n, \v, \f and \r; \d is ASCII.  A line break
 * matters only after a backslash and in extra: there the scanner is
 * ACCESS_UNSURE.
 */
#include "access_scan.h"

#include <string.h> /* memchr */

static int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* \S+ then ' ': the end of the word at p, or 0 when none ends in a space. */
static size_t word(const unsigned char *s, size_t p, size_t len)
{
	size_t q = p;

	while (q < len && !is_space(s[q]))
		q++;
	return q > p && q < len && s[q] == ' ' ? q : 0;
}

/* QUOTED then '"': the offset of that closing quote, 0 when there is
 * none, or 1 when a backslash escapes a line break (PCRE2's '.' does not
 * take it: the caller asks PCRE2).  memchr finds the quote (32 bytes a
 * step: user agents are long); a backslash before it escapes the byte
 * after it. */
static size_t quoted(const unsigned char *s, size_t p, size_t len)
{
	while (p < len) {
		const unsigned char *q = memchr(s + p, '"', len - p), *bs;

		if (!q)
			return 0;
		bs = memchr(s + p, '\\', (size_t)(q - s) - p);
		if (!bs)
			return (size_t)(q - s);
		if (bs[1] == '\n')
			return 1;
		p = (size_t)(bs - s) + 2; /* the escaped byte, maybe that quote */
	}
	return 0; /* a lone backslash at the end: no token, no quote */
}

static void set(size_t ov[], int g, size_t from, size_t to)
{
	ov[2 * g] = from;
	ov[2 * g + 1] = to;
}

int access_scan(const char *str, size_t len, size_t ov[2 * ACCESS_GROUPS])
{
	const unsigned char *s = (const unsigned char *)str;
	size_t p = 0, q, r;

	for (int g = 1; g <= 3; g++) { /* ip, ident, user */
		if (!(q = word(s, p, len)))
			return ACCESS_NO_MATCH;
		set(ov, g, p, q);
		p = q + 1;
	}
	if (p >= len || s[p] != '[')
		return ACCESS_NO_MATCH;
	p++;
	{
		const unsigned char *b = memchr(s + p, ']', len - p < 65 ? len - p : 65);

		if (!b || (q = (size_t)(b - s)) == p)
			return ACCESS_NO_MATCH;
	}
	set(ov, 4, p, q);
	p = q + 1;
	if (len - p < 2 || s[p] != ' ' || s[p + 1] != '"')
		return ACCESS_NO_MATCH;
	p += 2;
	if ((q = quoted(s, p, len)) <= 1)
		return q ? ACCESS_UNSURE : ACCESS_NO_MATCH;
	set(ov, 5, p, q);
	p = q + 1;
	if (len - p < 2 || s[p] != ' ')
		return ACCESS_NO_MATCH;
	p++;
	if (s[p] == '-')
		q = p + 1;
	else if (len - p >= 3 && is_digit(s[p]) && is_digit(s[p + 1]) && is_digit(s[p + 2]))
		q = p + 3;
	else
		return ACCESS_NO_MATCH;
	set(ov, 6, p, q);
	p = q;
	if (len - p < 2 || s[p] != ' ')
		return ACCESS_NO_MATCH;
	p++;
	if (is_digit(s[p])) {
		for (q = p; q < len && is_digit(s[q]); q++)
			;
	} else if (s[p] == '-') {
		q = p + 1;
	} else {
		return ACCESS_NO_MATCH;
	}
	set(ov, 7, p, q);
	p = q;
	set(ov, 8, (size_t)-1, (size_t)-1);
	set(ov, 9, (size_t)-1, (size_t)-1);
	/* the optional ' "referer" "ua"' */
	if (len - p >= 2 && s[p] == ' ' && s[p + 1] == '"') {
		q = quoted(s, p + 2, len);
		r = q > 1 && len - q >= 3 && s[q + 1] == ' ' && s[q + 2] == '"' ? quoted(s, q + 3, len) : 0;
		if (q == 1 || r == 1)
			return ACCESS_UNSURE;
		if (r) {
			set(ov, 8, p + 2, q);
			set(ov, 9, q + 3, r);
			p = r + 1;
		}
	}
	/* (?<extra>.*)$: '.' stops at a line break, '$' may precede a last one */
	if (memchr(s + p, '\n', len - p))
		return ACCESS_UNSURE;
	set(ov, 10, p, len);
	set(ov, 0, 0, len);
	return ACCESS_GROUPS;
}
