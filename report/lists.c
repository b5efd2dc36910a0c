/*
 * lists: see lists.h.
 */
#include "lists.h"

#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* qsort */
#include <string.h> /* strlen */

#include "buf.h"
#include "doc.h"
#include "escape.h"
#include "hist.h"
#include "mem.h"
#include "rules.h"
#include "summary.h"
#include "topk.h"
#include "tstamp.h"
#include "tz.h"

/* A cell of log text (a sample, a message): PII and secrets masked unless
 * the operator asked to see them (--show-samples), so the report never
 * shows what its Privacy section promises to hide. */
static void text_cell(struct doc_table *t, const struct report_opts *o, const char *text)
{
	struct buf masked;

	if (!o->mask) {
		doc_cell(t, STY_CODE, "%s", text);
		return;
	}
	buf_init(&masked, 0);
	rules_redact(o->mask, text, strlen(text), &masked);
	doc_cell(t, STY_CODE, "%s", masked.p);
	buf_release(&masked);
}

/* A top list's count cell: "<= N" when the sketch bounds it. */
static void count_cell(struct doc_table *t, const struct topk_entry *e)
{
	char v[32];

	fmt_count(v, sizeof v, e->count);
	doc_cell(t, STY_NONE, "%s%s", e->err ? "<= " : "", v);
}

void lists_errors(struct doc *d, const struct summary *s, const struct report_opts *o)
{
	static const char *const head[] = { "count", "first", "last", "level", "message (masked)",
					    "sample", NULL };
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(s->errors, slots, o->top);
	struct doc_table *t;

	if (!n) {
		doc_text(d, STY_MUTED, "No errors.");
		return;
	}
	t = doc_table(d, "", head, 1u, 160);
	for (size_t i = 0; i < n; i++) {
		const struct topk_entry *e = topk_entry(s->errors, slots[i]);
		const struct fingerprint_aux *a = topk_aux(s->errors, slots[i]);
		char f[32] = "-", l[32] = "-";

		if (a->first_ms != INT64_MIN) {
			local_format(f, sizeof f, o->zone, a->first_ms, LOCAL_MINUTE);
			local_format(l, sizeof l, o->zone, a->last_ms, LOCAL_MINUTE);
		}
		count_cell(t, e);
		doc_cell(t, STY_MUTED, "%s", f);
		doc_cell(t, STY_MUTED, "%s", l);
		doc_cell(t, a->level >= LEVEL_CRITICAL ? STY_CRIT : STY_NONE, "%s",
			 a->level ? level_name(a->level) : "-");
		text_cell(t, o, e->key);
		text_cell(t, o, a->sample);
	}
}

struct ep_row {
	size_t slot;
	double p95;
};

static int by_p95(const void *x, const void *y)
{
	const struct ep_row *a = x, *b = y;

	return a->p95 < b->p95 ? 1 : a->p95 > b->p95 ? -1 : (a->slot > b->slot) - (a->slot < b->slot);
}

void lists_endpoints(struct doc *d, const struct summary *s, const struct report_opts *o)
{
	static const char *const head[] = { "endpoint", "requests", "errors", "avg", "p50", "p95",
					    "p99", "max", "bytes", NULL };
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(s->endpoints, slots, TOPK_MAX_CAP), m = 0;
	struct ep_row rows[TOPK_MAX_CAP];
	struct doc_table *t;

	for (size_t i = 0; i < n; i++) {
		const struct endpoint_aux *a = topk_aux(s->endpoints, slots[i]);
		if (a->latency.count)
			rows[m++] = (struct ep_row){ slots[i], hist_quantile(&a->latency, 0.95) };
	}
	if (!m) {
		doc_text(d, STY_MUTED, "No request latencies.");
		return;
	}
	qsort(rows, m, sizeof rows[0], by_p95);
	t = doc_table(d, "", head, 0x1feu, 80);
	for (size_t i = 0; i < m && i < o->top; i++) {
		const struct topk_entry *e = topk_entry(s->endpoints, rows[i].slot);
		const struct endpoint_aux *a = topk_aux(s->endpoints, rows[i].slot);
		const struct hist *h = &a->latency;
		char v[40];

		doc_cell(t, STY_CODE, "%s", e->key);
		count_cell(t, e);
		fmt_count(v, sizeof v, a->errors);
		doc_cell(t, a->errors ? STY_WARN : STY_NONE, "%s", v);
		fmt_ms(v, sizeof v, h->sum / (double)h->count);
		doc_cell(t, STY_NONE, "%s", v);
		fmt_ms(v, sizeof v, hist_quantile(h, 0.5));
		doc_cell(t, STY_NONE, "%s", v);
		fmt_ms(v, sizeof v, rows[i].p95);
		doc_cell(t, STY_NONE, "%s", v);
		fmt_ms(v, sizeof v, hist_quantile(h, 0.99));
		doc_cell(t, STY_NONE, "%s", v);
		fmt_ms(v, sizeof v, h->max);
		doc_cell(t, STY_NONE, "%s", v);
		fmt_count(v, sizeof v, a->bytes);
		doc_cell(t, a->bytes ? STY_NONE : STY_MUTED, "%s", a->bytes ? v : "-"); /* none logged */
	}
}

