/*
 * summary_json: the summary document (docs/summary.md).
 *
 * Two kinds of member: the mergeable state (hours with their histograms,
 * sketches with counts and errors, accounting, the slowest requests, the
 * limits), which summary_decode reads back; and derived figures (totals,
 * days, averages, percentiles, checks), written for readers and recomputed
 * on every encode, never read, so they cannot disagree with the state.
 */
#include "summary.h"

#include <math.h>   /* isfinite */
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* free */
#include <string.h> /* strlen, memcpy */

#include <yajl/yajl_tree.h>

#include "buf.h"
#include "input.h"
#include "jsonw.h"
#include "topk.h"
#include "tstamp.h"
#include "tz.h"

/* ---- encoding ---------------------------------------------------------- */

/* The separator is decided by what came before: no comma right after an
 * opening brace or bracket, so members can be written in any order. */
static bool opened(const struct buf *b)
{
	return b->len && (b->p[b->len - 1] == '{' || b->p[b->len - 1] == '[');
}

static void key(struct buf *b, const char *k)
{
	jsonw_member(b, k);
}

/* Starts an array element (or a member's value, after its key). */
static void elem(struct buf *b)
{
	if (!opened(b) && b->p[b->len - 1] != ':')
		buf_addc(b, ',');
}

static void kv_u(struct buf *b, const char *k, uint64_t v)
{
	key(b, k);
	jsonw_int(b, (int64_t)v);
}

static void kv_i(struct buf *b, const char *k, int64_t v)
{
	key(b, k);
	jsonw_int(b, v);
}

static void kv_num(struct buf *b, const char *k, double v);
static void kv_num3(struct buf *b, const char *k, double v)
{
	key(b, k);
	jsonw_num3(b, v);
}

static void kv_str(struct buf *b, const char *k, const char *v)
{
	key(b, k);
	jsonw_str(b, v, strlen(v));
}

/* A double that reads back to the same value. */
static void num(struct buf *b, double v)
{
	if (!isfinite(v)) {
		buf_adds(b, "null");
		return;
	}
	buf_addf(b, "%.17g", v);
}

static void kv_num(struct buf *b, const char *k, double v)
{
	key(b, k);
	num(b, v);
}

static void kv_time(struct buf *b, const char *k, int64_t ms)
{
	char t[25];

	tstamp_format(ms, t);
	key(b, k);
	jsonw_str(b, t, 24);
}

/* Derived latency statistics, and with state the buckets to merge. */
static void hist_encode(struct buf *b, const char *name, const struct hist *h, bool state)
{
	static const struct { const char *k; double q; } qs[] = {
		{ "p50", 0.50 }, { "p90", 0.90 }, { "p95", 0.95 }, { "p99", 0.99 },
	};
	int lo = 0, hi = -1;

	key(b, name);
	buf_addc(b, '{');
	kv_u(b, "count", h->count);
	kv_num(b, "sum", h->count ? h->sum : 0);
	if (h->count) {
		kv_num(b, "min", h->min);
		kv_num(b, "max", h->max);
		kv_num3(b, "avg", h->sum / (double)h->count);
		for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++)
			kv_num3(b, qs[i].k, hist_quantile(h, qs[i].q));
	}
	if (state && h->count) {
		kv_u(b, "zero", h->zero);
		for (int i = 0; i < h->n; i++)
			if (h->counts[i]) {
				if (hi < 0)
					lo = i;
				hi = i;
			}
		/* sparse: [index, count] pairs of the non-empty buckets */
		key(b, "buckets");
		buf_addc(b, '[');
		for (int i = lo; i <= hi; i++)
			if (h->counts[i]) {
				elem(b);
				buf_addc(b, '[');
				jsonw_int(b, h->lo + i);
				buf_addc(b, ',');
				jsonw_int(b, (int64_t)h->counts[i]);
				buf_addc(b, ']');
			}
		buf_addc(b, ']');
	}
	buf_addc(b, '}');
}

