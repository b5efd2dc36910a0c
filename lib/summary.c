/*
 * summary: the aggregate's storage, merge, and its JSON form.  Derived
 * figures (totals, days, percentiles) are written for readers but never
 * read back: decoding rebuilds the mergeable parts only, and the derived
 * ones are recomputed from them, so they cannot disagree.
 */
#include "summary.h"

#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* free */
#include <string.h> /* memset, memmove, strlen */

#include "buf.h"
#include "jsonw.h"
#include "mem.h"
#include "scan.h"
#include "topk.h"
#include "tstamp.h"

static void endpoint_evict(void *aux)
{
	hist_release(&((struct endpoint_aux *)aux)->latency);
}

static void endpoint_merge(void *dst, const void *src, const void *ctx)
{
	struct endpoint_aux *d = dst;
	const struct endpoint_aux *s = src;

	(void)ctx;
	d->errors = scan_sat_add(d->errors, s->errors);
	d->bytes = scan_sat_add(d->bytes, s->bytes);
	hist_merge(&d->latency, &s->latency);
}

static void service_evict(void *aux)
{
	hist_release(&((struct service_aux *)aux)->latency);
}

static void service_merge(void *dst, const void *src, const void *ctx)
{
	struct service_aux *d = dst;
	const struct service_aux *s = src;

	(void)ctx;
	d->requests = scan_sat_add(d->requests, s->requests);
	d->errors = scan_sat_add(d->errors, s->errors);
	d->error_lines = scan_sat_add(d->error_lines, s->error_lines);
	hist_merge(&d->latency, &s->latency);
}

static void not_found_merge(void *dst, const void *src, const void *ctx)
{
	struct not_found_aux *d = dst;
	const struct not_found_aux *s = src;

	(void)ctx;
	if (!d->referer[0])
		memcpy(d->referer, s->referer, sizeof d->referer);
}

static void login_merge(void *dst, const void *src, const void *ctx)
{
	(void)ctx;
	((struct login_aux *)dst)->after_failures |= ((const struct login_aux *)src)->after_failures;
}

static void fingerprint_merge(void *dst, const void *src, const void *ctx)
{
	struct fingerprint_aux *d = dst;
	const struct fingerprint_aux *s = src;

	(void)ctx;
	if (!s->seen)
		return;
	if (!d->seen) {
		*d = *s;
		return;
	}
	d->seen = scan_sat_add(d->seen, s->seen);
	if (s->first_ms < d->first_ms) {
		d->first_ms = s->first_ms;
		memcpy(d->sample, s->sample, sizeof d->sample);
	}
	if (s->last_ms > d->last_ms)
		d->last_ms = s->last_ms;
	if (s->level > d->level)
		d->level = s->level;
}

/* Adds a failure time to an IP's recent ones (kept sorted, newest last)
 * and returns the most of them within any one window: events need not
 * come in time order (several files, several hosts). */
static uint64_t auth_push(struct auth_aux *a, int64_t t, int64_t window_ms)
{
	unsigned i, lo = 0, most = 0;

	if (a->nrecent == AUTH_RECENT) {
		if (t < a->recent[0])
			return 0; /* older than all we keep: counted, not windowed */
		memmove(a->recent, a->recent + 1, (AUTH_RECENT - 1) * sizeof *a->recent);
		a->nrecent--;
	}
	for (i = a->nrecent; i > 0 && a->recent[i - 1] > t; i--)
		a->recent[i] = a->recent[i - 1];
	a->recent[i] = t;
	a->nrecent++;
	for (i = 0; i < a->nrecent; i++) {
		while (lo < i && a->recent[lo] <= a->recent[i] - window_ms)
			lo++; /* lo < i: a window of 0 still holds the time itself */
		if (i - lo + 1 > most)
			most = i - lo + 1;
	}
	return most;
}

static void auth_note(struct auth_aux *a, int64_t t, int64_t window_ms)
{
	uint64_t n;

	if (t == INT64_MIN) /* no time: counted, but no window */
		return;
	if (!a->first_ms || t < a->first_ms)
		a->first_ms = t;
	if (!a->last_ms || t > a->last_ms)
		a->last_ms = t;
	n = auth_push(a, t, window_ms);
	if (n > a->max_in_window)
		a->max_in_window = n;
}

/* The window of the merged times is recomputed from the union of the
 * recent times, over the destination summary's window (ctx); bursts older
 * than those are carried by max_in_window. */
static void auth_merge(void *dst, const void *src, const void *ctx)
{
	struct auth_aux *d = dst;
	const struct auth_aux *s = src;
	int64_t merge_window_ms = (int64_t)((const struct summary *)ctx)->brute_window_s * 1000;

	if (s->max_in_window > d->max_in_window)
		d->max_in_window = s->max_in_window;
	for (unsigned i = 0; i < s->nrecent; i++) {
		uint64_t n = auth_push(d, s->recent[i], merge_window_ms);
		if (n > d->max_in_window)
			d->max_in_window = n;
	}
	if (s->first_ms && (!d->first_ms || s->first_ms < d->first_ms))
		d->first_ms = s->first_ms;
	if (s->last_ms > d->last_ms)
		d->last_ms = s->last_ms;
}

