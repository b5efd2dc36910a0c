/*
 * jsonr: a cursor parser; every step checks the end pointer.  Decoded
 * strings are appended to scratch, which the caller sized for the line
 * (no reallocation can move earlier strings: see jsonr_init).
 */
#include "jsonr.h"

#include <stdint.h>
#include <string.h> /* memchr, strlen, memcmp */

#include "buf.h"

void jsonr_init(struct jsonr *r, const char *p, size_t len, struct buf *scratch)
{
	r->p = p;
	r->end = p + len;
	r->scratch = scratch;
	r->state = 0;
	buf_reset(scratch);
	/* decoded strings are never longer than the text: reserve it all so
	 * spans handed out stay valid */
	buf_grow(scratch, len + 8);
}

static void ws(struct jsonr *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return -1;
	}
	*out = v;
	return 0;
}


/* Reads a string at r->p ('"'); sets s/len (in place or in scratch). */
static int string(struct jsonr *r, const char **s, size_t *len)
{
	const char *start = ++r->p, *q;
	size_t off;

	q = jsonr_string_end(start, r->end);
	if (q >= r->end)
		return -1;
	if (*q == '"') { /* no escapes: in place */
		*s = start;
		*len = (size_t)(q - start);
		r->p = q + 1;
		return 0;
	}
	off = r->scratch->len;
	buf_add(r->scratch, start, (size_t)(q - start));
	while (q < r->end && *q != '"') {
		if (*q != '\\') {
			const char *run = q;
			while (q < r->end && *q != '"' && *q != '\\')
				q++;
			buf_add(r->scratch, run, (size_t)(q - run));
			continue;
		}
		if (++q >= r->end)
			return -1;
		switch (*q) {
		case '"': case '\\': case '/': buf_addc(r->scratch, *q); break;
		case 'b': buf_addc(r->scratch, '\b'); break;
		case 'f': buf_addc(r->scratch, '\f'); break;
		case 'n': buf_addc(r->scratch, '\n'); break;
		case 'r': buf_addc(r->scratch, '\r'); break;
		case 't': buf_addc(r->scratch, '\t'); break;
		case 'u': {
			unsigned cp, lo;
			if (r->end - q < 5 || hex4(q + 1, &cp))
				return -1;
			q += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && r->end - q >= 7 &&
			    q[1] == '\\' && q[2] == 'u' && hex4(q + 3, &lo) == 0 &&
			    lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				q += 6;
			} else if (cp >= 0xd800 && cp <= 0xdfff) {
				cp = 0xfffd; /* a lone surrogate */
			}
			buf_add_utf8(r->scratch, cp);
			break;
		}
		default:
			return -1;
		}
		q++;
	}
	if (q >= r->end || r->scratch->err)
		return -1;
	*s = r->scratch->p + off;
	*len = r->scratch->len - off;
	r->p = q + 1;
	return 0;
}

/* A key: short, so a plain loop wins over stop()'s word scan; a key
 * with escapes takes the general path. */
static int key(struct jsonr *r, const char **s, size_t *len)
{
	const char *q = r->p + 1;

	while (q < r->end && *q != '"' && *q != '\\')
		q++;
	if (q < r->end && *q == '"') {
		*s = r->p + 1;
		*len = (size_t)(q - *s);
		r->p = q + 1;
		return 0;
	}
	return string(r, s, len);
}

/* Skips a value of any kind (for nested objects and arrays). */
static int skip(struct jsonr *r, int depth)
{
	const char *s;
	size_t len;

	if (depth > JSONR_DEPTH)
		return -1;
	ws(r);
	if (r->p >= r->end)
		return -1;
	if (*r->p == '"')
		return string(r, &s, &len);
	if (*r->p == '{' || *r->p == '[') {
		char close = *r->p == '{' ? '}' : ']';
		int obj = *r->p == '{';
		r->p++;
		ws(r);
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return 0;
		}
		for (;;) {
			if (obj) {
				ws(r);
				if (r->p >= r->end || *r->p != '"' || string(r, &s, &len))
					return -1;
				ws(r);
				if (r->p >= r->end || *r->p++ != ':')
					return -1;
			}
			if (skip(r, depth + 1))
				return -1;
			ws(r);
			if (r->p >= r->end)
				return -1;
			if (*r->p == ',') {
				r->p++;
				continue;
			}
			if (*r->p++ == close)
				return 0;
			return -1;
		}
	}
	/* number, true, false, null: a run of their characters */
	s = r->p;
	while (r->p < r->end && *r->p && strchr("0123456789+-.eEtruefalsn", *r->p))
		r->p++;
	return r->p > s ? 0 : -1;
}