static void counts_encode(struct buf *b, const struct bucket *c)
{
	static const char *const cls[6] = { NULL, "1xx", "2xx", "3xx", "4xx", "5xx" };

	kv_u(b, "events", c->events);
	kv_u(b, "requests", c->requests);
	kv_u(b, "errors", c->errors);
	key(b, "error_rate");
	if (c->requests)
		jsonw_num3(b, 100.0 * (double)c->errors / (double)c->requests);
	else
		buf_adds(b, "null");
	kv_u(b, "error_lines", c->error_lines);
	kv_u(b, "rate_limited", c->rate_limited);
	kv_u(b, "forbidden", c->forbidden);
	kv_u(b, "auth_failures", c->auth_failures);
	kv_u(b, "security", c->security);
	kv_u(b, "slow", c->slow);
	kv_u(b, "pii", c->pii);
	key(b, "levels");
	buf_addc(b, '{');
	for (int i = LEVEL_TRACE; i <= LEVEL_EMERGENCY; i++)
		if (c->levels[i])
			kv_u(b, level_name((enum level)i), c->levels[i]);
	if (c->levels[LEVEL_NONE])
		kv_u(b, "none", c->levels[LEVEL_NONE]);
	buf_addc(b, '}');
	key(b, "status");
	buf_addc(b, '{');
	for (int i = 1; i < 6; i++)
		if (c->status[i])
			kv_u(b, cls[i], c->status[i]);
	buf_addc(b, '}');
}

static void bucket_encode(struct buf *b, const struct bucket *c, bool dated)
{
	elem(b);
	buf_addc(b, '{');
	if (dated)
		kv_time(b, "start", c->start_ms);
	counts_encode(b, c);
	hist_encode(b, "latency", &c->latency, true);
	buf_addc(b, '}');
}

/* Derived figures (a day, the totals): a bucket's counters and a latency
 * without its buckets. */
static void figures_encode(struct buf *b, const struct bucket *f)
{
	counts_encode(b, f);
	hist_encode(b, "latency", &f->latency, false);
}

typedef void item_fn(struct buf *b, const struct topk *t, size_t slot,
		     const struct summary *s);

static void sketch_encode(struct buf *b, const char *name, const struct topk *t, item_fn *fn,
			  const struct summary *s)
{
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(t, slots, TOPK_MAX_CAP);

	key(b, name);
	buf_addc(b, '{');
	kv_u(b, "cap", topk_cap(t));
	kv_u(b, "total", topk_total(t));
	kv_u(b, "evicted", topk_evicted(t));
	key(b, "items");
	buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const struct topk_entry *e = topk_entry(t, slots[i]);

		elem(b);
		buf_addc(b, '{');
		kv_str(b, "key", e->key);
		kv_u(b, "count", e->count);
		kv_u(b, "err", e->err);
		if (fn)
			fn(b, t, slots[i], s);
		buf_addc(b, '}');
	}
	buf_adds(b, "]}");
}

static void endpoint_item(struct buf *b, const struct topk *t, size_t slot,
		const struct summary *s)
{
	const struct endpoint_aux *a = topk_aux((struct topk *)t, slot);

	(void)s;

	kv_u(b, "errors", a->errors);
	hist_encode(b, "latency", &a->latency, true);
}

static void fingerprint_item(struct buf *b, const struct topk *t, size_t slot,
		const struct summary *s)
{
	const struct fingerprint_aux *a = topk_aux((struct topk *)t, slot);

	(void)s;

	if (!a->seen)
		return;
	if (a->first_ms != INT64_MIN) {
		kv_time(b, "first", a->first_ms);
		kv_time(b, "last", a->last_ms);
	}
	if (a->level != LEVEL_NONE)
		kv_str(b, "level", level_name(a->level));
	kv_str(b, "sample", a->sample);
}

static void auth_item(struct buf *b, const struct topk *t, size_t slot,
		const struct summary *s)
{
	const struct auth_aux *a = topk_aux((struct topk *)t, slot);

	if (a->first_ms) {
		kv_time(b, "first", a->first_ms);
		kv_time(b, "last", a->last_ms);
	}
	kv_u(b, "max_in_window", a->max_in_window);
	key(b, "brute_force");
	buf_adds(b, a->max_in_window > s->brute_threshold ? "true" : "false");
	key(b, "recent");
	buf_addc(b, '[');
	for (unsigned i = 0; i < a->nrecent; i++) {
		elem(b);
		jsonw_int(b, a->recent[i]);
	}
	buf_adds(b, "]");
}

