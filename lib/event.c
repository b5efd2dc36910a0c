/*
 * event: encoding.  Keys come in a fixed order so output is diffable.
 */
#include "event.h"

#include <string.h> /* memset */

#include "buf.h"
#include "jsonr.h"
#include "jsonw.h"
#include "scan.h"
#include "tstamp.h"

void event_reset(struct event *e)
{
	memset(e, 0, sizeof *e);
}

/* ,"key":"value" for a known span; key is a string literal */
#define SPAN_KEY(b, key, s)                       \
	do {                                      \
		if ((s).len) {                    \
			JSONW_KEY(b, key);        \
			jsonw_str(b, (s).p, (s).len); \
		}                                 \
	} while (0)

void event_encode_open(struct buf *b, const struct event *e,
		       const char *source, uint64_t line, const char *format)
{
	buf_add(b, "{\"v\":1", 6);
	if (e->has_ts) {
		char ts[25];
		tstamp_format(e->ts_ms, ts);
		buf_add(b, ",\"ts\":\"", 7);
		buf_add(b, ts, 24);
		buf_addc(b, '"');
	}
	JSONW_KEY(b, "src");
	jsonw_str(b, source, strlen(source));
	JSONW_KEY(b, "line");
	jsonw_int(b, (int64_t)line);
	JSONW_KEY(b, "fmt");
	buf_addc(b, '"');
	buf_adds(b, format);
	buf_addc(b, '"');
	if (e->level) {
		JSONW_KEY(b, "level");
		buf_addc(b, '"');
		buf_adds(b, level_name(e->level));
		buf_addc(b, '"');
	}
	SPAN_KEY(b, "logger", e->logger);
	SPAN_KEY(b, "host", e->host);
	SPAN_KEY(b, "program", e->program);
	SPAN_KEY(b, "method", e->method);
	SPAN_KEY(b, "path", e->path);
	SPAN_KEY(b, "proto", e->proto);
	if (e->status) {
		JSONW_KEY(b, "status");
		jsonw_int(b, e->status);
	}
	if (e->has_bytes) {
		JSONW_KEY(b, "bytes");
		jsonw_int(b, e->bytes);
	}
	if (e->has_latency) {
		JSONW_KEY(b, "latency_ms");
		jsonw_num3(b, e->latency_ms);
	}
	SPAN_KEY(b, "ip", e->ip);
	SPAN_KEY(b, "user", e->user);
	SPAN_KEY(b, "ua", e->ua);
	SPAN_KEY(b, "referer", e->referer);
	SPAN_KEY(b, "app_status", e->app_status);
	SPAN_KEY(b, "event", e->app_event);
	SPAN_KEY(b, "msg", e->msg);
	if (e->ntags) {
		JSONW_KEY(b, "tags");
		buf_addc(b, '[');
		for (unsigned i = 0; i < e->ntags; i++) {
			if (i)
				buf_addc(b, ',');
			jsonw_str(b, e->tags[i].p, e->tags[i].len);
		}
		buf_addc(b, ']');
	}
}

