/*
 * fingerprint: one left-to-right scan; at each position the longest
 * masked shape that starts there wins, else the byte is copied.  Character
 * classes are ASCII tests here, never ctype.h on log bytes.
 */
#include "fingerprint.h"

#include <string.h> /* memcmp */

#include "buf.h"
#include "scan.h"

static int is_word(char c) { return scan_is_alpha(c) || scan_is_digit(c) || c == '_'; }
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Length of a UUID at p (8-4-4-4-12 hex), or 0. */
static size_t uuid_at(const char *p, const char *end)
{
	static const int groups[] = { 8, 4, 4, 4, 12 };
	const char *q = p;

	for (int g = 0; g < 5; g++) {
		for (int i = 0; i < groups[g]; i++, q++)
			if (q >= end || !scan_is_hex(*q))
				return 0;
		if (g < 4 && (q >= end || *q++ != '-'))
			return 0;
	}
	return (size_t)(q - p);
}

/* Length of a dotted IPv4 (with optional :port), or 0. */
static size_t ipv4_at(const char *p, const char *end)
{
	const char *q = p;

	for (int part = 0; part < 4; part++) {
		int n = 0;
		while (q < end && scan_is_digit(*q) && n < 3)
			q++, n++;
		if (n == 0)
			return 0;
		if (part < 3 && (q >= end || *q++ != '.'))
			return 0;
	}
	if (q < end && (scan_is_digit(*q) || *q == '.'))
		return 0;
	if (q + 1 < end && *q == ':' && scan_is_digit(q[1]))
		for (q++; q < end && scan_is_digit(*q); q++)
			;
	return (size_t)(q - p);
}

/* IPv6: hex groups with at least two colons, e.g. 2001:db8::17. */
static size_t ipv6_at(const char *p, const char *end)
{
	const char *q = p;
	int colons = 0, hex = 0;

	while (q < end && (scan_is_hex(*q) || *q == ':')) {
		if (*q == ':')
			colons++;
		else
			hex++;
		q++;
	}
	return colons >= 2 && hex >= 1 && q - p >= 3 ? (size_t)(q - p) : 0;
}

/* A run of word characters containing a digit: a hex id or a number. */
static size_t number_at(const char *p, const char *end, int *kind)
{
	const char *q = p;
	int digits = 0, hexonly = 1, alpha = 0;

	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && scan_is_hex(p[2])) {
		for (q = p + 2; q < end && scan_is_hex(*q); q++)
			;
		*kind = 1;
		return (size_t)(q - p);
	}
	if (scan_is_digit(*p)) {
		/* a number with an optional fraction and a unit ("1.25s", "404") */
		const char *r;
		while (q < end && (scan_is_digit(*q) || (*q == '.' && q + 1 < end && scan_is_digit(q[1]))))
			q++;
		for (r = q; r < end && scan_is_alpha(*r); r++)
			;
		if (r >= end || !is_word(*r)) {
			*kind = 0;
			return (size_t)(q - p);
		}
		q = p; /* digits, letters, digits: maybe a hex id, below */
	}
	for (; q < end && (is_word(*q) || *q == '.' || *q == '-'); q++) {
		if (scan_is_digit(*q))
			digits++;
		else if (scan_is_alpha(*q))
			alpha++, hexonly &= scan_is_hex(*q);
		if ((*q == '.' || *q == '-') && !(q + 1 < end && scan_is_digit(q[1])))
			break;
	}
	if (!digits)
		return 0;
	if (alpha == 0) {
		*kind = 0; /* a number, maybe with a fraction */
		return (size_t)(q - p);
	}
	if (hexonly && q - p >= 8) {
		*kind = 1;
		return (size_t)(q - p);
	}
	return 0; /* a word with digits in it (http2, utf8): keep */
}

static size_t email_at(const char *p, const char *end)
{
	const char *q = p, *at;

	while (q < end && (is_word(*q) || *q == '.' || *q == '-' || *q == '+'))
		q++;
	if (q == p || q >= end || *q != '@')
		return 0;
	at = ++q;
	while (q < end && (is_word(*q) || *q == '.' || *q == '-'))
		q++;
	return q > at && memchr(at, '.', (size_t)(q - at)) ? (size_t)(q - p) : 0;
}