void summary_add_auth_failure(struct summary *s, const char *ip, size_t len, int64_t ts_ms)
{
	size_t slot = topk_add(s->auth_ips, ip, len, 1);

	auth_note(topk_aux(s->auth_ips, slot), ts_ms, (int64_t)s->brute_window_s * 1000);
}

struct topk *summary_rule_ips_new(void)
{
	return topk_new(SUMMARY_RULE_IPS, 0, NULL, NULL);
}

static void rule_evict(void *aux)
{
	topk_free(((struct rule_aux *)aux)->ips);
}

void rule_sample(struct rule_aux *r, const char *text, size_t len)
{
	char kept[SUMMARY_TEXT];

	if (r->nsamples == RULE_SAMPLES)
		return;
	/* compared as kept: two texts kept alike are one sample, as they
	 * would be once the summary is read back */
	len = jsonw_storable(kept, sizeof kept, text, len);
	for (unsigned i = 0; i < r->nsamples; i++)
		if (strlen(r->samples[i]) == len && !memcmp(r->samples[i], kept, len))
			return;
	memcpy(r->samples[r->nsamples++], kept, len + 1);
}

static void rule_merge(void *dst, const void *src, const void *ctx)
{
	struct rule_aux *d = dst;
	const struct rule_aux *s = src;

	if (!d->ips)
		d->ips = summary_rule_ips_new();
	if (s->ips)
		topk_merge(d->ips, s->ips, ctx);
	for (unsigned i = 0; i < s->nsamples; i++)
		rule_sample(d, s->samples[i], strlen(s->samples[i]));
}

const struct auth_list_desc auth_lists[AUTH_LISTS] = {
	[AUTH_USERS] = { "users", "failed logins by user", NULL, SUMMARY_TOP_KEYS },
	[AUTH_METHODS] = { "methods", "sshd failures by method", NULL, 16 },
	[AUTH_INVALID_USERS] = { "invalid_users", "invalid users tried", "auth.invalid_user",
				 SUMMARY_TOP_KEYS },
	[AUTH_SUDO] = { "sudo", "sudo: user: command", "auth.sudo", SUMMARY_TOP_SMALL },
	[AUTH_SUDO_FAILURES] = { "sudo_failures", "sudo failures", "auth.sudo_failure",
				 SUMMARY_TOP_SMALL },
	[AUTH_SU] = { "su", "su sessions: user by whom", "auth.su", SUMMARY_TOP_SMALL },
	[AUTH_ACCOUNTS] = { "accounts", "accounts and groups changed", "auth.account",
			    SUMMARY_TOP_SMALL },
};

void summary_init(struct summary *s)
{
	memset(s, 0, sizeof *s);
	hist_init(&s->undated.latency);
	s->ips = topk_new(SUMMARY_TOP_CLIENTS, 0, NULL, NULL);
	s->uas = topk_new(SUMMARY_TOP_KEYS, 0, NULL, NULL);
	s->loggers = topk_new(SUMMARY_TOP_SMALL, 0, NULL, NULL);
	s->endpoints = topk_new(SUMMARY_TOP_SMALL, sizeof(struct endpoint_aux), endpoint_evict,
				endpoint_merge);
	s->errors = topk_new(SUMMARY_TOP_SMALL, sizeof(struct fingerprint_aux), NULL,
			     fingerprint_merge);
	s->services = topk_new(SUMMARY_SERVICES, sizeof(struct service_aux), service_evict,
			       service_merge);
	s->hosts = topk_new(SUMMARY_HOSTS, sizeof(struct service_aux), service_evict,
			    service_merge);
	s->not_found = topk_new(SUMMARY_TOP_KEYS, sizeof(struct not_found_aux), NULL,
				not_found_merge);
	s->referrers = topk_new(SUMMARY_TOP_KEYS, 0, NULL, NULL);
	s->urls = topk_new(SUMMARY_TOP_KEYS, 0, NULL, NULL);
	s->browsers = topk_new(40, 0, NULL, NULL);
	s->systems = topk_new(20, 0, NULL, NULL);
	s->logins = topk_new(SUMMARY_TOP_SMALL, sizeof(struct login_aux), NULL, login_merge);
	for (int i = 0; i < AUTH_LISTS; i++)
		s->auth_list[i] = topk_new(auth_lists[i].cap, 0, NULL, NULL);
	s->auth_ips = topk_new(SUMMARY_TOP_KEYS, sizeof(struct auth_aux), NULL, auth_merge);
	s->rules = topk_new(64, sizeof(struct rule_aux), rule_evict, rule_merge);
	s->pii = topk_new(32, sizeof(struct rule_aux), rule_evict, rule_merge);
	s->brute_window_s = SUMMARY_BRUTE_WINDOW_S;
	s->brute_threshold = SUMMARY_BRUTE_THRESHOLD;
	thresholds_defaults(&s->limits);
	s->slow_ms = SUMMARY_SLOW_MS;
}

