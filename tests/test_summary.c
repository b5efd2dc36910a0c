/* test_summary: the summary document round-trips, refuses what is not a
 * summary, and merging daily summaries equals analysing the week at once. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/agg.h"
#include "event.h"
#include "summary.h"
#include "topk.h"

#define DAY_MS 86400000LL
#define WEEK_START 1794700800000LL /* 2026-11-15T00:00:00Z */

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static struct span sp(const char *s)
{
	return (struct span){ s, strlen(s) };
}

/* A deterministic event of day d: requests with skewed latencies, app
 * errors with varying numbers, failed logins in bursts, security events. */
static void make_event(int d, int i, struct event *e, char *msg, char *ip, char *path)
{
	static const char *const methods[] = { "GET", "POST", "PUT" };
	uint64_t r = next();

	event_reset(e);
	e->has_ts = true;
	/* bursts of failed logins stay inside one day, away from midnight */
	e->ts_ms = WEEK_START + d * DAY_MS + 3600000 + (int64_t)(r % (20 * 3600000ULL));
	e->level = LEVEL_INFO;
	/* 80 IPs: fewer than the sketch holds, so merged counts are exact */
	snprintf(ip, 32, "10.0.%d.%d", (int)((r >> 20) % 4), (int)((r >> 24) % 20));
	e->ip = sp(ip);
	e->src = sp("week.log");
	e->line = (uint64_t)(d * 100000 + i + 1);
	switch (r % 10) {
	case 0:
		e->level = LEVEL_ERROR;
		snprintf(msg, 64, "timeout after %d ms talking to 10.1.1.%d", (int)((r >> 30) % 9000),
			 (int)((r >> 40) % 200));
		e->msg = sp(msg);
		e->logger = sp("app.db");
		break;
	case 1:
		snprintf(msg, 64, "Failed password for root from %s port 22", ip);
		e->msg = sp(msg);
		e->program = sp("sshd");
		break;
	case 2:
		e->level = LEVEL_WARN;
		e->logger = sp("app.security");
		e->app_event = sp("path_traversal_attempt");
		snprintf(ip, 32, "198.51.100.%d", (int)((r >> 20) % 8)); /* a few attackers */
		e->msg = sp("SECURITY_AUDIT blocked");
		break;
	default:
		e->method = sp(methods[(r >> 8) % 3]);
		snprintf(path, 64, "/api/items/%d", (int)((r >> 12) % 1000));
		e->path = sp(path);
		e->status = (r >> 33) % 50 == 0 ? 503 : (r >> 33) % 50 == 1 ? 429 : 200;
		e->has_latency = true;
		/* halves add exactly in doubles, so sums do not depend on order */
		e->latency_ms = (double)((r >> 36) % 1000 + ((r >> 50) % 20 == 0 ? 20000 : 0)) / 2;
		break;
	}
	/* metrics (ingest --metric): one every day, another from day 3 */
	event_metric(e, sp("mem_mb"), (double)((r >> 5) % 4096) / 4);
	if (d >= 3 && r % 3 == 0)
		event_metric(e, sp("queue"), (double)((r >> 7) % 50));
}

static void encode(const struct summary *s, struct buf *b)
{
	buf_reset(b);
	summary_encode(s, b);
}

/* s written to a, read into t (initialised here) and written to b: the
 * same text. */
static void round_trip(const struct summary *s, struct summary *t, struct buf *a, struct buf *b)
{
	char err[200];

	encode(s, a);
	summary_init(t);
	if (summary_decode(a->p, a->len, t, err, sizeof err))
		fail_msg("decode: %s", err);
	encode(t, b);
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->p, b->p, a->len);
}

