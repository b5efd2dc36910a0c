/*
 * event: the field table and what it drives.  Keys are written in table
 * order so output is diffable; both decoders store values through one
 * function (field_store), so the fast path cannot read a value differently
 * from the general one.
 */
#include "event.h"

#include <math.h>   /* isfinite, fabs */
#include <stdio.h>  /* snprintf */
#include <string.h> /* memset, memcmp */

#include "buf.h"
#include "jsonr.h"
#include "jsonw.h"
#include "scan.h"
#include "tstamp.h"

#define TABLE_ENTRY(id, name, type, member, flags)                                  \
	[id] = { name, sizeof(name) - 1, type, offsetof(struct event, member), flags,  \
		 ",\"" name "\":", sizeof(",\"" name "\":") - 1 },

const struct event_field event_fields[EF_COUNT] = { EVENT_FIELDS(TABLE_ENTRY) };

/* The field named k[0..n), looked up from *hint on: keys usually come in
 * table order (ingest writes them so), which makes a lookup one or two
 * comparisons; the hint is advanced past a hit. */
/* Each key's length and its first and last bytes, packed densely so the
 * lookup below scans bytes, not table entries. */
#define KEY_TAG(id, name, type, member, flags) \
	(uint32_t)(sizeof(name) - 1) | (uint32_t)(unsigned char)name[0] << 8 | \
		(uint32_t)(unsigned char)name[sizeof(name) - 2] << 16,
static const uint32_t key_tags[EF_COUNT] = { EVENT_FIELDS(KEY_TAG) };

static inline __attribute__((always_inline)) const struct event_field *
find_from(const char *k, size_t n, size_t *hint)
{
	uint32_t tag;
	size_t i = *hint < EF_COUNT ? *hint : 0;

	if (n == 0 || n > 255)
		return NULL;
	tag = (uint32_t)n | (uint32_t)(unsigned char)k[0] << 8 | (uint32_t)(unsigned char)k[n - 1] << 16;
	for (size_t tried = 0; tried < EF_COUNT; tried++, i = i + 1 < EF_COUNT ? i + 1 : 0) {
		const char *name = event_fields[i].name;
		size_t j = 1;

		if (key_tags[i] != tag)
			continue;
		while (j + 1 < n && name[j] == k[j]) /* keys are short: no call to memcmp */
			j++;
		if (j + 1 >= n) {
			*hint = i + 1;
			return &event_fields[i];
		}
	}
	return NULL;
}

const struct event_field *event_field_find(const char *k, size_t n)
{
	size_t hint = 0;

	return n ? find_from(k, n, &hint) : NULL;
}

static int span_text(const struct span *s, char *dst, size_t cap)
{
	if (!s->len || s->len >= cap)
		return -1;
	memcpy(dst, s->p, s->len);
	dst[s->len] = '\0';
	return (int)s->len;
}

int event_field_text(const struct event *e, const struct event_field *f, char *dst,
		     size_t cap)
{
	switch (f->type) {
	case EVT_SPAN:
		return span_text(event_span((struct event *)e, f), dst, cap);
	case EVT_LEVEL:
		return e->level ? snprintf(dst, cap, "%s", level_name(e->level)) : -1;
	case EVT_STATUS:
		return e->status ? snprintf(dst, cap, "%d", e->status) : -1;
	case EVT_INT:
		return e->has_bytes ? snprintf(dst, cap, "%lld", (long long)e->bytes) : -1;
	case EVT_LATENCY:
		return e->has_latency ? snprintf(dst, cap, "%.3f", e->latency_ms) : -1;
	case EVT_TS:
		if (!e->has_ts || cap < 25)
			return -1;
		tstamp_format(e->ts_ms, dst);
		return 24;
	case EVT_LINE:
		return snprintf(dst, cap, "%llu", (unsigned long long)e->line);
	case EVT_NLINES:
		return snprintf(dst, cap, "%u", e->nlines);
	case EVT_FLAG:
		return e->truncated ? snprintf(dst, cap, "true") : -1;
	case EVT_TAGS:
		break;
	}
	return -1;
}

