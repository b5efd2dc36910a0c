/*
 * event: encoding.  Keys come in a fixed order so output is diffable.
 */
#include "event.h"

#include <string.h> /* memset */

#include "buf.h"
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
}

void event_encode_close(struct buf *b, uint32_t nlines)
{
	if (nlines > 1) {
		JSONW_KEY(b, "lines");
		jsonw_int(b, nlines);
	}
	buf_add(b, "}\n", 2);
}