static void test_summary_week_equals_merge_of_days(void **state)
{
	struct summary week, day, merged, back;
	struct agg aw, ad;
	struct buf a, b, doc;
	char msg[64], ip[32], path[64], err[200];
	struct event e;

	struct ratio_def r;

	(void)state;
	summary_init(&week);
	summary_init(&merged);
	/* a ratio (analyze --ratio): counted per hour, merged by name */
	assert_int_equal(ratio_parse("timeouts=timeout/Failed", &r, err, sizeof err), 0);
	summary_ratio(&week, &r);
	agg_init(&aw, &week);
	buf_init(&a, 0);
	buf_init(&b, 0);
	buf_init(&doc, 0);
	for (int d = 0; d < 7; d++) {
		summary_init(&day);
		summary_ratio(&day, &r);
		agg_init(&ad, &day);
		for (int i = 0; i < 3000; i++) {
			make_event(d, i, &e, msg, ip, path);
			agg_event(&aw, &e);
			agg_event(&ad, &e);
		}
		/* through the document, as `analyze --merge` does */
		encode(&day, &doc);
		summary_init(&back);
		if (summary_decode(doc.p, doc.len, &back, err, sizeof err))
			fail_msg("decode: %s", err);
		summary_merge(&merged, &back);
		summary_release(&back);
		agg_release(&ad);
		summary_release(&day);
	}
	encode(&week, &a);
	encode(&merged, &b);
	if (a.len != b.len || memcmp(a.p, b.p, a.len)) {
		size_t k = 0;
		while (k < a.len && k < b.len && a.p[k] == b.p[k])
			k++;
		fail_msg("documents differ at byte %zu:\n week: %.120s\nmerge: %.120s", k,
			 a.p + (k > 40 ? k - 40 : 0), b.p + (k > 40 ? k - 40 : 0));
	}
	assert_int_equal(week.nhours, 7 * 20);
	assert_int_equal(merged.nratios, 1);
	assert_true(week.hours[0].ratio_good[0] + week.hours[1].ratio_good[0] > 0 &&
		    week.hours[0].ratio_all[0] + week.hours[1].ratio_all[0] > 0);
	agg_release(&aw);
	summary_release(&week);
	summary_release(&merged);
	buf_release(&a);
	buf_release(&b);
	buf_release(&doc);
}

static void test_summary_round_trips(void **state)
{
	struct summary s, t;
	struct agg ag;
	struct buf a, b;
	char msg[64], ip[32], path[64], err[200];
	struct event e;
	struct source_acc src = { .src = "x.log", .fmt = "text", .lines = 10, .events = 7,
				  .continuation = 1, .unparsed = 2, .unparsed_at = { 3, 9 } };

	(void)state;
	summary_init(&s);
	agg_init(&ag, &s);
	for (int i = 0; i < 500; i++) {
		make_event(i % 3, i, &e, msg, ip, path);
		agg_event(&ag, &e);
	}
	event_reset(&e); /* an event without a time */
	e.level = LEVEL_CRITICAL;
	e.msg = sp("disk <full>");
	agg_event(&ag, &e);
	summary_add_source(&s, &src);
	s.malformed = 1;
	s.malformed_at[0] = 17;
	thresholds_set(&s.limits, "p95_latency=100:-", err, sizeof err);
	buf_init(&a, 0);
	buf_init(&b, 0);
	round_trip(&s, &t, &a, &b);
	assert_false(t.limits.crit[CHECK_P95_LATENCY].on);
	assert_true(strstr(a.p, "\"sample\":\"disk <full>\"") != NULL);
	agg_release(&ag);
	summary_release(&s);
	summary_release(&t);
	buf_release(&a);
	buf_release(&b);
}