/* A row of the services or sources table. */
struct group_row {
	const char *name;
	uint64_t events, requests, errors, error_lines;
	const struct hist *latency;
	struct check worst;        /* its worst request check */
};

static double row_rate(const struct group_row *r)
{
	return r->requests ? (double)r->errors / (double)r->requests : 0;
}

/* Worst check first, then by error rate, then busiest (sources). */
static int by_worst(const void *a, const void *b)
{
	const struct group_row *x = a, *y = b;

	if (x->worst.status != y->worst.status)
		return x->worst.status > y->worst.status ? -1 : 1;
	if (row_rate(x) != row_rate(y))
		return row_rate(x) > row_rate(y) ? -1 : 1;
	return (x->events < y->events) - (x->events > y->events);
}

/* Busiest first (services). */
static int by_events(const void *a, const void *b)
{
	const struct group_row *x = a, *y = b;

	return (x->events < y->events) - (x->events > y->events);
}

/* The table of rows[0..n), the first o->top of them. */
static void group_table(struct doc *d, const struct report_opts *o, struct group_row *rows,
			size_t n, const char *what)
{
	const char *const head[] = { what, "events", "requests", "errors", "error rate",
				     "p95", "error lines", "worst check", NULL };
	struct doc_table *t = doc_table(d, "", head, 0x7eu, 80);

	for (size_t i = 0; i < n && i < o->top; i++) {
		const struct group_row *r = &rows[i];
		char v[40];

		doc_cell(t, STY_CODE, "%s", r->name);
		fmt_count(v, sizeof v, r->events);
		doc_cell(t, STY_NONE, "%s", v);
		fmt_count(v, sizeof v, r->requests);
		doc_cell(t, STY_NONE, "%s", v);
		fmt_count(v, sizeof v, r->errors);
		doc_cell(t, r->errors ? STY_WARN : STY_NONE, "%s", v);
		if (r->requests)
			fmt_pct(v, sizeof v, 100.0 * row_rate(r));
		else
			snprintf(v, sizeof v, "-");
		doc_cell(t, STY_NONE, "%s", v);
		if (r->latency->count)
			fmt_ms(v, sizeof v, hist_quantile(r->latency, 0.95));
		else
			snprintf(v, sizeof v, "-");
		doc_cell(t, STY_NONE, "%s", v);
		fmt_count(v, sizeof v, r->error_lines);
		doc_cell(t, r->error_lines ? STY_WARN : STY_NONE, "%s", v);
		if (r->worst.status == CHECK_NODATA)
			doc_cell(t, STY_MUTED, "-");
		else if (r->worst.status == CHECK_OK)
			doc_cell(t, STY_OK, "ok");
		else
			doc_cell(t, r->worst.status == CHECK_CRIT ? STY_CRIT : STY_WARN, "%s: %s",
				 check_status_name(r->worst.status), check_name(r->worst.id));
	}
	if (n > o->top)
		doc_text(d, STY_MUTED, "%zu more %ss (report --top N shows up to 100).", n - o->top,
			 what);
}

bool lists_sources(struct doc *d, const struct summary *s, const struct report_opts *o,
		   const struct thresholds *lim)
{
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(s->hosts, slots, TOPK_MAX_CAP);
	struct group_row *rows;

	if (!n)
		return false;
	rows = xmalloc(n * sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		const struct service_aux *a = topk_aux(s->hosts, slots[i]);

		rows[i] = (struct group_row){ topk_entry(s->hosts, slots[i])->key,
					      topk_entry(s->hosts, slots[i])->count, a->requests,
					      a->errors, a->error_lines, &a->latency,
					      summary_service_worst(lim, s->hosts, slots[i]) };
	}
	qsort(rows, n, sizeof *rows, by_worst);
	group_table(d, o, rows, n, "source");
	free(rows);
	return true;
}