void summary_release(struct summary *s)
{
	for (size_t i = 0; i < s->nhours; i++)
		bucket_release(&s->hours[i]);
	free(s->hours);
	bucket_release(&s->undated);
	free(s->sources);
	topk_free(s->ips);
	topk_free(s->uas);
	topk_free(s->loggers);
	topk_free(s->endpoints);
	topk_free(s->services);
	topk_free(s->hosts);
	free(s->vdays);
	for (size_t i = 0; i < s->nsdays; i++)
		for (int k = 0; k < SUMMARY_HOURLY_SERVICES; k++)
			hist_release(&s->sdays[i].latency[k]);
	free(s->sdays);
	for (int k = 0; k < SUMMARY_HOURLY_SERVICES; k++)
		hist_release(&s->svc_undated[k]);
	topk_free(s->not_found);
	topk_free(s->referrers);
	topk_free(s->urls);
	topk_free(s->browsers);
	topk_free(s->systems);
	topk_free(s->logins);
	for (int i = 0; i < AUTH_LISTS; i++)
		topk_free(s->auth_list[i]);
	topk_free(s->errors);
	topk_free(s->auth_ips);
	topk_free(s->rules);
	topk_free(s->pii);
	memset(s, 0, sizeof *s);
}

static int64_t hour_of(int64_t ms)
{
	return scan_floor_div(ms, TSTAMP_HOUR_MS) * TSTAMP_HOUR_MS;
}

static int by_count(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Makes room at the hour cap: drops a tenth of the hours, those with the
 * fewest events (the oldest first among equals), and counts their events
 * as dropped.  Keeping the first hours that arrived let 9,600 lines with
 * forged timestamps push the real day out; this way a flood of sparse
 * hours evicts itself and the hours where the events are stay.  The sort
 * runs once per tenth of the cap, so a flood costs O(log n) per new hour.
 */
static void evict_sparse(struct summary *s)
{
	size_t n = s->nhours, want = n / 10 ? n / 10 : 1, k = 0, ties;
	uint64_t *c = xmalloc(n * sizeof *c), cut;

	for (size_t i = 0; i < n; i++)
		c[i] = s->hours[i].events;
	qsort(c, n, sizeof *c, by_count);
	cut = c[want - 1]; /* hours below it go, and the oldest of those at it */
	for (ties = 0; ties < want && c[ties] < cut; ties++)
		;
	ties = want - ties;
	free(c);
	for (size_t i = 0; i < n; i++) {
		struct bucket *b = &s->hours[i];

		if (b->events < cut || (b->events == cut && ties && ties--)) {
			s->hours_dropped = scan_sat_add(s->hours_dropped, b->events);
			bucket_release(b);
		} else {
			s->hours[k++] = *b;
		}
	}
	s->nhours = k;
}

struct bucket *summary_hour(struct summary *s, int64_t ts_ms)
{
	int64_t h = hour_of(ts_ms);
	size_t lo = 0, hi = s->nhours;

	/* most events are in order: look at the last hour first */
	if (s->nhours && s->hours[s->nhours - 1].start_ms == h)
		return &s->hours[s->nhours - 1];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->hours[mid].start_ms < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->nhours && s->hours[lo].start_ms == h)
		return &s->hours[lo];
	if (s->nhours == SUMMARY_MAX_HOURS) {
		evict_sparse(s);
		return summary_hour(s, ts_ms); /* the array moved: look again */
	}
	if (s->nhours == s->cap_hours) {
		s->cap_hours = s->cap_hours ? 2 * s->cap_hours : 64;
		s->hours = xrealloc(s->hours, s->cap_hours * sizeof *s->hours);
	}
	memmove(&s->hours[lo + 1], &s->hours[lo], (s->nhours - lo) * sizeof *s->hours);
	memset(&s->hours[lo], 0, sizeof *s->hours);
	s->hours[lo].start_ms = h;
	hist_init(&s->hours[lo].latency);
	s->nhours++;
	return &s->hours[lo];
}

void summary_add_source(struct summary *s, const struct source_acc *src)
{
	struct source_acc *d;

	/* the same file again (seven daily summaries of one log merged):
	 * one entry, its counts added, its first problem kept */
	for (size_t i = 0; i < s->nsources; i++) {
		d = &s->sources[i];
		if (strcmp(d->src, src->src))
			continue;
		for (uint64_t j = 0; j < src->unparsed && j < SOURCE_SAMPLES; j++)
			if (d->unparsed + j < SOURCE_SAMPLES)
				d->unparsed_at[d->unparsed + j] = src->unparsed_at[j];
		source_add(d, src);
		if (!d->fmt[0])
			memcpy(d->fmt, src->fmt, sizeof d->fmt);
		if (!d->error[0])
			memcpy(d->error, src->error, sizeof d->error);
		d->gzip = d->gzip || src->gzip;
		return;
	}
	if (s->nsources < SUMMARY_MAX_SOURCES) {
		s->sources = xrealloc(s->sources, (s->nsources + 1) * sizeof *s->sources);
		s->sources[s->nsources++] = *src;
		return;
	}
	/* past the cap: fold into the last entry, renamed to say so */
	d = &s->sources[s->nsources - 1];
	s->sources_dropped++;
	snprintf(d->src, sizeof d->src, "(%llu more sources)",
		 (unsigned long long)s->sources_dropped + 1);
	source_add(d, src);
}

