/*
 * thresholds: see thresholds.h.
 */
#include "thresholds.h"

#include <errno.h>
#include <math.h>   /* isinf */
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* strtod, free */
#include <string.h> /* strchr, strlen, strncmp */

#include "buf.h"
#include "diag.h"
#include "hist.h"
#include "input.h"
#include "summary.h"
#include "tz.h"

static const struct {
	const char *name, *unit;
	double warn, crit;
	bool warn_ge, crit_ge, has_crit, has_warn;
} defaults[CHECK_COUNT] = {
	[CHECK_ERROR_RATE] = { "error_rate", "%", 1, 5, false, false, true, true },
	[CHECK_AVG_LATENCY] = { "avg_latency", "ms", 2000, 5000, false, false, true, true },
	[CHECK_P95_LATENCY] = { "p95_latency", "ms", 500, 1000, false, false, true, true },
	[CHECK_ERROR_LINES_DAY] = { "error_lines_per_day", "lines", 10, 20, true, false, true, true },
	[CHECK_RATE_LIMIT_HOUR] = { "rate_limit_per_hour", "hits", 10, 50, false, false, true, true },
	[CHECK_SECURITY_DAY] = { "security_per_day", "events", 10, 0, false, false, false, true },
	/* StudioOps' "no critical errors": off unless a thresholds file sets it
	 * (examples/thresholds/studioops.thresholds: critical_per_day=1:-) */
	[CHECK_CRITICAL_DAY] = { "critical_per_day", "lines", 1, 1, true, true, false, false },
};

static const char *const mstat_names[MSTAT_COUNT] = { "max", "avg", "min", "p95", "p99",
							"rate" };

const char *metric_stat_name(enum metric_stat s)
{
	return mstat_names[s];
}

void metric_limit_name(char *dst, size_t cap, const struct metric_limit *m)
{
	snprintf(dst, cap, "%s.%s", m->metric, mstat_names[m->stat]);
}

enum check_status checks_worst_all(const struct check *c, const struct thresholds *t)
{
	enum check_status w = checks_worst(c, CHECK_COUNT), m = checks_worst(c + CHECK_COUNT,
									 t->nmetrics);

	return m > w ? m : w;
}

struct metric_limit *thresholds_metric(struct thresholds *t, const char *name, size_t len)
{
	const char *dot = NULL;
	int stat = -1;

	for (size_t i = 0; i < len; i++)
		if (name[i] == '.')
			dot = name + i;
	if (!dot || dot == name || (size_t)(dot - name) >= METRIC_NAME_MAX)
		return NULL;
	for (int s = 0; s < MSTAT_COUNT; s++)
		if (strlen(mstat_names[s]) == (size_t)(name + len - dot - 1) &&
		    !strncmp(mstat_names[s], dot + 1, (size_t)(name + len - dot - 1)))
			stat = s;
	if (stat < 0 || !event_metric_name_ok(name, (size_t)(dot - name)))
		return NULL;
	for (size_t i = 0; i < t->nmetrics; i++)
		if ((int)t->metrics[i].stat == stat && strlen(t->metrics[i].metric) == (size_t)(dot - name) &&
		    !strncmp(t->metrics[i].metric, name, (size_t)(dot - name)))
			return &t->metrics[i];
	if (t->nmetrics == THRESHOLDS_MAX_METRICS)
		return NULL;
	struct metric_limit *m = &t->metrics[t->nmetrics++];
	memset(m, 0, sizeof *m);
	memcpy(m->metric, name, (size_t)(dot - name));
	m->stat = (enum metric_stat)stat;
	return m;
}

void thresholds_defaults(struct thresholds *t)
{
	t->nscopes = 0;
	t->nmetrics = 0;
	for (int i = 0; i < CHECK_COUNT; i++) {
		t->warn[i] = (struct limit){ defaults[i].has_warn, defaults[i].warn_ge, defaults[i].warn };
		t->crit[i] = (struct limit){ defaults[i].has_crit, defaults[i].crit_ge, defaults[i].crit };
	}
}

const char *check_name(enum check_id id)
{
	return defaults[id].name;
}

const char *check_unit(enum check_id id)
{
	return defaults[id].unit;
}