void event_encode_close(struct buf *b, uint32_t nlines)
{
	if (nlines > 1) {
		JSONW_KEY(b, "lines");
		jsonw_int(b, nlines);
	}
	buf_add(b, "}\n", 2);
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

/* Two digits at s, or -1. */
static int two(const char *s)
{
	int v;

	return scan_digits(s, 2, &v) ? -1 : v;
}

/* The event's time: exactly the layout event_encode_open writes. */

static int decode_ts(const char *s, size_t len, int64_t *ms)
{
	/* "YYYY-MM-DDTHH:MM:SS.mmmZ", as ingest writes it: read directly */
	if (len == 24 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
	    s[16] == ':' && s[19] == '.' && s[23] == 'Z') {
		int c = two(s), y = two(s + 2), mo = two(s + 5), d = two(s + 8), h = two(s + 11),
		    mi = two(s + 14), se = two(s + 17), m1 = two(s + 20), m2 = s[22] - '0';

		if (c >= 0 && y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 &&
		    h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59 && m1 >= 0 &&
		    m2 >= 0 && m2 <= 9 && (d <= 28 || tstamp_parse(s, len, NULL, ms) == len)) {
			*ms = ((tstamp_days_from_civil(c * 100 + y, mo, d) * 24 + h) * 60 + mi) * 60000 +
			      (int64_t)se * 1000 + m1 * 10 + m2;
			return 0;
		}
	}
	return tstamp_parse(s, len, NULL, ms) == len ? 0 : -1;
}

enum event_kind event_decode_generic(const char *line, size_t len, struct buf *scratch,
				     struct event *e)
{
	struct jsonr r;
	struct jsonr_val v;
	int rc, version = 0;
	enum event_kind kind = EVENT_IS_EVENT;

	event_reset(e);
	jsonr_init(&r, line, len, scratch);
	while ((rc = jsonr_next(&r, &v)) > 0) {
		struct span sp = { v.s, v.len };
		struct span *dst = NULL;
		char k0 = v.klen ? v.key[0] : 0;

		if (v.type != JSONR_NUMBER &&
		    (jsonr_key_is(&v, "status") || jsonr_key_is(&v, "latency_ms") ||
		     jsonr_key_is(&v, "bytes") || jsonr_key_is(&v, "v")))
			return EVENT_MALFORMED; /* a number key holding something else */
		if (v.type == JSONR_STRING) {
			switch (k0) {
			case 'l':
				if (jsonr_key_is(&v, "level")) {
					e->level = level_parse(v.s, v.len);
					continue;
				}
				if (jsonr_key_is(&v, "logger")) dst = &e->logger;
				break;
			case 'm':
				if (jsonr_key_is(&v, "msg")) dst = &e->msg;
				else if (jsonr_key_is(&v, "method")) dst = &e->method;
				break;
			case 'p':
				if (jsonr_key_is(&v, "path")) dst = &e->path;
				else if (jsonr_key_is(&v, "proto")) dst = &e->proto;
				else if (jsonr_key_is(&v, "program")) dst = &e->program;
				break;
			case 't':
				if (jsonr_key_is(&v, "ts")) {
					if (decode_ts(v.s, v.len, &e->ts_ms))
						return EVENT_MALFORMED;
					e->has_ts = true;
					continue;
				}
				if (jsonr_key_is(&v, "type"))
					kind = v.len == 6 && !memcmp(v.s, "source", 6)
						       ? EVENT_IS_SOURCE : EVENT_IS_OTHER;
				break;
			case 'i': if (jsonr_key_is(&v, "ip")) dst = &e->ip; break;
			case 'u':
				if (jsonr_key_is(&v, "ua")) dst = &e->ua;
				else if (jsonr_key_is(&v, "user")) dst = &e->user;
				break;
			case 'r': if (jsonr_key_is(&v, "referer")) dst = &e->referer; break;
			case 'h': if (jsonr_key_is(&v, "host")) dst = &e->host; break;
			case 'a': if (jsonr_key_is(&v, "app_status")) dst = &e->app_status; break;
			case 'e': if (jsonr_key_is(&v, "event")) dst = &e->app_event; break;
			case 's': if (jsonr_key_is(&v, "src")) dst = &e->src; break;
			case 'f': if (jsonr_key_is(&v, "fmt")) dst = &e->fmt; break;
			}
			if (dst)
				*dst = sp;
		} else if (v.type == JSONR_NUMBER) {
			int64_t n;
			if (jsonr_key_is(&v, "v")) {
				version = (int)span_int(v.s, v.len);
			} else if (jsonr_key_is(&v, "status")) {
				if ((n = span_int(v.s, v.len)) < 0 || n > 999)
					return EVENT_MALFORMED;
				e->status = (int)n;
			} else if (jsonr_key_is(&v, "latency_ms")) {
				double d = span_num(v.s, v.len);
				if (d < 0)
					return EVENT_MALFORMED;
				e->has_latency = true;
				e->latency_ms = d;
			} else if (jsonr_key_is(&v, "bytes")) {
				if ((n = span_int(v.s, v.len)) < 0)
					return EVENT_MALFORMED;
				e->has_bytes = true;
				e->bytes = n;
			} else if (jsonr_key_is(&v, "line")) {
				e->line = (uint64_t)(span_int(v.s, v.len) > 0 ? span_int(v.s, v.len) : 0);
			} else if (jsonr_key_is(&v, "lines")) {
				n = span_int(v.s, v.len);
				e->nlines = n > 0 && n < UINT32_MAX ? (uint32_t)n : 0;
			}
		} else if (v.type == JSONR_ARRAY && jsonr_key_is(&v, "tags")) {
			size_t pos = 0;
			const char *t;
			size_t tl;
			int k;
			while ((k = jsonr_array_next(&r, &v, &pos, &t, &tl)) > 0)
				if (e->ntags < EVENT_MAX_TAGS)
					e->tags[e->ntags++] = (struct span){ t, tl };
			if (k < 0)
				return EVENT_MALFORMED;
		}
	}
	if (rc < 0 || version < 1)
		return EVENT_MALFORMED;
	if (version > EVENT_VERSION)
		return EVENT_IS_OTHER;
	return kind;
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

/* A string field of the event by key, or NULL. */
static struct span *string_field(struct event *e, const char *k, size_t n)
{
#define IS(lit) (n == sizeof(lit) - 1 && !memcmp(k, lit, n))
	switch (k[0]) {
	case 'a': return IS("app_status") ? &e->app_status : NULL;
	case 'e': return IS("event") ? &e->app_event : NULL;
	case 'f': return IS("fmt") ? &e->fmt : NULL;
	case 'h': return IS("host") ? &e->host : NULL;
	case 'i': return IS("ip") ? &e->ip : NULL;
	case 'l': return IS("logger") ? &e->logger : NULL;
	case 'm': return IS("msg") ? &e->msg : IS("method") ? &e->method : NULL;
	case 'p': return IS("path") ? &e->path : IS("proto") ? &e->proto : IS("program") ? &e->program : NULL;
	case 'r': return IS("referer") ? &e->referer : NULL;
	case 's': return IS("src") ? &e->src : NULL;
	case 'u': return IS("ua") ? &e->ua : IS("user") ? &e->user : NULL;
	}
	return NULL;
#undef IS
}

/*
 * The fast path: the compact layout event_encode_open writes — no blanks,
 * no escapes, no arrays — decoded in one pass with no copies.  Anything
 * else (an escape, a tag list, a value of the wrong type, white space)
 * returns -2 and the line goes through event_decode_generic, which is the
 * definition; the tests hold the two to the same results.
 */
static int decode_compact(const char *p, const char *end, struct event *e)
{
	int version = 0, kind = EVENT_IS_EVENT;

	if (end - p < 3 || *p++ != '{' || *p == '}')
		return -2;
	for (;;) {
		const char *k, *v;
		size_t kn;

		if (p >= end || *p != '"')
			return -2;
		k = ++p;
		while (p < end && *p != '"' && *p != '\\')
			p++;
		if (end - p < 3 || *p != '"' || p[1] != ':' || p == k)
			return -2;
		kn = (size_t)(p - k);
		p += 2;
		v = p;
		if (*p == '"') {
			struct span *dst;

			p = jsonr_string_end(++v, end);
			if (p >= end || *p != '"')
				return -2; /* an escape, or no end */
			if ((dst = string_field(e, k, kn))) {
				*dst = (struct span){ v, (size_t)(p - v) };
			} else if (kn == 5 && !memcmp(k, "level", 5)) {
				e->level = level_canonical(v, (size_t)(p - v));
			} else if (kn == 2 && !memcmp(k, "ts", 2)) {
				if (decode_ts(v, (size_t)(p - v), &e->ts_ms))
					return -2;
				e->has_ts = true;
			} else if (kn == 4 && !memcmp(k, "type", 4)) {
				kind = p - v == 6 && !memcmp(v, "source", 6) ? EVENT_IS_SOURCE : EVENT_IS_OTHER;
			} else if ((kn == 6 && !memcmp(k, "status", 6)) || (kn == 1 && k[0] == 'v') ||
				   (kn == 10 && !memcmp(k, "latency_ms", 10)) ||
				   (kn == 5 && !memcmp(k, "bytes", 5))) {
				return -2; /* a number field holding a string */
			}
			p++;
		} else if ((*p >= '0' && *p <= '9') || *p == '-') {
			int64_t n;

			while (p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
					   *p == '+' || *p == 'e' || *p == 'E'))
				p++;
			if (kn == 1 && k[0] == 'v') {
				version = (int)span_int(v, (size_t)(p - v));
			} else if (kn == 6 && !memcmp(k, "status", 6)) {
				if ((n = span_int(v, (size_t)(p - v))) < 0 || n > 999)
					return -2;
				e->status = (int)n;
			} else if (kn == 10 && !memcmp(k, "latency_ms", 10)) {
				double d = span_num(v, (size_t)(p - v));
				if (d < 0)
					return -2;
				e->has_latency = true;
				e->latency_ms = d;
			} else if (kn == 5 && !memcmp(k, "bytes", 5)) {
				if ((n = span_int(v, (size_t)(p - v))) < 0)
					return -2;
				e->has_bytes = true;
				e->bytes = n;
			} else if (kn == 4 && !memcmp(k, "line", 4)) {
				n = span_int(v, (size_t)(p - v));
				e->line = (uint64_t)(n > 0 ? n : 0);
			} else if (kn == 5 && !memcmp(k, "lines", 5)) {
				n = span_int(v, (size_t)(p - v));
				e->nlines = n > 0 && n < UINT32_MAX ? (uint32_t)n : 0;
			}
		} else {
			return -2; /* arrays, objects, true/false/null: the general path */
		}
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
