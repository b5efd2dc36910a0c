/*
 * build: see build.h.  Sections are small functions shared by the daily,
 * weekly and whole-window layouts; each adds its heading and tables to the
 * document, or a line saying there is nothing to show.
 */
#include "build.h"

#include <math.h>   /* fabs */
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* qsort */
#include <string.h> /* strlen, memset */

#include "buf.h"
#include "doc.h"
#include "escape.h"
#include "figure.h"
#include "lists.h"
#include "scan.h"
#include "hist.h"
#include "summary.h"
#include "tstamp.h"
#include "topk.h"
#include "tz.h"


static enum doc_style style_of(enum check_status s)
{
	static const enum doc_style map[] = { STY_NODATA, STY_OK, STY_WARN, STY_CRIT };

	return map[s];
}

/* The hours of the summary inside [start, end): a contiguous run. */
static void hour_range(const struct summary *s, int64_t start, int64_t end, size_t *lo, size_t *hi)
{
	size_t i = 0;

	while (i < s->nhours && s->hours[i].start_ms < start)
		i++;
	*lo = i;
	while (i < s->nhours && s->hours[i].start_ms < end)
		i++;
	*hi = i;
}

/* The period's figures; the whole window also counts undated events. */
static void period_figures(const struct summary *s, const struct period *p, struct bucket *f)
{
	size_t lo, hi;

	bucket_init(f);
	hour_range(s, p->start_ms, p->end_ms, &lo, &hi);
	for (size_t i = lo; i < hi; i++)
		bucket_merge(f, &s->hours[i]);
	if (p->kind == PERIOD_WINDOW)
		bucket_merge(f, &s->undated);
}

void report_checks(const struct summary *s, const struct period *p, const struct thresholds *t,
		   struct tz *zone, struct check *out)
{
	size_t lo, hi;

	struct bucket f;

	hour_range(s, p->start_ms, p->end_ms, &lo, &hi);
	thresholds_evaluate(t, s->p95_exact ? s->p95_counted : NULL, lo < hi ? s->hours + lo : NULL,
			    hi - lo,
			    p->kind == PERIOD_WINDOW ? &s->undated : NULL, zone, out);
	period_figures(s, p, &f);
	thresholds_metric_checks(t, s, &f, out + CHECK_COUNT);
	bucket_release(&f);
}

static void fmt_value(char *dst, size_t cap, enum check_id id, double v)
{
	if (!strcmp(check_unit(id), "%"))
		fmt_pct(dst, cap, v);
	else if (!strcmp(check_unit(id), "ms"))
		fmt_ms(dst, cap, v);
	else
		fmt_noun_amount(dst, cap, v, check_unit(id));
}

static void fmt_limit(char *dst, size_t cap, enum check_id id, const struct limit *l)
{
	char v[40];

	if (!l->on) {
		snprintf(dst, cap, "-");
		return;
	}
	if (!strcmp(check_unit(id), "%"))
		snprintf(v, sizeof v, "%g %%", l->value); /* a limit as written: "5 %" */
	else
		fmt_value(v, sizeof v, id, l->value);
	snprintf(dst, cap, "%s %s", l->or_equal ? ">=" : ">", v);
}

/* A check's value as shown.  The p95 verdict is exact (counts within the
 * limits) while its value is the histogram's, within 1 %: when the two
 * disagree at a limit, the value is shown as the bound the verdict proves
 * ("> 500 ms" for a true 501 ms the histogram puts at 498). */
static void fmt_check_value(char *dst, size_t cap, const struct check *c,
			    const struct thresholds *t)
{
	const struct limit *l = c->status == CHECK_CRIT ? &t->crit[c->id]
			      : c->status == CHECK_WARN ? &t->warn[c->id] : NULL;
	const struct limit *w = &t->warn[c->id];
	char v[32];

	if (c->id == CHECK_P95_LATENCY && l && l->on &&
	    (l->or_equal ? c->value < l->value : c->value <= l->value)) {
		fmt_value(v, sizeof v, c->id, l->value);
		snprintf(dst, cap, "%s %s", l->or_equal ? ">=" : ">", v);
	} else if (c->id == CHECK_P95_LATENCY && c->status == CHECK_OK && w->on &&
		   (w->or_equal ? c->value >= w->value : c->value > w->value)) {
		fmt_value(v, sizeof v, c->id, w->value);
		snprintf(dst, cap, "%s %s", w->or_equal ? "<" : "<=", v);
	} else {
		fmt_value(dst, cap, c->id, c->value);
	}
}

/* A metric's value or limit: up to 3 decimals, no unit (the metric's
 * own); a rate's in percent, to 2 decimals. */
/* A fixed-point number without the zeros its decimals end in ("12.50" →
 * "12.5", "3.000" → "3"); n: its length as snprintf returned it.  Returns
 * the new length. */
