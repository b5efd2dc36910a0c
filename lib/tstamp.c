/*
 * tstamp: hand-written cursor parsers, one per layout, tried by the shape of
 * the first bytes; no sscanf, no strptime, no locale, no TZ dependence
 * beyond lib/tz.  Calendar arithmetic is Howard Hinnant's days_from_civil.
 */
#include "tstamp.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h> /* memcmp */

#include "scan.h"
#include "tz.h"

struct cur {
	const char *p, *end;
};

/* Reads exactly n digits. */
static int num(struct cur *c, int n, int *out)
{
	if (c->end - c->p < n || scan_digits(c->p, (size_t)n, out))
		return -1;
	c->p += n;
	return 0;
}

static int lit(struct cur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 0;
	}
	return -1;
}

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

static int month_name(struct cur *c, int *mon)
{
	if (c->end - c->p < 3)
		return -1;
	for (int i = 0; i < 12; i++) {
		if ((c->p[0] | 0x20) == (months[3 * i] | 0x20) &&
		    (c->p[1] | 0x20) == months[3 * i + 1] &&
		    (c->p[2] | 0x20) == months[3 * i + 2]) {
			c->p += 3;
			*mon = i + 1;
			return 0;
		}
	}
	return -1;
}

int64_t tstamp_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

/* The broken-down time the layouts fill. */
struct civil {
	int y, mo, d, h, mi, s, ms;
	bool zoned;   /* an offset was given */
	int off;      /* seconds east of UTC */
	bool no_year; /* syslog: infer */
};

/* Optional ".123" or ",123456": keeps milliseconds. */
static void fraction(struct cur *c, struct civil *t)
{
	int k = 0, v = 0;

	if (c->end - c->p < 2 || (*c->p != '.' && *c->p != ',') || !scan_is_digit(c->p[1]))
		return;
	c->p++;
	while (c->p < c->end && scan_is_digit(*c->p)) {
		if (k < 3) {
			v = v * 10 + (*c->p - '0');
			k++;
		}
		c->p++;
	}
	while (k++ < 3)
		v *= 10;
	t->ms = v;
}

/* Zone abbreviations that name one offset (PostgreSQL's %m and %t write
 * them: "2020-04-16 11:45:11.844 CEST").  Ambiguous ones (IST, CST in
 * China) are left out: such a time is local to the context's zone. */
static const struct {
	char name[5];
	int off; /* minutes east of UTC */
} abbrevs[] = {
	{ "GMT", 0 },      { "WET", 0 },      { "WEST", 60 },    { "BST", 60 },
	{ "CET", 60 },     { "CEST", 120 },   { "MET", 60 },     { "MEST", 120 },
	{ "EET", 120 },    { "EEST", 180 },   { "MSK", 180 },    { "EST", -300 },
	{ "EDT", -240 },   { "CST", -360 },   { "CDT", -300 },   { "MST", -420 },
	{ "MDT", -360 },   { "PST", -480 },   { "PDT", -420 },   { "AKST", -540 },
	{ "AKDT", -480 },  { "HST", -600 },   { "JST", 540 },    { "KST", 540 },
	{ "AEST", 600 },   { "AEDT", 660 },   { "NZST", 720 },   { "NZDT", 780 },
};

/* " CEST" at c (after a blank), followed by no letter: sets the offset. */
static int zone_name(struct cur *c, struct civil *t)
{
	struct cur k = *c;
	size_t n = 0;

	if (lit(&k, ' '))
		return -1;
	while (k.p + n < k.end && n < 5 && k.p[n] >= 'A' && k.p[n] <= 'Z')
		n++;
	if (n < 3 || n > 4 || (k.p + n < k.end && scan_is_alpha(k.p[n])))
		return -1;
	for (size_t i = 0; i < sizeof abbrevs / sizeof abbrevs[0]; i++)
		if (strlen(abbrevs[i].name) == n && !memcmp(abbrevs[i].name, k.p, n)) {
			c->p = k.p + n;
			t->zoned = true;
			t->off = abbrevs[i].off * 60;
			return 0;
		}
	return -1;
}