void event_reset(struct event *e)
{
	memset(e, 0, sizeof *e);
}

/* The encoder, one function a type; ENCODE below calls them field by
 * field from EVENT_FIELDS with constant keys. */
static inline void enc_key(struct buf *b, enum event_field_id id)
{
	buf_add16(b, event_fields[id].key, event_fields[id].keylen);
}

static inline void enc_span(struct buf *b, enum event_field_id id, const struct span *s,
			    bool always)
{
	if (!s->len && !always)
		return;
	enc_key(b, id);
	jsonw_str(b, s->p, s->len);
}

static void enc_ts(struct buf *b, enum event_field_id id, const struct event *e)
{
	char ts[25];

	if (!e->has_ts)
		return;
	tstamp_format(e->ts_ms, ts);
	enc_key(b, id);
	buf_addc(b, '"');
	buf_add(b, ts, 24);
	buf_addc(b, '"');
}

static inline void enc_level(struct buf *b, enum event_field_id id, const struct event *e)
{
	if (!e->level)
		return;
	enc_key(b, id);
	buf_addc(b, '"');
	buf_adds(b, level_name(e->level));
	buf_addc(b, '"');
}

static inline void enc_int(struct buf *b, enum event_field_id id, bool has, int64_t v)
{
	if (!has)
		return;
	enc_key(b, id);
	jsonw_int(b, v);
}

static inline void enc_latency(struct buf *b, enum event_field_id id, const struct event *e)
{
	if (!e->has_latency)
		return;
	enc_key(b, id);
	jsonw_num3(b, e->latency_ms);
}

static void enc_tags(struct buf *b, enum event_field_id id, const struct event *e)
{
	if (!e->ntags)
		return;
	enc_key(b, id);
	buf_addc(b, '[');
	for (unsigned i = 0; i < e->ntags; i++) {
		if (i)
			buf_addc(b, ',');
		jsonw_str(b, e->tags[i].p, e->tags[i].len);
	}
	buf_addc(b, ']');
}

static inline void enc_flag(struct buf *b, enum event_field_id id, bool on)
{
	if (!on)
		return;
	enc_key(b, id);
	buf_adds(b, "true");
}

