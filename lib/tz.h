/*
 * tz: turns zone-less local times into UTC for one chosen zone (--tz).
 *
 * "UTC", "Z" and fixed offsets ("+05:30", "-0800") are computed directly.
 * A named zone ("Europe/Berlin", or "" for the system's local zone) goes
 * through the C library's zone database: this module is the one place that
 * sets TZ and calls mktime, and it caches the offset per local hour, so DST
 * changes are honoured at hour granularity and the cost is one mktime per
 * distinct hour of log, not per line.  A local time that falls in a DST gap
 * or overlap gets mktime's choice (tm_isdst = -1).
 */
#ifndef LOGSIFT_TZ_H
#define LOGSIFT_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tz;

/* Returns a zone, or NULL if name is neither a fixed offset nor a zone
 * the system knows (a missing /usr/share/zoneinfo file).  NULL name = the
 * local zone (TZ or /etc/localtime). */
struct tz *tz_new(const char *name);
void tz_free(struct tz *z);
const char *tz_name(const struct tz *z);
/* The zone's name for a person: as given, or for the local zone what the
 * machine calls it ($TZ, /etc/timezone, the /etc/localtime link) with
 * "local time" after it; "UTC" for every name of UTC. */
void tz_describe(const struct tz *z, char *dst, size_t cap);

/* Seconds since the epoch of the UTC instant for a local wall-clock time
 * given as seconds since the epoch as if the wall clock were UTC. */
int64_t tz_local_to_utc(struct tz *z, int64_t local);

/* The zone's offset from UTC (seconds east) at a UTC instant (seconds). */
int tz_utc_offset(struct tz *z, int64_t utc);
/* The local midnight (as a UTC instant, ms) starting the day that holds
 * utc_ms; with z NULL, UTC midnight. */
int64_t tz_day_start(struct tz *z, int64_t utc_ms);

/* Parses "+HH:MM", "+HHMM", "+HH", "Z", "UTC", "GMT" into seconds east of
 * UTC; returns 0, or -1 if s is not one of those. */
int tz_parse_offset(const char *s, int *seconds);

#endif