void summary_add_slow(struct summary *s, const struct slow_req *r)
{
	size_t i;

	if (s->nslow == SUMMARY_SLOWEST && r->latency_ms <= s->slow[s->nslow - 1].latency_ms)
		return;
	/* insertion into the sorted (slowest first) list */
	i = s->nslow < SUMMARY_SLOWEST ? s->nslow++ : SUMMARY_SLOWEST - 1;
	while (i > 0 && s->slow[i - 1].latency_ms < r->latency_ms) {
		s->slow[i] = s->slow[i - 1];
		i--;
	}
	s->slow[i] = *r;
}

#define COUNTER(m) { #m, BUCKET_COUNT, offsetof(struct bucket, m) }
const struct bucket_counter bucket_counters[] = {
	COUNTER(events), COUNTER(requests), COUNTER(errors),
	{ "error_rate", BUCKET_RATE, 0 },
	COUNTER(error_lines), COUNTER(rate_limited),
	COUNTER(rl_responses), COUNTER(rl_events), COUNTER(forbidden),
	COUNTER(auth_failures), COUNTER(security), COUNTER(slow), COUNTER(pii),
	COUNTER(p95_within_warn), COUNTER(p95_within_crit), COUNTER(bytes),
	COUNTER(static_requests), COUNTER(crawler_requests),
	COUNTER(sec_requests), COUNTER(sec_events),
};
const size_t bucket_ncounters = sizeof bucket_counters / sizeof bucket_counters[0];

static void service_counts_add(struct service_counts *d, const struct service_counts *b)
{
	d->events = scan_sat_add(d->events, b->events);
	d->requests = scan_sat_add(d->requests, b->requests);
	d->errors = scan_sat_add(d->errors, b->errors);
	d->error_lines = scan_sat_add(d->error_lines, b->error_lines);
}

void bucket_merge(struct bucket *d, const struct bucket *b)
{
	for (size_t i = 0; i < bucket_ncounters; i++)
		if (bucket_counters[i].kind == BUCKET_COUNT)
			*bucket_counter(d, &bucket_counters[i]) =
				scan_sat_add(*bucket_counter(d, &bucket_counters[i]),
					     *bucket_counter((struct bucket *)b, &bucket_counters[i]));
	for (int i = 0; i <= LEVEL_EMERGENCY; i++)
		d->levels[i] = scan_sat_add(d->levels[i], b->levels[i]);
	for (int i = 0; i < 6; i++)
		d->status[i] = scan_sat_add(d->status[i], b->status[i]);
	hist_merge(&d->latency, &b->latency);
	for (int i = 0; i < SUMMARY_METRICS; i++)
		hist_merge(&d->metric[i], &b->metric[i]);
	for (int i = 0; i < SUMMARY_RATIOS; i++) {
		d->ratio_good[i] = scan_sat_add(d->ratio_good[i], b->ratio_good[i]);
		d->ratio_all[i] = scan_sat_add(d->ratio_all[i], b->ratio_all[i]);
	}
	for (int i = 0; i < SUMMARY_HOURLY_SERVICES; i++)
		service_counts_add(&d->svc[i], &b->svc[i]);
}

int summary_ratio(struct summary *s, const struct ratio_def *d)
{
	for (size_t i = 0; i < s->nratios; i++)
		if (!strcmp(s->ratios[i].name, d->name))
			return strcmp(s->ratios[i].good, d->good) || strcmp(s->ratios[i].all, d->all)
				       ? -1 : (int)i;
	if (s->nratios == SUMMARY_RATIOS)
		return -1;
	s->ratios[s->nratios] = *d;
	return (int)s->nratios++;
}

int ratio_parse(const char *arg, struct ratio_def *d, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '='), *slash = eq ? strrchr(eq, '/') : NULL;

	memset(d, 0, sizeof *d);
	if (!eq || !slash || !event_metric_name_ok(arg, (size_t)(eq - arg)) || slash == eq + 1 ||
	    !slash[1] || (size_t)(slash - eq - 1) >= RATIO_SIDE || strlen(slash + 1) >= RATIO_SIDE) {
		snprintf(err, errlen, "'%s': expected NAME=GOOD/ALL (NAME of letters, digits, '_', "
			 "'.', '-'; GOOD and ALL an app event name or message words, %d bytes at most)",
			 arg, RATIO_SIDE - 1);
		return -1;
	}
	memcpy(d->name, arg, (size_t)(eq - arg));
	memcpy(d->good, eq + 1, (size_t)(slash - eq - 1));
	memcpy(d->all, slash + 1, strlen(slash + 1));
	return 0;
}

int summary_metric(struct summary *s, const char *name, size_t len)
{
	size_t i = 0;

	if (!len || len >= EVENT_METRIC_NAME)
		return -1;
	while (i < s->nmetrics && !(strlen(s->metric_names[i]) == len &&
				     !memcmp(s->metric_names[i], name, len)))
		i++;
	if (i == SUMMARY_METRICS)
		return -1;
	if (i == s->nmetrics) {
		memcpy(s->metric_names[i], name, len);
		s->metric_names[i][len] = '\0';
		s->nmetrics++;
	}
	return (int)i;
}