static void rule_item(struct buf *b, const struct topk *t, size_t slot,
		const struct summary *s)
{
	const struct rule_aux *a = topk_aux((struct topk *)t, slot);

	if (a->ips)
		sketch_encode(b, "ips", a->ips, NULL, s);
	key(b, "samples");
	buf_addc(b, '[');
	for (unsigned i = 0; i < a->nsamples; i++) {
		elem(b);
		jsonw_str(b, a->samples[i], strlen(a->samples[i]));
	}
	buf_addc(b, ']');
}

static void line_list(struct buf *b, const char *name, const uint64_t *at, uint64_t n)
{
	key(b, name);
	buf_addc(b, '[');
	for (uint64_t i = 0; i < n && i < SOURCE_SAMPLES; i++) {
		elem(b);
		jsonw_int(b, (int64_t)at[i]);
	}
	buf_addc(b, ']');
}

static void accounting_encode(struct buf *b, const struct summary *s)
{
	struct source_acc t;

	memset(&t, 0, sizeof t);
	for (size_t i = 0; i < s->nsources; i++)
		source_add(&t, &s->sources[i]);
	key(b, "accounting");
	buf_addc(b, '{');
	source_encode(b, &t, SOURCE_COUNT);
	kv_u(b, "malformed_events", s->malformed);
	line_list(b, "malformed_lines", s->malformed_at, s->malformed);
	kv_u(b, "other_records", s->other_records);
	kv_u(b, "hours_dropped", s->hours_dropped);
	kv_u(b, "sources_dropped", s->sources_dropped);
	key(b, "sources");
	buf_addc(b, '[');
	for (size_t i = 0; i < s->nsources; i++) {
		const struct source_acc *a = &s->sources[i];

		elem(b);
		buf_addc(b, '{');
		kv_str(b, "src", a->src);
		if (a->fmt[0])
			kv_str(b, "fmt", a->fmt);
		source_encode(b, a, SOURCE_FLAG);
		source_encode(b, a, SOURCE_COUNT);
		source_encode(b, a, SOURCE_LINES);
		if (a->error[0])
			kv_str(b, "error", a->error);
		buf_addc(b, '}');
	}
	buf_adds(b, "]}");
}

/* Per UTC day (report cuts days in other zones from the hours). */
static void days_encode(struct buf *b, const struct summary *s)
{
	size_t i = 0;

	key(b, "days");
	buf_addc(b, '[');
	while (i < s->nhours) {
		int64_t day = tz_day_start(NULL, s->hours[i].start_ms);
		struct bucket f;
		char t[25];

		bucket_init(&f);
		for (; i < s->nhours && tz_day_start(NULL, s->hours[i].start_ms) == day; i++)
			bucket_merge(&f, &s->hours[i]);
		tstamp_format(day, t);
		elem(b);
		buf_addc(b, '{');
		key(b, "date");
		jsonw_str(b, t, 10);
		figures_encode(b, &f);
		buf_addc(b, '}');
		bucket_release(&f);
	}
	buf_addc(b, ']');
}

static void limit_encode(struct buf *b, const char *k, const struct limit *l)
{
	if (l->on)
		kv_num(b, k, l->value);
	else {
		key(b, k);
		buf_adds(b, "null");
	}
}

