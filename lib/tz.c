/*
 * tz: see tz.h.  mktime interprets a struct tm in the zone named by TZ, so
 * tz_new sets TZ once for the process; logsift programs use a single zone.
 */
#include "tz.h"

#include <stdbool.h>
#include <stdio.h>  /* snprintf, fopen */
#include <stdlib.h> /* setenv, free */
#include <string.h> /* strcmp, strlen */
#include <time.h>   /* mktime, tzset */
#include <unistd.h> /* access, readlink */

#include "mem.h"
#include "scan.h"
#include "tstamp.h"

#define TZ_CACHE 64

struct tz {
	char *name;
	bool fixed;                  /* offset is the whole story */
	int offset;                  /* seconds east of UTC, when fixed */
	int64_t hour_key[TZ_CACHE];  /* local hour cached in each slot, +1 */
	int hour_off[TZ_CACHE];      /* its offset */
};

int tz_parse_offset(const char *s, int *seconds)
{
	int sign, h = 0, m = 0;
	size_t n = strlen(s);

	if (!strcmp(s, "Z") || !strcmp(s, "UTC") || !strcmp(s, "GMT") ||
	    !strcmp(s, "Etc/UTC") || !strcmp(s, "UTC0")) {
		*seconds = 0;
		return 0;
	}
	if (n < 3 || (s[0] != '+' && s[0] != '-'))
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	if (scan_digits(s + 1, 2, &h))
		return -1;
	if (n == 6 && s[3] == ':' && !scan_digits(s + 4, 2, &m))
		;
	else if (n == 5 && !scan_digits(s + 3, 2, &m))
		;
	else if (n != 3)
		return -1;
	if (h > 14 || m > 59)
		return -1;
	*seconds = sign * (h * 3600 + m * 60);
	return 0;
}

struct tz *tz_new(const char *name)
{
	struct tz *z = xcalloc(1, sizeof *z);

	z->name = xstrndup(name ? name : "local", strlen(name ? name : "local"));
	if (name && tz_parse_offset(name, &z->offset) == 0) {
		z->fixed = true;
		return z;
	}
	if (name && *name) {
		char path[512];
		/* glibc silently treats an unknown zone as UTC: refuse instead */
		snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
		if (name[0] != '/' && access(path, R_OK) != 0) {
			tz_free(z);
			return NULL;
		}
		setenv("TZ", name, 1);
	}
	tzset();
	return z;
}

void tz_free(struct tz *z)
{
	if (!z)
		return;
	free(z->name);
	free(z);
}

const char *tz_name(const struct tz *z)
{
	return z->name;
}

static bool is_utc(const char *n)
{
	return !strcmp(n, "UTC") || !strcmp(n, "Etc/UTC") || !strcmp(n, "GMT") ||
	       !strcmp(n, "Z") || !strcmp(n, "UTC0") || !strcmp(n, "Etc/GMT") ||
	       !strcmp(n, "Universal") || !strcmp(n, "Etc/Universal");
}

void tz_describe(const struct tz *z, char *dst, size_t cap)
{
	char name[256] = "";
	const char *env = getenv("TZ");
	FILE *f;
	ssize_t n;

	if (z && strcmp(z->name, "local")) {
		snprintf(dst, cap, "%s", is_utc(z->name) ? "UTC" : z->name);
		return;
	}
	if (env && *env) {
		snprintf(name, sizeof name, "%s", env[0] == ':' ? env + 1 : env);
	} else if ((f = fopen("/etc/timezone", "r"))) {
		if (!fgets(name, sizeof name, f))
			name[0] = '\0';
		name[strcspn(name, "\n")] = '\0';
		fclose(f);
	} else if ((n = readlink("/etc/localtime", name, sizeof name - 1)) > 0) {
		const char *zi;

		name[n] = '\0';
		if ((zi = strstr(name, "zoneinfo/")))
			memmove(name, zi + 9, strlen(zi + 9) + 1);
	}
	if (!name[0])
		snprintf(dst, cap, "local time");
	else if (is_utc(name))
		snprintf(dst, cap, "UTC");
	else
		snprintf(dst, cap, "%s (local time)", name);
}


int64_t tz_local_to_utc(struct tz *z, int64_t local)
{
	int64_t hour, days, rem;
	unsigned slot;
	struct tm tm;
	time_t t;

	if (z->fixed)
		return local - z->offset;
	hour = scan_floor_div(local, 3600);
	slot = (unsigned)((uint64_t)hour % TZ_CACHE);
	if (z->hour_key[slot] != hour + 1) {
		/* civil fields of the hour, then mktime for the offset */
		days = scan_floor_div(hour, 24);
		rem = hour - days * 24;
		int64_t zd = days + 719468, era = scan_floor_div(zd, 146097);
		int64_t doe = zd - era * 146097;
		int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		int64_t mp = (5 * doy + 2) / 153;
		int64_t d = doy - (153 * mp + 2) / 5 + 1;
		int64_t mo = mp < 10 ? mp + 3 : mp - 9;
		int64_t y = yoe + era * 400 + (mo <= 2);

		memset(&tm, 0, sizeof tm);
		tm.tm_year = (int)(y - 1900);
		tm.tm_mon = (int)(mo - 1);
		tm.tm_mday = (int)d;
		tm.tm_hour = (int)rem;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		z->hour_key[slot] = hour + 1;
		z->hour_off[slot] = t == (time_t)-1 ? 0 : (int)(hour * 3600 - (int64_t)t);
	}
	return local - z->hour_off[slot];
}

int tz_utc_offset(struct tz *z, int64_t utc)
{
	struct tm tm;
	time_t t = (time_t)utc;

	if (z->fixed)
		return z->offset;
	if (!localtime_r(&t, &tm))
		return 0;
	/* local civil time as if it were UTC, minus the instant */
	return (int)(tstamp_days_from_civil(tm.tm_year + 1900LL, tm.tm_mon + 1, tm.tm_mday) * 86400 +
		     tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec - utc);
}

int64_t tz_day_start(struct tz *z, int64_t utc_ms)
{
	int64_t s = scan_floor_div(utc_ms, 1000), local, day;

	if (!z)
		return scan_floor_div(s, 86400) * TSTAMP_DAY_MS;
	local = s + tz_utc_offset(z, s);
	day = scan_floor_div(local, 86400) * 86400;
	return tz_local_to_utc(z, day) * 1000;
}