void summary_cut(struct summary *s, int64_t start_ms, int64_t end_ms)
{
	size_t k = 0;

	for (size_t i = 0; i < s->nhours; i++) {
		if (s->hours[i].start_ms >= start_ms && s->hours[i].start_ms < end_ms)
			s->hours[k++] = s->hours[i];
		else
			bucket_release(&s->hours[i]);
	}
	s->nhours = k;
	k = 0;
	for (size_t i = 0; i < s->nvdays; i++) /* days that start in the period */
		if (s->vdays[i].day_ms >= start_ms && s->vdays[i].day_ms < end_ms)
			s->vdays[k++] = s->vdays[i];
	s->nvdays = k;
	k = 0;
	for (size_t i = 0; i < s->nsdays; i++) { /* the services' days, the same */
		if (s->sdays[i].day_ms >= start_ms && s->sdays[i].day_ms < end_ms) {
			s->sdays[k++] = s->sdays[i];
			continue;
		}
		for (int j = 0; j < SUMMARY_HOURLY_SERVICES; j++)
			hist_release(&s->sdays[i].latency[j]);
	}
	s->nsdays = k;
	for (int j = 0; j < SUMMARY_HOURLY_SERVICES; j++)
		hist_release(&s->svc_undated[j]);
	k = s->nhours;
	bucket_release(&s->undated);
	bucket_init(&s->undated);
	s->has_window = k > 0;
	if (k) { /* the window within the hours kept */
		int64_t lo = s->hours[0].start_ms, hi = s->hours[k - 1].start_ms + TSTAMP_HOUR_MS - 1;

		/* a summary read may have hours outside its window (analyze never
		 * writes one); clamping alone would leave first after last, a
		 * window no reader takes */
		if (s->first_ms < lo || s->first_ms > hi)
			s->first_ms = lo;
		if (s->last_ms > hi || s->last_ms < s->first_ms)
			s->last_ms = hi;
	}
}

/* The slot of key in t, or -1 (an endpoint section may leave out the
 * method: "/health" is any method's). */
static long find_key(const struct topk *t, const char *key, bool path_only)
{
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(t, slots, TOPK_MAX_CAP), k = strlen(key);

	for (size_t i = 0; i < n; i++) {
		const char *e = topk_entry(t, slots[i])->key;
		size_t el = strlen(e);

		if (!strcmp(e, key) ||
		    (path_only && el > k && e[el - k - 1] == ' ' && !strcmp(e + el - k, key)))
			return (long)slots[i];
	}
	return -1;
}

/* Check id over a service's or an endpoint's figures (lines: its error
 * lines, NULL when it has none of its own), judged by lim. */
static struct check figures_check(enum check_id id, uint64_t requests, uint64_t errors,
				  const uint64_t *lines, const struct hist *h,
				  const struct thresholds *lim)
{
	struct check c = { id, CHECK_NODATA, 0, -1 };

	if (id == CHECK_ERROR_RATE && requests)
		c.value = 100.0 * (double)errors / (double)requests, c.status = CHECK_OK;
	else if (id == CHECK_AVG_LATENCY && h->count)
		c.value = h->sum / (double)h->count, c.status = CHECK_OK;
	else if (id == CHECK_P95_LATENCY && h->count)
		c.value = hist_quantile(h, 0.95), c.status = CHECK_OK;
	else if (id == CHECK_ERROR_LINES_DAY && lines)
		c.value = (double)*lines, c.status = CHECK_OK;
	if (c.status == CHECK_OK)
		c.status = thresholds_judge(lim, c.id, c.value);
	return c;
}

/* The hourly slot of service name in s, or -1 (a service past them, or
 * one the summary never met). */
static int service_slot(const struct summary *s, const char *name)
{
	for (size_t k = 0; k < s->nservice_names; k++)
		if (!strncmp(s->service_names[k], name, SUMMARY_SERVICE_NAME - 1))
			return (int)k;
	return -1;
}

size_t summary_scoped_checks(const struct summary *s, const struct thresholds *t,
			     int64_t start_ms, int64_t end_ms, struct scoped_check *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nscopes; i++) {
		const struct scope *sc = &t->scopes[i];
		struct thresholds lim;
		uint64_t requests = 0, errors = 0, lines = 0;
		const struct hist *h = NULL;
		struct service_period sp;
		bool found = false;
		long slot;
		int k;

		hist_init(&sp.latency);
		scope_limits(t, sc, &lim);
		if (sc->kind == SCOPE_SERVICE && (k = service_slot(s, sc->name)) >= 0) {
			summary_service_period(s, (size_t)k, start_ms, end_ms, &sp);
			requests = sp.c.requests;
			errors = sp.c.errors;
			lines = sp.worst_day_lines;
			h = &sp.latency;
			found = sp.c.events > 0;
		} else if (sc->kind == SCOPE_SERVICE &&
			   (slot = find_key(s->services, sc->name, false)) >= 0) {
			const struct service_aux *a = topk_aux(s->services, (size_t)slot);
			requests = a->requests;
			errors = a->errors;
			lines = a->error_lines;
			h = &a->latency;
			found = true;
		} else if (sc->kind == SCOPE_ENDPOINT &&
			   (slot = find_key(s->endpoints, sc->name, sc->name[0] == '/')) >= 0) {
			const struct endpoint_aux *a = topk_aux(s->endpoints, (size_t)slot);
			requests = topk_entry(s->endpoints, (size_t)slot)->count;
			errors = a->errors;
			h = &a->latency;
			found = true;
		}
		for (int id = 0; id < CHECK_COUNT && n < cap; id++) {
			struct check c = { (enum check_id)id, CHECK_NODATA, 0, -1 };

			if (!sc->set[id])
				continue;
			if (found)
				c = figures_check((enum check_id)id, requests, errors,
						  sc->kind == SCOPE_SERVICE ? &lines : NULL, h, &lim);
			out[n++] = (struct scoped_check){ sc, c };
		}
		hist_release(&sp.latency);
	}
	return n;
}

