/*
 * agg: see agg.h.  Text matching here is case-insensitive substring search
 * over the message; the phrases are those of the runbooks and of the
 * programs whose logs they read (sshd, PAM, web frameworks).
 */
#include "agg.h"

#include <stddef.h> /* offsetof */
#include <stdlib.h> /* abort */
#include <string.h> /* memcpy, memset, strlen */

#include "bytes.h"
#include "event.h"
#include "fingerprint.h"
#include "jsonr.h"
#include "jsonw.h"
#include "scan.h"
#include "summary.h"
#include "topk.h"
#include "useragent.h"


/* Whether s contains lit (lowercase) ignoring ASCII case. */
static bool has_ci(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	if (s.len < n)
		return false;
	for (size_t i = 0; i + n <= s.len; i++) {
		if ((unsigned char)scan_lower(s.p[i]) != (unsigned char)lit[0])
			continue;
		size_t j = 1;
		while (j < n && (unsigned char)scan_lower(s.p[i + j]) == (unsigned char)lit[j])
			j++;
		if (j == n)
			return true;
	}
	return false;
}

/* Whether s holds any of the phrases, in one pass: only a byte that
 * starts some phrase is looked at further (messages are scanned for every
 * event: a pass a phrase cost analyze a fifth of its time). */
static bool has_any_ci(struct span s, const char *const *lits)
{
	/* each list's first bytes, made once (the lists are static) */
	static struct { const char *const *lits; bool first[256]; } made[8];
	const bool *first = NULL;

	if (!s.len)
		return false;
	for (size_t k = 0; k < 8 && !first; k++) {
		if (!made[k].lits) {
			made[k].lits = lits;
			for (const char *const *l = lits; *l; l++)
				made[k].first[(unsigned char)(*l)[0]] = true;
		}
		if (made[k].lits == lits)
			first = made[k].first;
	}
	if (!first)
		abort(); /* more phrase lists than made[] holds: a bug */
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)scan_lower(s.p[i]);

		if (!first[c])
			continue;
		for (const char *const *l = lits; *l; l++) {
			size_t n = strlen(*l), j = 1;

			if ((unsigned char)(*l)[0] != c || s.len - i < n)
				continue;
			while (j < n && (unsigned char)scan_lower(s.p[i + j]) == (unsigned char)(*l)[j])
				j++;
			if (j == n)
				return true;
		}
	}
	return false;
}

static bool span_is_ci(struct span s, const char *lit)
{
	return s.len == strlen(lit) && has_ci(s, lit);
}

bool agg_is_request(const struct event *e)
{
	return e->status != 0 || e->has_latency;
}

bool agg_is_error(const struct event *e)
{
	return e->level >= LEVEL_ERROR || e->status >= 500 || span_is_ci(e->app_status, "error");
}

bool agg_is_error_line(const struct event *e)
{
	return e->level >= LEVEL_ERROR || span_is_ci(e->app_status, "error");
}

bool agg_is_rate_limited(const struct event *e)
{
	static const char *const phrases[] = { "rate limit", "rate_limit", "ratelimit",
					       "too many requests", NULL };

	return e->status == 429 || has_any_ci(e->msg, phrases) || has_any_ci(e->app_event, phrases);
}

bool agg_is_auth_failure(const struct event *e)
{
	/* sshd writes several of these per attempt (PAM's "authentication
	 * failure", then "Failed password"): they count as lines, as the
	 * runbook's grep does */
	static const char *const phrases[] = {
		"failed password", "failed none", "failed publickey", "invalid user",
		"authentication failure", "authentication failed", "invalid credentials",
		"login failed", "failed login", "auth_failed", "login_failed", NULL,
	};

	return e->status == 401 || event_has_tag(e, "auth.failure") || has_any_ci(e->msg, phrases) ||
	       has_any_ci(e->app_event, phrases);
}

/* A failed login attempt, counted once however many lines it wrote:
 * ingest's auth.failure tag (fail2ban's judgement, ingest/auth.c), or a
 * 401.  Brute-force windows count these. */