static size_t path_at(const char *p, const char *end)
{
	const char *q = p;

	if (end - p >= 3 && scan_is_alpha(p[0]) && p[1] == ':' && p[2] == '\\')
		q = p + 3;
	else if (p[0] == '/' && end - p >= 2 && (is_word(p[1]) || p[1] == '.'))
		q = p + 1;
	else if (end - p > 8 && (!memcmp(p, "http://", 7) || !memcmp(p, "https://", 8)))
		q = p + 7;
	else
		return 0;
	while (q < end && !is_space(*q) && *q != '"' && *q != '\'' && *q != ',' &&
	       *q != ')' && *q != ']')
		q++;
	return (size_t)(q - p);
}

void fingerprint_message(const char *s, size_t len, struct buf *out)
{
	const char *p = s, *end = s + len;
	size_t start = out->len;

	while (p < end && out->len - start < FP_MAX) {
		size_t n;
		int kind;
		int boundary = p == s || !is_word(p[-1]);

		if (is_space(*p)) {
			while (p < end && is_space(*p))
				p++;
			if (out->len > start && p < end)
				buf_addc(out, ' ');
			continue;
		}
		if ((*p == '"' || *p == '\'') && boundary) {
			const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
			if (q && q - p < 400) {
				buf_adds(out, "<str>");
				p = q + 1;
				continue;
			}
		}
		if (boundary && (n = uuid_at(p, end))) {
			buf_adds(out, "<uuid>");
		} else if (boundary && (n = email_at(p, end))) {
			buf_adds(out, "<email>");
		} else if (boundary && (n = ipv4_at(p, end))) {
			buf_adds(out, "<ip>");
		} else if (boundary && (n = ipv6_at(p, end))) {
			buf_adds(out, "<ip>");
		} else if ((p == s || is_space(p[-1]) || p[-1] == '=' || p[-1] == '(') &&
			   (n = path_at(p, end))) {
			buf_adds(out, "<path>");
		} else if (boundary && (n = number_at(p, end, &kind))) {
			buf_adds(out, kind ? "<hex>" : "<n>");
		} else {
			/* copy a word (or one other byte) as it is */
			const char *q = p + 1;
			if (is_word(*p))
				while (q < end && is_word(*q))
					q++;
			buf_add(out, p, (size_t)(q - p));
			n = (size_t)(q - p);
		}
		p += n;
	}
	if (out->len - start > FP_MAX)
		buf_truncate(out, start + FP_MAX);
}

/* What an id-like path segment becomes, or NULL to keep it. */
static const char *segment_mask(const char *p, size_t n)
{
	size_t digits = 0, hex = 0, alnum = 0;

	if (n == 0)
		return NULL;
	if (n == 36 && uuid_at(p, p + n) == n)
		return ":uuid";
	for (size_t i = 0; i < n; i++) {
		digits += scan_is_digit(p[i]) ? 1u : 0u;
		hex += scan_is_hex(p[i]) ? 1u : 0u;
		alnum += is_word(p[i]) || p[i] == '-' ? 1u : 0u;
	}
	if (digits == n)
		return ":id";
	if (hex == n && n >= 16)
		return ":hash";
	if (alnum == n && digits > 0 && n >= 20)
		return ":token";
	if (digits > 0 && digits * 2 >= n && n >= 6)
		return ":id"; /* "inv-20241116", "a1b2c3" style ids */
	return NULL;
}

void path_normalise(const char *s, size_t len, struct buf *out)
{
	const char *p = s, *end, *q;
	int segments = 0;

	if (len == 0) { /* no path (a status alone): s may be NULL */
		buf_addc(out, '/');
		return;
	}
	end = s + len;
	q = memchr(s, '?', len);
	if (q)
		end = q;
	q = memchr(s, '#', (size_t)(end - s));
	if (q)
		end = q;
	if (p == end) {
		buf_addc(out, '/');
		return;
	}
	while (p < end) {
		const char *seg, *mask;
		if (*p == '/') {
			buf_addc(out, '/');
			p++;
			continue;
		}
		seg = p;
		while (p < end && *p != '/')
			p++;
		if (++segments > PATH_MAX_SEGMENTS) {
			buf_adds(out, "...");
			return;
		}
		mask = segment_mask(seg, (size_t)(p - seg));
		if (mask)
			buf_adds(out, mask);
		else
			buf_add(out, seg, (size_t)(p - seg));
	}
}
