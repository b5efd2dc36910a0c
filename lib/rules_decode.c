/*
 * rules_decode: the text the rules see.  Percent-decoding repeated until
 * stable (at most 3 rounds, %uXXXX included), '+' as a space in targets,
 * HTML entities, NULs dropped, ASCII lowercase: so encodings do not evade
 * the rules.
 */
#include "rules_int.h"

#include <stdint.h> /* uint64_t */
#include <string.h> /* memchr, memcpy */
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "scan.h"

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
void rules_entities(const char *s, size_t n, struct buf *out)
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

/* Copies s[0..n) to d in ASCII lowercase without its NULs; returns the
 * end.  Eight bytes a step where they hold no NUL: a byte in 'A'..'Z'
 * gains 0x20 (for 7-bit bytes, +0x3f sets the high bit from 'A' up and
 * +0x25 from '[' up; their difference marks the capitals).  Every record
 * of every field comes through here. */
static char *lower_copy(char *d, const char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	/* sixteen bytes a step (every x86-64); a signed compare leaves the
	 * bytes >= 0x80 out of 'A'..'Z' */
	const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1);
	const __m128i zero = _mm_setzero_si128(), bit = _mm_set1_epi8(0x20);

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i)), caps;

		if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, zero)))
			break; /* a NUL: the bytes from here as below */
		caps = _mm_and_si128(_mm_cmpgt_epi8(x, before_a), _mm_cmplt_epi8(x, after_z));
		_mm_storeu_si128((__m128i *)(void *)d, _mm_or_si128(x, _mm_and_si128(caps, bit)));
		d += 16;
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ULL, highs = ones * 0x80;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, low7, caps;

		memcpy(&x, s + i, 8);
		if ((x - ones) & ~x & highs)
			break; /* a NUL: the bytes from here one by one */
		low7 = x & ~highs;
		caps = ((low7 + ones * 0x3f) ^ (low7 + ones * 0x25)) & ~x & highs;
		x |= caps >> 2;
		memcpy(d, &x, 8);
		d += 8;
	}
#endif
	for (; i < n; i++)
		if (s[i])
			*d++ = scan_lower(s[i]);
	return d;
}

/* The decoding, with two scratch buffers the caller keeps (no allocation
 * per record once they have grown). */
void rules_decode_into(const char *s, size_t len, bool target, struct buf *a, struct buf *b,
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
		rules_entities(p, n, dst);
		p = dst->p;
		n = dst->len;
	}
	if (buf_grow(out, n))
		return;
	out->len = (size_t)(lower_copy(out->p + out->len, p, n) - out->p); /* buf_grow left room */
	out->p[out->len] = '\0';
}

void rules_decode(const char *s, size_t len, bool target, struct buf *out)
{
	struct buf a, b;

	buf_init(&a, 0);
	buf_init(&b, 0);
	rules_decode_into(s, len, target, &a, &b, out);
	buf_release(&a);
	buf_release(&b);
}

