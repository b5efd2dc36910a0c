/*
 * figure: the figures of a bucket (an hour, a day, a period) that the
 * report's tables show, described once: how each is computed from the
 * counters and the latency histogram, and how it is written, "-" when the
 * bucket has no data for it (no requests for a rate, no latencies for a
 * latency).  The hourly, daily, totals and change tables are lists of
 * these.
 */
#ifndef LOGSIFT_FIGURE_H
#define LOGSIFT_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

struct bucket;

enum figure {
	FIG_EVENTS, FIG_REQUESTS, FIG_ERRORS, FIG_ERROR_RATE, FIG_ERROR_LINES,
	FIG_AVG, FIG_P50, FIG_P95, FIG_P99, FIG_MAX, FIG_SLOW, FIG_RATE_LIMITED,
	FIG_FORBIDDEN, FIG_AUTH_FAILURES, FIG_SECURITY, FIG_PII,
	FIG_CRITICAL_LINES, /* events at level critical, alert or emergency */
	FIG_WARN_LINES,     /* events at level warn */
	FIG_BYTES,          /* response bytes sent */
	FIG_STATIC,         /* requests for static files */
	FIG_CRAWLERS,       /* requests from crawlers */
};

/* A column of a table of buckets, or a row of a table of figures. */
struct figure_col {
	const char *label;
	enum figure fig;
	bool alert;                /* styled as an error when not 0 */
};

/* The value of figure f of b (0 when b has no data for it). */
double figure_value(const struct bucket *b, enum figure f);
/* Whether b has data for f (requests for a rate, latencies for a latency). */
bool figure_has(const struct bucket *b, enum figure f);
/* The value as the report writes it: "1,234", "12.8 %", "1,230 ms", "-". */
void figure_format(char *dst, size_t cap, const struct bucket *b, enum figure f);

#endif