bool agg_is_auth_attempt(const struct event *e)
{
	return e->status == 401 || event_has_tag(e, "auth.failure");
}

static bool ends_with(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.len >= n && !memcmp(s.p + s.len - n, lit, n);
}

enum tag_kind { TAG_SECURITY, TAG_PRIVACY, TAG_ACCESS };

/* Rule ids start with their category: pii.* and secret.* are privacy
 * findings; auth.* and ratelimit.* are counted by the access definitions
 * above; everything else is an attack or probe. */
static enum tag_kind tag_kind(struct span t)
{
	static const struct { const char *prefix; enum tag_kind kind; } kinds[] = {
		{ "pii.", TAG_PRIVACY }, { "secret.", TAG_PRIVACY },
		{ "auth.", TAG_ACCESS }, { "ratelimit.", TAG_ACCESS },
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t n = strlen(kinds[i].prefix);
		if (t.len > n && !memcmp(t.p, kinds[i].prefix, n))
			return kinds[i].kind;
	}
	return TAG_SECURITY;
}

bool agg_security_rule(const struct event *e, struct buf *rule)
{
	buf_reset(rule);
	for (unsigned i = 0; i < e->ntags; i++)
		if (tag_kind(e->tags[i]) == TAG_SECURITY) {
			buf_add(rule, e->tags[i].p, e->tags[i].len);
			return true;
		}
	/* what a rule cannot see: the logger (SECURITY_AUDIT messages are the
	 * rule app.security_audit's) */
	if (ends_with(e->logger, ".security")) {
		buf_adds(rule, "app:");
		if (e->app_event.len)
			buf_add(rule, e->app_event.p, e->app_event.len);
		else
			buf_adds(rule, "security_event");
		return true;
	}
	return false;
}

void agg_init(struct agg *a, struct summary *s)
{
	a->s = s;
	memset(a->ua, 0, sizeof a->ua);
	/* the p95 limits the exact counts are kept for: the summary's */
	s->p95_exact = true;
	s->p95_counted[0] = s->limits.warn[CHECK_P95_LATENCY];
	s->p95_counted[1] = s->limits.crit[CHECK_P95_LATENCY];
	buf_init(&a->key, 4096);
	buf_init(&a->norm, 4096);
}

void agg_release(struct agg *a)
{
	buf_release(&a->key);
	buf_release(&a->norm);
}

/* A sample kept as the summary written of it reads back. */
static void copy_span(char *dst, size_t cap, struct span s)
{
	jsonw_storable(dst, cap, s.len ? s.p : "", s.len);
}

/* "METHOD /normalised/path", or the path alone. */
static void endpoint_key(struct agg *a, const struct event *e)
{
	buf_reset(&a->key);
	if (e->method.len) {
		buf_add(&a->key, e->method.p, e->method.len);
		buf_addc(&a->key, ' ');
	}
	buf_reset(&a->norm);
	path_normalise(e->path.p, e->path.len, &a->norm);
	buf_add(&a->key, a->norm.p, a->norm.len);
}

static void count_endpoint(struct agg *a, const struct event *e, bool error, int lat_index)
{
	struct endpoint_aux *x;

	endpoint_key(a, e);
	x = topk_aux(a->s->endpoints, topk_add(a->s->endpoints, a->key.p, a->key.len, 1));
	if (error)
		x->errors++;
	if (e->has_bytes)
		x->bytes = scan_sat_add(x->bytes, (uint64_t)e->bytes);
	if (e->has_latency)
		hist_add_at(&x->latency, e->latency_ms, lat_index);
}

/* The site a referer names: "https://www.example.com:8443/a?b" →
 * "www.example.com"; NULL span when it names none ("-", a bare path). */
static struct span referer_host(struct span r)
{
	const char *p = r.p, *end = r.p + r.len, *h;

