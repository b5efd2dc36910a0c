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

static void span_key(struct buf *b, const char *key, struct span s)
{
	if (!s.len)
		return;
	jsonw_key(b, key, 0);
	jsonw_str(b, s.p, s.len);
}

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
	jsonw_key(b, "src", 0);
	jsonw_str(b, source, strlen(source));
	jsonw_key(b, "line", 0);
	jsonw_int(b, (int64_t)line);
	jsonw_key(b, "fmt", 0);
	buf_addc(b, '"');
	buf_adds(b, format);
	buf_addc(b, '"');
	if (e->level) {
		jsonw_key(b, "level", 0);
		buf_addc(b, '"');
		buf_adds(b, level_name(e->level));
		buf_addc(b, '"');
	}
	span_key(b, "logger", e->logger);
	span_key(b, "host", e->host);
	span_key(b, "program", e->program);
	span_key(b, "method", e->method);
	span_key(b, "path", e->path);
	span_key(b, "proto", e->proto);
	if (e->status) {
		jsonw_key(b, "status", 0);
		jsonw_int(b, e->status);
	}
	if (e->has_bytes) {
		jsonw_key(b, "bytes", 0);
		jsonw_int(b, e->bytes);
	}
	if (e->has_latency) {
		jsonw_key(b, "latency_ms", 0);
		jsonw_num3(b, e->latency_ms);
	}
	span_key(b, "ip", e->ip);
	span_key(b, "user", e->user);
	span_key(b, "ua", e->ua);
	span_key(b, "referer", e->referer);
	span_key(b, "app_status", e->app_status);
	span_key(b, "event", e->app_event);
	span_key(b, "msg", e->msg);
}

void event_encode_close(struct buf *b, uint32_t nlines)
{
	if (nlines > 1) {
		jsonw_key(b, "lines", 0);
		jsonw_int(b, nlines);
	}
	buf_add(b, "}\n", 2);
}