static void checks_encode(struct buf *b, const struct thresholds *t, const struct check *c)
{
	key(b, "checks");
	buf_addc(b, '[');
	for (int i = 0; i < CHECK_COUNT; i++) {
		elem(b);
		buf_addc(b, '{');
		kv_str(b, "name", check_name(c[i].id));
		kv_str(b, "status", check_status_name(c[i].status));
		if (c[i].status == CHECK_NODATA) {
			key(b, "value");
			buf_adds(b, "null");
		} else {
			kv_num3(b, "value", c[i].value);
		}
		kv_str(b, "unit", check_unit(c[i].id));
		limit_encode(b, "warn", &t->warn[i]);
		kv_str(b, "warn_op", t->warn[i].or_equal ? ">=" : ">");
		limit_encode(b, "crit", &t->crit[i]);
		kv_str(b, "crit_op", t->crit[i].or_equal ? ">=" : ">");
		if (c[i].at_ms >= 0)
			kv_time(b, "at", c[i].at_ms);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

static void slow_encode(struct buf *b, const struct summary *s)
{
	key(b, "slowest");
	buf_addc(b, '[');
	for (size_t i = 0; i < s->nslow; i++) {
		const struct slow_req *r = &s->slow[i];

		elem(b);
		buf_addc(b, '{');
		kv_num(b, "latency_ms", r->latency_ms);
		if (r->ts_ms != INT64_MIN)
			kv_time(b, "ts", r->ts_ms);
		if (r->status)
			kv_i(b, "status", r->status);
		if (r->method[0])
			kv_str(b, "method", r->method);
		if (r->path[0])
			kv_str(b, "path", r->path);
		if (r->ip[0])
			kv_str(b, "ip", r->ip);
		kv_str(b, "src", r->src);
		kv_u(b, "line", r->line);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

void summary_encode(const struct summary *s, struct buf *b)
{
	struct bucket all;
	struct check c[CHECK_COUNT];

	buf_addc(b, '{');
	kv_i(b, "v", SUMMARY_VERSION);
	kv_str(b, "type", "summary");
	kv_num(b, "slow_ms", s->slow_ms);
	key(b, "window");
	if (s->has_window) {
		buf_addc(b, '{');
		kv_time(b, "first", s->first_ms);
		kv_time(b, "last", s->last_ms);
		buf_addc(b, '}');
	} else {
		buf_adds(b, "null");
	}
	accounting_encode(b, s);

	bucket_init(&all);
	for (size_t i = 0; i < s->nhours; i++)
		bucket_merge(&all, &s->hours[i]);
	bucket_merge(&all, &s->undated);
	key(b, "totals");
	buf_addc(b, '{');
	figures_encode(b, &all);
	buf_addc(b, '}');
	bucket_release(&all);

	thresholds_evaluate(&s->limits, s->hours, s->nhours, &s->undated, NULL, c);
	checks_encode(b, &s->limits, c);
	days_encode(b, s);

	key(b, "hours");
	buf_addc(b, '[');
	for (size_t i = 0; i < s->nhours; i++)
		bucket_encode(b, &s->hours[i], true);
	buf_addc(b, ']');
	key(b, "undated");
	bucket_encode(b, &s->undated, false);

	key(b, "status_codes");
	buf_addc(b, '{');
	for (int i = 0; i < 600; i++)
		if (s->status_codes[i]) {
			char k[4] = { (char)('0' + i / 100), (char)('0' + i / 10 % 10),
				      (char)('0' + i % 10), 0 };
			kv_u(b, k, s->status_codes[i]);
		}
	buf_addc(b, '}');

	key(b, "top");
	buf_addc(b, '{');
	sketch_encode(b, "ips", s->ips, NULL, s);
	sketch_encode(b, "user_agents", s->uas, NULL, s);
	sketch_encode(b, "loggers", s->loggers, NULL, s);
	sketch_encode(b, "endpoints", s->endpoints, endpoint_item, s);
	sketch_encode(b, "errors", s->errors, fingerprint_item, s);
	buf_addc(b, '}');

	key(b, "auth");
	buf_addc(b, '{');
	kv_i(b, "window_s", s->brute_window_s);
	kv_u(b, "threshold", s->brute_threshold);
	sketch_encode(b, "failures", s->auth_ips, auth_item, s);
	buf_addc(b, '}');

	key(b, "security");
	buf_addc(b, '{');
	sketch_encode(b, "rules", s->rules, rule_item, s);
	buf_addc(b, '}');

	key(b, "privacy");
	buf_addc(b, '{');
	sketch_encode(b, "kinds", s->pii, rule_item, s);
	buf_addc(b, '}');

	slow_encode(b, s);
	buf_adds(b, "}\n");
}

/* ---- decoding ---------------------------------------------------------- */

/* The decoder's state: the first problem found, with where it was. */
struct dec {
	char *err;
	size_t errlen;
	int failed;
};

static int bad(struct dec *d, const char *where, const char *what)
{
	if (!d->failed)
		snprintf(d->err, d->errlen, "%s: %s", where, what);
	d->failed = 1;
	return -1;
}

static yajl_val get(yajl_val obj, const char *k)
{
	if (!YAJL_IS_OBJECT(obj))
		return NULL;
	for (size_t i = 0; i < obj->u.object.len; i++)
		if (!strcmp(obj->u.object.keys[i], k))
			return obj->u.object.values[i];
	return NULL;
}

/* A missing member reads as 0; a present one must be a count. */
static uint64_t get_u(struct dec *d, yajl_val obj, const char *k)
{
	yajl_val v = get(obj, k);

	if (!v || YAJL_IS_NULL(v))
		return 0;
	if (!YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < 0) {
		bad(d, k, "expected a count");
		return 0;
	}
	return (uint64_t)YAJL_GET_INTEGER(v);
}

static double get_num(struct dec *d, yajl_val obj, const char *k)
{
	yajl_val v = get(obj, k);

	if (!v || YAJL_IS_NULL(v))
		return 0;
	if (!YAJL_IS_NUMBER(v)) {
		bad(d, k, "expected a number");
		return 0;
	}
	return YAJL_GET_DOUBLE(v);
}

/* Copies a string member into dst (cut to fit); "" when missing. */
static void get_str(struct dec *d, yajl_val obj, const char *k, char *dst, size_t cap)
{
	yajl_val v = get(obj, k);
	size_t n;

	dst[0] = 0;
	if (!v || YAJL_IS_NULL(v))
		return;
	if (!YAJL_IS_STRING(v)) {
		bad(d, k, "expected a string");
		return;
	}
	n = strlen(v->u.string);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v->u.string, n);
	dst[n] = 0;
}

static int64_t get_time(struct dec *d, yajl_val obj, const char *k, int64_t none)
{
	yajl_val v = get(obj, k);
	const struct tstamp_ctx ctx = { NULL, 0 };
	int64_t ms;

	if (!v || YAJL_IS_NULL(v))
		return none;
	if (!YAJL_IS_STRING(v) ||
	    tstamp_parse(v->u.string, strlen(v->u.string), &ctx, &ms) == 0) {
		bad(d, k, "expected an ISO 8601 time");
		return none;
	}
	return ms;
}

static yajl_val get_array(struct dec *d, yajl_val obj, const char *k)
{
	yajl_val v = get(obj, k);

	if (v && !YAJL_IS_ARRAY(v)) {
		bad(d, k, "expected an array");
		return NULL;
	}
	return v;
}

static size_t array_len(yajl_val a)
{
	return a ? a->u.array.len : 0;
}

static void hist_decode(struct dec *d, yajl_val obj, struct hist *h)
{
	yajl_val buckets = get_array(d, obj, "buckets");
	uint64_t n = 0;

	if (!obj)
		return;
	for (size_t i = 0; i < array_len(buckets); i++) {
		yajl_val pair = buckets->u.array.values[i], iv, cv;

		if (!YAJL_IS_ARRAY(pair) || pair->u.array.len != 2 ||
		    !YAJL_IS_INTEGER((iv = pair->u.array.values[0])) ||
		    !YAJL_IS_INTEGER((cv = pair->u.array.values[1])) || YAJL_GET_INTEGER(cv) < 0) {
			bad(d, "latency.buckets", "expected [index, count] pairs");
			return;
		}
		if (YAJL_GET_INTEGER(iv) < hist_index(HIST_MIN) ||
		    YAJL_GET_INTEGER(iv) > hist_index(HIST_MAX)) {
			bad(d, "latency.buckets", "bucket index out of range");
			return;
		}
		hist_add_bucket(h, (int)YAJL_GET_INTEGER(iv), (uint64_t)YAJL_GET_INTEGER(cv));
		n += (uint64_t)YAJL_GET_INTEGER(cv);
	}
	h->count = get_u(d, obj, "count");
	h->zero = get_u(d, obj, "zero");
	h->sum = get_num(d, obj, "sum");
	h->min = get_num(d, obj, "min");
	h->max = get_num(d, obj, "max");
	if (n + h->zero != h->count)
		bad(d, "latency", "bucket counts do not add up to count");
}

static void bucket_decode(struct dec *d, yajl_val obj, struct bucket *c)
{
	static const char *const cls[6] = { NULL, "1xx", "2xx", "3xx", "4xx", "5xx" };
	yajl_val levels = get(obj, "levels"), status = get(obj, "status");

	c->events = get_u(d, obj, "events");
	c->requests = get_u(d, obj, "requests");
	c->errors = get_u(d, obj, "errors");
	c->error_lines = get_u(d, obj, "error_lines");
	c->rate_limited = get_u(d, obj, "rate_limited");
	c->forbidden = get_u(d, obj, "forbidden");
	c->auth_failures = get_u(d, obj, "auth_failures");
	c->security = get_u(d, obj, "security");
	c->slow = get_u(d, obj, "slow");
	c->pii = get_u(d, obj, "pii");
	for (int i = LEVEL_TRACE; i <= LEVEL_EMERGENCY; i++)
		c->levels[i] = get_u(d, levels, level_name((enum level)i));
	c->levels[LEVEL_NONE] = get_u(d, levels, "none");
	for (int i = 1; i < 6; i++)
		c->status[i] = get_u(d, status, cls[i]);
	hist_decode(d, get(obj, "latency"), &c->latency);
}

typedef void aux_decode_fn(struct dec *d, yajl_val item, void *aux, struct summary *s);

static void sketch_decode(struct dec *d, yajl_val obj, struct topk *t, aux_decode_fn *fn,
			  struct summary *s)
{
	yajl_val items = get_array(d, obj, "items");
	char k[TOPK_KEY];

	if (!obj)
		return;
	for (size_t i = 0; i < array_len(items) && i < topk_cap(t); i++) {
		yajl_val it = items->u.array.values[i];
		size_t slot;

		get_str(d, it, "key", k, sizeof k);
		slot = topk_put(t, k, get_u(d, it, "count"), get_u(d, it, "err"));
		if (fn)
			fn(d, it, topk_aux(t, slot), s);
	}
	topk_set_totals(t, get_u(d, obj, "total"), get_u(d, obj, "evicted"));
}

static void endpoint_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	struct endpoint_aux *a = aux;

	(void)s;
	a->errors = get_u(d, it, "errors");
	hist_decode(d, get(it, "latency"), &a->latency);
}

static void fingerprint_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	struct fingerprint_aux *a = aux;
	char lv[16];

	(void)s;
	a->seen = 1;
	a->first_ms = get_time(d, it, "first", INT64_MIN);
	a->last_ms = get_time(d, it, "last", INT64_MIN);
	get_str(d, it, "level", lv, sizeof lv);
	a->level = level_parse(lv, strlen(lv));
	get_str(d, it, "sample", a->sample, sizeof a->sample);
}

static void auth_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	struct auth_aux *a = aux;
	yajl_val recent = get_array(d, it, "recent");

	(void)s;
	a->first_ms = get_time(d, it, "first", 0);
	a->last_ms = get_time(d, it, "last", 0);
	a->max_in_window = get_u(d, it, "max_in_window");
	for (size_t i = 0; i < array_len(recent) && i < AUTH_RECENT; i++) {
		yajl_val v = recent->u.array.values[i];
		if (!YAJL_IS_INTEGER(v)) {
			bad(d, "recent", "expected times in ms");
			return;
		}
		a->recent[a->nrecent++] = YAJL_GET_INTEGER(v);
	}
}

