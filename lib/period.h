/*
 * period: which part of a summary a report covers, cut in the report's
 * time zone — a day, an ISO week (Monday to Sunday), or the whole window —
 * and local-time formatting for labels.
 *
 * Hours belong to the period their UTC start falls in; in a zone whose
 * offset is not a whole number of hours, the hour that straddles local
 * midnight counts on the day it starts.
 */
#ifndef LOGSIFT_PERIOD_H
#define LOGSIFT_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct summary;
struct tz;

enum period_kind { PERIOD_WINDOW, PERIOD_DAY, PERIOD_WEEK, PERIOD_LAST, PERIOD_RANGE };

struct period {
	enum period_kind kind;
	int64_t start_ms, end_ms;  /* [start, end), UTC */
	char name[64];             /* "2026-11-16", "2026-W47", "2026-11-09 to 2026-11-16" */
};

/* Chooses the period: arg is a date (YYYY-MM-DD) for a day, a week
 * (YYYY-Www, or any date in it) for a week, or NULL for the day holding
 * the summary's last event or the last complete week (the week holding
 * it when it ends the week, else the one before); for PERIOD_LAST a
 * duration ("7d") that ends with the hour of the last event; for
 * PERIOD_RANGE "FROM/TO", two dates, the days from FROM to TO inclusive.
 * Returns 0, or -1 with a message. */
int period_select(struct period *p, enum period_kind kind, const char *arg,
		  const struct summary *s, struct tz *zone, char *err, size_t errlen);
/* Whether s is a DATE or WEEK operand (YYYY-MM-DD, YYYY-Www): one may
 * follow --daily/--weekly as a separate word. */
bool period_is_when(const char *s);
/* The period of the same kind just before p. */
void period_previous(const struct period *p, struct tz *zone, struct period *prev);

enum local_fmt { LOCAL_DATE, LOCAL_HOUR, LOCAL_MINUTE, LOCAL_SECOND, LOCAL_DAY_HOUR };
/* "2026-11-16", "09", "2026-11-16 09:14", "2026-11-16 09:14:02", "16 09h". */
void local_format(char *dst, size_t cap, struct tz *zone, int64_t ms, enum local_fmt f);
/* The ISO week-day (1 Monday .. 7 Sunday) name. */
const char *weekday_name(struct tz *zone, int64_t ms);

#endif