static const char *const status_names[] = { "no data", "ok", "warn", "crit" };

const char *check_status_name(enum check_status s)
{
	return status_names[s];
}

int check_status_parse(const char *s, size_t len)
{
	for (int i = 0; i < 4; i++)
		if (strlen(status_names[i]) == len && !strncmp(status_names[i], s, len))
			return i;
	return -1;
}

/* One side of "WARN:CRIT": empty or "-" turns the limit off. */
static int parse_limit(const char *s, size_t len, struct limit *l)
{
	char tmp[64], *end;
	double v;

	if (len == 0 || (len == 1 && *s == '-')) {
		l->on = false;
		return 0;
	}
	if (len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = 0;
	errno = 0;
	v = strtod(tmp, &end);
	/* "inf" is no limit: a check that never fires is written "-" */
	if (errno || end == tmp || (*end && strcmp(end, "%") && strcmp(end, "ms")) || !(v >= 0) ||
	    isinf(v))
		return -1;
	l->on = true;
	l->value = v;
	return 0;
}

int thresholds_set(struct thresholds *t, const char *text, char *err, size_t errlen)
{
	char spec[256];
	const char *eq, *colon;
	size_t n = 0;
	struct limit w, c, *wp, *cp;
	struct metric_limit *m = NULL;
	int id = -1;

	/* blanks are layout ("error_rate = 1 : 5"), never part of a value */
	for (const char *p = text; *p && n < sizeof spec - 1; p++)
		if (*p != ' ' && *p != '\t')
			spec[n++] = *p;
	spec[n] = 0;
	eq = strchr(spec, '=');

	if (!eq) {
		snprintf(err, errlen, "'%.60s': expected NAME=WARN:CRIT", text);
		return -1;
	}
	for (int i = 0; i < CHECK_COUNT; i++)
		if (strlen(defaults[i].name) == (size_t)(eq - spec) &&
		    !strncmp(defaults[i].name, spec, (size_t)(eq - spec)))
			id = i;
	if (id < 0 && !(m = thresholds_metric(t, spec, (size_t)(eq - spec)))) {
		snprintf(err, errlen, "unknown check '%.*s' (one of error_rate, avg_latency, "
			 "p95_latency, error_lines_per_day, rate_limit_per_hour, security_per_day, "
			 "critical_per_day, or a metric's NAME.max, .avg, .min, .p95, .p99; at most %d)",
			 (int)(eq - spec), spec, THRESHOLDS_MAX_METRICS);
		return -1;
	}
	colon = strchr(eq + 1, ':');
	wp = m ? &m->warn : &t->warn[id];
	cp = m ? &m->crit : &t->crit[id];
	w = *wp;
	c = *cp;
	if (parse_limit(eq + 1, colon ? (size_t)(colon - eq - 1) : strlen(eq + 1), &w) ||
	    (colon && parse_limit(colon + 1, strlen(colon + 1), &c))) {
		snprintf(err, errlen, "'%s': limits must be non-negative numbers, empty or '-'", text);
		return -1;
	}
	if (w.on && c.on && (m && m->stat == MSTAT_RATE ? w.value < c.value : w.value > c.value)) {
		snprintf(err, errlen, m && m->stat == MSTAT_RATE
			 ? "'%s': a rate warns below its first limit and is critical below the second, "
			   "which cannot be above it" : "'%s': the warning limit is above the critical one",
			 text);
		return -1;
	}
	*wp = w;
	*cp = c;
	return 0;
}

#define THRESHOLDS_FILE_MAX (1 << 20) /* far above any thresholds file */

bool check_scoped(enum check_id id)
{
	return id == CHECK_ERROR_RATE || id == CHECK_AVG_LATENCY || id == CHECK_P95_LATENCY ||
	       id == CHECK_ERROR_LINES_DAY;
}

const char *scope_kind_name(enum scope_kind k)
{
	return k == SCOPE_ENDPOINT ? "endpoint" : "service";
}

struct scope *thresholds_scope(struct thresholds *t, enum scope_kind kind, const char *name,
			       size_t len)
{
	struct scope *s;

	if (len >= SCOPE_NAME_MAX)
		len = SCOPE_NAME_MAX - 1;
	for (size_t i = 0; i < t->nscopes; i++)
		if (t->scopes[i].kind == kind && strlen(t->scopes[i].name) == len &&
		    !memcmp(t->scopes[i].name, name, len))
			return &t->scopes[i];
	if (t->nscopes == THRESHOLDS_MAX_SCOPES)
		return NULL;
	s = &t->scopes[t->nscopes++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	memcpy(s->name, name, len);
	return s;
}

void scope_limits(const struct thresholds *t, const struct scope *s, struct thresholds *out)
{
	memcpy(out->warn, t->warn, sizeof out->warn);
	memcpy(out->crit, t->crit, sizeof out->crit);
	out->nscopes = 0;
	out->nmetrics = 0;
	for (int i = 0; i < CHECK_COUNT; i++)
		if (s->set[i]) {
			out->warn[i] = s->warn[i];
			out->crit[i] = s->crit[i];
		}
}

/* "[service aura]", "[endpoint GET /health]": the scope the next lines set */
static int section(struct thresholds *t, char *s, struct scope **cur, char *err, size_t errlen)
{
	char *end = strchr(s, ']'), *name;
	enum scope_kind kind;

	if (!end || end[1]) {
		snprintf(err, errlen, "'%.60s': expected [service NAME] or [endpoint METHOD /path]", s);
		return -1;
	}
	*end = 0;
	if (!strncmp(s + 1, "service ", 8))
		kind = SCOPE_SERVICE;
	else if (!strncmp(s + 1, "endpoint ", 9))
		kind = SCOPE_ENDPOINT;
	else {
		snprintf(err, errlen, "'[%.60s]': sections are [service NAME] and [endpoint METHOD /path]", s + 1);
		return -1;
	}
	name = s + 1 + (kind == SCOPE_SERVICE ? 8 : 9);
	while (*name == ' ')
		name++;
	if (!*name || !(*cur = thresholds_scope(t, kind, name, strlen(name)))) {
		snprintf(err, errlen, *name ? "more than %d sections" : "a section without a name",
			 THRESHOLDS_MAX_SCOPES);
		return -1;
	}
	return 0;
}

static bool limit_equal(const struct limit *a, const struct limit *b)
{
	return a->on == b->on && a->or_equal == b->or_equal && (!a->on || a->value == b->value);
}

/* A line inside a section: set on a copy of the limits, kept for the scope. */
static int scoped_set(struct thresholds *t, struct scope *sc, const char *line, char *err,
		      size_t errlen)
{
	struct thresholds tmp;

	scope_limits(t, sc, &tmp);
	if (thresholds_set(&tmp, line, err, errlen))
		return -1;
	if (tmp.nmetrics) {
		snprintf(err, errlen, "'%s': a metric's limit is not judged per %s: set it outside the "
			 "sections", line, scope_kind_name(sc->kind));
		return -1;
	}
	for (int i = 0; i < CHECK_COUNT; i++)
		if (!limit_equal(&tmp.warn[i], &t->warn[i]) || !limit_equal(&tmp.crit[i], &t->crit[i]) ||
		    sc->set[i]) {
			if (!check_scoped((enum check_id)i)) {
				snprintf(err, errlen, "'%s': %s is not judged per %s (those are error_rate, "
					 "avg_latency, p95_latency and error_lines_per_day)", line,
					 check_name((enum check_id)i), scope_kind_name(sc->kind));
				return -1;
			}
			sc->set[i] = true;
			sc->warn[i] = tmp.warn[i];
			sc->crit[i] = tmp.crit[i];
		}
	return 0;
}

int thresholds_parse(struct thresholds *t, const char *name, char *text, size_t len, char *err,
		     size_t errlen)
{
	char msg[256];
	unsigned long lineno = 0;
	struct scope *cur = NULL;

	for (char *p = text, *end = text + len; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *s = p, *e = nl ? nl : end;

		p = nl ? nl + 1 : end;
		lineno++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = 0; /* the newline's place, or the text's own NUL */
		if (s == e || *s == '#')
			continue;
		if (*s == '[' ? section(t, s, &cur, msg, sizeof msg)
			      : cur ? scoped_set(t, cur, s, msg, sizeof msg)
				    : thresholds_set(t, s, msg, sizeof msg)) {
			snprintf(err, errlen, "%s:%lu: %s", name, lineno, msg);
			return -1;
		}
	}
	return 0;
}

int thresholds_load(struct thresholds *t, const char *path, char *err, size_t errlen)
{
	struct buf text;
	int rc;

	buf_init(&text, THRESHOLDS_FILE_MAX);
	rc = input_slurp(path, &text, err, errlen);
	if (rc == 0)
		rc = thresholds_parse(t, path, text.p, text.len, err, errlen);
	buf_release(&text);
	return rc;
}

int thresholds_option(struct thresholds *t, bool file, const char *arg)
{
	char err[300];

	if (file ? thresholds_load(t, arg, err, sizeof err) : thresholds_set(t, arg, err, sizeof err))
		return diag_error(NULL, "%s%s", file ? "" : "--threshold ", err);
	return 0;
}

static bool over(const struct limit *l, double v)
{
	return l->on && (l->or_equal ? v >= l->value : v > l->value);
}

enum check_status thresholds_judge(const struct thresholds *t, enum check_id id, double v)
{
	if (over(&t->crit[id], v))
		return CHECK_CRIT;
	if (over(&t->warn[id], v))
		return CHECK_WARN;
	return CHECK_OK;
}

_Static_assert(METRIC_NAME_MAX == EVENT_METRIC_NAME, "a metric limit holds a metric's name");

/* A rate's check: below its limits, not above. */
static bool below(const struct limit *l, double v)
{
	return l->on && v < l->value;
}

void thresholds_metric_checks(const struct thresholds *t, const struct summary *s,
			      const struct bucket *f, struct check *out)
{
	for (size_t i = 0; i < t->nmetrics; i++) {
		const struct metric_limit *m = &t->metrics[i];
		const struct hist *h = NULL;
		struct check *c = &out[i];

		*c = (struct check){ CHECK_COUNT, CHECK_NODATA, 0, -1 };
		if (m->stat == MSTAT_RATE) {
			for (size_t k = 0; k < s->nratios; k++)
				if (!strcmp(s->ratios[k].name, m->metric) && f->ratio_all[k]) {
					c->value = 100.0 * (double)f->ratio_good[k] / (double)f->ratio_all[k];
					c->status = below(&m->crit, c->value) ? CHECK_CRIT
						  : below(&m->warn, c->value) ? CHECK_WARN : CHECK_OK;
				}
			continue;
		}
		for (size_t k = 0; k < s->nmetrics; k++)
			if (!strcmp(s->metric_names[k], m->metric))
				h = &f->metric[k];
		if (!h || !h->count)
			continue;
		switch (m->stat) {
		case MSTAT_MAX: c->value = h->max; break;
		case MSTAT_MIN: c->value = h->min; break;
		case MSTAT_AVG: c->value = h->sum / (double)h->count; break;
		case MSTAT_P95: c->value = hist_quantile(h, 0.95); break;
		case MSTAT_P99: c->value = hist_quantile(h, 0.99); break;
		case MSTAT_RATE:
		case MSTAT_COUNT: break;
		}
		c->status = over(&m->crit, c->value) ? CHECK_CRIT
			  : over(&m->warn, c->value) ? CHECK_WARN : CHECK_OK;
	}
}

/* Records v as the check's value if it is the worst seen (per day/hour). */
static void worst(struct check *c, double v, int64_t at)
{
	if (c->status == CHECK_NODATA || v > c->value) {
		c->value = v;
		c->at_ms = at;
		c->status = CHECK_OK;
	}
}

/* Events at level critical or worse. */
static uint64_t critical_lines(const struct bucket *b)
{
	return b->levels[LEVEL_CRITICAL] + b->levels[LEVEL_ALERT] + b->levels[LEVEL_EMERGENCY];
}

static bool same_limit(const struct limit *a, const struct limit *b)
{
	return a->on == b->on && (!a->on || (a->value == b->value && a->or_equal == b->or_equal));
}

/* p95 > L (or >= L) exactly: fewer requests within L than the nearest
 * rank of the 95th percentile, ceil(0.95 n). */
static bool p95_exceeds(const struct limit *l, uint64_t within, uint64_t n)
{
	uint64_t rank = (95 * n + 99) / 100;

	return l->on && within < rank;
}

void thresholds_evaluate(const struct thresholds *t, const struct limit *counted,
			 const struct bucket *hours, size_t n,
			 const struct bucket *undated, struct tz *zone, struct check *out)
{
	struct bucket all;
	uint64_t day_errors = 0, day_security = 0, day_critical = 0;
	int64_t day = 0;
	bool in_day = false;

	for (int i = 0; i < CHECK_COUNT; i++)
		out[i] = (struct check){ (enum check_id)i, CHECK_NODATA, 0, -1 };
	bucket_init(&all);
	for (size_t i = 0; i < n; i++) {
		const struct bucket *b = &hours[i];
		int64_t d = tz_day_start(zone, b->start_ms);

		bucket_merge(&all, b);
		if (!in_day || d != day) {
			if (in_day) {
				worst(&out[CHECK_ERROR_LINES_DAY], (double)day_errors, day);
				worst(&out[CHECK_SECURITY_DAY], (double)day_security, day);
				worst(&out[CHECK_CRITICAL_DAY], (double)day_critical, day);
			}
			day = d;
			in_day = true;
			day_errors = day_security = day_critical = 0;
		}
		day_errors += b->error_lines;
		day_security += b->security;
		day_critical += critical_lines(b);
		worst(&out[CHECK_RATE_LIMIT_HOUR], (double)bucket_rate_limited(b), b->start_ms);
	}
	if (in_day) {
		worst(&out[CHECK_ERROR_LINES_DAY], (double)day_errors, day);
		worst(&out[CHECK_SECURITY_DAY], (double)day_security, day);
		worst(&out[CHECK_CRITICAL_DAY], (double)day_critical, day);
	}
	if (undated)
		bucket_merge(&all, undated);
	/* a log without times still has a whole-period figure to judge */
	if (!in_day && all.events) {
		out[CHECK_ERROR_LINES_DAY] = (struct check){ CHECK_ERROR_LINES_DAY, CHECK_OK,
							    (double)all.error_lines, -1 };
		out[CHECK_SECURITY_DAY] = (struct check){ CHECK_SECURITY_DAY, CHECK_OK,
							 (double)all.security, -1 };
		out[CHECK_CRITICAL_DAY] = (struct check){ CHECK_CRITICAL_DAY, CHECK_OK,
							 (double)critical_lines(&all), -1 };
	}
	if (all.requests)
		out[CHECK_ERROR_RATE] = (struct check){ CHECK_ERROR_RATE, CHECK_OK,
						       bucket_error_rate(&all), -1 };
	if (all.latency.count) {
		out[CHECK_AVG_LATENCY] = (struct check){ CHECK_AVG_LATENCY, CHECK_OK,
							all.latency.sum / (double)all.latency.count, -1 };
		out[CHECK_P95_LATENCY] = (struct check){ CHECK_P95_LATENCY, CHECK_OK,
							hist_quantile(&all.latency, 0.95), -1 };
	}
	for (int i = 0; i < CHECK_COUNT; i++)
		if (out[i].status != CHECK_NODATA)
			out[i].status = thresholds_judge(t, (enum check_id)i, out[i].value);
	if (counted && all.latency.count && same_limit(&t->warn[CHECK_P95_LATENCY], &counted[0]) &&
	    same_limit(&t->crit[CHECK_P95_LATENCY], &counted[1])) {
		struct check *p = &out[CHECK_P95_LATENCY];

		p->status = p95_exceeds(&t->crit[CHECK_P95_LATENCY], all.p95_within_crit,
					all.latency.count) ? CHECK_CRIT
			  : p95_exceeds(&t->warn[CHECK_P95_LATENCY], all.p95_within_warn,
					all.latency.count) ? CHECK_WARN : CHECK_OK;
	}
	bucket_release(&all);
}

enum check_status checks_worst(const struct check *c, size_t n)
{
	enum check_status w = CHECK_NODATA;

	for (size_t i = 0; i < n; i++)
		if (c[i].status > w)
			w = c[i].status;
	return w;
}