static size_t trim_decimals(char *dst, size_t cap, size_t n)
{
	if (n >= cap || !strchr(dst, '.'))
		return n;
	while (n > 1 && dst[n - 1] == '0')
		dst[--n] = '\0';
	if (n > 1 && dst[n - 1] == '.')
		dst[--n] = '\0';
	return n;
}

static void fmt_metric_value(char *dst, size_t cap, const struct metric_limit *m, double v)
{
	size_t n = trim_decimals(dst, cap, (size_t)snprintf(dst, cap, m->stat == MSTAT_RATE
							       ? "%.2f" : "%.3f", v));

	if (m->stat == MSTAT_RATE && n + 2 < cap)
		memcpy(dst + n, " %", 3);
}

static void fmt_metric_limit(char *dst, size_t cap, const struct metric_limit *m,
			     const struct limit *l)
{
	char v[40];

	if (!l->on) {
		snprintf(dst, cap, "-");
		return;
	}
	fmt_metric_value(v, sizeof v, m, l->value);
	snprintf(dst, cap, "%s %s", m->stat == MSTAT_RATE ? "<" : l->or_equal ? ">=" : ">", v);
}

/* A number as Nagios performance data takes it: digits, a sign and a
 * point, never an exponent ("1e+08" would read as 1 with a unit "e+08");
 * 6 significant digits as %g gives them, and past a million the whole
 * number with up to 3 decimals (a limit of 100000000.5 stays one).  Only
 * a value or limit of 1e15 and more (no real log's) keeps %g's form, so
 * every number fits PERF_NUMBER_MAX. */
#define PERF_NUMBER_MAX 24
static void perf_number(char *dst, size_t cap, double v)
{
	double a = fabs(v);

	if (a == 0 || (a >= 1e-4 && a < 1e6) || !(a < 1e15)) {
		snprintf(dst, cap, "%.6g", v);
		return;
	}
	trim_decimals(dst, cap, (size_t)snprintf(dst, cap, "%.*f", a >= 1e6 ? 3 : 10, v));
}

/* One "label=value[uom];warn;crit" item; a rate's limits as the range "95:"
 * (Nagios alerts outside it, so below 95). */
static size_t perf_item(char *dst, size_t cap, size_t k, const char *sep, const char *label,
			double value, const char *uom, const struct limit *w, const struct limit *c,
			bool lower)
{
	char v[PERF_NUMBER_MAX], wl[PERF_NUMBER_MAX + 1] = "", cl[PERF_NUMBER_MAX + 1] = "";

	perf_number(v, sizeof v, value);
	if (w->on) {
		perf_number(wl, sizeof wl - 1, w->value);
		strcat(wl, lower ? ":" : "");
	}
	if (c->on) {
		perf_number(cl, sizeof cl - 1, c->value);
		strcat(cl, lower ? ":" : "");
	}
	if (k < cap)
		k += (size_t)snprintf(dst + k, cap - k, "%s%s=%s%s;%s;%s", sep, label, v, uom, wl, cl);
	return k;
}

void report_perfdata(char *dst, size_t cap, const struct check *c, const struct thresholds *t)
{
	size_t k = 0;
	const char *sep = " | ";

	dst[0] = '\0';
	for (int i = 0; i < CHECK_COUNT; i++) {
		const char *unit = check_unit(c[i].id);
		const char *uom = !strcmp(unit, "%") ? "%" : !strcmp(unit, "ms") ? "ms" : "";

		if (c[i].status == CHECK_NODATA)
			continue;
		k = perf_item(dst, cap, k, sep, check_name(c[i].id), c[i].value, uom, &t->warn[i],
			      &t->crit[i], false);
		sep = " ";
	}
	for (size_t i = 0; i < t->nmetrics; i++) {
		const struct metric_limit *m = &t->metrics[i];
		char n[64];

		if (c[CHECK_COUNT + i].status == CHECK_NODATA)
			continue;
		metric_limit_name(n, sizeof n, m);
		k = perf_item(dst, cap, k, sep, n, c[CHECK_COUNT + i].value,
			      m->stat == MSTAT_RATE ? "%" : "", &m->warn, &m->crit,
			      m->stat == MSTAT_RATE);
		sep = " ";
	}
}

void report_check_line(struct buf *out, const struct summary *s, const struct period *p,
		       const struct check *c, const struct thresholds *t)
{
	char status[1024], perf[REPORT_PERFDATA_MAX];

	report_status_line(status, sizeof status, s, p, c, t);
	report_perfdata(perf, sizeof perf, c, t);
	escape_str(out, status, 0, ESC_NAGIOS);
	buf_adds(out, perf);
}

