/*
 * jsonw: the string escaper appends runs of bytes that need no escaping in
 * one call; everything else is decided per byte from a 256-entry table.
 */
#include "jsonw.h"

#include <math.h>   /* isfinite, llround */
#include <stdint.h> /* uint64_t */
#include <stdio.h>  /* snprintf */
#include <string.h> /* strlen */
#ifdef __SSE2__
#include <emmintrin.h> /* every x86-64 has it */
#endif

#include "buf.h"

/* 0: copy as is; 1: needs escaping or UTF-8 checking: control bytes,
 * '"', '\\', DEL and every byte >= 0x80 */
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char special[256] = {
	R16(1), R16(1),                                   /* 0x00-0x1f */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x20-0x2f: '"' */
	R16(0), R16(0),                                   /* 0x30-0x4f */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,   /* 0x50-0x5f: '\\' */
	R16(0),                                           /* 0x60-0x6f */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,   /* 0x70-0x7f: DEL */
	R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1), R16(1),
};
#undef R16

size_t jsonw_utf8_len(const unsigned char *p, size_t avail)
{
	unsigned c = p[0];
	size_t n;
	unsigned min;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

size_t jsonw_plain_len(const char *s, size_t n, size_t cap)
{
	size_t i = 0;

	if (n > cap - 1)
		n = cap - 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= n; i += 8) { /* a NUL or a high bit in eight bytes */
		uint64_t x;

		memcpy(&x, s + i, 8);
		if ((x | ((x - 0x0101010101010101ULL) & ~x)) & 0x8080808080808080ULL)
			return SIZE_MAX;
	}
#endif
	for (; i < n; i++)
		if (!s[i] || (unsigned char)s[i] >= 0x80)
			return SIZE_MAX;
	return n;
}

size_t jsonw_storable(char *dst, size_t cap, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t out = 0, plain = jsonw_plain_len(s, n, cap);

	if (plain != SIZE_MAX) { /* most */
		memcpy(dst, s, plain);
		dst[plain] = '\0';
		return plain;
	}
	for (size_t i = 0; i < n;) {
		size_t k = p[i] ? jsonw_utf8_len(p + i, n - i) : 0;
		const char *from = k ? s + i : "\xef\xbf\xbd"; /* U+FFFD */
		size_t len = k ? k : 3;

		if (out + len > cap - 1)
			break;
		memcpy(dst + out, from, len);
		out += len;
		i += k ? k : 1;
	}
	dst[out] = '\0';
	return out;
}

/* The first byte of [p, end) that needs escaping or UTF-8 checking, or
 * end.  Eight bytes a step (SWAR): a mask's lowest flagged byte is always
 * a true hit (borrows only reach upwards), so the lowest of them all is
 * the first special byte.  Log text is mostly plain: this is where
 * ingest's output spends its time (issue 14). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ONES 0x0101010101010101ULL
static uint64_t special8(uint64_t x)
{
	uint64_t q = x ^ (ONES * '"'), bs = x ^ (ONES * '\\'), del = x ^ (ONES * 0x7f);

	return (x | ((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) | ((bs - ONES) & ~bs) |
		((del - ONES) & ~del)) & (ONES * 0x80);
}
#endif

#ifdef __SSE2__
/* The same for sixteen bytes, a bit per byte: a signed compare with 0x20
 * flags the control bytes and those >= 0x80 at once. */
static unsigned special16(const unsigned char *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
					      _mm_cmpeq_epi8(x, _mm_set1_epi8('"'))),
				 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\')),
					      _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f))));

	return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* s: where the string starts, so a tail can be read as the string's last
 * eight (or sixteen) bytes */
