/*
 * summary_decode: the summary document read back into the mergeable state
 * (the derived members are skipped: summary_encode.c recomputes them).
 * Every member is checked for its type; a file is read through
 * input_slurp, bounded by SUMMARY_FILE_MAX.
 */
#include "summary.h"

#include <math.h>   /* isfinite */
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* free, strtol */
#include <string.h> /* strlen, memcpy, strcmp */

#include <yajl/yajl_tree.h>

#include "ytree.h"

#include "buf.h"
#include "bytes.h"
#include "event.h"
#include "input.h"
#include "scan.h"
#include "topk.h"
#include "tstamp.h"

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

/* The member k of obj, or NULL.  Members are mostly asked for in the
 * order summary_encode wrote them, so the search starts after the last
 * one found in the same object: a bucket's forty counters cost forty
 * comparisons, not eight hundred. */
static yajl_val get(yajl_val obj, const char *k)
{
	static _Thread_local yajl_val last_obj;
	static _Thread_local size_t next;
	size_t n, start;

	if (!YAJL_IS_OBJECT(obj))
		return NULL;
	n = obj->u.object.len;
	start = obj == last_obj && next < n ? next : 0;
	for (size_t j = 0; j < n; j++) {
		size_t i = start + j < n ? start + j : start + j - n;

		if (!strcmp(obj->u.object.keys[i], k)) {
			last_obj = obj;
			next = i + 1;
			return obj->u.object.values[i];
		}
	}
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
	if (!YAJL_IS_NUMBER(v) || !isfinite(YAJL_GET_DOUBLE(v))) {
		bad(d, k, "expected a finite number");
		return 0;
	}
	return YAJL_GET_DOUBLE(v);
}

/* A count within [lo, hi]; a missing member leaves *out as it was. */
static void get_range(struct dec *d, yajl_val obj, const char *k, uint64_t lo, uint64_t hi,
		      uint64_t *out)
{
	yajl_val v = get(obj, k);
	char what[64];

	if (!v)
		return;
	if (!YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < 0 ||
	    (uint64_t)YAJL_GET_INTEGER(v) < lo || (uint64_t)YAJL_GET_INTEGER(v) > hi) {
		snprintf(what, sizeof what, "expected a whole number from %llu to %llu",
			 (unsigned long long)lo, (unsigned long long)hi);
		bad(d, k, what);
		return;
	}
	*out = (uint64_t)YAJL_GET_INTEGER(v);
}

/* Whether text nests arrays and objects deeper than max: checked before
 * the tree is built, since building and freeing it recurse per level. */