	if (r.len < 8)
		return (struct span){ NULL, 0 };
	if (!memcmp(p, "http://", 7))
		p += 7;
	else if (!memcmp(p, "https://", 8))
		p += 8;
	else
		return (struct span){ NULL, 0 };
	h = p;
	while (p < end && *p != '/' && *p != ':' && *p != '?' && *p != '#')
		p++;
	return (struct span){ h, (size_t)(p - h) };
}

/* A path's length without its query. */
static size_t path_len(struct span path)
{
	const char *q = memchr(path.p, '?', path.len);

	return q ? (size_t)(q - path.p) : path.len;
}

/* A 404's path (its query dropped) with the first referer that led to it. */
static void count_not_found(struct agg *a, const struct event *e)
{
	struct not_found_aux *x = topk_aux(a->s->not_found,
					   topk_add(a->s->not_found, e->path.p, path_len(e->path), 1));

	if (!x->referer[0] && e->referer.len && !(e->referer.len == 1 && e->referer.p[0] == '-'))
		copy_span(x->referer, sizeof x->referer, e->referer);
}

/* A side of a ratio: the event's app event name, or words its message
 * contains. */
static bool ratio_side(const struct event *e, const char *side)
{
	size_t n = strlen(side);

	if (e->app_event.len == n && !memcmp(e->app_event.p, side, n))
		return true;
	return e->msg.len >= n && bytes_find(e->msg.p, e->msg.len, side, n);
}

/* The text after the first marker in the message, up to stop (or its
 * end); an empty span when the marker is missing. */
static struct span msg_after(const struct event *e, const char *marker, const char *stop)
{
	size_t ml = strlen(marker);
	const char *p = e->msg.len ? bytes_find(e->msg.p, e->msg.len, marker, ml) : NULL, *end, *q;

	if (!p)
		return (struct span){ NULL, 0 };
	p += ml;
	end = e->msg.p + e->msg.len;
	q = stop ? bytes_find(p, (size_t)(end - p), stop, strlen(stop)) : NULL;
	return (struct span){ p, (size_t)((q ? q : end) - p) };
}

/* How a digest list's key is made: the user, then sep and the message's
 * text after from (up to until); or the whole message. */
static const struct list_key {
	const char *from, *until, *sep;
	bool whole_msg;
} list_keys[AUTH_LISTS] = {
	[AUTH_SUDO] = { "COMMAND=", NULL, ": ", false },         /* "user: command" */
	[AUTH_SUDO_FAILURES] = { " : ", " ; ", ": ", false },    /* "user: reason" */
	[AUTH_SU] = { " by ", NULL, " by ", false },             /* "target by whom" */
	[AUTH_ACCOUNTS] = { NULL, NULL, NULL, true },            /* the message says it */
};

/* The logins digest: a successful login under "user from client", flagged
 * when that client had failed before it (a likely compromise); the plain
 * lists under their keys: "user: command" (sudo), "user: reason" (sudo's
 * failures), "user by whom" (su), the message (account changes), sshd's
 * method, the account an invalid user tried. */
static void count_login(struct agg *a, const struct event *e)
{
	struct summary *s = a->s;

	for (unsigned i = 0; i < e->ntags; i++) {
		struct span t = e->tags[i];
		if (t.len > 12 && !memcmp(t.p, "auth.method.", 12))
			topk_add(s->auth_list[AUTH_METHODS], t.p + 12, t.len - 12, 1);
	}
	for (int l = 0; l < AUTH_LISTS; l++) {
		const struct list_key *k = &list_keys[l];
		struct span more;

		if (!auth_lists[l].tag || !event_has_tag(e, auth_lists[l].tag))
			continue;
		more = k->from ? msg_after(e, k->from, k->until) : (struct span){ NULL, 0 };
		buf_reset(&a->key);
		if (k->whole_msg) {
			if (e->msg.len)
				buf_add(&a->key, e->msg.p, e->msg.len);
		} else {
			if (e->user.len) /* a span may be NULL when empty */
				buf_add(&a->key, e->user.p, e->user.len);
			if (more.len) {
				buf_adds(&a->key, k->sep);
				buf_add(&a->key, more.p, more.len);
			}
		}
		if (a->key.len) /* a tagged line that named nobody: nothing to list */
			topk_add(s->auth_list[l], a->key.p, a->key.len, 1);
	}
	if (!event_has_tag(e, "auth.success"))
		return;
	buf_reset(&a->key);
	if (e->user.len)
		buf_add(&a->key, e->user.p, e->user.len);
	if (e->ip.len) {
		buf_adds(&a->key, " from ");
		buf_add(&a->key, e->ip.p, e->ip.len);
	}
	if (!a->key.len)
		return;
	struct login_aux *x = topk_aux(s->logins, topk_add(s->logins, a->key.p, a->key.len, 1));
	if (e->ip.len && topk_find(s->auth_ips, e->ip.p, e->ip.len) >= 0)
		x->after_failures = true;
}