/* The worst of the request checks over these figures, and of the error
 * lines of the worst day when lines is not NULL. */
static struct check request_worst(uint64_t requests, uint64_t errors, const uint64_t *lines,
				  const struct hist *h, const struct thresholds *lim)
{
	static const enum check_id ids[] = { CHECK_ERROR_RATE, CHECK_AVG_LATENCY, CHECK_P95_LATENCY,
					     CHECK_ERROR_LINES_DAY };
	struct check w = { CHECK_ERROR_RATE, CHECK_NODATA, 0, -1 };

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		struct check c = figures_check(ids[i], requests, errors, lines, h, lim);
		if (c.status > w.status)
			w = c;
	}
	return w;
}

struct check summary_service_worst(const struct thresholds *t, const struct topk *list,
				   size_t slot)
{
	const struct service_aux *a = topk_aux((struct topk *)list, slot);

	return request_worst(a->requests, a->errors, NULL, &a->latency, t);
}

struct check summary_service_period_worst(const struct summary *s, const struct thresholds *t,
					  size_t k, const struct service_period *sp)
{
	struct thresholds lim = *t;

	for (size_t i = 0; i < t->nscopes; i++)
		if (t->scopes[i].kind == SCOPE_SERVICE &&
		    !strncmp(t->scopes[i].name, s->service_names[k], SUMMARY_SERVICE_NAME - 1))
			scope_limits(t, &t->scopes[i], &lim);
	return request_worst(sp->c.requests, sp->c.errors, &sp->worst_day_lines, &sp->latency, &lim);
}

void summary_label(struct summary *s, const char *name)
{
	struct bucket all;
	struct service_aux *x;

	topk_free(s->hosts);
	s->hosts = topk_new(SUMMARY_HOSTS, sizeof(struct service_aux), service_evict,
			    service_merge);
	bucket_init(&all);
	for (size_t i = 0; i < s->nhours; i++)
		bucket_merge(&all, &s->hours[i]);
	bucket_merge(&all, &s->undated);
	x = topk_aux(s->hosts, topk_add(s->hosts, name, strlen(name), all.events));
	x->requests = all.requests;
	x->errors = all.errors;
	x->error_lines = all.error_lines;
	hist_merge(&x->latency, &all.latency);
	bucket_release(&all);
}

/* The index of the day holding ts_ms in the array *arr of n elements of
 * size bytes, sorted by their first member, an int64_t day start; made
 * (zeroed) if new; -1 past SUMMARY_MAX_HOURS / 24 days.  Visitors and the
 * services' latencies keep days alike. */
static long day_index(void **arr, size_t *n, size_t *cap, size_t size, int64_t ts_ms)
{
	int64_t day = scan_floor_div(ts_ms, TSTAMP_DAY_MS) * TSTAMP_DAY_MS;
	char *a = *arr;
	size_t lo = 0, hi = *n;

#define DAY_AT(i) (*(const int64_t *)(const void *)(a + (i) * size))
	if (*n && DAY_AT(*n - 1) == day)
		return (long)*n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (DAY_AT(mid) < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < *n && DAY_AT(lo) == day)
		return (long)lo;
#undef DAY_AT
	if (*n == SUMMARY_MAX_HOURS / 24)
		return -1;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*arr = a = xrealloc(a, *cap * size);
	}
	memmove(a + (lo + 1) * size, a + lo * size, (*n - lo) * size);
	memset(a + lo * size, 0, size);
	memcpy(a + lo * size, &day, sizeof day);
	(*n)++;
	return (long)lo;
}

struct hll *summary_visitors_of(struct summary *s, int64_t ts_ms)
{
	void *a = s->vdays;
	long i = day_index(&a, &s->nvdays, &s->cap_vdays, sizeof *s->vdays, ts_ms);

	s->vdays = a;
	return i < 0 ? NULL : &s->vdays[i].h;
}

struct service_day *summary_service_day(struct summary *s, int64_t ts_ms)
{
	void *a = s->sdays;
	long i = day_index(&a, &s->nsdays, &s->cap_sdays, sizeof *s->sdays, ts_ms);

	s->sdays = a;
	return i < 0 ? NULL : &s->sdays[i];
}