/* Optional zone: " Z", "Z", "+01:00", "+0100", "+01", " +0100", " UTC". */
static void zone(struct cur *c, struct civil *t)
{
	struct cur k = *c;
	int h, m = 0, sign;

	if (k.p < k.end && *k.p == ' ')
		k.p++;
	if (k.p < k.end && *k.p == 'Z') {
		c->p = k.p + 1;
		t->zoned = true;
		t->off = 0;
		return;
	}
	if (k.end - k.p >= 3 && !memcmp(k.p, "UTC", 3)) {
		c->p = k.p + 3;
		t->zoned = true;
		t->off = 0;
		return;
	}
	if (k.p >= k.end || (*k.p != '+' && *k.p != '-'))
		return;
	sign = *k.p++ == '-' ? -1 : 1;
	if (num(&k, 2, &h))
		return;
	if (k.p < k.end && *k.p == ':')
		k.p++;
	if (num(&k, 2, &m))
		m = 0; /* "+01" */
	if (h > 14 || m > 59)
		return;
	c->p = k.p;
	t->zoned = true;
	t->off = sign * (h * 3600 + m * 60);
}

static int clock_hms(struct cur *c, struct civil *t)
{
	if (num(c, 2, &t->h) || lit(c, ':') || num(c, 2, &t->mi))
		return -1;
	if (lit(c, ':') == 0) {
		if (num(c, 2, &t->s))
			return -1;
		fraction(c, t);
	}
	return 0;
}

/* 2026-11-16[T ]09:00:01[.123][zone], also with '/' between date parts */
static int iso(struct cur *c, struct civil *t)
{
	char sep;

	if (num(c, 4, &t->y) || c->p >= c->end)
		return -1;
	sep = *c->p;
	if ((sep != '-' && sep != '/') || lit(c, sep) || num(c, 2, &t->mo) ||
	    lit(c, sep) || num(c, 2, &t->d))
		return -1;
	/* 'T', ' ', a tab (CloudFront's columns), " - " (Gin) */
	if (c->end - c->p >= 3 && !memcmp(c->p, " - ", 3))
		c->p += 2;
	if (c->p >= c->end || (*c->p != 'T' && *c->p != ' ' && *c->p != '\t'))
		return -1;
	c->p++;
	if (clock_hms(c, t))
		return -1;
	zone(c, t);
	if (!t->zoned)
		zone_name(c, t);
	return 0;
}

/* 16/Nov/2026:09:00:01 +0100 */
static int clf(struct cur *c, struct civil *t)
{
	if (num(c, 2, &t->d) || lit(c, '/') || month_name(c, &t->mo) ||
	    lit(c, '/') || num(c, 4, &t->y) || lit(c, ':') || clock_hms(c, t))
		return -1;
	zone(c, t);
	return 0;
}

/* day of month as " 3", "03" or "3" */
static int mday(struct cur *c, int *d)
{
	if (c->p < c->end && *c->p == ' ')
		c->p++;
	if (num(c, 2, d) == 0)
		return 0;
	return num(c, 1, d);
}

/* [Www ]Nov 16 09:00:01[.123][ 2026][zone] */
static int named(struct cur *c, struct civil *t)
{
	struct cur k = *c;
	int y;

	if (c->end - c->p >= 4 && c->p[3] == ' ' && month_name(&k, &y) != 0) {
		c->p += 4; /* weekday name */
	}
	if (month_name(c, &t->mo) || lit(c, ' ') || mday(c, &t->d) ||
	    lit(c, ' ') || clock_hms(c, t))
		return -1;
	k = *c;
	if (lit(&k, ' ') == 0 && num(&k, 4, &y) == 0 &&
	    (k.p == k.end || !scan_is_digit(*k.p))) {
		t->y = y;
		*c = k;
	} else {
		t->no_year = true;
	}
	zone(c, t);
	return 0;
}

/* 081109 203615 (yymmdd hhmmss) */
static int compact(struct cur *c, struct civil *t)
{
	if (num(c, 2, &t->y) || num(c, 2, &t->mo) || num(c, 2, &t->d) ||
	    lit(c, ' ') || num(c, 2, &t->h) || num(c, 2, &t->mi) ||
	    num(c, 2, &t->s))
		return -1;
	if (c->p < c->end && scan_is_digit(*c->p))
		return -1;
	t->y += t->y < 70 ? 2000 : 1900;
	return 0;
}