static bool too_deep(const char *p, size_t len, int max)
{
	int depth = 0;
	bool str = false;

	for (size_t i = 0; i < len; i++) {
		char c = p[i];

		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
		} else if (c == '"') {
			str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return true;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return false;
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
	const struct tstamp_ctx ctx = { NULL, 0, NULL };
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

static void bucket_decode(struct dec *d, yajl_val obj, struct bucket *c, struct summary *s)
{
	yajl_val metrics = get(obj, "metrics"), ratios = get(obj, "ratios");
	yajl_val services = get(obj, "services");

	static const char *const cls[6] = { NULL, "1xx", "2xx", "3xx", "4xx", "5xx" };
	yajl_val levels = get(obj, "levels"), status = get(obj, "status");

	for (size_t i = 0; i < bucket_ncounters; i++)
		if (bucket_counters[i].kind == BUCKET_COUNT)
			*bucket_counter(c, &bucket_counters[i]) = get_u(d, obj, bucket_counters[i].name);
	for (int i = LEVEL_TRACE; i <= LEVEL_EMERGENCY; i++)
		c->levels[i] = get_u(d, levels, level_name((enum level)i));
	c->levels[LEVEL_NONE] = get_u(d, levels, "none");
	for (int i = 1; i < 6; i++)
		c->status[i] = get_u(d, status, cls[i]);
	hist_decode(d, get(obj, "latency"), &c->latency);
	for (size_t i = 0; YAJL_IS_OBJECT(metrics) && i < metrics->u.object.len; i++) {
		const char *k = metrics->u.object.keys[i];
		int m;
		struct hist h;

		if (!event_metric_name_ok(k, strlen(k))) { /* as ingest --metric takes them */
			bad(d, "metrics", "a metric's name is 1 to 47 of A-Z a-z 0-9 _ . -");
			continue;
		}
		m = summary_metric(s, k, strlen(k));

		hist_init(&h);
		hist_decode(d, metrics->u.object.values[i], &h);
		if (m >= 0)
			hist_merge(&c->metric[m], &h);
		else
			s->metrics_dropped = scan_sat_add(s->metrics_dropped, h.count);
		hist_release(&h);
	}
	for (size_t i = 0; YAJL_IS_OBJECT(services) && i < services->u.object.len; i++) {
		const char *k = services->u.object.keys[i];
		yajl_val v = services->u.object.values[i];
		struct service_counts *x = &c->svc[summary_service(s, k, strlen(k))];
		uint64_t n[4];

		for (size_t j = 0; j < 4; j++) {
			yajl_val e = YAJL_IS_ARRAY(v) && v->u.array.len == 4 ? v->u.array.values[j] : NULL;
			if (!e || !YAJL_IS_INTEGER(e) || YAJL_GET_INTEGER(e) < 0) {
				bad(d, "services", "a service is [EVENTS, REQUESTS, ERRORS, ERROR_LINES]");
				return;
			}
			n[j] = (uint64_t)YAJL_GET_INTEGER(e);
		}
		x->events = scan_sat_add(x->events, n[0]); /* names past the slots fold into other */
		x->requests = scan_sat_add(x->requests, n[1]);
		x->errors = scan_sat_add(x->errors, n[2]);
		x->error_lines = scan_sat_add(x->error_lines, n[3]);
	}
	for (size_t i = 0; YAJL_IS_OBJECT(ratios) && i < ratios->u.object.len; i++) {
		yajl_val v = ratios->u.object.values[i];
		size_t r = 0;

		while (r < s->nratios && strcmp(s->ratios[r].name, ratios->u.object.keys[i]))
			r++;
		if (r == s->nratios || !YAJL_IS_ARRAY(v) || v->u.array.len != 2 ||
		    !YAJL_IS_INTEGER(v->u.array.values[0]) || !YAJL_IS_INTEGER(v->u.array.values[1]) ||
		    YAJL_GET_INTEGER(v->u.array.values[0]) < 0 ||
		    YAJL_GET_INTEGER(v->u.array.values[1]) < 0) {
			bad(d, "ratios", "a ratio is [GOOD, ALL] of a ratio the summary names");
			continue;
		}
		c->ratio_good[r] = (uint64_t)YAJL_GET_INTEGER(v->u.array.values[0]);
		c->ratio_all[r] = (uint64_t)YAJL_GET_INTEGER(v->u.array.values[1]);
	}
}

/* The root's "ratios": what each counts, before the buckets name them. */
static void ratio_defs_decode(struct dec *d, yajl_val arr, struct summary *s)
{
	for (size_t i = 0; i < array_len(arr); i++) {
		yajl_val o = arr->u.array.values[i];
		struct ratio_def r;

		memset(&r, 0, sizeof r);
		get_str(d, o, "name", r.name, sizeof r.name);
		get_str(d, o, "good", r.good, sizeof r.good);
		get_str(d, o, "all", r.all, sizeof r.all);
		if (!event_metric_name_ok(r.name, strlen(r.name)) || summary_ratio(s, &r) < 0)
			bad(d, "ratios", "a ratio needs a name (its first definition stays)");
	}
}

typedef void aux_decode_fn(struct dec *d, yajl_val item, void *aux, struct summary *s);

/* One of a sketch's items (those past its cap are left out); false when
 * the sketch is malformed. */
static bool sketch_item(struct dec *d, yajl_val it, struct topk *t, aux_decode_fn *fn,
			struct summary *s)
{
	char k[TOPK_KEY];
	size_t slot, before = topk_size(t);

	if (before >= topk_cap(t))
		return true;
	get_str(d, it, "key", k, sizeof k);
	slot = topk_put(t, k, get_u(d, it, "count"), get_u(d, it, "err"));
	if (topk_size(t) == before) { /* a key listed twice: its data would add up twice */
		bad(d, "items", "a key listed twice");
		return false;
	}
	if (fn)
		fn(d, it, topk_aux(t, slot), s);
	return true;
}

/* A sketch: its items (none here when they are read one at a time, see
 * summary_decode) and its totals. */
static void sketch_decode(struct dec *d, yajl_val obj, struct topk *t, aux_decode_fn *fn,
			  struct summary *s)
{
	yajl_val items = get_array(d, obj, "items");

	if (!obj)
		return;
	for (size_t i = 0; i < array_len(items); i++)
		if (!sketch_item(d, items->u.array.values[i], t, fn, s))
			return;
	topk_set_totals(t, get_u(d, obj, "total"), get_u(d, obj, "evicted"));
}

static void endpoint_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	struct endpoint_aux *a = aux;

	(void)s;
	a->errors = get_u(d, it, "errors");
	a->bytes = get_u(d, it, "bytes");
	hist_decode(d, get(it, "latency"), &a->latency);
}

static void service_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	struct service_aux *a = aux;

	(void)s;
	a->requests = get_u(d, it, "requests");
	a->errors = get_u(d, it, "errors");
	a->error_lines = get_u(d, it, "error_lines");
	hist_decode(d, get(it, "latency"), &a->latency);
}

