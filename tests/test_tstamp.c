/* test_tstamp: every layout, zones, fractions, leap days, DST, year
 * inference for syslog, and refusal of impossible dates. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tstamp.h"
#include "tz.h"

/* Parses s whole and returns its ISO form, or "" if it did not parse. */
static const char *iso(const char *s, const struct tstamp_ctx *ctx)
{
	static char out[25];
	int64_t ms;
	size_t n = tstamp_parse(s, strlen(s), ctx, &ms);

	if (n == 0)
		return "";
	tstamp_format(ms, out);
	return out;
}

static const struct tstamp_ctx utc = { NULL, 1795305600000LL, NULL }; /* 2026-11-22 */

static void test_tstamp_reads_iso8601_variants(void **state)
{
	(void)state;
	assert_string_equal(iso("2026-11-16T09:00:01.123Z", &utc), "2026-11-16T09:00:01.123Z");
	assert_string_equal(iso("2026-11-16 09:00:01,123", &utc), "2026-11-16T09:00:01.123Z");
	assert_string_equal(iso("2026-11-16T09:00:01+01:00", &utc), "2026-11-16T08:00:01.000Z");
	assert_string_equal(iso("2026-11-16T09:00:01-0530", &utc), "2026-11-16T14:30:01.000Z");
	assert_string_equal(iso("2026-11-16T09:00:01.124817Z", &utc), "2026-11-16T09:00:01.124Z");
	assert_string_equal(iso("2026/11/16 09:00:01", &utc), "2026-11-16T09:00:01.000Z");
	assert_string_equal(iso("2026-11-16T09:00", &utc), "2026-11-16T09:00:00.000Z");
	assert_string_equal(iso("2026-11-16 09:00:01.5", &utc), "2026-11-16T09:00:01.500Z");
	/* Gin's " - " and CloudFront's tab between date and time */
	assert_string_equal(iso("2026/11/16 - 09:00:02", &utc), "2026-11-16T09:00:02.000Z");
	assert_string_equal(iso("2014-05-23\t01:13:11", &utc), "2014-05-23T01:13:11.000Z");
}

static void test_tstamp_reads_clf_ctime_compact_and_epoch(void **state)
{
	(void)state;
	assert_string_equal(iso("16/Nov/2026:09:00:01 +0100", &utc), "2026-11-16T08:00:01.000Z");
	assert_string_equal(iso("22/Jan/2019:03:56:14 +0330", &utc), "2019-01-22T00:26:14.000Z");
	assert_string_equal(iso("Sun Dec 04 04:47:44 2005", &utc), "2005-12-04T04:47:44.000Z");
	assert_string_equal(iso("Sun Mar 13 22:49:12 2016", &utc), "2016-03-13T22:49:12.000Z");
	assert_string_equal(iso("081109 203615", &utc), "2008-11-09T20:36:15.000Z");
	assert_string_equal(iso("1745532517537", &utc), "2025-04-24T22:08:37.537Z");
	assert_string_equal(iso("1745532517", &utc), "2025-04-24T22:08:37.000Z");
	assert_string_equal(iso("1745532517.25", &utc), "2025-04-24T22:08:37.250Z");
}