static void rule_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	struct rule_aux *a = aux;
	yajl_val samples = get_array(d, it, "samples");

	a->ips = summary_rule_ips_new();
	sketch_decode(d, get(it, "ips"), a->ips, NULL, s);
	for (size_t i = 0; i < array_len(samples); i++) {
		yajl_val v = samples->u.array.values[i];
		if (YAJL_IS_STRING(v))
			rule_sample(a, v->u.string, strlen(v->u.string));
	}
}

static void lines_decode(struct dec *d, yajl_val obj, const char *k, uint64_t *at)
{
	yajl_val a = get_array(d, obj, k);

	for (size_t i = 0; i < array_len(a) && i < SOURCE_SAMPLES; i++)
		at[i] = YAJL_IS_INTEGER(a->u.array.values[i])
			? (uint64_t)YAJL_GET_INTEGER(a->u.array.values[i]) : 0;
}

static void accounting_decode(struct dec *d, yajl_val acc, struct summary *s)
{
	yajl_val sources = get_array(d, acc, "sources");

	s->malformed = get_u(d, acc, "malformed_events");
	lines_decode(d, acc, "malformed_lines", s->malformed_at);
	s->other_records = get_u(d, acc, "other_records");
	s->hours_dropped = get_u(d, acc, "hours_dropped");
	for (size_t i = 0; i < array_len(sources); i++) {
		yajl_val o = sources->u.array.values[i];
		struct source_acc a;

		memset(&a, 0, sizeof a);
		get_str(d, o, "src", a.src, sizeof a.src);
		get_str(d, o, "fmt", a.fmt, sizeof a.fmt);
		get_str(d, o, "error", a.error, sizeof a.error);
		for (size_t k = 0; k < source_nfields; k++) {
			const struct source_field *f = &source_fields[k];

			if (f->kind == SOURCE_COUNT)
				*source_counter(&a, f) = get_u(d, o, f->name);
			else if (f->kind == SOURCE_LINES)
				lines_decode(d, o, f->name, a.unparsed_at);
			else
				a.gzip = YAJL_IS_TRUE(get(o, f->name));
		}
		summary_add_source(s, &a);
	}
	s->sources_dropped += get_u(d, acc, "sources_dropped");
}