/* A static file by its extension: what GoAccess calls a static request. */
static bool is_static(struct span path)
{
	static const char *const ext[] = { "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif",
					   "svg", "ico", "webp", "avif", "bmp", "woff", "woff2",
					   "ttf", "otf", "eot", "mp4", "webm", "mp3", "ogg", "pdf",
					   "txt", "xml", "zip", "gz", "wasm" };
	const char *end = path.p + path.len, *q = memchr(path.p, '?', path.len), *dot;

	if (q)
		end = q;
	for (dot = end; dot > path.p && dot[-1] != '.' && dot[-1] != '/'; dot--)
		;
	if (dot == path.p || dot[-1] != '.')
		return false;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t k = strlen(ext[i]), j = 0;
		if ((size_t)(end - dot) != k)
			continue;
		while (j < k && scan_lower(dot[j]) == ext[i][j])
			j++;
		if (j == k)
			return true;
	}
	return false;
}

/* The user agent's family and hash, from the cache when seen lately. */
static const struct ua_seen *ua_of(struct agg *a, struct span ua)
{
	uint64_t h = hll_hash(ua.p, ua.len, 0);
	struct ua_seen *c = &a->ua[h % AGG_UA_CACHE];

	if (c->family.browser && c->hash == h)
		return c;
	c->hash = h;
	c->family = ua_classify(ua);
	return c;
}

/* The service's figures (events with a service only): over the whole
 * summary in its list, and in its hourly slot in the event's bucket b,
 * its latency in the slot's day. */
static void count_service(struct agg *a, struct bucket *b, const struct event *e, bool request,
			  bool error, bool error_line, int lat_index)
{
	struct summary *s = a->s;
	struct topk *t = s->services;
	struct service_aux *x = topk_aux(t, topk_add(t, e->service.p, e->service.len, 1));
	int k = summary_service(s, e->service.p, e->service.len);
	struct service_counts *c = &b->svc[k];

	x->requests += request;
	x->errors += request && error;
	x->error_lines += error_line;
	c->events++;
	c->requests += request;
	c->errors += request && error;
	c->error_lines += error_line;
	if (request && e->has_latency) {
		struct service_day *d = e->has_ts ? summary_service_day(s, e->ts_ms) : NULL;

		hist_add_at(&x->latency, e->latency_ms, lat_index);
		if (d)
			hist_add_at(&d->latency[k], e->latency_ms, lat_index);
		else if (!e->has_ts)
			hist_add_at(&s->svc_undated[k], e->latency_ms, lat_index);
	}
}

/* Errors group by message fingerprint; an error without a message (an
 * access-log 5xx) by status and endpoint. */