bool lists_services(struct doc *d, const struct summary *s, const struct report_opts *o,
		    const struct thresholds *lim, const struct period *p)
{
	int64_t from = p->kind == PERIOD_WINDOW ? INT64_MIN : p->start_ms;
	int64_t to = p->kind == PERIOD_WINDOW ? INT64_MAX : p->end_ms;
	struct service_period sp[SUMMARY_HOURLY_SERVICES];
	struct group_row rows[SUMMARY_HOURLY_SERVICES];
	size_t n = 0;

	for (size_t k = 0; k < SUMMARY_HOURLY_SERVICES; k++) {
		hist_init(&sp[k].latency);
		if (!summary_service_used(s, k))
			continue;
		summary_service_period(s, k, from, to, &sp[k]);
		if (sp[k].c.events)
			rows[n++] = (struct group_row){ s->service_names[k], sp[k].c.events,
							sp[k].c.requests, sp[k].c.errors,
							sp[k].c.error_lines, &sp[k].latency,
							summary_service_period_worst(s, lim, k, &sp[k]) };
	}
	qsort(rows, n, sizeof *rows, by_events);
	if (n)
		group_table(d, o, rows, n, "service");
	for (size_t k = 0; k < SUMMARY_HOURLY_SERVICES; k++)
		hist_release(&sp[k].latency);
	return n > 0;
}

void lists_not_found(struct doc *d, const struct summary *s, const struct report_opts *o)
{
	static const char *const head[] = { "path", "requests", "first referer", NULL };
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(s->not_found, slots, o->top);
	struct doc_table *t = doc_table(d, "", head, 2u, 60);

	for (size_t i = 0; i < n; i++) {
		const struct topk_entry *e = topk_entry(s->not_found, slots[i]);
		const struct not_found_aux *a = topk_aux(s->not_found, slots[i]);

		doc_cell(t, STY_CODE, "%s", e->key);
		count_cell(t, e);
		doc_cell(t, STY_MUTED, "%s", a->referer[0] ? a->referer : "-");
	}
}

bool lists_any_logins(const struct summary *s)
{
	for (int i = 0; i < AUTH_LISTS; i++)
		if (topk_size(s->auth_list[i]))
			return true;
	return topk_size(s->logins) > 0;
}

/* One of the digest's plain lists, under its heading; commands and
 * messages get the wider column. */
static void auth_list(struct doc *d, const struct summary *s, const struct report_opts *o, int l)
{
	lists_top(d, auth_lists[l].heading, s->auth_list[l], o->top, l >= AUTH_SUDO ? 100 : 60);
}

bool lists_logins(struct doc *d, const struct summary *s, const struct report_opts *o)
{
	static const char *const head[] = { "successful login", "count", "after failures", NULL };
	size_t slots[TOPK_MAX_CAP], n;
	struct doc_table *t;

	if (!lists_any_logins(s))
		return false;
	for (int l = AUTH_USERS; l < AUTH_SUDO; l++)
		auth_list(d, s, o, l);
	n = topk_sorted(s->logins, slots, o->top);
	if (n) {
		t = doc_table(d, "", head, 2u, 80);
		for (size_t i = 0; i < n; i++) {
			const struct topk_entry *e = topk_entry(s->logins, slots[i]);
			const struct login_aux *a = topk_aux(s->logins, slots[i]);

			doc_cell(t, STY_CODE, "%s", e->key);
			count_cell(t, e);
			doc_cell(t, a->after_failures ? STY_WARN : STY_MUTED, "%s",
				 a->after_failures ? "yes: check it" : "-");
		}
	}
	for (int l = AUTH_SUDO; l < AUTH_LISTS; l++)
		auth_list(d, s, o, l);
	return true;
}

/* A metric's value: up to 3 decimals, trailing zeros dropped. */
static void fmt_metric(char *dst, size_t cap, double v)
{
	size_t n = (size_t)snprintf(dst, cap, "%.3f", v);

	if (n >= cap)
		return;
	while (n > 0 && dst[n - 1] == '0')
		dst[--n] = '\0';
	if (n > 0 && dst[n - 1] == '.')
		dst[--n] = '\0';
}

