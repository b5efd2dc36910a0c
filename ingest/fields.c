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
	{ "latency_ns", F_LATENCY_NS }, { "latency_s_part", F_LATENCY_S_PART },
	{ "xff", F_XFF }, { "vhost", F_VHOST },
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
	double ms = unit == F_LATENCY_S ? v * 1000.0 : unit == F_LATENCY_US ? v / 1000.0
		  : unit == F_LATENCY_NS ? v / 1e6 : v;

	if (!(ms >= 0) || isinf(ms)) /* negative, NaN or infinite: not a latency */
		return;
	e->has_latency = true;
	/* a value past what the event can carry exactly is a broken clock or
	 * a hostile line: kept as a request, clamped to the largest latency */
	e->latency_ms = ms > EVENT_MAX_LATENCY_MS ? EVENT_MAX_LATENCY_MS : ms;
}

/* "http://host:80/a?b" → "/a?b": proxies and load balancers log the
 * absolute form; endpoints are the path. */
static struct span url_path(struct span u)
{
	const char *p = u.p, *end = u.p + u.len, *slash;

	if (u.len > 8 && (!memcmp(p, "http://", 7) || !memcmp(p, "https://", 8))) {
		p += p[4] == 's' ? 8 : 7;
		slash = memchr(p, '/', (size_t)(end - p));
		return slash ? (struct span){ slash, (size_t)(end - slash) } : (struct span){ "/", 1 };
	}
	return u;
}

void field_derive_service(struct event *e, const char *given)
{
	static const char *const domains[] = { "com", "org", "net", "io", "de", "uk", "fr", "nl" };
	const struct span *l = &e->logger;
	const char *dot;
	size_t n;

	if (e->service.len)
		return;
	if (given) {
		e->service = (struct span){ given, strlen(given) };
	} else if (e->upstream.len) {
		e->service = e->upstream;
	} else if (e->unit.len) { /* "api.service" names the service "api" */
		n = e->unit.len;
		if (n > 8 && !memcmp(e->unit.p + n - 8, ".service", 8))
			n -= 8;
		e->service = (struct span){ e->unit.p, n };
	} else if (e->program.len) {
		e->service = e->program;
	} else if (l->len && !memchr(l->p, ':', l->len) && /* not "file.go:42" */
		   (dot = memchr(l->p, '.', l->len)) && dot > l->p) {
		struct span first = { l->p, (size_t)(dot - l->p) };
		for (size_t i = 0; i < sizeof domains / sizeof domains[0]; i++)
			if (first.len == strlen(domains[i]) && !memcmp(first.p, domains[i], first.len)) {
				const char *q = dot + 1, *end = l->p + l->len;
				const char *d2 = memchr(q, '.', (size_t)(end - q));
				first = d2 ? (struct span){ q, (size_t)(d2 - q) } : (struct span){ NULL, 0 };
				break;
			}
		if (first.len > 1) /* "c.e.orders": no name in one letter */
			e->service = first;
	}
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
		e->path = url_path((struct span){ sp1, (size_t)(sp2 - 1 - sp1) });
		e->proto = (struct span){ sp2, (size_t)(end - sp2) };
	} else {
		e->path = url_path((struct span){ sp1, (size_t)(end - sp1) });
	}
}

static bool is_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!scan_is_hex(p[i]))
			return false;
	return true;
}

/* Trailing access-log fields, by their shape: a "12ms" token is Traefik's
 * duration (its first quoted field then names the router); else the first
 * decimal with a point is nginx's $request_time in seconds; failing that,
 * a bare integer is Apache's %D in microseconds.  "[name]" is
 * ingress-nginx's $proxy_upstream_name; other quoted fields (an
 * X-Forwarded-For) are skipped. */
static void parse_extra(struct event *e, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	double sec = -1, us = -1, ms = -1;
	struct span quoted = { NULL, 0 }, bracket = { NULL, 0 };

	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '"') {
			const char *q = ++p;
			for (; p < end && *p != '"'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
			if (!quoted.p && p > q)
				quoted = (struct span){ q, (size_t)(p - q) };
			p++;
			continue;
		}
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		double v;
		size_t n = (size_t)(p - w);
		if (n > 2 && w[0] == '[' && w[n - 1] == ']' && !bracket.p)
			bracket = (struct span){ w + 1, n - 2 };
		else if (n == 32 && is_hex(w, n)) /* ingress-nginx's $req_id */
			e->request_id = (struct span){ w, n };
		else if (n > 2 && w[n - 2] == 'm' && w[n - 1] == 's' &&
			 parse_decimal(w, n - 2, &v) == 0)
			ms = v;
		else if (n && parse_decimal(w, n, &v) == 0) {
			if (memchr(w, '.', n)) {
				if (sec < 0)
					sec = v;
			} else if (us < 0) {
				us = v;
			}
		}
	}
	if (ms >= 0) {
		field_set_latency(e, F_LATENCY_MS, ms);
		if (quoted.len)
			e->upstream = quoted;
	} else if (sec >= 0) {
		field_set_latency(e, F_LATENCY_S, sec);
	} else if (us >= 0) {
		field_set_latency(e, F_LATENCY_US, us);
	}
	if (bracket.len && !(bracket.len == 1 && bracket.p[0] == '-'))
		e->upstream = bracket;
}

static const char *metric_names[EVENT_MAX_METRICS];

void field_metric_names(const char *const *names, size_t n)
{
	for (size_t i = 0; i < EVENT_MAX_METRICS; i++)
		metric_names[i] = i < n ? names[i] : NULL;
}

int field_set(struct event *e, enum field f, const char *s, size_t len,
	      const struct tstamp_ctx *tctx)
{
	struct span sp = { s, len };
	int64_t n;
	double d;

	if (f == F_REFERER) /* even "-": the request had none (crs.c) */
		e->referer_logged = true;
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
	case F_LATENCY_S_PART: /* one of several times that add up; -1: none */
		if (parse_decimal(s, len, &d) || d < 0)
			return 0;
		d = d * 1000 + (e->has_latency ? e->latency_ms : 0);
		field_set_latency(e, F_LATENCY_MS, d);
		return 0;
	case F_XFF: { /* "client, proxy1, proxy2" */
		const char *c = memchr(s, ',', len);
		size_t hop = c ? (size_t)(c - s) : len;
		while (hop && s[hop - 1] == ' ')
			hop--;
		if (hop && !(hop == 1 && s[0] == '-'))
			e->ip = (struct span){ s, hop };
		return 0;
	}
	case F_VHOST:
		e->host = sp;
		e->host_is_request = true;
		return 0;
	case F_PATH:
		e->path = url_path(sp);
		return 0;
	case F_LATENCY_S:
	case F_LATENCY_MS:
	case F_LATENCY_US:
	case F_LATENCY_NS:
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
	if (f >= F_METRIC && f < F_METRIC + EVENT_MAX_METRICS) {
		const char *name = metric_names[f - F_METRIC];
		if (name && !scan_decimal(s, len, true, &d)) /* else no number: not a value */
			event_metric(e, (struct span){ name, strlen(name) }, d);
		return 0;
	}
	/* a text field of the event */
	if (f > F_NONE && f <= F_OF(EF_COUNT - 1) && event_fields[f - 1].type == EVT_SPAN)
		*event_span(e, &event_fields[f - 1]) = sp;
	return 0;
}