static void count_error(struct agg *a, const struct event *e)
{
	struct fingerprint_aux *x;
	int64_t t = e->has_ts ? e->ts_ms : INT64_MIN;

	buf_reset(&a->key);
	if (e->msg.len) {
		fingerprint_message(e->msg.p, e->msg.len, &a->key);
	} else if (e->status) {
		endpoint_key(a, e); /* into key, with norm as scratch */
		buf_reset(&a->norm);
		buf_addf(&a->norm, "HTTP %d ", e->status);
		buf_add(&a->norm, a->key.p, a->key.len);
		buf_reset(&a->key);
		buf_add(&a->key, a->norm.p, a->norm.len);
	} else {
		buf_adds(&a->key, "(no message)");
	}
	/* the exception a stack trace names tells "order <n> failed" apart */
	if (e->exception.len) {
		buf_adds(&a->key, " [");
		buf_add(&a->key, e->exception.p, e->exception.len);
		if (e->cause.len) {
			buf_adds(&a->key, " <- ");
			buf_add(&a->key, e->cause.p, e->cause.len);
		}
		buf_addc(&a->key, ']');
	}
	x = topk_aux(a->s->errors, topk_add(a->s->errors, a->key.p, a->key.len, 1));
	if (!x->seen) {
		x->first_ms = x->last_ms = t;
		copy_span(x->sample, sizeof x->sample, e->msg.len ? e->msg : e->path);
	} else if (t != INT64_MIN) {
		if (x->first_ms == INT64_MIN || t < x->first_ms) {
			x->first_ms = t;
			copy_span(x->sample, sizeof x->sample, e->msg.len ? e->msg : e->path);
		}
		if (t > x->last_ms)
			x->last_ms = t;
	}
	x->seen++;
	if (e->level > x->level)
		x->level = e->level;
}

static void count_security(struct agg *a, const struct event *e)
{
	struct rule_aux *x = topk_aux(a->s->rules, topk_add(a->s->rules, a->key.p, a->key.len, 1));

	if (!x->ips)
		x->ips = summary_rule_ips_new();
	if (e->ip.len)
		topk_add(x->ips, e->ip.p, e->ip.len, 1);
	/* the request target is where an attack is; an app event says it */
	if (e->path.len)
		rule_sample(x, e->path.p, e->path.len);
	else
		rule_sample(x, e->msg.p ? e->msg.p : "", e->msg.len);
}

/* PII findings by kind, with their sources but never a sample: the
 * report must not repeat what it warns about. */
static bool count_pii(struct summary *s, const struct event *e)
{
	bool any = false;

	for (unsigned i = 0; i < e->ntags; i++) {
		struct rule_aux *x;

		if (tag_kind(e->tags[i]) != TAG_PRIVACY)
			continue;
		x = topk_aux(s->pii, topk_add(s->pii, e->tags[i].p, e->tags[i].len, 1));
		if (!x->ips)
			x->ips = summary_rule_ips_new();
		if (e->ip.len)
			topk_add(x->ips, e->ip.p, e->ip.len, 1);
		any = true;
	}
	return any;
}

static void count_slow(struct agg *a, const struct event *e)
{
	struct slow_req r;

	if (a->s->nslow == SUMMARY_SLOWEST &&
	    e->latency_ms <= a->s->slow[SUMMARY_SLOWEST - 1].latency_ms)
		return;
	memset(&r, 0, sizeof r);
	r.latency_ms = e->latency_ms;
	r.ts_ms = e->has_ts ? e->ts_ms : INT64_MIN;
	r.status = e->status;
	copy_span(r.method, sizeof r.method, e->method);
	copy_span(r.path, sizeof r.path, e->path);
	copy_span(r.ip, sizeof r.ip, e->ip);
	copy_span(r.src, sizeof r.src, e->src);
	r.line = e->line;
	summary_add_slow(a->s, &r);
}

/* A latency the limit does not exceed: <= L for "> L", < L for ">= L". */
static bool within(const struct limit *l, double ms)
{
	return l->on && (l->or_equal ? ms < l->value : ms <= l->value);
}