bool lists_metrics(struct doc *d, const struct summary *s, const struct bucket *f)
{
	static const char *const head[] = { "metric", "values", "avg", "min", "p50", "p95", "max",
					    NULL };
	struct doc_table *t;

	static const char *const rhead[] = { "ratio", "good", "all", "all events", "good events",
					     "rate", NULL };

	if (!s->nmetrics && !s->nratios)
		return false;
	if (s->nratios) {
		t = doc_table(d, "", rhead, 0x38u, 80);
		for (size_t i = 0; i < s->nratios; i++) {
			char v[40], g[40];

			doc_cell(t, STY_CODE, "%s", s->ratios[i].name);
			doc_cell(t, STY_CODE, "%s", s->ratios[i].good);
			doc_cell(t, STY_CODE, "%s", s->ratios[i].all);
			fmt_count(v, sizeof v, f->ratio_all[i]);
			fmt_count(g, sizeof g, f->ratio_good[i]);
			doc_cell(t, STY_NONE, "%s", v);
			doc_cell(t, STY_NONE, "%s", g);
			if (f->ratio_all[i])
				fmt_pct(v, sizeof v, 100.0 * (double)f->ratio_good[i] / (double)f->ratio_all[i]);
			doc_cell(t, f->ratio_all[i] ? STY_NONE : STY_MUTED, "%s", f->ratio_all[i] ? v : "-");
		}
	}
	if (!s->nmetrics)
		return true;
	t = doc_table(d, "", head, 0x7eu, 80);
	for (size_t i = 0; i < s->nmetrics; i++) {
		const struct hist *h = &f->metric[i];
		const double q[] = { h->count ? h->sum / (double)h->count : 0, h->min,
				     hist_quantile(h, 0.5), hist_quantile(h, 0.95), h->max };
		char v[40];

		doc_cell(t, STY_CODE, "%s", s->metric_names[i]);
		fmt_count(v, sizeof v, h->count);
		doc_cell(t, STY_NONE, "%s", v);
		for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
			fmt_metric(v, sizeof v, q[k]);
			doc_cell(t, h->count ? STY_NONE : STY_MUTED, "%s", h->count ? v : "-");
		}
	}
	if (s->metrics_dropped) {
		char v[40];
		fmt_count(v, sizeof v, s->metrics_dropped);
		doc_text(d, STY_WARN, "%s values of metrics past the first %d names were not kept.", v,
			 SUMMARY_METRICS);
	}
	return true;
}

void lists_slowest(struct doc *d, const struct summary *s, const struct report_opts *o)
{
	static const char *const head[] = { "latency", "time", "status", "request", "client",
					    "where", NULL };
	struct doc_table *t;

	if (!s->nslow) {
		doc_text(d, STY_MUTED, "No request latencies.");
		return;
	}
	t = doc_table(d, "", head, 1u | 4u, 100);
	for (size_t i = 0; i < s->nslow; i++) {
		const struct slow_req *r = &s->slow[i];
		char v[40], when[32] = "-";

		fmt_ms(v, sizeof v, r->latency_ms);
		if (r->ts_ms != INT64_MIN)
			local_format(when, sizeof when, o->zone, r->ts_ms, LOCAL_SECOND);
		doc_cell(t, STY_NONE, "%s", v);
		doc_cell(t, STY_MUTED, "%s", when);
		if (r->status)
			doc_cell(t, r->status >= 500 ? STY_CRIT : STY_NONE, "%d", r->status);
		else
			doc_cell(t, STY_NONE, "-");
		doc_cell(t, STY_CODE, "%s%s%s", r->method, r->method[0] ? " " : "", r->path);
		doc_cell(t, STY_NONE, "%s", r->ip[0] ? r->ip : "-");
		doc_cell(t, STY_MUTED, "%s:%llu", r->src, (unsigned long long)r->line);
	}
}

