/*
 * when: the time expressions --since, --until and --now take.
 *   absolute   any timestamp layout logsift reads (2026-11-16T13:00:00Z,
 *              16/Nov/2026:13:00:00 +0000, ...), a date alone (its
 *              midnight in the zone), a clock time alone (13:00, 13:00:30:
 *              today in the zone)
 *   named      now, today, yesterday (midnights in the zone)
 *   relative   a duration before now: 2h, 90min, 1.5h, 7d, 1w, 30 s,
 *              "1 hour ago", now-1h, "now - 15 minutes"
 * WHEN_FORMS lists them for error messages.
 */
#ifndef LOGSIFT_WHEN_H
#define LOGSIFT_WHEN_H

#include <stdint.h>

#include "tstamp.h"

#define WHEN_FORMS "2026-11-16T13:00, 2026-11-16, 13:00, now, today, yesterday, " \
		   "2h, 90min, 1.5h, 7d, now-1h, '1 hour ago'"

/* A duration alone ("7d", "90min", "1.5h", "2 days") in ms, or -1. */
int64_t when_duration(const char *s);
/* Parses s at the context's now and zone into *ms; returns 0 or -1. */
int when_parse(const char *s, const struct tstamp_ctx *t, int64_t *ms);

#endif
