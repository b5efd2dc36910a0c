/*
 * thresholds: the checks an operator would otherwise do by eye, with the
 * defaults of the project design (taken from the runbooks; docs/summary.md):
 *
 *   check                 warn       crit      over
 *   error_rate            > 1 %      > 5 %     the period's requests
 *   avg_latency           > 2000 ms  > 5000 ms the period's requests
 *   p95_latency           > 500 ms   > 1000 ms the period's requests
 *   error_lines_per_day   >= 10      > 20      the worst day
 *   rate_limit_per_hour   > 10       > 50      the worst hour
 *   security_per_day      > 10       (none)    the worst day
 *
 * Each limit keeps its comparison (> or >=); an override changes the value
 * only.  "NAME=WARN:CRIT" sets both, an empty side or "-" disables it.
 */
#ifndef LOGSIFT_THRESHOLDS_H
#define LOGSIFT_THRESHOLDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum check_id {
	CHECK_ERROR_RATE,
	CHECK_AVG_LATENCY,
	CHECK_P95_LATENCY,
	CHECK_ERROR_LINES_DAY,
	CHECK_RATE_LIMIT_HOUR,
	CHECK_SECURITY_DAY,
	CHECK_CRITICAL_DAY,   /* events at level critical or worse on the worst day */
	CHECK_COUNT
};

enum check_status { CHECK_NODATA, CHECK_OK, CHECK_WARN, CHECK_CRIT };

struct limit {
	bool on;
	bool or_equal;  /* >= rather than > */
	double value;
};

/* A thresholds file's "[service NAME]" or "[endpoint METHOD /path]"
 * section: limits that override the file's others for that service or
 * endpoint.  Only the request checks and error lines can be judged per
 * scope (the summary keeps per-service and per-endpoint requests, errors,
 * error lines and latencies, over its whole window). */
#define THRESHOLDS_MAX_SCOPES 16
#define SCOPE_NAME_MAX 96
enum scope_kind { SCOPE_SERVICE = 1, SCOPE_ENDPOINT };
struct scope {
	enum scope_kind kind;
	char name[SCOPE_NAME_MAX];   /* the service, or the endpoint "GET /health" */
	bool set[CHECK_COUNT];       /* the checks this section sets */
	struct limit warn[CHECK_COUNT], crit[CHECK_COUNT];
};

/* A metric's limit ("memory_mb.max=800:950"): a statistic of the metric's
 * values over the period (ingest --metric), compared with > like the
 * others; or a ratio's ("workflow.rate=95:90", analyze --ratio): its share
 * in percent, a lower bound (warn below 95, crit below 90). */
#define THRESHOLDS_MAX_METRICS 8
#define METRIC_NAME_MAX 48 /* EVENT_METRIC_NAME */
enum metric_stat { MSTAT_MAX, MSTAT_AVG, MSTAT_MIN, MSTAT_P95, MSTAT_P99, MSTAT_RATE,
		   MSTAT_COUNT };
struct metric_limit {
	char metric[METRIC_NAME_MAX];
	enum metric_stat stat;
	struct limit warn, crit;
};

struct thresholds {
	struct limit warn[CHECK_COUNT], crit[CHECK_COUNT];
	size_t nscopes;
	struct scope scopes[THRESHOLDS_MAX_SCOPES];
	size_t nmetrics;
	struct metric_limit metrics[THRESHOLDS_MAX_METRICS];
};

/* A report's checks: the CHECK_COUNT of every summary, then one per metric
 * limit of its thresholds (id CHECK_COUNT: t->metrics[i - CHECK_COUNT]). */
#define CHECKS_MAX (CHECK_COUNT + THRESHOLDS_MAX_METRICS)

/* A check's result over a period. */
struct check {
	enum check_id id;
	enum check_status status;
	double value;          /* valid unless status is CHECK_NODATA */
	int64_t at_ms;         /* start of the worst day or hour; -1 if whole period */
};

void thresholds_defaults(struct thresholds *t);
/* "NAME=WARN:CRIT"; returns 0, or -1 with a message in err. */
int thresholds_set(struct thresholds *t, const char *spec, char *err, size_t errlen);
/* A file of such lines ('#' comments, blank lines) and "[service NAME]",
 * "[endpoint METHOD /path]" sections; the message names the line. */
int thresholds_load(struct thresholds *t, const char *path, char *err, size_t errlen);
/* The same over text[0..len), which must be followed by a NUL (buf gives
 * one) and is edited in place; name is for messages. */
int thresholds_parse(struct thresholds *t, const char *name, char *text, size_t len, char *err,
		     size_t errlen);

/* --threshold (file false) or --thresholds (file true) for a program's
 * option handler: 0, or -1 after a diagnostic. */
int thresholds_option(struct thresholds *t, bool file, const char *arg);

/* Whether check id can be judged per service or endpoint. */
bool check_scoped(enum check_id id);
/* The scope of kind and name, made (empty) if new; NULL when full. */
struct scope *thresholds_scope(struct thresholds *t, enum scope_kind kind, const char *name,
			       size_t len);
/* "service aura", "endpoint GET /health" */
const char *scope_kind_name(enum scope_kind k);
/* The limits a scope judges by: the thresholds' own, overridden by the
 * section's. */
void scope_limits(const struct thresholds *t, const struct scope *s, struct thresholds *out);

const char *check_name(enum check_id id);
/* The metric limit "NAME.STAT" names (made with both sides off if new);
 * NULL when it names none or there is no room. */
struct metric_limit *thresholds_metric(struct thresholds *t, const char *name, size_t len);
/* "memory_mb.max" into dst. */
void metric_limit_name(char *dst, size_t cap, const struct metric_limit *m);
const char *metric_stat_name(enum metric_stat s);
const char *check_unit(enum check_id id);      /* "%", "ms", "lines" ... */
const char *check_status_name(enum check_status s); /* "ok", "warn", "crit", "no data" */
/* Parses a status name; returns -1 if unknown. */
int check_status_parse(const char *s, size_t len);
/* Status of a value against the limits of check id. */
enum check_status thresholds_judge(const struct thresholds *t, enum check_id id, double v);

struct bucket;
struct tz;
/* Evaluates every check over the hours hours[0..n) (sorted) plus the
 * undated bucket (may be NULL); an hour belongs to the day of its start in
 * zone (NULL: UTC).  out has CHECK_COUNT entries. */
/* counted: the p95 limits (warn, crit) the buckets' p95_within counts were
 * counted at, or NULL; when t's p95 limits are those, the p95 verdict is
 * exact (the value shown stays the histogram's, within 1 %). */
void thresholds_evaluate(const struct thresholds *t, const struct limit *counted,
			 const struct bucket *hours, size_t n,
			 const struct bucket *undated, struct tz *zone, struct check *out);
/* The checks of t's metric limits into out[0..t->nmetrics), over f (a
 * period's figures of summary s, whose names its metrics and ratios):
 * NODATA for a metric without values, a ratio without events there.  Not scoped, not per day: the
 * statistic of the whole period. */
struct summary;
void thresholds_metric_checks(const struct thresholds *t, const struct summary *s,
			      const struct bucket *f, struct check *out);
/* The worst status of the CHECK_COUNT checks and the metric checks after
 * them (t's metric limits): a report's whole verdict set. */
enum check_status checks_worst_all(const struct check *c, const struct thresholds *t);
/* The worst status of a set of checks (CHECK_NODATA if all are). */
enum check_status checks_worst(const struct check *c, size_t n);

#endif
