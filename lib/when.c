/*
 * when: see when.h.  Durations are read by hand (a number, a unit word);
 * everything absolute goes to tstamp_parse, so --since reads what the logs
 * write.
 */
#include "when.h"

#include <stdio.h>  /* snprintf */
#include <string.h> /* strcmp, strlen, memcmp */

#include "scan.h"
#include "tz.h"

static const char *skip_blanks(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* The unit word at p (and its length), in milliseconds, or 0. */
static int64_t unit_ms(const char *p, size_t n)
{
	static const struct {
		const char *word;
		int64_t ms;
	} units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "sec", 1000 }, { "secs", 1000 },
		{ "second", 1000 }, { "seconds", 1000 },
		{ "m", TSTAMP_MINUTE_MS }, { "min", TSTAMP_MINUTE_MS }, { "mins", TSTAMP_MINUTE_MS },
		{ "minute", TSTAMP_MINUTE_MS }, { "minutes", TSTAMP_MINUTE_MS },
		{ "h", TSTAMP_HOUR_MS }, { "hr", TSTAMP_HOUR_MS }, { "hrs", TSTAMP_HOUR_MS },
		{ "hour", TSTAMP_HOUR_MS }, { "hours", TSTAMP_HOUR_MS },
		{ "d", TSTAMP_DAY_MS }, { "day", TSTAMP_DAY_MS }, { "days", TSTAMP_DAY_MS },
		{ "w", TSTAMP_WEEK_MS }, { "week", TSTAMP_WEEK_MS }, { "weeks", TSTAMP_WEEK_MS },
	};

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strlen(units[i].word) == n && !memcmp(units[i].word, p, n))
			return units[i].ms;
	return 0;
}

int64_t when_duration(const char *s)
{
	const char *p = s, *num;
	double v;
	int64_t u;
	size_t n;

	num = p;
	while (scan_is_digit(*p) || *p == '.')
		p++;
	if (p == num || scan_decimal(num, (size_t)(p - num), false, &v) || v > 1e6)
		return -1;
	p = skip_blanks(p);
	for (n = 0; scan_is_alpha(p[n]); n++)
		;
	if (!(u = unit_ms(p, n)) || *skip_blanks(p + n))
		return -1;
	return (int64_t)(v * (double)u + 0.5);
}

/* "13:00" or "13:00:30": that time today, in the zone. */
static int clock_time(const char *s, const struct tstamp_ctx *t, int64_t *ms)
{
	size_t len = strlen(s);
	char day[11], buf[32];
	int64_t start;

	if ((len != 5 && len != 8) || s[2] != ':' || (len == 8 && s[5] != ':'))
		return -1;
	start = tz_day_start(t->zone, t->now_ms);
	/* today's local date: the local midnight, shifted into local time */
	tstamp_format(start + (t->zone ? (int64_t)tz_utc_offset(t->zone, start / 1000) * 1000 : 0),
		      buf);
	memcpy(day, buf, 10);
	day[10] = '\0';
	snprintf(buf, sizeof buf, "%s %s%s", day, s, len == 5 ? ":00" : "");
	return tstamp_parse(buf, strlen(buf), t, ms) == strlen(buf) ? 0 : -1;
}

int when_parse(const char *s, const struct tstamp_ctx *t, int64_t *ms)
{
	size_t len = strlen(s);
	int64_t d;
	char buf[64];

	if (!len)
		return -1;
	if (!strcmp(s, "now")) {
		*ms = t->now_ms;
		return 0;
	}
	if (!strcmp(s, "today") || !strcmp(s, "yesterday")) {
		*ms = tz_day_start(t->zone, t->now_ms) - (s[0] == 'y' ? TSTAMP_DAY_MS : 0);
		return 0;
	}
	if (!strncmp(s, "now", 3) && *skip_blanks(s + 3) == '-' &&
	    (d = when_duration(skip_blanks(skip_blanks(s + 3) + 1))) >= 0) {
		*ms = t->now_ms - d;
		return 0;
	}
	if (len > 4 && !strcmp(s + len - 4, " ago") && len - 4 < sizeof buf) {
		memcpy(buf, s, len - 4);
		buf[len - 4] = '\0';
		if ((d = when_duration(buf)) >= 0) {
			*ms = t->now_ms - d;
			return 0;
		}
	}
	if ((d = when_duration(s)) >= 0) {
		*ms = t->now_ms - d;
		return 0;
	}
	if (clock_time(s, t, ms) == 0)
		return 0;
	if (len == 10 && len < sizeof buf) { /* a date alone: its midnight */
		snprintf(buf, sizeof buf, "%s 00:00:00", s);
		if (tstamp_parse(buf, strlen(buf), t, ms) == strlen(buf))
			return 0;
	}
	return tstamp_parse(s, len, t, ms) == len ? 0 : -1;
}