static void test_tstamp_reads_zone_names_and_glog_times(void **state)
{
	(void)state;
	/* PostgreSQL's %m, Serilog's "zzz" after a blank */
	assert_string_equal(iso("2020-04-16 11:45:11.844 CEST", &utc), "2020-04-16T09:45:11.844Z");
	assert_string_equal(iso("2025-08-13 01:45:01.123 PDT", &utc), "2025-08-13T08:45:01.123Z");
	assert_string_equal(iso("2026-11-20 00:01:05.763 +00:00", &utc), "2026-11-20T00:01:05.763Z");
	/* an unknown or ambiguous name is not read as a zone */
	assert_int_equal(tstamp_parse("2026-11-16 09:00:01 IST", 23, &utc, &(int64_t){ 0 }), 19);
	assert_int_equal(tstamp_parse("2026-11-16 09:00:01 ESTX", 24, &utc, &(int64_t){ 0 }), 19);
	/* TAI64N (2^62 + 10 + Unix seconds, nanoseconds) */
	assert_string_equal(iso("@400000004c91b044077a9e94", &utc), "2010-09-16T05:50:50.125Z");
	assert_string_equal(iso("@400000004c91b04", &utc), "");
	/* glog/klog: month and day, the year inferred like syslog's */
	assert_string_equal(iso("0517 15:04:22.619632", &utc), "2026-05-17T15:04:22.619Z");
	assert_string_equal(iso("1224 10:00:00.000001", &utc), "2025-12-24T10:00:00.000Z");
	assert_string_equal(iso("1332 10:00:00.000001", &utc), "");
}

static void test_tstamp_infers_the_syslog_year(void **state)
{
	(void)state;
	/* now is 2026-11-22: June is this year, December last year */
	assert_string_equal(iso("Jun 14 15:16:01", &utc), "2026-06-14T15:16:01.000Z");
	assert_string_equal(iso("Nov  3 09:23:38", &utc), "2026-11-03T09:23:38.000Z");
	assert_string_equal(iso("Dec 10 06:55:46", &utc), "2025-12-10T06:55:46.000Z");
	/* a day ahead is tolerated (clock skew, zones) */
	assert_string_equal(iso("Nov 22 23:00:00", &utc), "2026-11-22T23:00:00.000Z");
	/* Feb 29 takes the last leap year */
	assert_string_equal(iso("Feb 29 12:00:00", &utc), "2024-02-29T12:00:00.000Z");
}

static void test_tstamp_accepts_leap_days_and_refuses_impossible_dates(void **state)
{
	int64_t ms;

	(void)state;
	assert_string_equal(iso("2024-02-29T00:00:00Z", &utc), "2024-02-29T00:00:00.000Z");
	assert_string_equal(iso("2000-02-29T00:00:00Z", &utc), "2000-02-29T00:00:00.000Z");
	assert_int_equal(tstamp_parse("2023-02-29T00:00:00Z", 20, &utc, &ms), 0);
	assert_int_equal(tstamp_parse("1900-02-29T00:00:00Z", 20, &utc, &ms), 0);
	assert_int_equal(tstamp_parse("2026-13-01T00:00:00Z", 20, &utc, &ms), 0);
	assert_int_equal(tstamp_parse("2026-11-31T00:00:00Z", 20, &utc, &ms), 0);
	assert_int_equal(tstamp_parse("2026-11-16T24:00:00Z", 20, &utc, &ms), 0);
	assert_int_equal(tstamp_parse("hello", 5, &utc, &ms), 0);
	assert_int_equal(tstamp_parse("", 0, &utc, &ms), 0);
	assert_int_equal(tstamp_parse("12345", 5, &utc, &ms), 0);
}

static void test_tstamp_reads_only_the_given_bytes(void **state)
{
	int64_t ms;
	const char s[] = "2026-11-16T09:00:01Z trailing";

	(void)state;
	assert_int_equal(tstamp_parse(s, 20, &utc, &ms), 20);
	/* cut inside the seconds: refused rather than guessed */
	assert_int_equal(tstamp_parse(s, 18, &utc, &ms), 0);
}

static void test_tstamp_applies_the_zone_to_zoneless_times(void **state)
{
	struct tz *z = tz_new("+05:30");
	struct tstamp_ctx ctx = { z, 0, NULL };

	(void)state;
	assert_non_null(z);
	assert_string_equal(iso("2026-11-16 09:00:00", &ctx), "2026-11-16T03:30:00.000Z");
	/* an explicit zone wins over the context */
	assert_string_equal(iso("2026-11-16 09:00:00Z", &ctx), "2026-11-16T09:00:00.000Z");
	tz_free(z);
}