void agg_event(struct agg *a, const struct event *e)
{
	struct summary *s = a->s;
	struct bucket *b = &s->undated;
	bool request = agg_is_request(e), error = agg_is_error(e), error_line = agg_is_error_line(e);
	int lat_index = 0;
	/* the three sketches a site's traffic spreads widest (clients, URLs,
	 * agents): hashed first and their places fetched while the counters
	 * below are counted, so their cache misses overlap */
	size_t url_len = request && e->path.len ? path_len(e->path) : 0;
	uint64_t h_ip = e->ip.len ? topk_prefetch(s->ips, e->ip.p, e->ip.len) : 0;
	uint64_t h_url = url_len ? topk_prefetch(s->urls, e->path.p, url_len) : 0;
	uint64_t h_ua = e->ua.len ? topk_prefetch(s->uas, e->ua.p, e->ua.len) : 0;

	if (e->has_ts) {
		if (!s->has_window || e->ts_ms < s->first_ms)
			s->first_ms = e->ts_ms;
		if (!s->has_window || e->ts_ms > s->last_ms)
			s->last_ms = e->ts_ms;
		s->has_window = true;
		b = summary_hour(s, e->ts_ms);
		if (!b) {
			s->hours_dropped++;
			return;
		}
	}
	b->events++;
	b->levels[e->level]++;
	for (size_t i = 0; i < s->nratios; i++) { /* analyze --ratio */
		b->ratio_good[i] += ratio_side(e, s->ratios[i].good);
		b->ratio_all[i] += ratio_side(e, s->ratios[i].all);
	}
	for (unsigned i = 0; i < e->nmetrics; i++) { /* ingest --metric */
		int m = summary_metric(s, e->metrics[i].name.p, e->metrics[i].name.len);
		if (m >= 0)
			hist_add(&b->metric[m], e->metrics[i].v);
		else
			s->metrics_dropped++;
	}
	if (error_line)
		b->error_lines++;
	if (request) {
		b->requests++;
		if (error)
			b->errors++;
		if (e->has_latency) {
			if (e->latency_ms > HIST_MIN)
				lat_index = hist_index(e->latency_ms);
			hist_add_at(&b->latency, e->latency_ms, lat_index);
			b->p95_within_warn += within(&s->p95_counted[0], e->latency_ms);
			b->p95_within_crit += within(&s->p95_counted[1], e->latency_ms);
			if (e->latency_ms > s->slow_ms)
				b->slow++;
			count_slow(a, e);
		}
		if (e->path.len)
			count_endpoint(a, e, error, lat_index);
	}
	if (e->ip.len)
		topk_prefetch_entry(s->ips, h_ip);
	if (url_len)
		topk_prefetch_entry(s->urls, h_url);
	if (e->ua.len)
		topk_prefetch_entry(s->uas, h_ua);
	if (e->service.len)
		count_service(a, b, e, request, error, error_line, lat_index);
	if (e->has_bytes)
		b->bytes = scan_sat_add(b->bytes, (uint64_t)e->bytes);
	if (request && e->path.len && is_static(e->path))
		b->static_requests++;
	if (request) {
		const struct ua_seen *u = e->ua.len ? ua_of(a, e->ua) : NULL;

		if (e->ip.len && e->has_ts) { /* a visitor: client, day, user agent */
			struct hll *h = summary_visitors_of(s, e->ts_ms);
			if (h)
				hll_add(h, hll_hash(e->ip.p, e->ip.len, u ? u->hash : 0));
		}
		if (u) {
			b->crawler_requests += u->family.crawler;
			topk_add(s->browsers, u->family.browser, strlen(u->family.browser), 1);
			topk_add(s->systems, u->family.os, strlen(u->family.os), 1);
		}
	}
	if (url_len) /* GoAccess's requested files */
		topk_add_hashed(s->urls, e->path.p, url_len, h_url, 1);
	if (e->status == 404 && e->path.len)
		count_not_found(a, e);
	if (e->referer.len) {
		struct span h = referer_host(e->referer);
		if (h.len)
			topk_add(s->referrers, h.p, h.len, 1);
	}
	if (e->status >= 100 && e->status < 600) {
		b->status[e->status / 100]++;
		s->status_codes[e->status]++;
	}
	if (e->status == 403)
		b->forbidden++;
	if (e->status == 429 || agg_is_rate_limited(e)) {
		if (e->status == 429)
			b->rl_responses++;
		else
			b->rl_events++;
		/* one refusal, often written twice: the hour's larger kind */
		b->rate_limited = b->rl_responses > b->rl_events ? b->rl_responses : b->rl_events;
	}
	if (agg_is_auth_failure(e))
		b->auth_failures++;
	if (agg_is_auth_attempt(e) && e->user.len)
		topk_add(s->auth_list[AUTH_USERS], e->user.p, e->user.len, 1);
	if (e->ntags)
		count_login(a, e);
	if (agg_is_auth_attempt(e)) {
		if (e->ip.len)
			summary_add_auth_failure(s, e->ip.p, e->ip.len,
						 e->has_ts ? e->ts_ms : INT64_MIN);
	}
	if (e->ip.len)
		topk_add_hashed(s->ips, e->ip.p, e->ip.len, h_ip, 1);
	if (e->ua.len)
		topk_add_hashed(s->uas, e->ua.p, e->ua.len, h_ua, 1);
	if (e->logger.len)
		topk_add(s->loggers, e->logger.p, e->logger.len, 1);
	else if (e->program.len)
		topk_add(s->loggers, e->program.p, e->program.len, 1);
	if (error)
		count_error(a, e);
	if (agg_security_rule(e, &a->key)) {
		if (request)
			b->sec_requests++;
		else
			b->sec_events++;
		/* one attack, often written twice: the hour's larger kind */
		b->security = b->sec_requests > b->sec_events ? b->sec_requests : b->sec_events;
		count_security(a, e);
	}
	if (count_pii(s, e))
		b->pii++;
}

