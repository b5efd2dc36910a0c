/*
 * period: see period.h.
 */
#include "period.h"

#include <stdio.h>  /* snprintf */
#include <string.h> /* strlen, memcpy */

#include "scan.h"
#include "summary.h"
#include "tstamp.h"
#include "tz.h"
#include "when.h"


/* Milliseconds east of UTC at ms. */
static int64_t offset_ms(struct tz *zone, int64_t ms)
{
	return zone ? (int64_t)tz_utc_offset(zone, scan_floor_div(ms, 1000)) * 1000 : 0;
}

/* The UTC instant of local midnight starting civil day `days`. */
static int64_t local_midnight(struct tz *zone, int64_t days)
{
	return zone ? tz_local_to_utc(zone, days * 86400) * 1000 : days * TSTAMP_DAY_MS;
}

/* Days since the epoch of the local date holding ms. */
static int64_t local_day(struct tz *zone, int64_t ms)
{
	return scan_floor_div(ms + offset_ms(zone, ms), TSTAMP_DAY_MS);
}

void local_format(char *dst, size_t cap, struct tz *zone, int64_t ms, enum local_fmt f)
{
	char t[25];

	tstamp_format(ms + offset_ms(zone, ms), t); /* local fields, UTC layout */
	switch (f) {
	case LOCAL_DATE: snprintf(dst, cap, "%.10s", t); break;
	case LOCAL_HOUR: snprintf(dst, cap, "%.2s", t + 11); break;
	case LOCAL_MINUTE: snprintf(dst, cap, "%.10s %.5s", t, t + 11); break;
	case LOCAL_SECOND: snprintf(dst, cap, "%.10s %.8s", t, t + 11); break;
	case LOCAL_DAY_HOUR: snprintf(dst, cap, "%.2s %.2sh", t + 8, t + 11); break;
	}
}

const char *weekday_name(struct tz *zone, int64_t ms)
{
	static const char *const names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	/* 1970-01-01 was a Thursday */
	int64_t d = local_day(zone, ms) + 3;

	return names[d - scan_floor_div(d, 7) * 7];
}

/* "YYYY-MM-DD" → days since the epoch. */
static int parse_date(const char *s, int64_t *days)
{
	int y, m, d;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || scan_digits(s, 4, &y) ||
	    scan_digits(s + 5, 2, &m) || scan_digits(s + 8, 2, &d) || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	*days = tstamp_days_from_civil(y, m, d);
	return 0;
}

/* Monday of the ISO week holding day `days`. */
static int64_t monday_of(int64_t days)
{
	int64_t wd = days + 3 - scan_floor_div(days + 3, 7) * 7; /* 0 = Monday */

	return days - wd;
}

/* "YYYY-Www" → its Monday: week 1 holds the year's first Thursday. */
static int parse_week(const char *s, int64_t *monday)
{
	int y, w;
	int64_t jan4;

	if (strlen(s) != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w') || scan_digits(s, 4, &y) ||
	    scan_digits(s + 6, 2, &w) || w < 1 || w > 53)
		return -1;
	jan4 = tstamp_days_from_civil(y, 1, 4);
	*monday = monday_of(jan4) + (w - 1) * 7;
	return 0;
}

/* The ISO week name of the week starting on Monday `monday`. */
static void week_name(char *dst, size_t cap, int64_t monday)
{
	char t[25];
	int y = 1970; /* tstamp_format always writes four digits */
	int64_t jan4;

	/* the week belongs to the year of its Thursday */
	tstamp_format((monday + 3) * TSTAMP_DAY_MS, t);
	scan_digits(t, 4, &y);
	jan4 = tstamp_days_from_civil(y, 1, 4);
	snprintf(dst, cap, "%d-W%02d", y, (int)((monday - monday_of(jan4)) / 7 + 1));
}