static void limit_decode(struct dec *d, yajl_val c, const char *k, const char *op,
			 struct limit *l)
{
	yajl_val v = get(c, k), o = get(c, op);

	if (!v)
		return;
	l->on = !YAJL_IS_NULL(v);
	if (l->on)
		l->value = get_num(d, c, k);
	if (YAJL_IS_STRING(o))
		l->or_equal = !strcmp(o->u.string, ">=");
}

static void checks_decode(struct dec *d, yajl_val checks, struct thresholds *t)
{
	for (size_t i = 0; i < array_len(checks); i++) {
		yajl_val c = checks->u.array.values[i];
		char name[40];

		get_str(d, c, "name", name, sizeof name);
		for (int id = 0; id < CHECK_COUNT; id++)
			if (!strcmp(name, check_name((enum check_id)id))) {
				limit_decode(d, c, "warn", "warn_op", &t->warn[id]);
				limit_decode(d, c, "crit", "crit_op", &t->crit[id]);
			}
	}
}

static void slow_decode(struct dec *d, yajl_val arr, struct summary *s)
{
	for (size_t i = 0; i < array_len(arr); i++) {
		yajl_val o = arr->u.array.values[i];
		struct slow_req r;

		memset(&r, 0, sizeof r);
		r.latency_ms = get_num(d, o, "latency_ms");
		r.ts_ms = get_time(d, o, "ts", INT64_MIN);
		r.status = (int)get_u(d, o, "status");
		get_str(d, o, "method", r.method, sizeof r.method);
		get_str(d, o, "path", r.path, sizeof r.path);
		get_str(d, o, "ip", r.ip, sizeof r.ip);
		get_str(d, o, "src", r.src, sizeof r.src);
		r.line = get_u(d, o, "line");
		summary_add_slow(s, &r);
	}
}