static void test_summary_refuses_what_is_not_a_summary(void **state)
{
	static const char *bad[] = {
		"", "[1]", "{\"v\":1}", "{\"v\":2,\"type\":\"summary\"}",
		"{\"v\":1,\"type\":\"event\"}", "{\"v\":1,\"type\":\"summary\"",
		"{\"v\":1,\"type\":\"summary\",\"hours\":[{\"start\":\"x\"}]}",
		"{\"v\":1,\"type\":\"summary\",\"hours\":[{\"events\":1}]}",
		"{\"v\":1,\"type\":\"summary\",\"undated\":{\"events\":-1}}",
		"{\"v\":1,\"type\":\"summary\",\"undated\":{\"latency\":{\"count\":2,\"buckets\":[[1,1]]}}}",
		"{\"v\":1,\"type\":\"summary\",\"undated\":{\"latency\":{\"count\":1,\"buckets\":[[99999,1]]}}}",
		"{\"v\":1,\"type\":\"summary\",\"hours\":{}}",
		/* found by fuzz_summary: a key listed twice added its histogram twice
		 * under one count, and the summary written could not be read back */
		"{\"v\":1,\"type\":\"summary\",\"top\":{\"endpoints\":{\"items\":["
		"{\"key\":\"GET /\",\"count\":1,\"latency\":{\"count\":1,\"buckets\":[[240,1]]}},"
		"{\"key\":\"GET /\",\"count\":1,\"latency\":{\"count\":1,\"buckets\":[[240,1]]}}]}}}",
		/* and the limits the command line holds */
		"{\"v\":1,\"type\":\"summary\",\"auth\":{\"window_s\":0}}",
		"{\"v\":1,\"type\":\"summary\",\"auth\":{\"threshold\":4294967295}}",
		"{\"v\":1,\"type\":\"summary\",\"slow_ms\":-1}",
		"{\"v\":1,\"type\":\"summary\",\"window\":{\"first\":\"2026-11-16T00:00:00Z\"}}",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
		/* found by fuzz_summary: blanks before a first line that is an
		 * event were counted in its length, read past the end */
		"   {\"v\":1,\"src\":\"a\"}",
		/* found by fuzz_summary: a metric's name no ingest --metric takes,
		 * written back as a key without escapes */
		"{\"v\":1,\"type\":\"summary\",\"undated\":{\"metrics\":{\"\\\"><img\":{\"count\":0,\"sum\":0}}}}",
		"{\"v\":1,\"type\":\"summary\",\"undated\":{\"metrics\":{\"a b\":{\"count\":0,\"sum\":0}}}}",
		"",
		"   \n",
	};
	char err[200];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct summary s;

		size_t n = strlen(bad[i]);
		char *exact = malloc(n ? n : 1); /* no byte past it, for ASan to see */

		memcpy(exact, bad[i], n);
		summary_init(&s);
		err[0] = 0;
		if (summary_decode(exact, n, &s, err, sizeof err) == 0)
			fail_msg("accepted: %s", bad[i]);
		free(exact);
		assert_true(err[0] != 0);
		summary_release(&s);
	}
}

static void test_summary_merge_keeps_topk_bounds_under_eviction(void **state)
{
	struct summary a, b;
	static uint64_t truth[2000];
	char ip[32];
	size_t slots[100], n;

	(void)state;
	summary_init(&a);
	summary_init(&b);
	memset(truth, 0, sizeof truth);
	for (int i = 0; i < 40000; i++) {
		/* a few heavy IPs and a long tail */
		int k = i % 4 == 0 ? i % 7 : 7 + (int)(next() % 1993);
		int len = snprintf(ip, sizeof ip, "192.0.2.%d", k);
		topk_add(i < 20000 ? a.ips : b.ips, ip, (size_t)len, 1);
		truth[k]++;
	}
	summary_merge(&a, &b);
	n = topk_sorted(a.ips, slots, 100);
	assert_true(n > 7);
	for (size_t i = 0; i < n; i++) {
		const struct topk_entry *e = topk_entry(a.ips, slots[i]);
		int k = atoi(e->key + 8);
		assert_true(e->count >= truth[k]);
		assert_true(e->count - e->err <= truth[k]);
	}
	/* the heavy ones are on top */
	for (size_t i = 0; i < 7; i++)
		assert_true(atoi(topk_entry(a.ips, slots[i])->key + 8) < 7);
	summary_release(&a);
	summary_release(&b);
}

/* Summaries that met their metrics in other orders merge by name; names
 * past SUMMARY_METRICS are counted as dropped, not mixed in. */
