/*
 * figure: see figure.h.
 */
#include "figure.h"

#include <stdint.h>
#include <stdio.h> /* snprintf */

#include "escape.h"
#include "hist.h"
#include "summary.h"

enum unit { UNIT_COUNT, UNIT_PCT, UNIT_MS };

static enum unit unit_of(enum figure f)
{
	switch (f) {
	case FIG_ERROR_RATE:
		return UNIT_PCT;
	case FIG_AVG: case FIG_P50: case FIG_P95: case FIG_P99: case FIG_MAX:
		return UNIT_MS;
	default:
		return UNIT_COUNT;
	}
}

/* A count figure, exact (0 for the others). */
static uint64_t count_of(const struct bucket *b, enum figure f)
{
	switch (f) {
	case FIG_EVENTS: return b->events;
	case FIG_REQUESTS: return b->requests;
	case FIG_ERRORS: return b->errors;
	case FIG_ERROR_LINES: return b->error_lines;
	case FIG_SLOW: return b->slow;
	case FIG_RATE_LIMITED: return bucket_rate_limited(b);
	case FIG_FORBIDDEN: return b->forbidden;
	case FIG_AUTH_FAILURES: return b->auth_failures;
	case FIG_SECURITY: return b->security;
	case FIG_PII: return b->pii;
	case FIG_CRITICAL_LINES:
		return b->levels[LEVEL_CRITICAL] + b->levels[LEVEL_ALERT] + b->levels[LEVEL_EMERGENCY];
	case FIG_WARN_LINES: return b->levels[LEVEL_WARN];
	case FIG_BYTES: return b->bytes;
	case FIG_STATIC: return b->static_requests;
	case FIG_CRAWLERS: return b->crawler_requests;
	default: return 0;
	}
}

double figure_value(const struct bucket *b, enum figure f)
{
	const struct hist *h = &b->latency;

	switch (f) {
	case FIG_ERROR_RATE: return bucket_error_rate(b);
	case FIG_AVG: return h->count ? h->sum / (double)h->count : 0;
	case FIG_P50: return hist_quantile(h, 0.50);
	case FIG_P95: return hist_quantile(h, 0.95);
	case FIG_P99: return hist_quantile(h, 0.99);
	case FIG_MAX: return h->count ? h->max : 0;
	default: return (double)count_of(b, f);
	}
}

bool figure_has(const struct bucket *b, enum figure f)
{
	switch (unit_of(f)) {
	case UNIT_PCT: return b->requests > 0;
	case UNIT_MS: return b->latency.count > 0;
	case UNIT_COUNT: break;
	}
	return true;
}

void figure_format(char *dst, size_t cap, const struct bucket *b, enum figure f)
{
	double v = figure_value(b, f);

	if (!figure_has(b, f)) {
		snprintf(dst, cap, "-");
		return;
	}
	switch (unit_of(f)) {
	case UNIT_PCT: fmt_pct(dst, cap, v); break;
	case UNIT_MS: fmt_ms(dst, cap, v); break;
	case UNIT_COUNT: fmt_count(dst, cap, count_of(b, f)); break;
	}
}