/* Appends the sources that fail the coverage rule to dst (from k);
 * returns CHECK_WARN if any does, else CHECK_OK. */
static enum check_status coverage(const struct summary *s, char *dst, size_t cap, size_t k)
{
	enum check_status st = CHECK_OK;
	const char *sep = "";

	for (size_t i = 0; i < s->nsources; i++) {
		const struct source_acc *a = &s->sources[i];
		double parsed = a->lines ? (double)(a->lines - a->unparsed) / (double)a->lines : 1;

		if (!a->error[0] && parsed >= REPORT_MIN_PARSED)
			continue;
		st = CHECK_WARN;
		if (!dst || k >= cap)
			continue;
		if (a->error[0])
			k += (size_t)snprintf(dst + k, cap - k, "%s%s unreadable (%s)", sep, a->src,
					      a->error);
		else
			k += (size_t)snprintf(dst + k, cap - k, "%s%s %.1f %% parsed", sep, a->src,
					      100 * parsed);
		sep = ", ";
	}
	return st;
}

#define MAX_SCOPED (THRESHOLDS_MAX_SCOPES * CHECK_COUNT)

/* The sections' checks over the period: a service's over its hours there
 * (the whole window: the undated events too). */
static size_t scoped_checks(const struct summary *s, const struct period *p,
			    const struct thresholds *t, struct scoped_check *sc)
{
	return p->kind == PERIOD_WINDOW
		? summary_scoped_checks(s, t, INT64_MIN, INT64_MAX, sc, MAX_SCOPED)
		: summary_scoped_checks(s, t, p->start_ms, p->end_ms, sc, MAX_SCOPED);
}

/* The worst of the sections' checks (NODATA if none judged). */
static enum check_status scoped_worst(const struct summary *s, const struct period *p,
				      const struct thresholds *t)
{
	struct scoped_check sc[MAX_SCOPED];
	size_t n = scoped_checks(s, p, t, sc);
	enum check_status w = CHECK_NODATA;

	for (size_t i = 0; i < n; i++)
		if (sc[i].c.status > w)
			w = sc[i].c.status;
	return w;
}

enum check_status report_status(const struct summary *s, const struct period *p,
				const struct thresholds *t, const struct check *c)
{
	enum check_status worst = checks_worst_all(c, t), sw = scoped_worst(s, p, t);

	if (worst == CHECK_NODATA)
		return worst;
	if (sw > worst)
		worst = sw;
	return coverage(s, NULL, 0, 0) > worst ? CHECK_WARN : worst;
}

void report_status_line(char *dst, size_t cap, const struct summary *s, const struct period *p,
			const struct check *c, const struct thresholds *t)
{
	static const char *const word[] = { "UNKNOWN", "OK", "WARNING", "CRITICAL" };
	enum check_status worst = checks_worst_all(c, t);
	size_t k = (size_t)snprintf(dst, cap, "%s -", word[report_status(s, p, t, c)]);
	struct scoped_check sc[MAX_SCOPED];
	size_t nsc = scoped_checks(s, p, t, sc);
	const char *sep = " ";

	if (worst == CHECK_NODATA) {
		snprintf(dst + k, cap - k, " no data in the period");
		return;
	}
	if (coverage(s, NULL, 0, 0) != CHECK_OK) {
		k += (size_t)snprintf(dst + k, cap - k, " coverage: ");
		coverage(s, dst, cap, k);
		k = strlen(dst);
		if (k < cap)
			k += (size_t)snprintf(dst + k, cap - k, ";");
	}
	/* the failing checks, worst first, the sections' after the summary's
	 * own; when all pass, the summary's values */
	if (worst != CHECK_NODATA && scoped_worst(s, p, t) > worst)
		worst = scoped_worst(s, p, t);
	for (int level = CHECK_CRIT; level >= CHECK_OK; level--) {
		if (level == CHECK_OK && worst != CHECK_OK)
			break;
		for (size_t i = 0; i < nsc && k < cap && level != CHECK_OK; i++) {
			struct thresholds lim;
			char v[40], l[48];
			const struct check *q = &sc[i].c;

			if ((int)q->status != level)
				continue;
			scope_limits(t, sc[i].scope, &lim);
			fmt_check_value(v, sizeof v, q, &lim);
			fmt_limit(l, sizeof l, q->id, level == CHECK_CRIT ? &lim.crit[q->id] : &lim.warn[q->id]);
			k += (size_t)snprintf(dst + k, cap - k, "%s%s %s: %s %s (%s %s)", sep,
					      scope_kind_name(sc[i].scope->kind), sc[i].scope->name,
					      check_name(q->id), v, level == CHECK_CRIT ? "crit" : "warn", l);
			sep = ", ";
		}
		for (int i = 0; i < CHECK_COUNT && k < cap; i++) {
			char v[40], l[48] = "";

			if ((int)c[i].status != level || (!t->warn[i].on && !t->crit[i].on))
				continue; /* a check with no limits is a figure, not a verdict */
			fmt_check_value(v, sizeof v, &c[i], t);
			if (level != CHECK_OK)
				fmt_limit(l, sizeof l, c[i].id, level == CHECK_CRIT ? &t->crit[i] : &t->warn[i]);
			k += (size_t)snprintf(dst + k, cap - k, "%s%s %s%s%s%s%s", sep, check_name(c[i].id), v,
					      l[0] ? " (" : "", l[0] ? (level == CHECK_CRIT ? "crit " : "warn ") : "",
					      l, l[0] ? ")" : "");
			sep = ", ";
		}
		for (size_t i = 0; i < t->nmetrics && k < cap; i++) {
			const struct metric_limit *m = &t->metrics[i];
			const struct check *q = &c[CHECK_COUNT + i];
			char n[64], v[40], l[48] = "";

			if ((int)q->status != level)
				continue;
			metric_limit_name(n, sizeof n, m);
			fmt_metric_value(v, sizeof v, m, q->value);
			if (level != CHECK_OK)
				fmt_metric_limit(l, sizeof l, m, level == CHECK_CRIT ? &m->crit : &m->warn);
			k += (size_t)snprintf(dst + k, cap - k, "%s%s %s%s%s%s%s", sep, n, v,
					      l[0] ? " (" : "", l[0] ? (level == CHECK_CRIT ? "crit " : "warn ") : "",
					      l, l[0] ? ")" : "");
			sep = ", ";
		}
	}
}

