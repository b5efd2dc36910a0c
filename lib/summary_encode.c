/*
 * summary_encode: the summary document (docs/summary.md) written.
 *
 * Two kinds of member: the mergeable state (hours with their histograms,
 * sketches with counts and errors, accounting, the slowest requests, the
 * limits), which summary_decode.c reads back; and derived figures (totals,
 * days, averages, percentiles, checks), written for readers and recomputed
 * on every encode, never read, so they cannot disagree with the state.
 */
#include "summary.h"

#include <inttypes.h> /* PRIu64 */

#include <math.h>   /* isfinite */
#include <stdio.h>  /* snprintf */
#include <string.h> /* strlen, memcpy */

#include "buf.h"
#include "jsonw.h"
#include "topk.h"
#include "tstamp.h"
#include "tz.h"

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

/* A key that is a name the logs chose (a service's): escaped. */
static void name_key(struct buf *b, const char *name)
{
	jsonw_member_named(b, name);
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
	jsonw_uint(b, v);
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

	name_key(b, name);
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
				jsonw_uint(b, h->counts[i]);
				buf_addc(b, ']');
			}
		buf_addc(b, ']');
	}
	buf_addc(b, '}');
}

static void counts_encode(struct buf *b, const struct bucket *c)
{
	static const char *const cls[6] = { NULL, "1xx", "2xx", "3xx", "4xx", "5xx" };

	for (size_t i = 0; i < bucket_ncounters; i++) {
		const struct bucket_counter *k = &bucket_counters[i];

		key(b, k->name);
		if (k->kind == BUCKET_COUNT)
			jsonw_uint(b, *bucket_counter((struct bucket *)c, k));
		else if (c->requests)
			jsonw_num3(b, bucket_error_rate(c));
		else
			buf_adds(b, "null");
	}
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

typedef const char *slot_name_fn(const struct summary *s, size_t i);

static const char *metric_name(const struct summary *s, size_t i)
{
	return i < s->nmetrics ? s->metric_names[i] : NULL;
}

static const char *service_name(const struct summary *s, size_t i)
{
	return summary_service_used(s, i) ? s->service_names[i] : NULL;
}

/* The n <= 16 named slots in the order of their names: a slot is taken
 * where a name is first met, which differs between a summary and the
 * same summary read back (an hour can name a metric before the totals
 * do), and its text must not. */
static size_t in_name_order(const struct summary *s, slot_name_fn *name, size_t n,
			    unsigned char order[16])
{
	size_t used = 0;

	_Static_assert(SUMMARY_METRICS <= 16 && SUMMARY_HOURLY_SERVICES <= 16, "order[16]");
	for (size_t i = 0; i < n && i < 16; i++) {
		size_t j;

		if (!name(s, i))
			continue;
		for (j = used++; j > 0 && strcmp(name(s, order[j - 1]), name(s, i)) > 0; j--)
			order[j] = order[j - 1];
		order[j] = (unsigned char)i;
	}
	return used;
}

/* k: {NAME: HIST} of the n histograms h[] (slot i named by name(s, i))
 * that hold values, by name; nothing when none does. */
static void hists_encode(struct buf *b, const char *k, const struct hist *h, size_t n,
			 slot_name_fn *name, const struct summary *s, bool state)
{
	unsigned char order[16];
	bool any = false;

	n = in_name_order(s, name, n, order);
	for (size_t o = 0; o < n; o++) {
		size_t i = order[o];

		if (!h[i].count || !name(s, i))
			continue;
		if (!any) {
			key(b, k);
			buf_addc(b, '{');
		}
		any = true;
		hist_encode(b, name(s, i), &h[i], state);
	}
	if (any)
		buf_addc(b, '}');
}

/* "metrics": {NAME: HIST} of the metrics with values in c. */
static void metrics_encode(struct buf *b, const struct summary *s, const struct bucket *c,
			   bool state)
{
	hists_encode(b, "metrics", c->metric, SUMMARY_METRICS, metric_name, s, state);
}

/* "services": {NAME: [EVENTS, REQUESTS, ERRORS, ERROR_LINES]} of the
 * services with events in c (a state bucket: an hour, the undated). */
static void services_encode(struct buf *b, const struct summary *s, const struct bucket *c)
{
	unsigned char order[16];
	size_t n = in_name_order(s, service_name, SUMMARY_HOURLY_SERVICES, order);
	bool any = false;

	for (size_t o = 0; o < n; o++) {
		size_t i = order[o];
		const struct service_counts *x = &c->svc[i];

		if (!x->events || !service_name(s, i))
			continue;
		if (!any) {
			key(b, "services");
			buf_addc(b, '{');
		}
		any = true;
		name_key(b, s->service_names[i]);
		buf_addf(b, "[%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "]", x->events,
			 x->requests, x->errors, x->error_lines);
	}
	if (any)
		buf_addc(b, '}');
}