static int scalar(struct jsonr *r, struct jsonr_val *v)
{
	const char *s = r->p;

	while (r->p < r->end && ((*r->p >= '0' && *r->p <= '9') || *r->p == '.' || *r->p == '-' ||
				 *r->p == '+' || *r->p == 'e' || *r->p == 'E'))
		r->p++;
	if (r->p > s) {
		v->type = JSONR_NUMBER;
		v->s = s;
		v->len = (size_t)(r->p - s);
		return 0;
	}
	static const struct { const char *w; enum jsonr_type t; } words[] = {
		{ "true", JSONR_BOOL }, { "false", JSONR_BOOL }, { "null", JSONR_NULL },
	};
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(words[i].w);
		if ((size_t)(r->end - r->p) >= n && !memcmp(r->p, words[i].w, n)) {
			v->type = words[i].t;
			v->s = r->p;
			v->len = n;
			r->p += n;
			return 0;
		}
	}
	return -1;
}

int jsonr_next(struct jsonr *r, struct jsonr_val *v)
{
	if (r->state == 2)
		return 0;
	ws(r);
	if (r->state == 0) {
		if (r->p >= r->end || *r->p != '{')
			return -1;
		r->p++;
		ws(r);
		r->state = 1;
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			goto done;
		}
	} else {
		if (r->p >= r->end)
			return -1;
		if (*r->p == '}') {
			r->p++;
			goto done;
		}
		if (*r->p++ != ',')
			return -1;
		ws(r);
	}
	if (r->p >= r->end || *r->p != '"' || key(r, &v->key, &v->klen))
		return -1;
	ws(r);
	if (r->p >= r->end || *r->p++ != ':')
		return -1;
	ws(r);
	if (r->p >= r->end)
		return -1;
	v->raw = r->p;
	if (*r->p == '"') {
		v->type = JSONR_STRING;
		if (string(r, &v->s, &v->len))
			return -1;
	} else if (*r->p == '[' || *r->p == '{') {
		size_t mark = r->scratch->len;

		v->type = *r->p == '[' ? JSONR_ARRAY : JSONR_OBJECT;
		if (skip(r, 1))
			return -1;
		/* skipping checks the strings inside but keeps none of them: the
		 * scratch they took is given back, or an array's strings, decoded
		 * again by jsonr_array_next, could take more than the text's
		 * length, move the scratch and leave earlier spans dangling */
		buf_truncate(r->scratch, mark);
		v->s = NULL;
		v->len = 0;
	} else if (scalar(r, v)) {
		return -1;
	}
	v->rawlen = (size_t)(r->p - v->raw);
	return 1;
done:
	ws(r);
	r->state = 2;
	return r->p == r->end ? 0 : -1;
}

int jsonr_array_next(struct jsonr *r, const struct jsonr_val *arr, size_t *pos,
		     const char **s, size_t *len)
{
	struct jsonr sub = { arr->raw + *pos, arr->raw + arr->rawlen, r->scratch, 1 };

	if (*pos == 0) {
		sub.p++; /* '[' */
		ws(&sub);
		if (sub.p < sub.end && *sub.p == ']')
			return 0;
	} else {
		ws(&sub);
		if (sub.p >= sub.end)
			return -1;
		if (*sub.p == ']')
			return 0;
		if (*sub.p++ != ',')
			return -1;
		ws(&sub);
	}
	if (sub.p >= sub.end || *sub.p != '"' || string(&sub, s, len))
		return -1;
	*pos = (size_t)(sub.p - arr->raw);
	return 1;
}