int summary_service(struct summary *s, const char *name, size_t len)
{
	char kept[SUMMARY_SERVICE_NAME];
	size_t i = 0, plain = jsonw_plain_len(name, len, sizeof kept);

	if (plain != SIZE_MAX) { /* most, per event: the name itself */
		len = plain;
	} else {
		len = jsonw_storable(kept, sizeof kept, name, len);
		name = kept;
	}
	if (len == sizeof SUMMARY_OTHER_SERVICE - 1 && !memcmp(name, SUMMARY_OTHER_SERVICE, len))
		i = SUMMARY_OTHER_SLOT;
	else
		/* per event: compared without strlen (a name ends at its NUL) */
		while (i < s->nservice_names && (s->service_names[i][len] != '\0' ||
						 memcmp(s->service_names[i], name, len)))
			i++;
	if (i == s->nservice_names && i < SUMMARY_OTHER_SLOT) {
		memcpy(s->service_names[i], name, len);
		s->service_names[i][len] = '\0';
		s->nservice_names++;
	} else if (i >= s->nservice_names) {
		i = SUMMARY_OTHER_SLOT;
		memcpy(s->service_names[i], SUMMARY_OTHER_SERVICE, sizeof SUMMARY_OTHER_SERVICE);
	}
	return (int)i;
}

bool summary_service_used(const struct summary *s, size_t k)
{
	return k < s->nservice_names || (k == SUMMARY_OTHER_SLOT && s->service_names[k][0]);
}

void summary_service_period(const struct summary *s, size_t k, int64_t start_ms, int64_t end_ms,
			    struct service_period *out)
{
	uint64_t day_lines = 0;
	int64_t day = INT64_MIN;

	memset(&out->c, 0, sizeof out->c);
	out->worst_day_lines = 0;
	for (size_t i = 0; i < s->nhours; i++) {
		const struct bucket *b = &s->hours[i];
		int64_t d = scan_floor_div(b->start_ms, TSTAMP_DAY_MS);

		if (b->start_ms < start_ms || b->start_ms >= end_ms)
			continue;
		service_counts_add(&out->c, &b->svc[k]);
		if (d != day)
			day_lines = 0, day = d;
		day_lines += b->svc[k].error_lines;
		if (day_lines > out->worst_day_lines)
			out->worst_day_lines = day_lines;
	}
	for (size_t i = 0; i < s->nsdays; i++)
		if (s->sdays[i].day_ms + TSTAMP_DAY_MS > start_ms && s->sdays[i].day_ms < end_ms)
			hist_merge(&out->latency, &s->sdays[i].latency[k]);
	if (start_ms == INT64_MIN) { /* the whole window: the undated events too */
		service_counts_add(&out->c, &s->undated.svc[k]);
		hist_merge(&out->latency, &s->svc_undated[k]);
	}
}

double summary_visitors(const struct summary *s, int64_t from_ms, int64_t to_ms)
{
	double sum = 0;
	bool any = false;

	for (size_t i = 0; i < s->nvdays; i++)
		if (s->vdays[i].day_ms >= from_ms && s->vdays[i].day_ms < to_ms) {
			sum += hll_estimate(&s->vdays[i].h);
			any = true;
		}
	return any ? sum : -1;
}

static bool same_limits(const struct limit *a, const struct limit *b)
{
	for (int i = 0; i < 2; i++)
		if (a[i].on != b[i].on || a[i].or_equal != b[i].or_equal || a[i].value != b[i].value)
			return false;
	return true;
}

/* Where src's numbered things go in dst: metric i to map[i], ratio i to
 * rmap[i] (-1: no room, not kept), service slot i to smap[i]. */
struct merge_map {
	int map[SUMMARY_METRICS], rmap[SUMMARY_RATIOS], smap[SUMMARY_HOURLY_SERVICES];
};

/* bucket_merge with src's metrics, ratios and services moved to dst's
 * places: a shallow copy of b, read only. */
static void merge_mapped(struct summary *dst, struct bucket *d, const struct bucket *b,
			 const struct merge_map *m)
{
	const int *map = m->map, *rmap = m->rmap;
	struct bucket c = *b;

	for (int i = 0; i < SUMMARY_METRICS; i++)
		hist_init(&c.metric[i]);
	for (int i = 0; i < SUMMARY_METRICS; i++) {
		if (map[i] >= 0)
			c.metric[map[i]] = b->metric[i];
		else
			dst->metrics_dropped = scan_sat_add(dst->metrics_dropped, b->metric[i].count);
	}
	memset(c.ratio_good, 0, sizeof c.ratio_good);
	memset(c.ratio_all, 0, sizeof c.ratio_all);
	for (int i = 0; i < SUMMARY_RATIOS; i++)
		if (rmap[i] >= 0) {
			c.ratio_good[rmap[i]] = b->ratio_good[i];
			c.ratio_all[rmap[i]] = b->ratio_all[i];
		}
	memset(c.svc, 0, sizeof c.svc);
	for (int i = 0; i < SUMMARY_HOURLY_SERVICES; i++) /* several may fold into other */
		service_counts_add(&c.svc[m->smap[i]], &b->svc[i]);
	bucket_merge(d, &c);
}