/* 0517 15:04:22.619632 (glog/klog: mmdd hh:mm:ss, no year) */
static int month_day(struct cur *c, struct civil *t)
{
	if (num(c, 2, &t->mo) || num(c, 2, &t->d) || lit(c, ' ') || clock_hms(c, t))
		return -1;
	t->no_year = true;
	return 0;
}

/* 10, 13 or 16 digits, optional fraction: epoch s, ms or us */
static int epoch(struct cur *c, int64_t *ms)
{
	const char *s = c->p;
	int64_t v = 0;
	int n = 0, frac = 0, fk = 0;

	while (c->p < c->end && scan_is_digit(*c->p) && n < 17) { /* 16 is the longest */
		v = v * 10 + (*c->p++ - '0');
		n++;
	}
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		while (c->p < c->end && scan_is_digit(*c->p)) {
			if (fk < 3) {
				frac = frac * 10 + (*c->p - '0');
				fk++;
			}
			c->p++;
		}
		while (fk++ < 3)
			frac *= 10;
	}
	if (c->p < c->end && (scan_is_digit(*c->p) || *c->p == '-' || *c->p == ':')) {
		c->p = s;
		return -1;
	}
	if (n == 10)
		*ms = v * 1000 + frac;
	else if (n == 13)
		*ms = v;
	else if (n == 16)
		*ms = v / 1000;
	else {
		c->p = s;
		return -1;
	}
	return 0;
}

/* @4000000063d2b1a20cbb4f6c: TAI64N (daemontools, s6, dovecot under
 * multilog): 2^62 + 10 + Unix seconds in 16 hex digits, then nanoseconds
 * in 8 */
static int tai64n(struct cur *c, int64_t *ms)
{
	uint64_t s = 0, ns = 0;

	if (c->end - c->p < 25 || *c->p != '@')
		return -1;
	for (int i = 1; i <= 24; i++) {
		int v = scan_hex_value(c->p[i]);
		if (v < 0)
			return -1;
		if (i <= 16)
			s = s << 4 | (uint64_t)v;
		else
			ns = ns << 4 | (uint64_t)v;
	}
	if (s < (1ULL << 62) + 10 || s - (1ULL << 62) - 10 > (uint64_t)TSTAMP_MAX_MS / 1000 ||
	    ns >= 1000000000ULL)
		return -1;
	*ms = (int64_t)(s - (1ULL << 62) - 10) * 1000 + (int64_t)(ns / 1000000);
	c->p += 25;
	return 0;
}

static int64_t to_ms(const struct civil *t, const struct tstamp_ctx *ctx)
{
	int64_t secs = tstamp_days_from_civil(t->y, t->mo, t->d) * 86400 +
		       t->h * 3600 + t->mi * 60 + t->s;

	if (t->zoned)
		secs -= t->off;
	else if (ctx && ctx->zone)
		secs = tz_local_to_utc(ctx->zone, secs);
	return secs * 1000 + t->ms;
}

static bool valid(const struct civil *t)
{
	return t->mo >= 1 && t->mo <= 12 && t->d >= 1 &&
	       t->d <= days_in_month(t->y, t->mo) && t->h <= 23 &&
	       t->mi <= 59 && t->s <= 60 && t->y >= 1970 && t->y <= 9999;
}