static void test_tstamp_follows_dst_in_named_zones(void **state)
{
	struct tz *z = tz_new("Europe/Berlin");
	struct tstamp_ctx ctx = { z, 0, NULL };

	(void)state;
	if (!z) {
		skip(); /* no zoneinfo on this machine */
		return;
	}
	/* CET in winter (+1), CEST in summer (+2); the change on 2026-03-29 */
	assert_string_equal(iso("2026-01-15 12:00:00", &ctx), "2026-01-15T11:00:00.000Z");
	assert_string_equal(iso("2026-07-15 12:00:00", &ctx), "2026-07-15T10:00:00.000Z");
	assert_string_equal(iso("2026-03-29 01:30:00", &ctx), "2026-03-29T00:30:00.000Z");
	assert_string_equal(iso("2026-03-29 03:30:00", &ctx), "2026-03-29T01:30:00.000Z");
	tz_free(z);
	assert_null(tz_new("No/Such_Zone"));
}

static void test_tstamp_formats_epoch_edges(void **state)
{
	char out[25];

	(void)state;
	tstamp_format(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	tstamp_format(951782400000LL + 999, out);
	assert_string_equal(out, "2000-02-29T00:00:00.999Z");
	assert_int_equal(tstamp_days_from_civil(2026, 11, 22), 20779);
}

/* Against the C library's calendar (gmtime_r), over times from 1900 to
 * 2200 in an order that changes day often and returns to days seen: the
 * date part is remembered between calls (the last day formatted). */
static void test_tstamp_format_is_the_calendar(void **state)
{
	unsigned seed = 9;
	int64_t prev = 0;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		int64_t ms;
		time_t secs;
		struct tm tm;
		char out[25], want[96];

		switch (rand_r(&seed) % 3) {
		case 0: /* anywhere */
			ms = ((int64_t)rand_r(&seed) << 31 ^ rand_r(&seed)) % 9467107200000LL - 2208988800000LL;
			break;
		case 1: /* the same day or the next */
			ms = prev + rand_r(&seed) % 86400000;
			break;
		default: /* a day before */
			ms = prev - rand_r(&seed) % 86400000;
			break;
		}
		prev = ms;
		secs = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
		gmtime_r(&secs, &tm);
		snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 (int)(ms - (int64_t)secs * 1000));
		tstamp_format(ms, out);
		if (strcmp(out, want))
			fail_msg("%lld: %s, the calendar says %s", (long long)ms, out, want);
	}
}

