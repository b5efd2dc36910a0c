/*
 * fields: conversion of field text to event values with overflow-checked
 * number parsing (no atoi/strtol on unterminated log bytes).
 */
#include "fields.h"

#include <math.h>   /* isinf */
#include <string.h> /* memcmp, strlen */

#include "scan.h"

/* The inputs that are not event fields. */
static const struct {
	const char *name;
	enum field f;
} inputs[] = {
	{ "request", F_REQUEST },     { "pri", F_PRI },
	{ "severity_num", F_SEVERITY_NUM }, { "latency_s", F_LATENCY_S },
	{ "latency_us", F_LATENCY_US }, { "extra", F_EXTRA },
};

enum field field_by_name(const char *name, size_t len)
{
	const struct event_field *ef = event_field_find(name, len);

	if (ef && (ef->flags & EVF_PARSE))
		return F_OF(ef - event_fields);
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		if (strlen(inputs[i].name) == len && !memcmp(inputs[i].name, name, len))
			return inputs[i].f;
	return F_NONE;
}

/* Unsigned decimal of the whole span, at most EVENT_MAX_INT. */
static int parse_uint(const char *s, size_t len, int64_t *out)
{
	return scan_int64(s, len, EVENT_MAX_INT, out);
}

static int parse_decimal(const char *s, size_t len, double *out)
{
	return scan_decimal(s, len, true, out);
}

void field_set_latency(struct event *e, enum field unit, double v)
{
	double ms = unit == F_LATENCY_S ? v * 1000.0 : unit == F_LATENCY_US ? v / 1000.0 : v;

	if (!(ms >= 0) || isinf(ms)) /* negative, NaN or infinite: not a latency */
		return;
	e->has_latency = true;
	/* a value past what the event can carry exactly is a broken clock or
	 * a hostile line: kept as a request, clamped to the largest latency */
	e->latency_ms = ms > EVENT_MAX_LATENCY_MS ? EVENT_MAX_LATENCY_MS : ms;
}

void field_split_request(struct event *e, const char *s, size_t len)
{
	const char *end = s + len, *sp1, *sp2;

	sp1 = memchr(s, ' ', len);
	if (!sp1) {
		/* not a request line (a probe sending garbage): keep as path */
		e->path = (struct span){ s, len };
		return;
	}
	e->method = (struct span){ s, (size_t)(sp1 - s) };
	sp1++;
	/* the protocol is the last word, so a path with spaces survives */
	sp2 = end;
	while (sp2 > sp1 && sp2[-1] != ' ')
		sp2--;
	if (sp2 > sp1 && end - sp2 >= 5 && !memcmp(sp2, "HTTP/", 5)) {
		e->path = (struct span){ sp1, (size_t)(sp2 - 1 - sp1) };
		e->proto = (struct span){ sp2, (size_t)(end - sp2) };
	} else {
		e->path = (struct span){ sp1, (size_t)(end - sp1) };
	}
}

/* Trailing access-log fields: the first decimal with a point is nginx's
 * $request_time in seconds; failing that, a bare integer is Apache's %D in
 * microseconds.  Quoted fields (X-Forwarded-For, ...) are skipped. */
static void parse_extra(struct event *e, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	double sec = -1, us = -1;

	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '"') {
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
			p++;
			continue;
		}
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		double v;
		if (p > w && parse_decimal(w, (size_t)(p - w), &v) == 0) {
			if (memchr(w, '.', (size_t)(p - w))) {
				if (sec < 0)
					sec = v;
			} else if (us < 0) {
				us = v;
			}
		}
	}
	if (sec >= 0)
		field_set_latency(e, F_LATENCY_S, sec);
	else if (us >= 0)
		field_set_latency(e, F_LATENCY_US, us);
}

int field_set(struct event *e, enum field f, const char *s, size_t len,
	      const struct tstamp_ctx *tctx)
{
	struct span sp = { s, len };
	int64_t n;
	double d;

	if (len == 0 || (len == 1 && s[0] == '-'))
		return 0;
	switch (f) {
	case F_TS:
		if (tstamp_parse(s, len, tctx, &e->ts_ms) == 0)
			return -1;
		e->has_ts = true;
		return 0;
	case F_LEVEL:
		e->level = level_parse(s, len);
		if (!e->level && parse_uint(s, len, &n) == 0)
			e->level = level_from_number((long)n);
		return 0;
	case F_PRI:
		if (parse_uint(s, len, &n) || n > 191)
			return -1;
		e->level = level_from_syslog((int)(n % 8));
		return 0;
	case F_SEVERITY_NUM:
		if (parse_uint(s, len, &n) || n > 7)
			return -1;
		e->level = level_from_syslog((int)n);
		return 0;
	case F_STATUS:
		if (parse_uint(s, len, &n) || n < 100 || n > 999) {
			/* "error", "success": an application status */
			if (parse_uint(s, len, &n) != 0)
				e->app_status = sp;
			return 0;
		}
		e->status = (int)n;
		return 0;
	case F_BYTES:
		if (parse_uint(s, len, &n))
			return -1;
		e->has_bytes = true;
		e->bytes = n;
		return 0;
	case F_LATENCY_S:
	case F_LATENCY_MS:
	case F_LATENCY_US:
		if (parse_decimal(s, len, &d))
			return -1;
		field_set_latency(e, f, d);
		return 0;
	case F_REQUEST:
		field_split_request(e, s, len);
		return 0;
	case F_EXTRA:
		parse_extra(e, s, len);
		return 0;
	default:
		break;
	}
	/* a text field of the event */
	if (f > F_NONE && f <= F_OF(EF_COUNT - 1) && event_fields[f - 1].type == EVT_SPAN)
		*event_span(e, &event_fields[f - 1]) = sp;
	return 0;
}