/* Two digits at s, or -1. */
static int two(const char *s)
{
	unsigned a = (unsigned)(unsigned char)s[0] - '0', b = (unsigned)(unsigned char)s[1] - '0';

	return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

/* The month a three-letter name at s names (any case), or -1. */
static int month_at(const char *s)
{
	uint32_t key = (uint32_t)(unsigned char)(s[0] | 0x20) << 16 |
		       (uint32_t)(unsigned char)(s[1] | 0x20) << 8 | (uint32_t)(unsigned char)(s[2] | 0x20);

	for (int i = 0; i < 12; i++)
		if (key == ((uint32_t)(unsigned char)(months[3 * i] | 0x20) << 16 |
			    (uint32_t)(unsigned char)months[3 * i + 1] << 8 |
			    (uint32_t)(unsigned char)months[3 * i + 2]))
			return i + 1;
	return -1;
}

#define NOT_FAST ((size_t)-1)

/* The two layouts nearly every line of a busy log has, read at fixed
 * places: the access logs' "16/Nov/2026:09:00:01 +0100" and ISO 8601 in
 * UTC with or without milliseconds ("2026-11-16T09:00:01.123Z", which
 * JSON logs and logsift's own events write).  What they read is what the
 * general parsers below read from the same bytes (test_tstamp and
 * fuzz_tstamp hold them to it); anything else, or a field out of range,
 * is NOT_FAST and goes to them. */
static size_t parse_fast(const char *s, size_t len, int64_t *ms)
{
	struct civil t = { 0 };
	size_t n;

	if (len >= 26 && s[2] == '/' && s[6] == '/' && s[11] == ':' && s[14] == ':' &&
	    s[17] == ':' && s[20] == ' ' && (s[21] == '+' || s[21] == '-')) {
		int c = two(s + 7), y = two(s + 9), zh = two(s + 22), zm = two(s + 24);

		t.d = two(s);
		t.mo = month_at(s + 3);
		t.h = two(s + 12);
		t.mi = two(s + 15);
		t.s = two(s + 18);
		if (c < 0 || y < 0 || zh < 0 || zm < 0 || zh > 14 || zm > 59 || t.d < 0 ||
		    t.mo < 0 || t.h < 0 || t.mi < 0 || t.s < 0)
			return NOT_FAST;
		t.y = c * 100 + y;
		t.off = (s[21] == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
		n = 26;
	} else if (len >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
		   s[16] == ':' && (s[19] == 'Z' || (len >= 24 && s[19] == '.' && s[23] == 'Z'))) {
		int c = two(s), y = two(s + 2);

		t.mo = two(s + 5);
		t.d = two(s + 8);
		t.h = two(s + 11);
		t.mi = two(s + 14);
		t.s = two(s + 17);
		n = 20;
		if (s[19] == '.') {
			/* the first two digits, and the last two: all three are */
			int first = two(s + 20), last = two(s + 21);

			if (first < 0 || last < 0)
				return NOT_FAST;
			t.ms = first * 10 + last % 10;
			n = 24;
		}
		if (c < 0 || y < 0 || t.mo < 0 || t.d < 0 || t.h < 0 || t.mi < 0 || t.s < 0)
			return NOT_FAST;
		t.y = c * 100 + y;
	} else {
		return NOT_FAST;
	}
	t.zoned = true;
	if (!valid(&t))
		return NOT_FAST;
	*ms = to_ms(&t, NULL);
	return n;
}

static size_t parse_any(const char *s, size_t len, const struct tstamp_ctx *ctx, int64_t *ms,
			bool fast)
{
	struct cur c = { s, s + len }, k;
	struct civil t = { 0 };
	int rc = -1;
	size_t n;

	if (len == 0)
		return 0;
	if (fast && (n = parse_fast(s, len, ms)) != NOT_FAST)
		return n;
	if (s[0] == '@') {
		k = c;
		return tai64n(&k, ms) == 0 ? (size_t)(k.p - s) : 0;
	}
	if (scan_is_digit(s[0])) {
		k = c;
		if ((rc = iso(&k, &t)) != 0) {
			memset(&t, 0, sizeof t);
			k = c;
			rc = clf(&k, &t);
		}
		if (rc != 0) {
			memset(&t, 0, sizeof t);
			k = c;
			rc = compact(&k, &t);
		}
		if (rc != 0) {
			memset(&t, 0, sizeof t);
			k = c;
			rc = month_day(&k, &t);
		}
		if (rc != 0) {
			k = c;
			if (epoch(&k, ms) == 0)
				return (size_t)(k.p - s);
			return 0;
		}
	} else {
		k = c;
		rc = named(&k, &t);
	}
	if (rc != 0)
		return 0;
	if (t.no_year) {
		/* the year that puts the time at most a day after now */
		int64_t now = ctx ? ctx->now_ms : 0;
		int64_t days = now / TSTAMP_DAY_MS;
		int64_t y = 1970 + days / 365; /* then correct */
		while (tstamp_days_from_civil(y, 1, 1) > days)
			y--;
		while (tstamp_days_from_civil(y + 1, 1, 1) <= days)
			y++;
		t.y = (int)y;
		if (t.mo == 2 && t.d == 29 && !valid(&t))
			t.y--; /* find the last leap year, below */
		while (!valid(&t) && t.y > 1970)
			t.y--;
		if (valid(&t) && to_ms(&t, ctx) > now + TSTAMP_DAY_MS)
			t.y--;
	}
	if (!valid(&t))
		return 0;
	*ms = to_ms(&t, ctx);
	return (size_t)(k.p - s);
}

static size_t parse_checked(const char *s, size_t len, const struct tstamp_ctx *ctx, int64_t *ms,
			    bool fast)
{
	int64_t v = 0;
	size_t n = parse_any(s, len, ctx, &v, fast);

	/* a time ISO 8601 can write with four year digits, or none: a leap
	 * second or a zone must not carry 9999-12-31 into year 10000 */
	if (!n || v < TSTAMP_MIN_MS || v > TSTAMP_MAX_MS)
		return 0;
	*ms = v;
	return n;
}

size_t tstamp_parse(const char *s, size_t len, const struct tstamp_ctx *ctx, int64_t *ms)
{
	struct tstamp_memo *m = ctx ? ctx->memo : NULL;

	if (!m || !len || len > TSTAMP_MEMO_TEXT)
		return parse_checked(s, len, ctx, ms, true);
	if (m->len != len || m->zone != ctx->zone || m->now_ms != ctx->now_ms ||
	    memcmp(m->text, s, len)) {
		m->n = parse_checked(s, len, ctx, &m->ms, true);
		m->len = len;
		memcpy(m->text, s, len);
		m->zone = ctx->zone;
		m->now_ms = ctx->now_ms;
	}
	if (m->n)
		*ms = m->ms;
	return m->n;
}

size_t tstamp_parse_general(const char *s, size_t len, const struct tstamp_ctx *ctx, int64_t *ms)
{
	return parse_checked(s, len, ctx, ms, false);
}

static void put2(char *d, int v)
{
	d[0] = (char)('0' + v / 10);
	d[1] = (char)('0' + v % 10);
}

/* The date part ("2026-11-16T") of the last day formatted, per thread:
 * a log's events mostly fall on the day of the one before them. */
static _Thread_local struct {
	bool set;
	int64_t days;
	char ymd[11];
} last_day;

static void format_day(int64_t days, char dst[11]);

void tstamp_format(int64_t ms, char dst[25])
{
	ms = ms < TSTAMP_MIN_MS ? TSTAMP_MIN_MS : ms > TSTAMP_MAX_MS ? TSTAMP_MAX_MS : ms;
	int64_t secs = scan_floor_div(ms, 1000);
	int msec = (int)(ms - secs * 1000);
	int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int sod = (int)(secs - days * 86400);

	if (!last_day.set || last_day.days != days) {
		format_day(days, last_day.ymd);
		last_day.days = days;
		last_day.set = true;
	}
	memcpy(dst, last_day.ymd, 11);
	put2(dst + 11, sod / 3600);
	dst[13] = ':';
	put2(dst + 14, sod / 60 % 60);
	dst[16] = ':';
	put2(dst + 17, sod % 60);
	dst[19] = '.';
	dst[20] = (char)('0' + msec / 100);
	put2(dst + 21, msec % 100);
	dst[23] = 'Z';
	dst[24] = '\0';
}

/* Days since 1970-01-01 as "YYYY-MM-DDT" (civil from days, proleptic
 * Gregorian). */
static void format_day(int64_t days, char dst[11])
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int64_t y = yoe + era * 400 + (m <= 2);

	if (y < 0 || y > 9999)
		y = 0;
	put2(dst, (int)(y / 100));
	put2(dst + 2, (int)(y % 100));
	dst[4] = '-';
	put2(dst + 5, m);
	dst[7] = '-';
	put2(dst + 8, d);
	dst[10] = 'T';
}