static void test_tz_parses_offsets(void **state)
{
	int s;

	(void)state;
	assert_int_equal(tz_parse_offset("+05:30", &s), 0);
	assert_int_equal(s, 19800);
	assert_int_equal(tz_parse_offset("-0800", &s), 0);
	assert_int_equal(s, -28800);
	assert_int_equal(tz_parse_offset("UTC", &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(tz_parse_offset("+25:00", &s), -1);
	assert_int_equal(tz_parse_offset("05:00", &s), -1);
}

/* A memo answers as the parse does: repeats, a changed zone or clock,
 * a refused text, a text longer than the memo holds. */
static void test_tstamp_memo_answers_as_the_parse(void **state)
{
	static const char *texts[] = {
		/* first and last: the memo a new round meets holds it */
		"Nov 16 09:00:00", "16/Nov/2026:09:00:00 +0000", "16/Nov/2026:09:00:00 +0000",
		"2026-11-16 09:00:00", "2026-11-16 09:00:00", "not a time", "not a time",
		"16/Nov/2026:09:00:01 +0000",
		"2026-11-16T09:00:00.123456789+05:30 and some more text past the memo",
		"Nov 16 09:00:00",
	};
	struct tz *z = tz_new("+05:30");
	struct tstamp_memo memo = { 0 };
	struct tstamp_ctx plain = { NULL, 1795305600000LL, NULL }, memoed = plain;

	(void)state;
	memoed.memo = &memo;
	for (int round = 0; round < 3; round++) {
		if (round == 1)
			plain.zone = memoed.zone = z; /* the same texts mean other times */
		if (round == 2)
			plain.now_ms = memoed.now_ms = 1763283600000LL; /* and other years */
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
			int64_t a = -1, b = -1;
			size_t n = strlen(texts[i]);

			assert_int_equal(tstamp_parse(texts[i], n, &memoed, &a),
					 tstamp_parse(texts[i], n, &plain, &b));
			assert_true(a == b);
		}
	}
	tz_free(z);
}

/* The fast reading of the two commonest layouts answers as the general
 * parsers do: on their layouts at every field's edges, and on each of
 * them with every byte replaced by each of a few others (digits out of
 * range, other separators, a zone that is not one, a fraction of other
 * length), in a named zone and in UTC. */
static void test_tstamp_fast_layouts_answer_as_the_general_parsers(void **state)
{
	static const char *seeds[] = {
		"16/Nov/2026:09:00:01 +0100", "29/Feb/2024:23:59:60 -1400", "01/jan/1970:00:00:00 +0000",
		"31/DEC/9999:23:59:59 -0000", "31/Apr/2026:12:00:00 +0100", "16/Nov/2026:09:00:01 +01:00",
		"16/Nov/2026:09:00:01 +1500", "16/Nov/2026:09:00:01.5 +0100",
		"2026-11-16T09:00:01.123Z", "2026-11-16T09:00:01Z", "1970-01-01T00:00:00.000Z",
		"9999-12-31T23:59:59.999Z", "2024-02-29T23:59:60Z", "2026-11-16T09:00:01.12Z",
		"2026-11-16T09:00:01.1234Z", "2026-11-16T09:00:01.123+01:00", "2026-11-16 09:00:01Z",
	};
	static const char swaps[] = { '0', '1', '2', '3', '5', '6', '9', ':', '/', '-', '+', ' ',
				      '.', 'Z', 'T', 'x', 'a', 'N' };
	struct tz *z = tz_new("+05:30");
	const struct tstamp_ctx local = { z, 1795305600000LL, NULL };
	char text[40];

	(void)state;
	for (int zoned = 0; zoned < 2; zoned++) {
		const struct tstamp_ctx *ctx = zoned ? &local : &utc;

		for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
			size_t n = strlen(seeds[i]);

			for (size_t at = 0; at <= n; at++)
				for (size_t k = 0; k < sizeof swaps; k++) {
					size_t len = n + 4;
					int64_t a = -1, b = -1;

					memcpy(text, seeds[i], n);
					memcpy(text + n, " end", 4); /* text after the time */
					if (at < n)
						text[at] = swaps[k];
					else if (k) /* the time cut short by one byte */
						len = n - 1;
					assert_int_equal(tstamp_parse(text, len, ctx, &a),
							 tstamp_parse_general(text, len, ctx, &b));
					assert_true(a == b);
				}
		}
	}
	tz_free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tstamp_reads_iso8601_variants),
		cmocka_unit_test(test_tstamp_memo_answers_as_the_parse),
		cmocka_unit_test(test_tstamp_reads_clf_ctime_compact_and_epoch),
		cmocka_unit_test(test_tstamp_reads_zone_names_and_glog_times),
		cmocka_unit_test(test_tstamp_infers_the_syslog_year),
		cmocka_unit_test(test_tstamp_accepts_leap_days_and_refuses_impossible_dates),
		cmocka_unit_test(test_tstamp_reads_only_the_given_bytes),
		cmocka_unit_test(test_tstamp_applies_the_zone_to_zoneless_times),
		cmocka_unit_test(test_tstamp_follows_dst_in_named_zones),
		cmocka_unit_test(test_tstamp_formats_epoch_edges),
		cmocka_unit_test(test_tstamp_format_is_the_calendar),
		cmocka_unit_test(test_tz_parses_offsets),
		cmocka_unit_test(test_tstamp_fast_layouts_answer_as_the_general_parsers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