static bool take_u(const struct jsonr_val *v, uint64_t *out)
{
	return v->type == JSONR_NUMBER && scan_uint(v->s, v->len, UINT64_MAX, out) == 0;
}

/* "[12, 40]" into at[] (the first SOURCE_SAMPLES). */
static int line_numbers(const char *p, size_t len, uint64_t *at)
{
	unsigned k = 0;
	bool digit = false;
	uint64_t n = 0;

	for (size_t i = 1; i < len; i++) {
		char c = p[i];

		if (c >= '0' && c <= '9') {
			n = n * 10 + (uint64_t)(c - '0');
			digit = true;
		} else if (c == ',' || c == ']') {
			if (!digit && !(c == ']' && k == 0))
				return -1;
			if (digit && k < SOURCE_SAMPLES)
				at[k++] = n;
			n = 0;
			digit = false;
		} else if (c != ' ' && c != '\t') {
			return -1;
		}
	}
	return 0;
}

int agg_source(struct agg *a, const char *line, size_t len)
{
	struct jsonr r;
	struct jsonr_val v;
	struct source_acc acc;
	int rc;

	memset(&acc, 0, sizeof acc);
	buf_reset(&a->norm);
	jsonr_init(&r, line, len, &a->norm);
	while ((rc = jsonr_next(&r, &v)) > 0) {
		const struct source_field *f = source_field_find(v.key, v.klen);

		if (f && f->kind == SOURCE_COUNT) {
			if (!take_u(&v, source_counter(&acc, f)))
				return -1;
		} else if (f && f->kind == SOURCE_FLAG) {
			acc.gzip = v.type == JSONR_BOOL && v.s[0] == 't';
		} else if (f && f->kind == SOURCE_LINES) {
			if (v.type == JSONR_ARRAY && line_numbers(v.raw, v.rawlen, acc.unparsed_at))
				return -1;
		} else if (jsonr_key_is(&v, "src") && v.type == JSONR_STRING)
			copy_span(acc.src, sizeof acc.src, (struct span){ v.s, v.len });
		else if (jsonr_key_is(&v, "fmt") && v.type == JSONR_STRING)
			copy_span(acc.fmt, sizeof acc.fmt, (struct span){ v.s, v.len });
		else if (jsonr_key_is(&v, "error") && v.type == JSONR_STRING)
			copy_span(acc.error, sizeof acc.error, (struct span){ v.s, v.len });
	}
	if (rc < 0)
		return -1;
	summary_add_source(a->s, &acc);
	return 0;
}