int summary_decode(const char *text, size_t len, struct summary *s, char *err, size_t errlen)
{
	struct dec d = { err, errlen, 0 };
	char *copy = malloc(len + 1), ybuf[256];
	yajl_val root, v, hours, window, top, auth, codes;

	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(copy, text, len);
	copy[len] = 0;
	ybuf[0] = 0;
	root = yajl_tree_parse(copy, ybuf, sizeof ybuf);
	free(copy);
	if (!root) {
		char *nl = strchr(ybuf, '\n');
		if (nl)
			*nl = 0;
		snprintf(err, errlen, "not JSON: %s", ybuf[0] ? ybuf : "parse error");
		return -1;
	}
	v = get(root, "type");
	if (!YAJL_IS_OBJECT(root) || !v || !YAJL_IS_STRING(v) || strcmp(v->u.string, "summary")) {
		yajl_tree_free(root);
		snprintf(err, errlen, "not a logsift summary (no \"type\":\"summary\")");
		return -1;
	}
	v = get(root, "v");
	if (!v || !YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) != SUMMARY_VERSION) {
		if (v && YAJL_IS_INTEGER(v))
			snprintf(err, errlen, "summary version %lld is not supported (this is version %d)",
				 (long long)YAJL_GET_INTEGER(v), SUMMARY_VERSION);
		else
			snprintf(err, errlen, "no summary version (\"v\")");
		yajl_tree_free(root);
		return -1;
	}
	if (get(root, "slow_ms"))
		s->slow_ms = get_num(&d, root, "slow_ms");
	window = get(root, "window");
	if (window && YAJL_IS_OBJECT(window)) {
		s->has_window = true;
		s->first_ms = get_time(&d, window, "first", 0);
		s->last_ms = get_time(&d, window, "last", 0);
	}
	accounting_decode(&d, get(root, "accounting"), s);
	hours = get_array(&d, root, "hours");
	for (size_t i = 0; i < array_len(hours) && !d.failed; i++) {
		yajl_val o = hours->u.array.values[i];
		int64_t start = get_time(&d, o, "start", INT64_MIN);
		struct bucket *b, tmp;

		if (start == INT64_MIN) {
			bad(&d, "hours", "an hour without a start");
			break;
		}
		memset(&tmp, 0, sizeof tmp);
		hist_init(&tmp.latency);
		bucket_decode(&d, o, &tmp);
		b = summary_hour(s, start);
		if (b)
			bucket_merge(b, &tmp);
		else
			s->hours_dropped += tmp.events;
		hist_release(&tmp.latency);
	}
	if (get(root, "undated"))
		bucket_decode(&d, get(root, "undated"), &s->undated);
	codes = get(root, "status_codes");
	if (YAJL_IS_OBJECT(codes))
		for (size_t i = 0; i < codes->u.object.len; i++) {
			const char *k = codes->u.object.keys[i];
			long code = strtol(k, NULL, 10);
			if (code >= 100 && code < 600)
				s->status_codes[code] += get_u(&d, codes, k);
		}
	top = get(root, "top");
	sketch_decode(&d, get(top, "ips"), s->ips, NULL, s);
	sketch_decode(&d, get(top, "user_agents"), s->uas, NULL, s);
	sketch_decode(&d, get(top, "loggers"), s->loggers, NULL, s);
	sketch_decode(&d, get(top, "endpoints"), s->endpoints, endpoint_decode, s);
	sketch_decode(&d, get(top, "errors"), s->errors, fingerprint_decode, s);
	auth = get(root, "auth");
	if (get(auth, "window_s"))
		s->brute_window_s = (int)get_u(&d, auth, "window_s");
	if (get(auth, "threshold"))
		s->brute_threshold = get_u(&d, auth, "threshold");
	sketch_decode(&d, get(auth, "failures"), s->auth_ips, auth_decode, s);
	sketch_decode(&d, get(get(root, "security"), "rules"), s->rules, rule_decode, s);
	sketch_decode(&d, get(get(root, "privacy"), "kinds"), s->pii, rule_decode, s);
	slow_decode(&d, get_array(&d, root, "slowest"), s);
	checks_decode(&d, get_array(&d, root, "checks"), &s->limits);
	yajl_tree_free(root);
	return d.failed ? -1 : 0;
}