void summary_merge(struct summary *dst, const struct summary *src)
{
	/* exact p95 counts hold while every part counted at the same limits */
	if (!dst->merged++) {
		dst->p95_exact = src->p95_exact;
		memcpy(dst->p95_counted, src->p95_counted, sizeof src->p95_counted);
	} else if (!src->p95_exact || !same_limits(dst->p95_counted, src->p95_counted)) {
		dst->p95_exact = false;
	}
	if (src->has_window) {
		if (!dst->has_window || src->first_ms < dst->first_ms)
			dst->first_ms = src->first_ms;
		if (!dst->has_window || src->last_ms > dst->last_ms)
			dst->last_ms = src->last_ms;
		dst->has_window = true;
	}
	struct merge_map m;
	for (size_t i = 0; i < SUMMARY_METRICS; i++)
		m.map[i] = i < src->nmetrics ? summary_metric(dst, src->metric_names[i],
							      strlen(src->metric_names[i])) : -1;
	dst->metrics_dropped = scan_sat_add(dst->metrics_dropped, src->metrics_dropped);
	for (size_t i = 0; i < SUMMARY_RATIOS; i++)
		m.rmap[i] = i < src->nratios ? summary_ratio(dst, &src->ratios[i]) : -1;
	for (size_t i = 0; i < SUMMARY_HOURLY_SERVICES; i++)
		m.smap[i] = summary_service_used(src, i)
			? summary_service(dst, src->service_names[i], strlen(src->service_names[i]))
			: (int)i; /* unused: its counts are zero */
	for (size_t i = 0; i < src->nhours; i++) {
		struct bucket *b = summary_hour(dst, src->hours[i].start_ms);
		if (b)
			merge_mapped(dst, b, &src->hours[i], &m);
		else
			dst->hours_dropped = scan_sat_add(dst->hours_dropped, src->hours[i].events);
	}
	dst->hours_dropped = scan_sat_add(dst->hours_dropped, src->hours_dropped);
	merge_mapped(dst, &dst->undated, &src->undated, &m);
	for (size_t i = 0; i < src->nsdays; i++) {
		struct service_day *d = summary_service_day(dst, src->sdays[i].day_ms);
		for (int k = 0; d && k < SUMMARY_HOURLY_SERVICES; k++)
			hist_merge(&d->latency[m.smap[k]], &src->sdays[i].latency[k]);
	}
	for (int k = 0; k < SUMMARY_HOURLY_SERVICES; k++)
		hist_merge(&dst->svc_undated[m.smap[k]], &src->svc_undated[k]);
	for (size_t i = 0; i < src->nsources; i++)
		summary_add_source(dst, &src->sources[i]);
	dst->sources_dropped += src->sources_dropped;
	for (int i = 0; i < SOURCE_SAMPLES && dst->malformed + (uint64_t)i < SOURCE_SAMPLES; i++)
		if ((uint64_t)i < src->malformed)
			dst->malformed_at[dst->malformed + (uint64_t)i] = src->malformed_at[i];
	dst->malformed = scan_sat_add(dst->malformed, src->malformed);
	dst->other_records = scan_sat_add(dst->other_records, src->other_records);
	for (int i = 0; i < 600; i++)
		dst->status_codes[i] = scan_sat_add(dst->status_codes[i], src->status_codes[i]);
	topk_merge(dst->ips, src->ips, dst);
	topk_merge(dst->uas, src->uas, dst);
	topk_merge(dst->loggers, src->loggers, dst);
	topk_merge(dst->endpoints, src->endpoints, dst);
	topk_merge(dst->services, src->services, dst);
	topk_merge(dst->hosts, src->hosts, dst);
	for (size_t i = 0; i < src->nvdays; i++) {
		struct hll *h = summary_visitors_of(dst, src->vdays[i].day_ms);
		if (h)
			hll_merge(h, &src->vdays[i].h);
	}
	topk_merge(dst->not_found, src->not_found, dst);
	topk_merge(dst->referrers, src->referrers, dst);
	topk_merge(dst->urls, src->urls, dst);
	topk_merge(dst->browsers, src->browsers, dst);
	topk_merge(dst->systems, src->systems, dst);
	topk_merge(dst->logins, src->logins, dst);
	for (int i = 0; i < AUTH_LISTS; i++)
		topk_merge(dst->auth_list[i], src->auth_list[i], dst);
	topk_merge(dst->errors, src->errors, dst);
	topk_merge(dst->auth_ips, src->auth_ips, dst);
	topk_merge(dst->rules, src->rules, dst);
	topk_merge(dst->pii, src->pii, dst);
	for (size_t i = 0; i < src->nslow; i++)
		summary_add_slow(dst, &src->slow[i]);
}

void bucket_init(struct bucket *b)
{
	memset(b, 0, sizeof *b);
	hist_init(&b->latency);
}

void bucket_release(struct bucket *b)
{
	hist_release(&b->latency);
	for (int i = 0; i < SUMMARY_METRICS; i++)
		hist_release(&b->metric[i]);
}

uint64_t bucket_rate_limited(const struct bucket *b)
{
	return b->rate_limited;
}

double bucket_error_rate(const struct bucket *b)
{
	return b->requests ? 100.0 * (double)b->errors / (double)b->requests : 0;
}