static const unsigned char *plain_run(const unsigned char *s, const unsigned char *p,
				      const unsigned char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x, m;

#ifdef __SSE2__
	if (end - s >= 16) {
		unsigned m16;

		for (; end - p >= 16; p += 16)
			if ((m16 = special16(p)))
				return p + __builtin_ctz(m16);
		if (p == end)
			return end;
		m16 = special16(end - 16) >> (16 - (end - p));
		return m16 ? p + __builtin_ctz(m16) : end;
	}
#endif
	for (; end - p >= 8; p += 8) {
		memcpy(&x, p, 8);
		if ((m = special8(x)))
			return p + (__builtin_ctzll(m) >> 3);
	}
	if (p < end && end - s >= 8) { /* the last word again, without its read part */
		memcpy(&x, end - 8, 8);
		m = special8(x) >> (8 * (8 - (end - p)));
		return m ? p + (__builtin_ctzll(m) >> 3) : end;
	}
#else
	(void)s;
#endif
	while (p < end && !special[*p])
		p++;
	return p;
}

void jsonw_str(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	static const char hex[] = "0123456789abcdef";

	buf_addc(b, '"');
	while (p < end) {
		const unsigned char *run = p;
		p = plain_run((const unsigned char *)s, p, end);
		if (p > run)
			buf_add(b, run, (size_t)(p - run));
		if (p == end)
			break;
		unsigned c = *p;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			buf_add(b, e, 2);
			p++;
		} else if (c == '\n') {
			buf_add(b, "\\n", 2);
			p++;
		} else if (c == '\t') {
			buf_add(b, "\\t", 2);
			p++;
		} else if (c == '\r') {
			buf_add(b, "\\r", 2);
			p++;
		} else if (c < 0x20 || c == 0x7f) {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			buf_add(b, e, 6);
			p++;
		} else {
			size_t n = jsonw_utf8_len(p, (size_t)(end - p));
			if (n) {
				buf_add(b, p, n);
				p += n;
			} else {
				buf_add(b, "\xef\xbf\xbd", 3); /* U+FFFD */
				p++;
			}
		}
	}
	buf_addc(b, '"');
}

void jsonw_member(struct buf *b, const char *key)
{
	jsonw_key(b, key, b->len && (b->p[b->len - 1] == '{' || b->p[b->len - 1] == '['));
}

void jsonw_uint(struct buf *b, uint64_t v)
{
	jsonw_int(b, v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v);
}

void jsonw_key(struct buf *b, const char *key, int first)
{
	if (!first)
		buf_addc(b, ',');
	buf_addc(b, '"');
	buf_adds(b, key);
	buf_add(b, "\":", 2);
}

void jsonw_member_named(struct buf *b, const char *name)
{
	if (b->len && b->p[b->len - 1] != '{' && b->p[b->len - 1] != '[')
		buf_addc(b, ',');
	jsonw_str(b, name, strlen(name));
	buf_addc(b, ':');
}

/* Two digits a step, from a table: every event has four or five numbers. */
void jsonw_int(struct buf *b, int64_t v)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324"
				    "25262728293031323334353637383940414243444546474849"
				    "50515253545556575859606162636465666768697071727374"
				    "75767778798081828384858687888990919293949596979899";
	char tmp[24];
	char *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	for (; u >= 100; u /= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

void jsonw_kv_int(struct buf *b, const char *key, int64_t v)
{
	jsonw_key(b, key, 0);
	jsonw_int(b, v);
}

void jsonw_num3(struct buf *b, double v)
{
	int64_t milli;

	if (!isfinite(v) || fabs(v) > 9e15) {
		buf_add(b, "null", 4);
		return;
	}
	milli = (int64_t)llround(v * 1000.0);
	if (milli < 0) {
		buf_addc(b, '-');
		milli = -milli;
	}
	jsonw_int(b, milli / 1000);
	if (milli % 1000) {
		char f[5] = { '.', (char)('0' + milli % 1000 / 100),
			      (char)('0' + milli % 100 / 10), (char)('0' + milli % 10), 0 };
		size_t n = 4;
		while (f[n - 1] == '0')
			n--;
		buf_add(b, f, n);
	}
}