static void test_summary_merges_metrics_by_name(void **state)
{
	struct summary a, b;
	struct bucket *h;
	char name[16];

	(void)state;
	summary_init(&a);
	summary_init(&b);
	h = summary_hour(&a, WEEK_START);
	hist_add(&h->metric[summary_metric(&a, "x", 1)], 2);
	hist_add(&h->metric[summary_metric(&a, "y", 1)], 10);
	h = summary_hour(&b, WEEK_START);
	hist_add(&h->metric[summary_metric(&b, "y", 1)], 30);
	for (int i = 0; i < SUMMARY_METRICS - 1; i++) { /* b: y, then 7 others */
		snprintf(name, sizeof name, "m%d", i);
		hist_add(&h->metric[summary_metric(&b, name, strlen(name))], 1);
	}
	assert_int_equal(summary_metric(&b, "one-too-many", 12), -1);
	summary_merge(&a, &b);
	h = summary_hour(&a, WEEK_START);
	assert_int_equal(a.nmetrics, SUMMARY_METRICS);
	assert_string_equal(a.metric_names[1], "y");
	assert_int_equal(h->metric[1].count, 2);
	assert_true(h->metric[1].sum == 40 && h->metric[1].max == 30);
	assert_int_equal(h->metric[0].count, 1); /* x kept its place */
	assert_int_equal(a.metrics_dropped, 1);  /* m6: no room left in a */
	summary_release(&a);
	summary_release(&b);
}

/* A summary's text lists metrics by name, not in the order they were met:
 * read back, an hour that names "b" alone before the totals would
 * otherwise reorder them, and written again the text differed (fuzz_summary,
 * corpus/summary/crash-metric-order). */
static void test_summary_text_lists_metrics_by_name(void **state)
{
	struct summary a, b;
	struct buf x, y;
	char err[256];

	(void)state;
	summary_init(&a);
	/* "a" met first, but the first hour names "b" alone */
	assert_int_equal(summary_metric(&a, "a", 1), 0);
	hist_add(&summary_hour(&a, WEEK_START)->metric[summary_metric(&a, "b", 1)], 1);
	hist_add(&summary_hour(&a, WEEK_START + 3600000)->metric[0], 2);
	hist_add(&summary_hour(&a, WEEK_START + 3600000)->metric[1], 3);
	buf_init(&x, 0);
	buf_init(&y, 0);
	summary_encode(&a, &x);
	summary_init(&b);
	assert_int_equal(summary_decode(x.p, x.len, &b, err, sizeof err), 0);
	summary_encode(&b, &y);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.p, y.p, x.len);
	assert_non_null(strstr(x.p, "\"metrics\":{\"a\":"));
	assert_null(strstr(x.p, "\"metrics\":{\"b\":{\"count\":1,\"sum\":3"));
	buf_release(&x);
	buf_release(&y);
	summary_release(&a);
	summary_release(&b);
}

static void test_summary_brute_force_window_slides(void **state)
{
	struct summary s;
	struct buf doc;

	(void)state;
	summary_init(&s);
	/* 5 failures in 4 minutes straddling a 5-minute boundary, then 6 */
	for (int i = 0; i < 5; i++)
		summary_add_auth_failure(&s, "203.0.113.9", 11, 1794700800000LL + 240000 + i * 60000);
	buf_init(&doc, 0);
	summary_encode(&s, &doc);
	assert_true(strstr(doc.p, "\"max_in_window\":5,\"brute_force\":false") != NULL);
	summary_add_auth_failure(&s, "203.0.113.9", 11, 1794700800000LL + 240000 + 4 * 60000 + 1000);
	buf_reset(&doc);
	summary_encode(&s, &doc);
	assert_true(strstr(doc.p, "\"max_in_window\":6,\"brute_force\":true") != NULL);
	buf_release(&doc);
	summary_release(&s);
}

/* A labelled summary (analyze --source) carries its source's figures;
 * merging labelled summaries lists the sources side by side, one entry
 * per name, through the document as --merge and the store read them. */