static void not_found_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	struct not_found_aux *a = aux;

	(void)s;
	if (get(it, "referer"))
		get_str(d, it, "referer", a->referer, sizeof a->referer);
}

static void login_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	yajl_val v = get(it, "after_failures");

	(void)d;
	(void)s;
	((struct login_aux *)aux)->after_failures = v && YAJL_IS_TRUE(v);
}

static void fingerprint_decode(struct dec *d, yajl_val it, void *aux, struct summary *s)
{
	struct fingerprint_aux *a = aux;
	char lv[16];

	(void)s;
	a->seen = 1;
	a->first_ms = get_time(d, it, "first", INT64_MIN);
	a->last_ms = get_time(d, it, "last", INT64_MIN);
	/* one without the other: the one known stands for both */
	if (a->first_ms == INT64_MIN)
		a->first_ms = a->last_ms;
	if (a->last_ms == INT64_MIN)
		a->last_ms = a->first_ms;
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
	if (!a->first_ms)
		a->first_ms = a->last_ms;
	if (!a->last_ms)
		a->last_ms = a->first_ms;
	a->max_in_window = get_u(d, it, "max_in_window");
	for (size_t i = 0; i < array_len(recent) && i < AUTH_RECENT; i++) {
		yajl_val v = recent->u.array.values[i];
		if (!YAJL_IS_INTEGER(v) || (i && YAJL_GET_INTEGER(v) < a->recent[i - 1])) {
			bad(d, "recent", "expected times in ms, oldest first");
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
		char name[METRIC_NAME_MAX + 8];
		char scope[SCOPE_NAME_MAX + 16] = "";
		bool known = false;

		get_str(d, c, "name", name, sizeof name);
		if (get(c, "scope"))
			get_str(d, c, "scope", scope, sizeof scope);
		for (int id = 0; id < CHECK_COUNT; id++) {
			struct limit *w = &t->warn[id], *cr = &t->crit[id];

			if (strcmp(name, check_name((enum check_id)id)))
				continue;
			known = true;
			if (scope[0]) { /* a section's check: "service aura" */
				enum scope_kind k = !strncmp(scope, "service ", 8) ? SCOPE_SERVICE
						  : !strncmp(scope, "endpoint ", 9) ? SCOPE_ENDPOINT : 0;
				const char *sn = scope + (k == SCOPE_SERVICE ? 8 : 9);
				struct scope *sc = k && check_scoped((enum check_id)id)
							   ? thresholds_scope(t, k, sn, strlen(sn)) : NULL;

				if (!sc) {
					bad(d, "checks", "a scope is \"service NAME\" or \"endpoint ...\"");
					continue;
				}
				sc->set[id] = true;
				sc->warn[id] = *w;
				sc->crit[id] = *cr;
				w = &sc->warn[id];
				cr = &sc->crit[id];
			}
			limit_decode(d, c, "warn", "warn_op", w);
			limit_decode(d, c, "crit", "crit_op", cr);
		}
		if (!known && !scope[0]) { /* a metric's limit, "memory_mb.max" */
			struct metric_limit *m = thresholds_metric(t, name, strlen(name));
			if (m) {
				limit_decode(d, c, "warn", "warn_op", &m->warn);
				limit_decode(d, c, "crit", "crit_op", &m->crit);
			}
		}
	}
}

static void visitors_decode(struct dec *d, yajl_val days, struct summary *s)
{
	for (size_t i = 0; i < array_len(days); i++) {
		yajl_val o = days->u.array.values[i], h = get(o, "hll");
		int64_t day = get_time(d, o, "day", INT64_MIN);
		const char *hex = h && YAJL_IS_STRING(h) ? YAJL_GET_STRING(h) : NULL;
		struct hll *reg;
		struct hll in;

		if (day == INT64_MIN || !hex || hll_decode(&in, hex, strlen(hex))) {
			bad(d, "visitors", "a day needs its time and its registers");
			continue;
		}
		if ((reg = summary_visitors_of(s, day)))
			hll_merge(reg, &in);
	}
}

/* {NAME: HIST} of the services' latencies into h[] by their slots. */
static void service_hists_decode(struct dec *d, yajl_val obj, struct summary *s, struct hist *h)
{
	for (size_t i = 0; YAJL_IS_OBJECT(obj) && i < obj->u.object.len; i++) {
		const char *k = obj->u.object.keys[i];
		struct hist in;

		hist_init(&in);
		hist_decode(d, obj->u.object.values[i], &in);
		hist_merge(&h[summary_service(s, k, strlen(k))], &in);
		hist_release(&in);
	}
}

static void service_days_decode(struct dec *d, yajl_val days, struct summary *s)
{
	for (size_t i = 0; i < array_len(days); i++) {
		yajl_val o = days->u.array.values[i];
		int64_t day = get_time(d, o, "day", INT64_MIN);
		struct service_day *sd;

		if (day == INT64_MIN) {
			bad(d, "service_days", "a day needs its time");
			return;
		}
		if ((sd = summary_service_day(s, day)))
			service_hists_decode(d, get(o, "latency"), s, sd->latency);
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
		{
			uint64_t st = 0;

			get_range(d, o, "status", 0, 999, &st);
			r.status = (int)st;
		}
		get_str(d, o, "method", r.method, sizeof r.method);
		get_str(d, o, "path", r.path, sizeof r.path);
		get_str(d, o, "ip", r.ip, sizeof r.ip);
		get_str(d, o, "src", r.src, sizeof r.src);
		r.line = get_u(d, o, "line");
		summary_add_slow(s, &r);
	}
}

/* What text is when it is not a summary, said with the fix: the usual
 * mistakes are giving report ingest's events, or a raw log, or the empty
 * output of a stage that failed. */
static bool not_a_summary(const char *text, size_t len, char *err, size_t errlen)
{
	const char *nl;
	size_t first;
	struct buf scratch;
	struct event e;
	enum event_kind k;

	while (len && (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t'))
		text++, len--;
	/* the first line after the blanks (found by fuzz_summary: measured
	 * before them, it ran past the end of a text that began with some) */
	nl = memchr(text, '\n', len);
	first = nl ? (size_t)(nl - text) : len;
	if (!len) {
		snprintf(err, errlen, "empty: no summary (did the analyze before it fail?)");
		return true;
	}
	/* a summary names itself at its start (summary_encode writes "v" and
	 * "type" first): then the line need not be read as an event, which
	 * for a summary of megabytes cost more than a quarter of decoding it */
	if (bytes_find(text, first < 64 ? first : 64, "\"type\":\"summary\"", 16))
		return false;
	buf_init(&scratch, 0);
	k = event_decode(text, first, &scratch, &e);
	buf_release(&scratch);
	if (k == EVENT_IS_EVENT || k == EVENT_IS_SOURCE) {
		snprintf(err, errlen, "an event stream (ingest's output), not a summary: "
			 "run it through analyze first (ingest ... | analyze | report)");
		return true;
	}
	if (*text != '{' && *text != '[') {
		snprintf(err, errlen, "not a summary (a log file?): make one with "
			 "ingest FILE | analyze, then report");
		return true;
	}
	return false;
}

/* An element of "hours". */
static bool hour_decode(struct dec *d, yajl_val o, struct summary *s)
{
	int64_t start = get_time(d, o, "start", INT64_MIN);
	struct bucket *b, tmp;

	if (start == INT64_MIN) {
		bad(d, "hours", "an hour without a start");
		return false;
	}
	bucket_init(&tmp);
	bucket_decode(d, o, &tmp, s);
	b = summary_hour(s, start);
	if (b)
		bucket_merge(b, &tmp);
	else
		s->hours_dropped += tmp.events;
	bucket_release(&tmp);
	return !d->failed;
}

/*
 * The big arrays, one element at a time (ytree_stream): "hours" and every
 * sketch's "items", which are nearly all of a large summary.  As one tree
 * a summary took ten times its text; read so, its decoding holds the rest
 * of the tree and one element.  Decoding them later than the rest changes
 * nothing: items land in their sketch's table whatever the order, and the
 * hours still come before what else names services (undated, days).
 */
struct stream_ctx {
	struct dec *d;
	struct summary *s;
};

static int defer_big(const char *const *path, size_t depth, void *ctx)
{
	(void)ctx;
	if (depth == 1)
		return !strcmp(path[0], "hours");
	return depth >= 2 && depth <= 3 && !strcmp(path[depth - 1], "items");
}

/* The sketch a path names, and how its items' extras decode. */
static struct topk *sketch_at(struct summary *s, const char *const *path, size_t depth,
			      aux_decode_fn **fn)
{
	static const struct {
		const char *group, *name;
		size_t off;
		aux_decode_fn *fn;
	} sketches[] = {
		{ "top", "ips", offsetof(struct summary, ips), NULL },
		{ "top", "user_agents", offsetof(struct summary, uas), NULL },
		{ "top", "loggers", offsetof(struct summary, loggers), NULL },
		{ "top", "endpoints", offsetof(struct summary, endpoints), endpoint_decode },
		{ "top", "errors", offsetof(struct summary, errors), fingerprint_decode },
		{ "top", "services", offsetof(struct summary, services), service_decode },
		{ "top", "not_found", offsetof(struct summary, not_found), not_found_decode },
		{ "top", "referrers", offsetof(struct summary, referrers), NULL },
		{ "top", "urls", offsetof(struct summary, urls), NULL },
		{ "top", "browsers", offsetof(struct summary, browsers), NULL },
		{ "top", "systems", offsetof(struct summary, systems), NULL },
		{ "auth", "failures", offsetof(struct summary, auth_ips), auth_decode },
		{ "auth", "logins", offsetof(struct summary, logins), login_decode },
		{ "security", "rules", offsetof(struct summary, rules), rule_decode },
		{ "privacy", "kinds", offsetof(struct summary, pii), rule_decode },
	};

	*fn = NULL;
	if (depth == 2 && !strcmp(path[0], "hosts")) {
		*fn = service_decode;
		return s->hosts;
	}
	if (depth != 3)
		return NULL;
	for (size_t i = 0; i < sizeof sketches / sizeof *sketches; i++)
		if (!strcmp(path[0], sketches[i].group) && !strcmp(path[1], sketches[i].name)) {
			*fn = sketches[i].fn;
			return *(struct topk **)(void *)((char *)s + sketches[i].off);
		}
	for (int i = 0; i < AUTH_LISTS && !strcmp(path[0], "auth"); i++)
		if (!strcmp(path[1], auth_lists[i].name))
			return s->auth_list[i];
	return NULL;
}

static int each_big(const char *const *path, size_t depth, yajl_val v, void *ctx)
{
	struct stream_ctx *c = ctx;
	aux_decode_fn *fn;
	struct topk *t;

	if (depth == 1)
		return hour_decode(c->d, v, c->s);
	t = sketch_at(c->s, path, depth, &fn);
	return !t || sketch_item(c->d, v, t, fn, c->s);
}

int summary_decode(const char *text, size_t len, struct summary *s, char *err, size_t errlen)
{
	struct dec d = { err, errlen, 0 };
	char ybuf[256];
	struct ytree *tree;
	yajl_val root, v, window, top, auth, codes, p95;
	struct stream_ctx sc = { &d, s };
	const struct ytree_stream stream = { defer_big, each_big, &sc };

	if (not_a_summary(text, len, err, errlen))
		return -1;
	if (too_deep(text, len, SUMMARY_MAX_DEPTH)) {
		snprintf(err, errlen, "not a logsift summary (nested deeper than %d levels)",
			 SUMMARY_MAX_DEPTH);
		return -1;
	}
	root = ytree_parse_deferred(text, len, &tree, &stream, ybuf, sizeof ybuf);
	if (!root) {
		snprintf(err, errlen, "not JSON: %s", ybuf[0] ? ybuf : "parse error");
		return -1;
	}
	v = get(root, "type");
	if (!YAJL_IS_OBJECT(root) || !v || !YAJL_IS_STRING(v) || strcmp(v->u.string, "summary")) {
		ytree_free(tree);
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
		ytree_free(tree);
		return -1;
	}
	if (get(root, "slow_ms")) {
		s->slow_ms = get_num(&d, root, "slow_ms");
		if (!(s->slow_ms >= 0 && s->slow_ms <= SUMMARY_SLOW_MAX))
			bad(&d, "slow_ms", "out of range");
	}
	p95 = get(root, "p95_within");
	if (p95 && YAJL_IS_OBJECT(p95)) {
		for (int i = 0; i < 2; i++) {
			yajl_val lim = get(p95, i ? "crit" : "warn"), op = get(p95, i ? "crit_op" : "warn_op");
			const char *ops = op && YAJL_IS_STRING(op) ? YAJL_GET_STRING(op) : NULL;
			struct limit *l = &s->p95_counted[i];

			l->on = lim && YAJL_IS_NUMBER(lim);
			l->value = l->on ? get_num(&d, p95, i ? "crit" : "warn") : 0;
			l->or_equal = ops && !strcmp(ops, ">=");
		}
		s->p95_exact = true;
	}
	window = get(root, "window");
	if (window && YAJL_IS_OBJECT(window)) {
		s->first_ms = get_time(&d, window, "first", INT64_MIN);
		s->last_ms = get_time(&d, window, "last", INT64_MIN);
		if (s->first_ms == INT64_MIN || s->last_ms == INT64_MIN || s->last_ms < s->first_ms)
			bad(&d, "window", "expected a first and a last time, in order");
		s->has_window = !d.failed;
	}
	accounting_decode(&d, get(root, "accounting"), s);
	ratio_defs_decode(&d, get_array(&d, root, "ratios"), s);
	get_array(&d, root, "hours"); /* present, an array */
	auth = get(root, "auth");
	{
		uint64_t w = (uint64_t)s->brute_window_s;

		get_range(&d, auth, "window_s", 1, SUMMARY_BRUTE_WINDOW_MAX, &w);
		s->brute_window_s = (int)w;
		get_range(&d, auth, "threshold", 1, AUTH_RECENT - 1, &s->brute_threshold);
	}
	/* the hours and the sketches' items, from the text again */
	if (!d.failed && ytree_each(text, len, &stream, ybuf, sizeof ybuf) && !d.failed)
		snprintf(err, errlen, "not JSON: %s", ybuf), d.failed = 1;
	if (get(root, "undated"))
		bucket_decode(&d, get(root, "undated"), &s->undated, s);
	s->metrics_dropped = scan_sat_add(s->metrics_dropped, get_u(&d, root, "metrics_dropped"));
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
	sketch_decode(&d, get(top, "services"), s->services, service_decode, s);
	sketch_decode(&d, get(top, "not_found"), s->not_found, not_found_decode, s);
	sketch_decode(&d, get(top, "referrers"), s->referrers, NULL, s);
	sketch_decode(&d, get(top, "urls"), s->urls, NULL, s);
	sketch_decode(&d, get(top, "browsers"), s->browsers, NULL, s);
	sketch_decode(&d, get(top, "systems"), s->systems, NULL, s);
	sketch_decode(&d, get(auth, "failures"), s->auth_ips, auth_decode, s);
	sketch_decode(&d, get(auth, "logins"), s->logins, login_decode, s);
	for (int i = 0; i < AUTH_LISTS; i++)
		sketch_decode(&d, get(auth, auth_lists[i].name), s->auth_list[i], NULL, s);
	sketch_decode(&d, get(get(root, "security"), "rules"), s->rules, rule_decode, s);
	sketch_decode(&d, get(get(root, "privacy"), "kinds"), s->pii, rule_decode, s);
	if (get(root, "hosts"))
		sketch_decode(&d, get(root, "hosts"), s->hosts, service_decode, s);
	slow_decode(&d, get_array(&d, root, "slowest"), s);
	visitors_decode(&d, get_array(&d, get(root, "visitors"), "days"), s);
	service_days_decode(&d, get_array(&d, root, "service_days"), s);
	service_hists_decode(&d, get(root, "service_undated"), s, s->svc_undated);
	checks_decode(&d, get_array(&d, root, "checks"), &s->limits);
	ytree_free(tree);
	return d.failed ? -1 : 0;
}

/* Merges a decoded summary into dst (and releases it). */
static void merge_decoded(struct summary *dst, struct summary *s, bool first, const char *label)
{
	if (first) {
		dst->limits = s->limits;
		dst->slow_ms = s->slow_ms;
		dst->brute_window_s = s->brute_window_s;
		dst->brute_threshold = s->brute_threshold;
	}
	if (label)
		summary_label(s, label);
	summary_merge(dst, s);
	summary_release(s);
}

int summary_merge_doc(struct summary *dst, const char *text, size_t len, bool first,
		      const char *label, char *err, size_t errlen)
{
	struct summary s;

	summary_init(&s);
	if (summary_decode(text, len, &s, err, errlen)) {
		summary_release(&s);
		return -1;
	}
	merge_decoded(dst, &s, first, label);
	return 0;
}

/* Decodes the file at path into s (fresh); the text is not kept. */
static int decode_file(struct summary *s, const char *path, char *err, size_t errlen)
{
	struct buf text;
	char msg[300];
	int rc = 0;

	buf_init(&text, SUMMARY_FILE_MAX);
	if (input_slurp(path, &text, err, errlen)) {
		rc = -1; /* err says it */
	} else if (summary_decode(text.p, text.len, s, msg, sizeof msg)) {
		snprintf(err, errlen, "%s: %s", path ? path : "-", msg);
		rc = -1;
	}
	buf_release(&text);
	return rc;
}

int summary_read_file(struct summary *s, const char *path, char *err, size_t errlen)
{
	if (decode_file(s, path, err, errlen))
		return -1;
	s->merged = 1; /* as summary_merge counts it into an empty one */
	return 0;
}

int summary_merge_file(struct summary *dst, const char *path, bool first,
		       char *err, size_t errlen)
{
	struct summary s;

	summary_init(&s);
	if (decode_file(&s, path, err, errlen)) {
		summary_release(&s);
		return -1;
	}
	merge_decoded(dst, &s, first, NULL);
	return 0;
}