void lists_status_codes(struct doc *d, const struct summary *s)
{
	static const char *const head[] = { "status", "requests", "share", NULL };
	struct doc_table *t = NULL;
	uint64_t total = 0;

	for (int i = 0; i < 600; i++)
		total += s->status_codes[i];
	for (int i = 0; i < 600; i++) {
		char v[32], pc[32];

		if (!s->status_codes[i])
			continue;
		if (!t)
			t = doc_table(d, "", head, 6u, 0);
		fmt_count(v, sizeof v, s->status_codes[i]);
		fmt_pct(pc, sizeof pc, 100.0 * (double)s->status_codes[i] / (double)total);
		doc_cell(t, i >= 500 ? STY_CRIT : i >= 400 ? STY_WARN : STY_NONE, "%d", i);
		doc_cell(t, STY_NONE, "%s", v);
		doc_cell(t, STY_MUTED, "%s", pc);
	}
	if (!t)
		doc_text(d, STY_MUTED, "No HTTP statuses.");
}

/* "a (3), b (1)": the top keys of a small sketch. */
static void top_keys(char *dst, size_t cap, const struct topk *t, size_t max)
{
	size_t slots[16], n = topk_sorted(t, slots, max < 16 ? max : 16), k = 0;

	dst[0] = 0;
	for (size_t i = 0; i < n && k < cap; i++) {
		const struct topk_entry *e = topk_entry(t, slots[i]);
		k += (size_t)snprintf(dst + k, cap - k, "%s%s (%llu)", i ? ", " : "", e->key,
				      (unsigned long long)e->count);
	}
}

void lists_security(struct doc *d, const struct summary *s, const struct report_opts *o)
{
	static const char *const head[] = { "rule", "hits", "top sources", "samples", NULL };
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(s->rules, slots, o->top);
	struct doc_table *t;

	if (!n) {
		doc_text(d, STY_MUTED, "No security events.");
		return;
	}
	t = doc_table(d, "", head, 2u, 200);
	for (size_t i = 0; i < n; i++) {
		const struct topk_entry *e = topk_entry(s->rules, slots[i]);
		const struct rule_aux *a = topk_aux(s->rules, slots[i]);
		char v[32], ips[600] = "-", samples[3 * SUMMARY_TEXT + 8] = "";
		size_t k = 0;

		if (a->ips)
			top_keys(ips, sizeof ips, a->ips, 5);
		for (unsigned j = 0; j < a->nsamples; j++)
			k += (size_t)snprintf(samples + k, sizeof samples - k, "%s%s", j ? " | " : "",
					      a->samples[j]);
		fmt_count(v, sizeof v, e->count);
		doc_cell(t, STY_CODE, "%s", e->key);
		doc_cell(t, STY_WARN, "%s", v);
		doc_cell(t, STY_NONE, "%s", ips[0] ? ips : "-");
		text_cell(t, o, samples);
	}
}

void lists_privacy(struct doc *d, const struct summary *s, const struct report_opts *o)
{
	static const char *const head[] = { "kind", "findings", "top sources", NULL };
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(s->pii, slots, o->top);
	struct doc_table *t;

	if (!n) {
		doc_text(d, STY_MUTED, "No PII findings (kinds come from ingest's pii.* tags).");
		return;
	}
	t = doc_table(d, "", head, 2u, 200);
	for (size_t i = 0; i < n; i++) {
		const struct topk_entry *e = topk_entry(s->pii, slots[i]);
		const struct rule_aux *a = topk_aux(s->pii, slots[i]);
		char v[32], ips[600] = "-";

		if (a->ips)
			top_keys(ips, sizeof ips, a->ips, 5);
		fmt_count(v, sizeof v, e->count);
		doc_cell(t, STY_CODE, "%s", e->key);
		doc_cell(t, STY_WARN, "%s", v);
		doc_cell(t, STY_NONE, "%s", ips[0] ? ips : "-");
	}
	doc_text(d, STY_MUTED, "The values found are never shown in a report.");
}

void lists_auth(struct doc *d, const struct summary *s, const struct report_opts *o)
{
	static const char *const head[] = { "client", "failures", "most in a window", "brute force",
					    "first", "last", NULL };
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(s->auth_ips, slots, o->top);
	struct doc_table *t;

	if (!n) {
		doc_text(d, STY_MUTED, "No failed logins with a client address.");
		return;
	}
	t = doc_table(d, "", head, 6u, 60);
	for (size_t i = 0; i < n; i++) {
		const struct topk_entry *e = topk_entry(s->auth_ips, slots[i]);
		const struct auth_aux *a = topk_aux(s->auth_ips, slots[i]);
		bool brute = a->max_in_window > s->brute_threshold;
		char v[32], w[32], f[32] = "-", l[32] = "-";

		fmt_count(v, sizeof v, e->count);
		fmt_count(w, sizeof w, a->max_in_window);
		if (a->first_ms) {
			local_format(f, sizeof f, o->zone, a->first_ms, LOCAL_SECOND);
			local_format(l, sizeof l, o->zone, a->last_ms, LOCAL_SECOND);
		}
		doc_cell(t, STY_NONE, "%s", e->key);
		doc_cell(t, STY_NONE, "%s", v);
		doc_cell(t, STY_NONE, "%s", w);
		doc_cell(t, brute ? STY_CRIT : STY_OK, "%s", brute ? "SUSPECT" : "no");
		doc_cell(t, STY_MUTED, "%s", f);
		doc_cell(t, STY_MUTED, "%s", l);
	}
	doc_text(d, STY_MUTED, "Brute force: more than %llu failures within %d s.",
		 (unsigned long long)s->brute_threshold, s->brute_window_s);
}