/* The services' request latencies: per UTC day, and without a time. */
static void service_days_encode(struct buf *b, const struct summary *s)
{
	if (s->nsdays) {
		key(b, "service_days");
		buf_addc(b, '[');
		for (size_t i = 0; i < s->nsdays; i++) {
			elem(b);
			buf_addc(b, '{');
			kv_time(b, "day", s->sdays[i].day_ms);
			hists_encode(b, "latency", s->sdays[i].latency, SUMMARY_HOURLY_SERVICES,
				     service_name, s, true);
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
	}
	hists_encode(b, "service_undated", s->svc_undated, SUMMARY_HOURLY_SERVICES, service_name,
		     s, true);
}

/* "ratios": {NAME: [GOOD, ALL]} of the ratios with events in c. */
static void ratios_encode(struct buf *b, const struct summary *s, const struct bucket *c)
{
	bool any = false;

	for (size_t i = 0; i < s->nratios; i++) {
		if (!c->ratio_all[i] && !c->ratio_good[i])
			continue;
		if (!any) {
			key(b, "ratios");
			buf_addc(b, '{');
		}
		any = true;
		name_key(b, s->ratios[i].name);
		buf_addc(b, '[');
		jsonw_uint(b, c->ratio_good[i]);
		buf_addc(b, ',');
		jsonw_uint(b, c->ratio_all[i]);
		buf_addc(b, ']');
	}
	if (any)
		buf_addc(b, '}');
}

static void bucket_encode(struct buf *b, const struct summary *s, const struct bucket *c,
			  bool dated)
{
	elem(b);
	buf_addc(b, '{');
	if (dated)
		kv_time(b, "start", c->start_ms);
	counts_encode(b, c);
	hist_encode(b, "latency", &c->latency, true);
	metrics_encode(b, s, c, true);
	ratios_encode(b, s, c);
	services_encode(b, s, c);
	buf_addc(b, '}');
}

/* Derived figures (a day, the totals): a bucket's counters and a latency
 * without its buckets. */
static void figures_encode(struct buf *b, const struct summary *s, const struct bucket *f)
{
	counts_encode(b, f);
	hist_encode(b, "latency", &f->latency, false);
	metrics_encode(b, s, f, false);
	ratios_encode(b, s, f);
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
	kv_u(b, "bytes", a->bytes);
	hist_encode(b, "latency", &a->latency, true);
}

static void service_item(struct buf *b, const struct topk *t, size_t slot,
			 const struct summary *s)
{
	const struct service_aux *a = topk_aux((struct topk *)t, slot);

	(void)s;
	kv_u(b, "requests", a->requests);
	kv_u(b, "errors", a->errors);
	kv_u(b, "error_lines", a->error_lines);
	hist_encode(b, "latency", &a->latency, true);
}

static void not_found_item(struct buf *b, const struct topk *t, size_t slot,
			   const struct summary *s)
{
	const struct not_found_aux *a = topk_aux((struct topk *)t, slot);

	(void)s;
	if (a->referer[0])
		kv_str(b, "referer", a->referer);
}

static void login_item(struct buf *b, const struct topk *t, size_t slot,
		       const struct summary *s)
{
	const struct login_aux *a = topk_aux((struct topk *)t, slot);

	(void)s;
	if (a->after_failures) {
		key(b, "after_failures");
		buf_adds(b, "true");
	}
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
		jsonw_uint(b, at[i]);
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
		figures_encode(b, s, &f);
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

/* One check with the limits it was judged by; scope: "service aura", or
 * NULL for the summary's own checks. */
static void check_encode(struct buf *b, const struct check *c, const struct thresholds *t,
			 const struct scope *scope)
{
	elem(b);
	buf_addc(b, '{');
	kv_str(b, "name", check_name(c->id));
	if (scope) {
		char sn[SCOPE_NAME_MAX + 16];
		snprintf(sn, sizeof sn, "%s %s", scope_kind_name(scope->kind), scope->name);
		kv_str(b, "scope", sn);
	}
	kv_str(b, "status", check_status_name(c->status));
	if (c->status == CHECK_NODATA) {
		key(b, "value");
		buf_adds(b, "null");
	} else {
		kv_num3(b, "value", c->value);
	}
	kv_str(b, "unit", check_unit(c->id));
	limit_encode(b, "warn", &t->warn[c->id]);
	kv_str(b, "warn_op", t->warn[c->id].or_equal ? ">=" : ">");
	limit_encode(b, "crit", &t->crit[c->id]);
	kv_str(b, "crit_op", t->crit[c->id].or_equal ? ">=" : ">");
	if (c->at_ms >= 0)
		kv_time(b, "at", c->at_ms);
	buf_addc(b, '}');
}

static void checks_encode(struct buf *b, const struct summary *s, const struct thresholds *t,
			  const struct check *c)
{
	struct scoped_check sc[THRESHOLDS_MAX_SCOPES * CHECK_COUNT];
	size_t n = summary_scoped_checks(s, t, INT64_MIN, INT64_MAX, sc, sizeof sc / sizeof sc[0]);

	key(b, "checks");
	buf_addc(b, '[');
	for (int i = 0; i < CHECK_COUNT; i++)
		check_encode(b, &c[i], t, NULL);
	for (size_t i = 0; i < n; i++) {
		struct thresholds lim;
		scope_limits(t, sc[i].scope, &lim);
		check_encode(b, &sc[i].c, &lim, sc[i].scope);
	}
	for (size_t i = 0; i < t->nmetrics; i++) { /* a metric's: over the whole summary */
		const struct metric_limit *m = &t->metrics[i];
		const struct check *q = &c[CHECK_COUNT + i];
		char name[64];

		metric_limit_name(name, sizeof name, m);
		elem(b);
		buf_addc(b, '{');
		kv_str(b, "name", name);
		kv_str(b, "status", check_status_name(q->status));
		key(b, "value");
		if (q->status == CHECK_NODATA)
			buf_adds(b, "null");
		else
			jsonw_num3(b, q->value);
		kv_str(b, "unit", m->stat == MSTAT_RATE ? "%" : "");
		limit_encode(b, "warn", &m->warn);
		kv_str(b, "warn_op", m->stat == MSTAT_RATE ? "<" : ">");
		limit_encode(b, "crit", &m->crit);
		kv_str(b, "crit_op", m->stat == MSTAT_RATE ? "<" : ">");
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

/* Unique visitors: each day's estimate for readers, its registers for
 * merging. */
static void visitors_encode(struct buf *b, const struct summary *s)
{
	key(b, "visitors");
	buf_addc(b, '{');
	kv_num(b, "error", HLL_ERROR);
	key(b, "days");
	buf_addc(b, '[');
	for (size_t i = 0; i < s->nvdays; i++) {
		elem(b);
		buf_addc(b, '{');
		kv_time(b, "day", s->vdays[i].day_ms);
		kv_u(b, "estimate", (uint64_t)(hll_estimate(&s->vdays[i].h) + 0.5));
		key(b, "hll");
		buf_addc(b, '"');
		hll_encode(&s->vdays[i].h, b);
		buf_addc(b, '"');
		buf_addc(b, '}');
	}
	buf_adds(b, "]}");
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
	struct check c[CHECKS_MAX];

	buf_addc(b, '{');
	kv_i(b, "v", SUMMARY_VERSION);
	kv_str(b, "type", "summary");
	kv_num(b, "slow_ms", s->slow_ms);
	if (s->p95_exact) { /* the limits the buckets' p95_within counts hold for */
		key(b, "p95_within");
		buf_addc(b, '{');
		for (int i = 0; i < 2; i++) {
			const struct limit *l = &s->p95_counted[i];
			if (l->on) {
				kv_num(b, i ? "crit" : "warn", l->value);
			} else {
				key(b, i ? "crit" : "warn");
				buf_adds(b, "null");
			}
			kv_str(b, i ? "crit_op" : "warn_op", l->or_equal ? ">=" : ">");
		}
		buf_addc(b, '}');
	}
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
	figures_encode(b, s, &all);
	buf_addc(b, '}');
	thresholds_metric_checks(&s->limits, s, &all, c + CHECK_COUNT);
	bucket_release(&all);

	thresholds_evaluate(&s->limits, s->p95_exact ? s->p95_counted : NULL, s->hours, s->nhours,
			    &s->undated, NULL, c);
	checks_encode(b, s, &s->limits, c);
	days_encode(b, s);

	key(b, "hours");
	buf_addc(b, '[');
	for (size_t i = 0; i < s->nhours; i++)
		bucket_encode(b, s, &s->hours[i], true);
	buf_addc(b, ']');
	key(b, "undated");
	bucket_encode(b, s, &s->undated, false);
	if (s->metrics_dropped)
		kv_u(b, "metrics_dropped", s->metrics_dropped);
	if (s->nratios) { /* what each ratio counts (analyze --ratio) */
		key(b, "ratios");
		buf_addc(b, '[');
		for (size_t i = 0; i < s->nratios; i++) {
			elem(b);
			buf_addc(b, '{');
			kv_str(b, "name", s->ratios[i].name);
			kv_str(b, "good", s->ratios[i].good);
			kv_str(b, "all", s->ratios[i].all);
			buf_addc(b, '}');
		}
		buf_addc(b, ']');
	}

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
	sketch_encode(b, "services", s->services, service_item, s);
	sketch_encode(b, "not_found", s->not_found, not_found_item, s);
	sketch_encode(b, "referrers", s->referrers, NULL, s);
	sketch_encode(b, "urls", s->urls, NULL, s);
	sketch_encode(b, "browsers", s->browsers, NULL, s);
	sketch_encode(b, "systems", s->systems, NULL, s);
	buf_addc(b, '}');

	key(b, "auth");
	buf_addc(b, '{');
	kv_i(b, "window_s", s->brute_window_s);
	kv_u(b, "threshold", s->brute_threshold);
	sketch_encode(b, "failures", s->auth_ips, auth_item, s);
	sketch_encode(b, "logins", s->logins, login_item, s);
	for (int i = 0; i < AUTH_LISTS; i++)
		sketch_encode(b, auth_lists[i].name, s->auth_list[i], NULL, s);
	buf_addc(b, '}');

	key(b, "security");
	buf_addc(b, '{');
	sketch_encode(b, "rules", s->rules, rule_item, s);
	buf_addc(b, '}');

	key(b, "privacy");
	buf_addc(b, '{');
	sketch_encode(b, "kinds", s->pii, rule_item, s);
	buf_addc(b, '}');

	if (topk_size(s->hosts)) /* a labelled summary's, or a fleet's */
		sketch_encode(b, "hosts", s->hosts, service_item, s);
	visitors_encode(b, s);
	service_days_encode(b, s);
	slow_encode(b, s);
	buf_adds(b, "}\n");
}

