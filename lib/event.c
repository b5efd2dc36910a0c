/*
 * event: encoding.  Keys come in a fixed order so output is diffable.
 */
#include "event.h"

#include <string.h> /* memset */

#include "buf.h"
#include "jsonr.h"
#include "jsonw.h"
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
	int64_t v = 0;

	if (len == 0 || len > 18)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* A non-negative decimal ("410.2"); -1 if not one. */
static double span_num(const char *s, size_t len)
{
	double v = 0, scale = 1;
	int dot = 0, digits = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.' && !dot) {
			dot = 1;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (dot)
				v += (s[i] - '0') * (scale /= 10);
			else
				v = v * 10 + (s[i] - '0');
			digits++;
		} else {
			return -1;
		}
	}
	return digits && digits <= 18 ? v : -1;
}

/* The event's time: exactly the layout event_encode_open writes. */
static int decode_ts(const char *s, size_t len, int64_t *ms)
{
	return tstamp_parse(s, len, NULL, ms) == len ? 0 : -1;
}

enum event_kind event_decode(const char *line, size_t len, struct buf *scratch,
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