static void test_summary_labels_and_merges_sources(void **state)
{
	struct summary a, fleet;
	struct buf doc;
	const int64_t h = 3600000, day = 1763251200000LL;
	char err[200];
	const char *names[] = { "web1", "db1", "web1" };

	(void)state;
	summary_init(&fleet);
	buf_init(&doc, 0);
	for (int i = 0; i < 3; i++) {
		struct bucket *b;

		summary_init(&a);
		b = summary_hour(&a, day + i * h);
		b->events = 10;
		b->requests = 8;
		b->errors = (uint64_t)i;
		b->error_lines = 1;
		hist_add(&b->latency, 100.0 * (i + 1));
		a.undated.events = 2;
		summary_label(&a, names[i]);
		assert_int_equal(topk_size(a.hosts), 1);
		encode(&a, &doc);
		assert_int_equal(summary_merge_doc(&fleet, doc.p, doc.len, i == 0, NULL, err,
						   sizeof err), 0);
		summary_release(&a);
	}
	assert_int_equal(topk_size(fleet.hosts), 2);
	{
		long slot = topk_find(fleet.hosts, "web1", 4);
		const struct service_aux *x;

		assert_true(slot >= 0);
		x = topk_aux(fleet.hosts, (size_t)slot);
		assert_true(topk_entry(fleet.hosts, (size_t)slot)->count == 24); /* 2 x (10 + 2) */
		assert_true(x->requests == 16 && x->errors == 2 && x->error_lines == 2);
		assert_true(x->latency.count == 2 && x->latency.max == 300);
	}
	/* labelled again, the merged document is one source's */
	encode(&fleet, &doc);
	summary_release(&fleet);
	summary_init(&fleet);
	assert_int_equal(summary_merge_doc(&fleet, doc.p, doc.len, true, "fleet", err, sizeof err), 0);
	assert_int_equal(topk_size(fleet.hosts), 1);
	assert_true(topk_entry(fleet.hosts, 0)->count == 36);
	/* an unlabelled summary writes no hosts at all (the goldens stay) */
	summary_init(&a);
	encode(&a, &doc);
	assert_null(strstr(doc.p, "\"hosts\""));
	summary_release(&a);
	summary_release(&fleet);
	buf_release(&doc);
}

/* Services per hour: fifteen named, the rest "(other)"; merged by name
 * whatever the order each summary met them in; a period's figures from
 * its hours and days alone. */
static void test_summary_services_per_hour(void **state)
{
	struct summary a, b;
	const int64_t h = 3600000, day = 1763251200000LL; /* 2026-11-16T00:00Z */
	struct service_period sp;
	char name[16];

	(void)state;
	summary_init(&a);
	summary_init(&b);
	for (int i = 0; i < 20; i++) { /* a meets svc0..svc19 in order, b backwards */
		int ka, kb;

		snprintf(name, sizeof name, "svc%d", i);
		ka = summary_service(&a, name, strlen(name));
		assert_int_equal(ka, i < 15 ? i : SUMMARY_OTHER_SLOT);
		summary_hour(&a, day + (i % 2) * h)->svc[ka].events += 1;
		summary_hour(&a, day + (i % 2) * h)->svc[ka].error_lines += (uint64_t)i;
		snprintf(name, sizeof name, "svc%d", 19 - i);
		kb = summary_service(&b, name, strlen(name));
		summary_hour(&b, day + 24 * h)->svc[kb].events += 10;
		hist_add(&summary_service_day(&b, day + 24 * h)->latency[kb], 100.0 + i);
	}
	assert_string_equal(a.service_names[SUMMARY_OTHER_SLOT], SUMMARY_OTHER_SERVICE);
	assert_true(summary_service_used(&a, SUMMARY_OTHER_SLOT));
	summary_merge(&a, &b);
	/* b named svc19..svc5 and folded svc4..svc0 into its (other); in a,
	 * svc15..19 are (other): each lands by name, or in a's (other) */
	hist_init(&sp.latency);
	summary_service_period(&a, 0, INT64_MIN, INT64_MAX, &sp); /* svc0: a's alone */
	assert_true(sp.c.events == 1 && sp.latency.count == 0);
	hist_release(&sp.latency);
	hist_init(&sp.latency);
	summary_service_period(&a, SUMMARY_OTHER_SLOT, INT64_MIN, INT64_MAX, &sp);
	assert_true(sp.c.events == 5 + 50 + 50); /* a's svc15..19, b's svc15..19, b's other */
	assert_true(sp.latency.count == 10);
	hist_release(&sp.latency);
	/* svc7 over b's day alone: its events and latency there */
	hist_init(&sp.latency);
	summary_service_period(&a, 7, day + 24 * h, day + 48 * h, &sp);
	assert_true(sp.c.events == 10 && sp.c.error_lines == 0 && sp.latency.count == 1);
	hist_release(&sp.latency);
	/* the first day: svc3's lines, its worst day's */
	hist_init(&sp.latency);
	summary_service_period(&a, 3, day, day + 24 * h, &sp);
	assert_true(sp.c.events == 1 && sp.worst_day_lines == 3 && sp.latency.count == 0);
	hist_release(&sp.latency);
	summary_release(&a);
	summary_release(&b);
}