static void sec_checks(struct doc *d, const struct summary *s, const struct check *c,
		       const struct thresholds *t, struct tz *zone, const struct period *p)
{
	struct scoped_check sc[MAX_SCOPED];
	size_t nsc = scoped_checks(s, p, t, sc);
	static const char *const head[] = { "check", "status", "value", "warn", "crit", "worst at", NULL };
	struct doc_table *tb = doc_table(d, "Checks", head, 1u << 2, 0);

	for (int i = 0; i < CHECK_COUNT; i++) {
		char v[40], w[48], cr[48], at[32] = "";

		fmt_limit(w, sizeof w, c[i].id, &t->warn[i]);
		fmt_limit(cr, sizeof cr, c[i].id, &t->crit[i]);
		if (c[i].status == CHECK_NODATA)
			snprintf(v, sizeof v, "-");
		else
			fmt_check_value(v, sizeof v, &c[i], t);
		if (c[i].at_ms >= 0 && c[i].status != CHECK_NODATA && c[i].value > 0)
			local_format(at, sizeof at, zone, c[i].at_ms,
				     c[i].id == CHECK_RATE_LIMIT_HOUR ? LOCAL_MINUTE : LOCAL_DATE);
		else if (c[i].status != CHECK_NODATA && c[i].at_ms < 0)
			snprintf(at, sizeof at, "%s", p->kind == PERIOD_DAY ? "the day" :
				 p->kind == PERIOD_WEEK ? "the week" : "the window");
		doc_cell(tb, STY_NONE, "%s", check_name(c[i].id));
		doc_cell(tb, style_of(c[i].status), "%s", check_status_name(c[i].status));
		doc_cell(tb, STY_NONE, "%s", v);
		doc_cell(tb, STY_MUTED, "%s", w);
		doc_cell(tb, STY_MUTED, "%s", cr);
		doc_cell(tb, STY_MUTED, "%s", at);
	}
	/* the sections': over the summary's whole window */
	for (size_t i = 0; i < nsc; i++) {
		const struct check *q = &sc[i].c;
		struct thresholds lim;
		char v[40], w[48], cr[48];

		scope_limits(t, sc[i].scope, &lim);
		fmt_limit(w, sizeof w, q->id, &lim.warn[q->id]);
		fmt_limit(cr, sizeof cr, q->id, &lim.crit[q->id]);
		if (q->status == CHECK_NODATA)
			snprintf(v, sizeof v, "-");
		else
			fmt_check_value(v, sizeof v, q, &lim);
		doc_cell(tb, STY_NONE, "%s (%s %s)", check_name(q->id), scope_kind_name(sc[i].scope->kind),
			 sc[i].scope->name);
		doc_cell(tb, style_of(q->status), "%s", check_status_name(q->status));
		doc_cell(tb, STY_NONE, "%s", v);
		doc_cell(tb, STY_MUTED, "%s", w);
		doc_cell(tb, STY_MUTED, "%s", cr);
		doc_cell(tb, STY_MUTED, "%s", "the summary");
	}
	/* the metrics': over the period */
	for (size_t i = 0; i < t->nmetrics; i++) {
		const struct metric_limit *m = &t->metrics[i];
		const struct check *q = &c[CHECK_COUNT + i];
		char n[64], v[40], w[48], cr[48];

		metric_limit_name(n, sizeof n, m);
		fmt_metric_limit(w, sizeof w, m, &m->warn);
		fmt_metric_limit(cr, sizeof cr, m, &m->crit);
		if (q->status == CHECK_NODATA)
			snprintf(v, sizeof v, "-");
		else
			fmt_metric_value(v, sizeof v, m, q->value);
		doc_cell(tb, STY_NONE, "%s", n);
		doc_cell(tb, style_of(q->status), "%s", check_status_name(q->status));
		doc_cell(tb, STY_NONE, "%s", v);
		doc_cell(tb, STY_MUTED, "%s", w);
		doc_cell(tb, STY_MUTED, "%s", cr);
		doc_cell(tb, STY_MUTED, "%s", p->kind == PERIOD_DAY ? "the day" :
			 p->kind == PERIOD_WEEK ? "the week" : "the window");
	}
}