/* One field of e (origin fields from o): the type picks the function. */
#define ENC_EVT_SPAN(id, m, fl) enc_span(b, id, &((fl) & EVF_ORIGIN ? o : e)->m, (fl) & EVF_ORIGIN)
#define ENC_EVT_TS(id, m, fl) enc_ts(b, id, e)
#define ENC_EVT_LINE(id, m, fl) enc_int(b, id, true, (int64_t)o->m)
#define ENC_EVT_LEVEL(id, m, fl) enc_level(b, id, e)
#define ENC_EVT_STATUS(id, m, fl) enc_int(b, id, e->m != 0, e->m)
#define ENC_EVT_INT(id, m, fl) enc_int(b, id, e->has_bytes, e->m)
#define ENC_EVT_LATENCY(id, m, fl) enc_latency(b, id, e)
#define ENC_EVT_TAGS(id, m, fl) enc_tags(b, id, e)
#define ENC_EVT_FLAG(id, m, fl) enc_flag(b, id, e->m)
#define ENC_EVT_NLINES(id, m, fl) enc_int(b, id, e->m > 1, e->m)
#define ENCODE_OPEN(id, name, type, member, flags) \
	if (!((flags) & EVF_CLOSE)) { ENC_##type(id, member, flags); }
#define ENCODE_CLOSE(id, name, type, member, flags) \
	if ((flags) & EVF_CLOSE) { ENC_##type(id, member, flags); }

void event_encode_open(struct buf *b, const struct event *e,
		       const char *source, uint64_t line, const char *format)
{
	struct event origin; /* where the record came from, as the caller says */
	const struct event *o = &origin;

	origin.src = (struct span){ source, strlen(source) };
	origin.fmt = (struct span){ format, strlen(format) };
	origin.line = line;
	buf_add(b, "{\"v\":1", 6);
	EVENT_FIELDS(ENCODE_OPEN)
	for (unsigned i = 0; i < e->nmetrics; i++) { /* names need no escapes */
		buf_add(b, ",\"m.", 4);
		buf_add(b, e->metrics[i].name.p, e->metrics[i].name.len);
		buf_add(b, "\":", 2);
		jsonw_num3(b, e->metrics[i].v);
	}
}

bool event_metric_name_ok(const char *name, size_t len)
{
	if (!len || len >= EVENT_METRIC_NAME)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!(scan_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

void event_metric(struct event *e, struct span name, double v)
{
	unsigned i = 0;

	if (!isfinite(v) || fabs(v) > 9e15)
		return;
	while (i < e->nmetrics && !(e->metrics[i].name.len == name.len &&
				    !memcmp(e->metrics[i].name.p, name.p, name.len)))
		i++;
	if (i == EVENT_MAX_METRICS)
		return;
	e->metrics[i] = (struct event_metric){ name, v };
	if (i == e->nmetrics)
		e->nmetrics++;
}

/* A decoded "m.NAME" member: its number, else nothing. */
static void metric_store(struct event *e, const char *k, size_t kn, enum jsonr_type t,
			 const char *s, size_t len)
{
	double d;

	if (t == JSONR_NUMBER && event_metric_name_ok(k + 2, kn - 2) &&
	    !scan_decimal(s, len, true, &d))
		event_metric(e, (struct span){ k + 2, kn - 2 }, d);
}

/* Whether k[0..kn) is a metric's key, "m.NAME". */
static bool is_metric_key(const char *k, size_t kn)
{
	return kn > 2 && k[0] == 'm' && k[1] == '.';
}

void event_encode_close(struct buf *b, const struct event *e)
{
	const struct event *o = e;

	EVENT_FIELDS(ENCODE_CLOSE)
	(void)o;
	buf_add(b, "}\n", 2);
}

void event_tag(struct event *e, const char *id)
{
	size_t n = strlen(id);

	if (event_has_tag(e, id))
		return;
	if (e->ntags < EVENT_MAX_TAGS)
		e->tags[e->ntags++] = (struct span){ id, n };
}

bool event_has_tag(const struct event *e, const char *id)
{
	size_t n = strlen(id);

	for (unsigned i = 0; i < e->ntags; i++)
		if (e->tags[i].len == n && !memcmp(e->tags[i].p, id, n))
			return true;
	return false;
}

/* Integer value of a number span (no sign, no fraction); -1 if not one. */
static int64_t span_int(const char *s, size_t len)
{
	int64_t v;

	return scan_int64(s, len, EVENT_MAX_INT, &v) ? -1 : v;
}

/* A non-negative decimal ("410.2"); -1 if not one. */
static double span_num(const char *s, size_t len)
{
	double v;

	return scan_decimal(s, len, false, &v) ? -1 : v;
}

/* The event's time: tstamp_parse reads the layout event_encode_open
 * writes at fixed places, before any other. */
static int decode_ts(const char *s, size_t len, int64_t *ms)
{
	return tstamp_parse(s, len, NULL, ms) == len ? 0 : -1;
}

/* The level names event_encode_open writes, else level_parse. */
static enum level level_canonical(const char *s, size_t n)
{
	static const enum level by_first[26] = {
		['a' - 'a'] = LEVEL_ALERT, ['c' - 'a'] = LEVEL_CRITICAL, ['d' - 'a'] = LEVEL_DEBUG,
		['e' - 'a'] = LEVEL_ERROR, ['i' - 'a'] = LEVEL_INFO, ['n' - 'a'] = LEVEL_NOTICE,
		['t' - 'a'] = LEVEL_TRACE, ['w' - 'a'] = LEVEL_WARN,
	};
	enum level l = n && s[0] >= 'a' && s[0] <= 'z' ? by_first[s[0] - 'a'] : LEVEL_NONE;
	const char *name = l ? level_name(l) : NULL;

	if (n == 9 && !memcmp(s, "emergency", 9))
		return LEVEL_EMERGENCY;
	if (name && strlen(name) == n && !memcmp(name, s, n))
		return l;
	return level_parse(s, n);
}

/*
 * Stores a decoded value of field f: a string (unescaped) or the text of a
 * number.  Returns 0, or -1 when the value makes the event malformed (a
 * number field holding something else, a time that is not one, a status
 * out of range).  A value of another type than a text field takes is
 * ignored, as are unknown keys: newer writers may add both.
 */
static int field_store(struct event *e, const struct event_field *f, enum jsonr_type t,
		       const char *s, size_t len)
{
	bool number_field = f->type == EVT_STATUS || f->type == EVT_INT || f->type == EVT_LATENCY;
	int64_t n;
	double d;

	if (number_field && t != JSONR_NUMBER)
		return -1;
	switch (f->type) {
	case EVT_SPAN:
		if (t == JSONR_STRING)
			*event_span(e, f) = (struct span){ s, len };
		return 0;
	case EVT_LEVEL:
		if (t == JSONR_STRING)
			e->level = level_canonical(s, len);
		return 0;
	case EVT_TS:
		if (t != JSONR_STRING)
			return 0;
		if (decode_ts(s, len, &e->ts_ms))
			return -1;
		e->has_ts = true;
		return 0;
	case EVT_STATUS:
		if ((n = span_int(s, len)) < 0 || n > 999)
			return -1;
		e->status = (int)n;
		return 0;
	case EVT_INT:
		if ((n = span_int(s, len)) < 0)
			return -1;
		e->has_bytes = true;
		e->bytes = n;
		return 0;
	case EVT_LATENCY:
		if ((d = span_num(s, len)) < 0)
			return -1;
		/* as ingest caps what it reads: past the cap the writer would
		 * have to write null, which no reader takes back */
		e->has_latency = true;
		e->latency_ms = d > EVENT_MAX_LATENCY_MS ? EVENT_MAX_LATENCY_MS : d;
		return 0;
	case EVT_LINE:
		if (t == JSONR_NUMBER)
			e->line = (uint64_t)((n = span_int(s, len)) > 0 ? n : 0);
		return 0;
	case EVT_NLINES:
		if (t == JSONR_NUMBER)
			e->nlines = (n = span_int(s, len)) > 0 && n < UINT32_MAX ? (uint32_t)n : 0;
		return 0;
	case EVT_FLAG:
		if (t == JSONR_BOOL)
			e->truncated = s[0] == 't';
		return 0;
	case EVT_TAGS:
		break; /* arrays: the general reader's own loop */
	}
	return 0;
}

/* The members every record has besides the event's fields. */
static bool is_key(const char *k, size_t n, const char *lit)
{
	return strlen(lit) == n && !memcmp(k, lit, n);
}

enum event_kind event_decode_generic(const char *line, size_t len, struct buf *scratch,
				     struct event *e)
{
	struct jsonr r;
	struct jsonr_val v;
	int rc, version = 0;
	size_t hint = 0;
	enum event_kind kind = EVENT_IS_EVENT;

	event_reset(e);
	jsonr_init(&r, line, len, scratch);
	while ((rc = jsonr_next(&r, &v)) > 0) {
		const struct event_field *f;

		if (is_key(v.key, v.klen, "v")) {
			if (v.type != JSONR_NUMBER)
				return EVENT_MALFORMED;
			version = (int)span_int(v.s, v.len);
		} else if (is_key(v.key, v.klen, "type")) {
			if (v.type == JSONR_STRING)
				kind = is_key(v.s, v.len, "source") ? EVENT_IS_SOURCE : EVENT_IS_OTHER;
		} else if (is_metric_key(v.key, v.klen)) {
			metric_store(e, v.key, v.klen, v.type, v.s, v.len);
		} else if (!v.klen || !(f = find_from(v.key, v.klen, &hint))) {
			continue;
		} else if (f->type == EVT_TAGS) {
			size_t pos = 0, tl;
			const char *t;
			int k;

			if (v.type != JSONR_ARRAY)
				continue;
			while ((k = jsonr_array_next(&r, &v, &pos, &t, &tl)) > 0)
				if (e->ntags < EVENT_MAX_TAGS)
					e->tags[e->ntags++] = (struct span){ t, tl };
			if (k < 0)
				return EVENT_MALFORMED;
		} else if (field_store(e, f, v.type, v.s, v.len)) {
			return EVENT_MALFORMED;
		}
	}
	if (rc < 0 || version < 1)
		return EVENT_MALFORMED;
	if (version > EVENT_VERSION)
		return EVENT_IS_OTHER;
	return kind;
}

/*
 * The fast path: the compact layout event_encode_open writes — no blanks,
 * no escapes, no arrays — decoded in one pass with no copies.  Anything
 * else (an escape, a tag list, a value of the wrong type, white space)
 * returns -2 and the line goes through event_decode_generic, which is the
 * definition; both store through field_store, and the tests hold the two
 * to the same results.
 */
static int decode_compact(const char *p, const char *end, struct event *e)
{
	int version = 0, kind = EVENT_IS_EVENT;
	size_t hint = 0;

	if (end - p < 3 || *p++ != '{' || *p == '}')
		return -2;
	for (;;) {
		const struct event_field *f;
		enum jsonr_type t;
		const char *k, *v;
		size_t kn, vn;

		if (p >= end || *p != '"')
			return -2;
		k = ++p;
		p = jsonr_string_end(p, end);
		if (end - p < 3 || *p != '"' || p[1] != ':' || p == k)
			return -2;
		kn = (size_t)(p - k);
		p += 2;
		v = p;
		if (*p == '"') {
			p = jsonr_string_end(++v, end);
			if (p >= end || *p != '"')
				return -2; /* an escape, or no end */
			vn = (size_t)(p++ - v);
			t = JSONR_STRING;
		} else if (scan_is_digit(*p) || *p == '-') {
			while (p < end && (scan_is_digit(*p) || *p == '.' || *p == '-' ||
					   *p == '+' || *p == 'e' || *p == 'E'))
				p++;
			vn = (size_t)(p - v);
			t = JSONR_NUMBER;
		} else if (*p == '[' && kn == 4 && !memcmp(k, "tags", 4)) {
			/* ["a","b"]: strings without escapes, as ingest writes its tags */
			p++;
			while (p < end && *p == '"') {
				const char *s = ++p;

				p = jsonr_string_end(p, end);
				if (p >= end || *p != '"')
					return -2;
				if (e->ntags < EVENT_MAX_TAGS)
					e->tags[e->ntags++] = (struct span){ s, (size_t)(p - s) };
				if (++p >= end || *p == ']')
					break;
				if (*p != ',' || p + 1 >= end || p[1] != '"')
					return -2; /* only ',' then a string goes on */
				p++;
			}
			if (p >= end || *p != ']')
				return -2;
			p++;
			goto next;
		} else {
			return -2; /* arrays, objects, true/false/null: the general path */
		}
		if (kn == 1 && k[0] == 'v') {
			if (t != JSONR_NUMBER)
				return -2;
			version = (int)span_int(v, vn);
		} else if (kn == 4 && !memcmp(k, "type", 4)) {
			if (t == JSONR_STRING)
				kind = is_key(v, vn, "source") ? EVENT_IS_SOURCE : EVENT_IS_OTHER;
		} else if (is_metric_key(k, kn)) {
			metric_store(e, k, kn, t, v, vn);
		} else if ((f = find_from(k, kn, &hint)) && field_store(e, f, t, v, vn)) {
			return -2;
		}
	next:
		if (p >= end)
			return -2;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != '}' || p + 1 != end)
			return -2;
		break;
	}
	if (version < 1)
		return -2;
	if (version > EVENT_VERSION)
		return EVENT_IS_OTHER;
	return kind;
}

enum event_kind event_decode(const char *line, size_t len, struct buf *scratch,
			     struct event *e)
{
	int kind;

	event_reset(e);
	kind = decode_compact(line, line + len, e);
	if (kind != -2)
		return (enum event_kind)kind;
	return event_decode_generic(line, len, scratch, e);
}