int period_select(struct period *p, enum period_kind kind, const char *arg,
		  const struct summary *s, struct tz *zone, char *err, size_t errlen)
{
	int64_t day;
	char a[24], b[24];

	memset(p, 0, sizeof *p);
	p->kind = kind;
	if (kind == PERIOD_LAST) {
		int64_t d = arg ? when_duration(arg) : -1;

		if (d <= 0 || d > 400 * TSTAMP_DAY_MS) {
			snprintf(err, errlen, "'%s' is not a duration (7d, 24h, 2w ...)", arg ? arg : "");
			return -1;
		}
		if (!s->has_window) {
			snprintf(err, errlen, "the summary has no dated events: give a --daily or "
				 "--weekly date");
			return -1;
		}
		p->end_ms = scan_floor_div(s->last_ms, TSTAMP_HOUR_MS) * TSTAMP_HOUR_MS + TSTAMP_HOUR_MS;
		p->start_ms = p->end_ms - d;
		local_format(a, sizeof a, zone, p->start_ms, LOCAL_MINUTE);
		local_format(b, sizeof b, zone, p->end_ms, LOCAL_MINUTE);
		snprintf(p->name, sizeof p->name, "the last %s (%s to %s)", arg, a, b);
		return 0;
	}
	if (kind == PERIOD_RANGE) {
		const char *slash = arg ? strchr(arg, '/') : NULL;
		char from[16] = "";
		int64_t last;

		if (slash && (size_t)(slash - arg) < sizeof from)
			memcpy(from, arg, (size_t)(slash - arg));
		if (!slash || parse_date(from, &day) || parse_date(slash + 1, &last)) {
			snprintf(err, errlen, "'%s' is not a range of dates (--from YYYY-MM-DD "
				 "--to YYYY-MM-DD)", arg ? arg : "");
			return -1;
		}
		if (last < day || last - day >= 400) {
			snprintf(err, errlen, "--to %s is %s --from %s", slash + 1,
				 last < day ? "before" : "more than 400 days after", from);
			return -1;
		}
		p->start_ms = local_midnight(zone, day);
		p->end_ms = local_midnight(zone, last + 1);
		if (last == day)
			snprintf(p->name, sizeof p->name, "%s", from);
		else
			snprintf(p->name, sizeof p->name, "%s to %s", from, slash + 1);
		return 0;
	}
	if (kind == PERIOD_WINDOW) {
		if (!s->has_window) {
			p->start_ms = p->end_ms = 0;
			snprintf(p->name, sizeof p->name, "no dated events");
			return 0;
		}
		p->start_ms = scan_floor_div(s->first_ms, TSTAMP_HOUR_MS) * TSTAMP_HOUR_MS;
		p->end_ms = scan_floor_div(s->last_ms, TSTAMP_HOUR_MS) * TSTAMP_HOUR_MS + TSTAMP_HOUR_MS;
		local_format(a, sizeof a, zone, s->first_ms, LOCAL_DATE);
		local_format(b, sizeof b, zone, s->last_ms, LOCAL_DATE);
		if (!strcmp(a, b))
			snprintf(p->name, sizeof p->name, "%s", a);
		else
			snprintf(p->name, sizeof p->name, "%s to %s", a, b);
		return 0;
	}
	if (arg) {
		if (kind == PERIOD_WEEK && parse_week(arg, &day) == 0) {
			/* day is the Monday */
		} else if (parse_date(arg, &day) == 0) {
			if (kind == PERIOD_WEEK)
				day = monday_of(day);
		} else {
			snprintf(err, errlen, kind == PERIOD_DAY
				 ? "'%s' is not a date (YYYY-MM-DD)"
				 : "'%s' is not a week (YYYY-Www) or a date (YYYY-MM-DD)", arg);
			return -1;
		}
	} else if (s->has_window) {
		day = local_day(zone, s->last_ms);
		/* a week is reviewed when it is over: the last complete one */
		if (kind == PERIOD_WEEK) {
			int64_t last_hour_end = scan_floor_div(s->last_ms, TSTAMP_HOUR_MS) *
						TSTAMP_HOUR_MS + TSTAMP_HOUR_MS;
			day = monday_of(day);
			if (last_hour_end < local_midnight(zone, day + 7))
				day -= 7;
		}
	} else {
		snprintf(err, errlen, "the summary has no dated events: give the %s",
			 kind == PERIOD_DAY ? "date" : "week");
		return -1;
	}
	p->start_ms = local_midnight(zone, day);
	p->end_ms = local_midnight(zone, day + (kind == PERIOD_WEEK ? 7 : 1));
	if (kind == PERIOD_DAY)
		local_format(p->name, sizeof p->name, zone, p->start_ms, LOCAL_DATE);
	else
		week_name(p->name, sizeof p->name, day);
	return 0;
}

void period_previous(const struct period *p, struct tz *zone, struct period *prev)
{
	int64_t day = local_day(zone, p->start_ms);
	int64_t len = p->kind == PERIOD_WEEK ? 7 : p->kind == PERIOD_RANGE
		? local_day(zone, p->end_ms - 1) - day + 1 : 1;

	*prev = *p;
	prev->start_ms = local_midnight(zone, day - len);
	prev->end_ms = p->start_ms;
	if (p->kind == PERIOD_WEEK)
		week_name(prev->name, sizeof prev->name, day - len);
	else
		local_format(prev->name, sizeof prev->name, zone, prev->start_ms, LOCAL_DATE);
}

bool period_is_when(const char *s)
{
	size_t n = strlen(s);

	return (n == 10 && s[4] == '-' && s[7] == '-' && s[0] >= '0' && s[0] <= '9') ||
	       (n == 8 && s[4] == '-' && (s[5] == 'W' || s[5] == 'w'));
}