/* Appends to t the figures cols of b: as the cells of one row (after its
 * key cell), or with labelled set as rows of a label and a value. */
static void figure_cells(struct doc_table *t, const struct bucket *b,
			 const struct figure_col *cols, size_t n, bool labelled)
{
	char v[48];

	for (size_t i = 0; i < n; i++) {
		if (labelled)
			doc_cell(t, STY_NONE, "%s", cols[i].label);
		figure_format(v, sizeof v, b, cols[i].fig);
		doc_cell(t, cols[i].alert && figure_value(b, cols[i].fig) > 0 ? STY_CRIT : STY_NONE,
			 "%s", v);
	}
}

/* A table whose first column is head0, then the labels of cols. */
static struct doc_table *figure_table(struct doc *d, const char *head0,
				      const struct figure_col *cols, size_t n)
{
	const char *head[DOC_MAX_COLS + 1] = { head0 };

	for (size_t i = 0; i < n && i + 1 < DOC_MAX_COLS; i++)
		head[i + 1] = cols[i].label;
	return doc_table(d, "", head, ((1u << (n + 1)) - 1) & ~1u, 0);
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* visitors: the period's unique visitors (summary_visitors), < 0 for none */
static void sec_totals(struct doc *d, const struct bucket *f, double slow_ms, double visitors)
{
	static const char *const head[] = { "figure", "value", NULL };
	static const struct figure_col top[] = {
		{ "events", FIG_EVENTS, false }, { "requests", FIG_REQUESTS, false },
		{ "errors (requests)", FIG_ERRORS, false }, { "error rate", FIG_ERROR_RATE, false },
		{ "error lines", FIG_ERROR_LINES, false },
		{ "critical lines", FIG_CRITICAL_LINES, false },
		{ "warning lines", FIG_WARN_LINES, false }, { "latency avg", FIG_AVG, false },
		{ "latency p50", FIG_P50, false }, { "latency p95", FIG_P95, false },
		{ "latency p99", FIG_P99, false }, { "latency max", FIG_MAX, false },
	}, rest[] = {
		{ "rate-limited (429, rate limit)", FIG_RATE_LIMITED, false },
		{ "forbidden (403)", FIG_FORBIDDEN, false },
		{ "failed logins", FIG_AUTH_FAILURES, false },
		{ "security events", FIG_SECURITY, false },
		{ "PII findings (events)", FIG_PII, false },
		{ "bytes sent", FIG_BYTES, false },
		{ "static file requests", FIG_STATIC, false },
		{ "crawler requests", FIG_CRAWLERS, false },
	};
	struct doc_table *t = doc_table(d, "", head, 1u << 1, 0);
	char v[48], label[80];
	struct figure_col slow = { label, FIG_SLOW, false };

	figure_cells(t, f, top, NELEM(top), true);
	fmt_ms(v, sizeof v, slow_ms);
	snprintf(label, sizeof label, "slow requests (> %s)", v);
	figure_cells(t, f, &slow, 1, true);
	figure_cells(t, f, rest, NELEM(rest), true);
	if (visitors >= 0) {
		fmt_amount(v, sizeof v, visitors);
		doc_cell(t, STY_NONE, "unique visitors (IP, day, user agent; about)");
		doc_cell(t, STY_NONE, "%s", v);
	}
	doc_text(d, STY_MUTED, "Percentiles are within 1 %% of a value of the data; unique visitors "
		 "within %.1f %% (one standard error).", 100 * HLL_ERROR);
}

/* Charts and a table of the period's hours. */
static void sec_hours(struct doc *d, const struct summary *s, const struct period *p,
		      const struct report_opts *o)
{
	struct tz *zone = o->zone;
	static const struct figure_col cols[] = {
		{ "events", FIG_EVENTS, false }, { "requests", FIG_REQUESTS, false },
		{ "errors", FIG_ERRORS, true }, { "error rate", FIG_ERROR_RATE, false },
		{ "avg", FIG_AVG, false }, { "p95", FIG_P95, false },
		{ "429s", FIG_RATE_LIMITED, false }, { "failed logins", FIG_AUTH_FAILURES, false },
		{ "security", FIG_SECURITY, false },
	};
	size_t lo, hi, n = (size_t)((p->end_ms - p->start_ms) / TSTAMP_HOUR_MS);
	struct doc_chart *req, *lat, *rl;
	struct doc_table *t;

	hour_range(s, p->start_ms, p->end_ms, &lo, &hi);
	if (lo == hi || n == 0 || n > 24 * 31)
		return;
	req = doc_chart(d, "Requests and errors per hour", n, "requests", false);
	req->name_a = "requests";
	req->name_b = "errors";
	req->b = calloc(n, sizeof *req->b);
	lat = doc_chart(d, "p95 latency per hour", n, "ms", true);
	lat->name_a = "p95";
	for (size_t i = 0; i < n; i++)
		lat->a[i] = -1; /* no requests that hour */
	rl = doc_chart(d, "Rate-limited requests per hour", n, "hits", false);
	rl->name_a = "429s and rate-limit events";
	doc_chart_xlabel(req, "hour (%s)", o->zone_name);
	doc_chart_xlabel(lat, "hour (%s)", o->zone_name);
	doc_chart_xlabel(rl, "hour (%s)", o->zone_name);
	for (size_t i = 0; i < n; i++) {
		int64_t h = p->start_ms + (int64_t)i * TSTAMP_HOUR_MS;
		enum local_fmt f = n > 25 ? LOCAL_DAY_HOUR : LOCAL_HOUR;
		char l[16];

		local_format(l, sizeof l, zone, h, f);
		doc_chart_label(req, i, "%s", l);
		doc_chart_label(lat, i, "%s", l);
		doc_chart_label(rl, i, "%s", l);
	}
	for (size_t i = lo; i < hi; i++) {
		const struct bucket *b = &s->hours[i];
		size_t k = (size_t)((b->start_ms - p->start_ms) / TSTAMP_HOUR_MS);

		req->a[k] = (double)b->requests;
		req->b[k] = (double)b->errors;
		if (b->latency.count)
			lat->a[k] = hist_quantile(&b->latency, 0.95);
		rl->a[k] = (double)bucket_rate_limited(b);
	}
	t = figure_table(d, "hour", cols, NELEM(cols));
	for (size_t i = lo; i < hi; i++) {
		char v[40];

		local_format(v, sizeof v, zone, s->hours[i].start_ms, LOCAL_MINUTE);
		doc_cell(t, STY_NONE, "%s", v);
		figure_cells(t, &s->hours[i], cols, NELEM(cols), false);
	}
}

/* The start of the local day after the one starting at day. */
static int64_t next_day(struct tz *zone, int64_t day)
{
	return tz_day_start(zone, day + 36 * TSTAMP_HOUR_MS); /* past any DST shift */
}

/* Per-day rows of a week (or a window) — every day, quiet ones too — and
 * their charts. */
static void sec_days(struct doc *d, const struct summary *s, const struct period *p,
		     const struct report_opts *o)
{
	static const struct figure_col cols[] = {
		{ "requests", FIG_REQUESTS, false }, { "errors", FIG_ERRORS, false },
		{ "error rate", FIG_ERROR_RATE, false }, { "avg", FIG_AVG, false },
		{ "p95", FIG_P95, false }, { "error lines", FIG_ERROR_LINES, false },
		{ "security", FIG_SECURITY, false }, { "429s", FIG_RATE_LIMITED, false },
		{ "failed logins", FIG_AUTH_FAILURES, false },
	};
	struct tz *zone = o->zone;
	struct doc_table *t;
	struct doc_chart *req, *err, *lat;
	size_t lo, hi, ndays = 0, k = 0, i;
	int64_t day;

	if (p->end_ms <= p->start_ms)
		return;
	for (day = tz_day_start(zone, p->start_ms); day < p->end_ms && ndays < 400;
	     day = next_day(zone, day))
		ndays++;
	t = figure_table(d, "day", cols, NELEM(cols));
	/* the weekly page's traffic at a glance, as GoAccess draws it */
	req = doc_chart(d, "Requests and errors per day", ndays, "requests", false);
	req->name_a = "requests";
	req->name_b = "errors";
	req->b = calloc(ndays, sizeof *req->b);
	doc_chart_xlabel(req, "day (%s)", o->zone_name);
	err = doc_chart(d, "Errors and error lines per day", ndays, "lines", false);
	err->name_a = "error lines";
	err->name_b = "errors (requests)";
	err->b = calloc(ndays, sizeof *err->b);
	lat = doc_chart(d, "p95 latency per day", ndays, "ms", true);
	lat->name_a = "p95";
	doc_chart_xlabel(err, "day (%s)", o->zone_name);
	doc_chart_xlabel(lat, "day (%s)", o->zone_name);
	hour_range(s, p->start_ms, p->end_ms, &lo, &hi);
	i = lo;
	for (day = tz_day_start(zone, p->start_ms); k < ndays; day = next_day(zone, day), k++) {
		int64_t end = next_day(zone, day);
		struct bucket f;
		char date[16];

		bucket_init(&f);
		for (; i < hi && s->hours[i].start_ms < end; i++)
			bucket_merge(&f, &s->hours[i]);
		local_format(date, sizeof date, zone, day, LOCAL_DATE);
		doc_cell(t, f.events ? STY_NONE : STY_MUTED, "%s %s", weekday_name(zone, day), date);
		figure_cells(t, &f, cols, NELEM(cols), false);
		doc_chart_label(req, k, "%s %.5s", weekday_name(zone, day), date + 5);
		doc_chart_label(err, k, "%s %.5s", weekday_name(zone, day), date + 5);
		req->a[k] = (double)f.requests;
		req->b[k] = (double)f.errors;
		doc_chart_label(lat, k, "%s %.5s", weekday_name(zone, day), date + 5);
		err->a[k] = (double)f.error_lines;
		err->b[k] = (double)f.errors;
		lat->a[k] = f.latency.count ? hist_quantile(&f.latency, 0.95) : -1;
		bucket_release(&f);
	}
}

/* This period against the previous one, when the summary covers it. */
static void sec_changes(struct doc *d, const struct summary *s, const struct period *p,
			struct tz *zone)
{
	static const char *const head[] = { "figure", "this", "previous", "change", NULL };
	static const struct figure_col rows[] = {
		{ "requests", FIG_REQUESTS, false }, { "errors", FIG_ERRORS, false },
		{ "error rate", FIG_ERROR_RATE, false }, { "error lines", FIG_ERROR_LINES, false },
		{ "latency avg", FIG_AVG, false }, { "latency p95", FIG_P95, false },
		{ "security events", FIG_SECURITY, false }, { "failed logins", FIG_AUTH_FAILURES, false },
	};
	struct period prev;
	struct bucket a, b;
	struct doc_table *t;
	size_t lo, hi;
	char x[40], y[40];

	period_previous(p, zone, &prev);
	hour_range(s, prev.start_ms, prev.end_ms, &lo, &hi);
	if (lo == hi) {
		doc_text(d, STY_MUTED, "No change against %s: the summary does not cover it.", prev.name);
		return;
	}
	period_figures(s, p, &a);
	period_figures(s, &prev, &b);
	t = doc_table(d, "", head, 0xeu, 0);
	for (size_t i = 0; i < NELEM(rows); i++) {
		double va = figure_value(&a, rows[i].fig), vb = figure_value(&b, rows[i].fig);

		figure_format(x, sizeof x, &a, rows[i].fig);
		figure_format(y, sizeof y, &b, rows[i].fig);
		doc_cell(t, STY_NONE, "%s", rows[i].label);
		doc_cell(t, STY_NONE, "%s", x);
		doc_cell(t, STY_MUTED, "%s", y);
		if (vb > 0)
			doc_cell(t, va > vb ? STY_WARN : STY_NONE, "%+.0f %%", 100.0 * (va - vb) / vb);
		else
			doc_cell(t, STY_MUTED, "%s", va > 0 ? "new" : "-");
	}
	doc_text(d, STY_MUTED, "Previous: %s.", prev.name);
	bucket_release(&a);
	bucket_release(&b);
}

/* Says so when the summary's data covers only part of the period (a
 * week that began before the logs did, a day not over yet), so a quiet
 * stretch is not taken for a quiet system. */
static void coverage_note(struct doc *d, const struct summary *s, const struct period *p,
			  struct tz *zone)
{
	char a[32], b[32];
	int64_t data_end;

	if (p->kind == PERIOD_WINDOW || !s->has_window)
		return;
	data_end = scan_floor_div(s->last_ms, TSTAMP_HOUR_MS) * TSTAMP_HOUR_MS + TSTAMP_HOUR_MS;
	if (s->first_ms <= p->start_ms && data_end >= p->end_ms)
		return;
	if (s->last_ms < p->start_ms || s->first_ms >= p->end_ms) {
		doc_text(d, STY_WARN, "The summary has no data in this period.");
		return;
	}
	local_format(a, sizeof a, zone, s->first_ms > p->start_ms ? s->first_ms : p->start_ms,
		     LOCAL_MINUTE);
	local_format(b, sizeof b, zone, s->last_ms < p->end_ms ? s->last_ms : p->end_ms - 1,
		     LOCAL_MINUTE);
	doc_text(d, STY_WARN, "The data covers only %s to %s of this period.", a, b);
}

void report_build(struct doc *d, const struct summary *s, const struct period *p,
		  const struct thresholds *t, const struct report_opts *o)
{
	static const char *const kind[] = { [PERIOD_WINDOW] = "report", [PERIOD_DAY] = "daily report",
					    [PERIOD_WEEK] = "weekly report", [PERIOD_LAST] = "report",
					    [PERIOD_RANGE] = "report" };
	struct check c[CHECKS_MAX];
	struct bucket f;
	char line[1024], a[32], b[32];

	report_checks(s, p, t, o->zone, c);
	report_status_line(line, sizeof line, s, p, c, t);
	doc_heading(d, 1, "%s %s: %s", o->title ? o->title : "logsift", kind[p->kind], p->name);
	if (!o->no_status) /* --check wrote it already, first on the same output */
		doc_status(d, style_of(report_status(s, p, t, c)), "%s", line);
	if (s->has_window) {
		local_format(a, sizeof a, o->zone, s->first_ms, LOCAL_MINUTE);
		local_format(b, sizeof b, o->zone, s->last_ms, LOCAL_MINUTE);
		doc_text(d, STY_MUTED, "Times in %s. Events from %s to %s; %zu source%s.",
			 o->zone_name, a, b, s->nsources, s->nsources == 1 ? "" : "s");
	}
	coverage_note(d, s, p, o->zone);
	sec_checks(d, s, c, t, o->zone, p);

	period_figures(s, p, &f);
	doc_heading(d, 2, "Totals");
	sec_totals(d, &f, s->slow_ms, summary_visitors(s, p->start_ms, p->end_ms));
	if (s->nmetrics || s->nratios) {
		doc_heading(d, 2, "Metrics");
		lists_metrics(d, s, &f);
	}
	bucket_release(&f);

	if (p->kind == PERIOD_DAY ||
	    (p->kind == PERIOD_LAST && p->end_ms - p->start_ms <= 2 * TSTAMP_DAY_MS)) {
		doc_heading(d, 2, "Per hour");
		sec_hours(d, s, p, o);
	} else {
		doc_heading(d, 2, "Per day");
		sec_days(d, s, p, o);
		if (p->kind == PERIOD_WEEK) {
			doc_heading(d, 2, "Against the previous week");
			sec_changes(d, s, p, o->zone);
		}
	}

	/* the sketches cover the whole summary, not only the period */
	if (s->has_window && (s->first_ms < p->start_ms || s->last_ms >= p->end_ms))
		doc_text(d, STY_MUTED, "The lists below cover the whole summary (%s to %s), "
			 "not only %s.", a, b, p->name);
	doc_heading(d, 2, "Top errors");
	lists_errors(d, s, o);
	doc_heading(d, 2, "Slowest endpoints");
	lists_endpoints(d, s, o);
	if (topk_size(s->hosts) > 1) { /* a fleet: the worst host stands out */
		doc_heading(d, 2, "Sources");
		lists_sources(d, s, o, t);
	}
	if (s->nservice_names) { /* per hour: over the period, not the whole summary */
		doc_heading(d, 2, "Services");
		if (!lists_services(d, s, o, t, p))
			doc_text(d, STY_MUTED, "No service had events in %s.", p->name);
	}
	doc_heading(d, 2, "Slowest requests");
	lists_slowest(d, s, o);
	if (topk_size(s->not_found)) {
		doc_heading(d, 2, "Not found (404)");
		lists_not_found(d, s, o);
	}
	doc_heading(d, 2, "Status codes");
	lists_status_codes(d, s);
	doc_heading(d, 2, "Security");
	lists_security(d, s, o);
	doc_heading(d, 2, "Privacy");
	lists_privacy(d, s, o);
	doc_heading(d, 2, "Failed logins");
	lists_auth(d, s, o);
	if (lists_any_logins(s)) {
		doc_heading(d, 2, "Logins");
		lists_logins(d, s, o);
	}
	doc_heading(d, 2, "Top clients, user agents and loggers");
	lists_top(d, "client", s->ips, o->top, 60);
	lists_top(d, "user agent", s->uas, o->top, 100);
	lists_top(d, "logger", s->loggers, o->top, 60);
	lists_top(d, "requested URL", s->urls, o->top, 100);
	lists_top(d, "referring site", s->referrers, o->top, 60);
	lists_top(d, "browser", s->browsers, o->top, 60);
	lists_top(d, "operating system", s->systems, o->top, 60);
	doc_heading(d, 2, "Accounting");
	lists_accounting(d, s);
}