/* Services are named by the logs (a JSON line's "service", a program, a
 * unit): names with quotes, backslashes, control bytes and markup are
 * written escaped and read back as they were (they were written as bare
 * keys, and the summary could not be read). */
static void test_summary_hostile_service_names_round_trip(void **state)
{
	static const char *names[] = { "a\"b", "c\\d", "<script>x</script>", "t\tab\n", "\x7f\x01" };
	const int64_t day = 1763251200000LL;
	struct summary s, t;
	struct buf a, b;

	(void)state;
	summary_init(&s);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int k = summary_service(&s, names[i], strlen(names[i]));

		summary_hour(&s, day)->svc[k].events += i + 1;
		hist_add(&summary_service_day(&s, day)->latency[k], 10.0 * (double)(i + 1));
	}
	buf_init(&a, 0);
	buf_init(&b, 0);
	round_trip(&s, &t, &a, &b);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct service_period sp;
		int k = summary_service(&t, names[i], strlen(names[i]));

		hist_init(&sp.latency);
		summary_service_period(&t, (size_t)k, INT64_MIN, INT64_MAX, &sp);
		assert_true(sp.c.events == i + 1 && sp.latency.count == 1);
		hist_release(&sp.latency);
	}
	summary_release(&s);
	summary_release(&t);
	buf_release(&a);
	buf_release(&b);
}

static void test_summary_cut_keeps_the_period_alone(void **state)
{
	struct summary s;
	const int64_t h = 3600000, day = 1763251200000LL; /* 2026-11-16T00:00Z */

	(void)state;
	summary_init(&s);
	for (int i = -2; i < 26; i++)
		summary_hour(&s, day + i * h)->events = 1;
	s.undated.events = 5;
	s.has_window = true;
	s.first_ms = day - 2 * h;
	s.last_ms = day + 26 * h - 1;
	summary_cut(&s, day, day + 24 * h);
	assert_int_equal(s.nhours, 24);
	assert_true(s.hours[0].start_ms == day);
	assert_true(s.first_ms == day && s.last_ms == day + 24 * h - 1);
	assert_int_equal(s.undated.events, 0);
	summary_cut(&s, day + 48 * h, day + 72 * h);
	assert_int_equal(s.nhours, 0);
	assert_false(s.has_window);
	summary_release(&s);
}

/* Hours a summary holds outside its window (a forged one: the fuzzer's):
 * the cut still writes a window in order, within the hours it keeps. */
static void test_summary_cut_orders_a_window_its_hours_lie_outside(void **state)
{
	struct summary s;
	const int64_t h = 3600000, day = 1763251200000LL; /* 2026-11-16T00:00Z */

	(void)state;
	summary_init(&s);
	summary_hour(&s, day - 48 * h + 10 * h)->events = 1;
	s.has_window = true;
	s.first_ms = day + 9 * h;
	s.last_ms = day + 10 * h;
	summary_cut(&s, day - 72 * h, day + 24 * h);
	assert_int_equal(s.nhours, 1);
	assert_true(s.has_window);
	assert_true(s.first_ms == day - 38 * h && s.last_ms == day - 37 * h - 1);
	summary_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_week_equals_merge_of_days),
		cmocka_unit_test(test_summary_round_trips),
		cmocka_unit_test(test_summary_refuses_what_is_not_a_summary),
		cmocka_unit_test(test_summary_merge_keeps_topk_bounds_under_eviction),
		cmocka_unit_test(test_summary_brute_force_window_slides),
		cmocka_unit_test(test_summary_merges_metrics_by_name),
		cmocka_unit_test(test_summary_text_lists_metrics_by_name),
		cmocka_unit_test(test_summary_hostile_service_names_round_trip),
		cmocka_unit_test(test_summary_cut_keeps_the_period_alone),
		cmocka_unit_test(test_summary_cut_orders_a_window_its_hours_lie_outside),
		cmocka_unit_test(test_summary_labels_and_merges_sources),
		cmocka_unit_test(test_summary_services_per_hour),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
