/*
 * tstamp: timestamps as int64 milliseconds since the epoch, UTC.
 *
 * tstamp_parse recognises the layouts logs use, by shape, at the start of
 * the given bytes (they need not be NUL-terminated):
 *   ISO 8601 / RFC 3339   2026-11-16T09:00:01.123Z, 2026-11-16 09:00:01,123,
 *                         2026/11/16 09:00:01, with or without a zone
 *   Common Log Format     16/Nov/2026:09:00:01 +0100
 *   RFC 3164 syslog       Nov 16 09:00:01            (no year: inferred)
 *   ctime / Apache        Sun Nov 16 09:00:01[.123456] 2026
 *   compact (HDFS)        261116 090001
 *   glog / klog           1116 09:00:01.123456       (no year: inferred)
 * An ISO time may end in a zone abbreviation that names one offset
 * (" CEST", " PDT"; PostgreSQL writes them).
 *   epoch                 1763283601, 1763283601123, 1763283601.5
 *   TAI64N                @400000004c91b044077a9e94  (daemontools, multilog)
 * Times without a zone are local to the context's zone.  A year-less
 * syslog time takes the year that puts it not more than a day after `now`
 * (a December line read in January belongs to last year).
 */
#ifndef LOGSIFT_TSTAMP_H
#define LOGSIFT_TSTAMP_H

#include <stddef.h>
#include <stdint.h>

/* Time units in milliseconds. */
#define TSTAMP_MINUTE_MS 60000LL
#define TSTAMP_HOUR_MS 3600000LL
#define TSTAMP_DAY_MS 86400000LL
#define TSTAMP_WEEK_MS (7 * TSTAMP_DAY_MS)

struct tz;

/* The last text parsed and its answer: a log writes one time for many
 * lines (a second's worth of requests), and parsing is a pure function of
 * the text and the context. */
#define TSTAMP_MEMO_TEXT 48
struct tstamp_memo {
	size_t len;       /* 0: empty */
	char text[TSTAMP_MEMO_TEXT];
	const struct tz *zone;
	int64_t now_ms;
	size_t n;         /* tstamp_parse's answer */
	int64_t ms;
};

struct tstamp_ctx {
	struct tz *zone;  /* for zone-less times; NULL = UTC */
	int64_t now_ms;   /* reference for year inference */
	struct tstamp_memo *memo; /* or NULL: its owner keeps one per stream */
};

/* Parses a timestamp in s[0..len).  Returns the number of bytes used (> 0)
 * and sets *ms, or returns 0 if no layout matches or a field is out of
 * range (month 13, Feb 30, hour 25..., or a time outside the range
 * below). */
size_t tstamp_parse(const char *s, size_t len, const struct tstamp_ctx *ctx,
		    int64_t *ms);
/* The same without the fast reading of the two commonest layouts (and
 * without the memo): the definition the tests and fuzz_tstamp hold the
 * fast one to. */
size_t tstamp_parse_general(const char *s, size_t len, const struct tstamp_ctx *ctx,
			    int64_t *ms);

/* The times logsift carries: 0000-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z, what four year digits can write. */
#define TSTAMP_MIN_MS (-62167219200000LL)
#define TSTAMP_MAX_MS 253402300799999LL

/* Writes "YYYY-MM-DDTHH:MM:SS.mmmZ" (24 bytes + NUL) into dst[25]; a time
 * outside [TSTAMP_MIN_MS, TSTAMP_MAX_MS] is written as the nearer end. */
void tstamp_format(int64_t ms, char dst[25]);
/* Days since the epoch of a civil date (proleptic Gregorian). */
int64_t tstamp_days_from_civil(int64_t y, int m, int d);

#endif
