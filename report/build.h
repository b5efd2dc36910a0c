/*
 * build: turns a summary and a period into the report document — the
 * daily and weekly layouts of the runbooks (status first, then totals,
 * per-hour or per-day figures, top problems, security, accounting).
 */
#ifndef LOGSIFT_BUILD_H
#define LOGSIFT_BUILD_H

#include "period.h"
#include "thresholds.h"

struct buf;
struct doc;
struct rules;
struct summary;
struct tz;

struct report_opts {
	struct tz *zone;           /* days and labels; NULL = UTC */
	const char *zone_name;     /* shown in headings */
	size_t top;                /* rows of each top list */
	struct rules *mask;        /* PII and secret rules masking samples; NULL: shown raw */
	const char *title;         /* instead of "logsift" in the page title (--title) */
	bool no_status;            /* leave the status line out (--check printed it) */
};

/* The checks over the period (CHECK_COUNT entries). */
void report_checks(const struct summary *s, const struct period *p, const struct thresholds *t,
		   struct tz *zone, struct check *out);
/* The lines the summary's sources read, parsed: under this share, or a
 * source ingest could not read to the end, and the status is at least
 * WARNING — a report must not say OK about a log it could not read. */
#define REPORT_MIN_PARSED 0.99
/* The worst of the checks (the sections' over the period p) and the
 * coverage. */
enum check_status report_status(const struct summary *s, const struct period *p,
				const struct thresholds *t, const struct check *c);
/* "CRITICAL - error_rate 12.8 % (> 5 %); ..." for --check and the status
 * line, with "; coverage: app.log 93.1 % parsed" when coverage fails and
 * "service aura: error_rate 6.00 % (crit > 5 %)" for a section's check. */
void report_status_line(char *dst, size_t cap, const struct summary *s, const struct period *p,
			const struct check *c, const struct thresholds *t);
/* Nagios performance data, to follow the status line:
 * " | error_rate=12.8%;1;5 p95_latency=6187ms;500;1000 ..." (checks with no
 * data are left out; a disabled limit is left empty).  The status line may
 * be cut to its buffer; the data never is, in REPORT_PERFDATA_MAX (every
 * check and metric limit at its longest: a label of up to 63 bytes, three
 * numbers of at most 23, a unit, separators). */
#define REPORT_PERFDATA_MAX ((CHECK_COUNT + THRESHOLDS_MAX_METRICS) * 160)
void report_perfdata(char *dst, size_t cap, const struct check *c, const struct thresholds *t);
/* report --check's line: the status line as a Nagios plugin's output takes
 * it (one line; a '|' or a control character a source's name carries is
 * shown as \x7C, \x0A), then the performance data; no newline. */
void report_check_line(struct buf *out, const struct summary *s, const struct period *p,
		       const struct check *c, const struct thresholds *t);

void report_build(struct doc *d, const struct summary *s, const struct period *p,
		  const struct thresholds *t, const struct report_opts *o);

#endif