#define MAX_SUMMARY_BYTES (1024UL * 1024 * 1024) /* far above any real summary */

int summary_merge_file(struct summary *dst, const char *path, bool first,
		       char *err, size_t errlen)
{
	struct input *in = input_open(path);
	struct summary s;
	struct buf text;
	char chunk[65536], msg[300];
	ssize_t n;
	int rc = -1;

	buf_init(&text, MAX_SUMMARY_BYTES);
	while ((n = input_read(in, chunk, sizeof chunk)) > 0)
		buf_add(&text, chunk, (size_t)n);
	summary_init(&s);
	if (input_fault(in) != INPUT_FAULT_NONE) {
		snprintf(err, errlen, "%s: %s", input_name(in), input_error(in));
	} else if (text.err) {
		snprintf(err, errlen, "%s: larger than a summary can be", input_name(in));
	} else if (summary_decode(text.p, text.len, &s, msg, sizeof msg)) {
		snprintf(err, errlen, "%s: %s", input_name(in), msg);
	} else {
		if (first) {
			dst->limits = s.limits;
			dst->slow_ms = s.slow_ms;
			dst->brute_window_s = s.brute_window_s;
			dst->brute_threshold = s.brute_threshold;
		}
		summary_merge(dst, &s);
		rc = 0;
	}
	summary_release(&s);
	buf_release(&text);
	input_free(in);
	return rc;
}