void lists_top(struct doc *d, const char *title, const struct topk *t, size_t top, size_t max)
{
	static const char *const head[] = { "", "count", NULL };
	size_t slots[TOPK_MAX_CAP], n = topk_sorted(t, slots, top);
	struct doc_table *tb;

	if (!n)
		return;
	tb = doc_table(d, "", head, 2u, max);
	tb->head[0] = title;
	for (size_t i = 0; i < n; i++) {
		const struct topk_entry *e = topk_entry(t, slots[i]);

		doc_cell(tb, STY_CODE, "%s", e->key);
		count_cell(tb, e);
	}
}

void lists_accounting(struct doc *d, const struct summary *s)
{
	static const char *const head[] = { "source", "format", "lines", "events", "continuation",
					    "unparsed", "filtered", "truncated", "problem", NULL };
	struct doc_table *t = NULL;

	if (!s->nsources)
		doc_text(d, STY_MUTED, "No per-file accounting in this summary (events without "
			 "ingest's source records).");
	else
		t = doc_table(d, "", head, 0xfcu, 0); /* a problem is shown whole */
	for (size_t i = 0; i < s->nsources; i++) {
		const struct source_acc *a = &s->sources[i];
		char v[32], at[96] = "";
		size_t k = 0;

		doc_cell(t, STY_CODE, "%s%s", a->src, a->gzip ? " (gzip)" : "");
		doc_cell(t, STY_MUTED, "%s", a->fmt[0] ? a->fmt : "-");
		fmt_count(v, sizeof v, a->lines);
		doc_cell(t, STY_NONE, "%s", v);
		fmt_count(v, sizeof v, a->events);
		doc_cell(t, STY_NONE, "%s", v);
		fmt_count(v, sizeof v, a->continuation);
		doc_cell(t, STY_NONE, "%s", v);
		for (uint64_t j = 0; j < a->unparsed && j < SOURCE_SAMPLES; j++)
			k += (size_t)snprintf(at + k, sizeof at - k, "%s%llu", j ? "," : " (lines ",
					      (unsigned long long)a->unparsed_at[j]);
		if (k)
			snprintf(at + k, sizeof at - k, "%s)", a->unparsed > SOURCE_SAMPLES ? ",..." : "");
		fmt_count(v, sizeof v, a->unparsed);
		doc_cell(t, a->unparsed ? STY_WARN : STY_NONE, "%s%s", v, at);
		fmt_count(v, sizeof v, a->filtered);
		if (a->unread) { /* lines a --since bisection counted, not parsed */
			char u[32];

			fmt_count(u, sizeof u, a->unread);
			doc_cell(t, STY_NONE, "%s + %s lines before --since", v, u);
		} else {
			doc_cell(t, STY_NONE, "%s", v);
		}
		fmt_count(v, sizeof v, a->truncated);
		doc_cell(t, a->truncated ? STY_WARN : STY_NONE, "%s", v);
		doc_cell(t, a->error[0] ? STY_CRIT : STY_NONE, "%s", a->error[0] ? a->error : "-");
	}
	if (s->malformed) {
		char n[64];

		fmt_noun(n, sizeof n, s->malformed, "event lines");
		doc_text(d, STY_WARN, "%s could not be read by analyze.", n);
	}
	if (s->hours_dropped) {
		char n[64];

		fmt_noun(n, sizeof n, s->hours_dropped, "events");
		doc_text(d, STY_WARN, "%s were in hours dropped at the summary's 9600-hour limit "
			 "(the hours with the fewest events).", n);
	}
}

