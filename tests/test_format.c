/* test_format: each format of the table on real-looking lines, with the
 * edge cases operators' logs have; the generic mapper and the message
 * enrichers through the same path ingest uses (parser_parse_any). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "../ingest/parser.h"
#include "buf.h"
#include "event.h"

static struct parser *ps;
static struct buf out;

static int setup(void **state)
{
	struct parser_opts o = { .tctx = { NULL, 1795305600000LL } };
	char err[256] = "";

	(void)state;
	ps = parser_new(&o, err, sizeof err);
	assert_non_null(ps);
	buf_init(&out, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	parser_free(ps);
	buf_release(&out);
	return 0;
}

/* The event JSON of line as the format that parses it, or "" if none. */
static const char *ev(const char *line)
{
	struct event e;
	int fmt = parser_parse_any(ps, -1, line, strlen(line), &e);

	buf_reset(&out);
	if (fmt < 0)
		return "";
	event_encode_open(&out, &e, "t", 1, parser_record_name(ps, fmt));
	e.nlines = 1;
	event_encode_close(&out, &e);
	return out.p;
}

#define HAS(json, frag) do {                                             \
		if (!strstr(json, frag))                                 \
			fail_msg("missing %s in %s", frag, json);         \
	} while (0)

static void test_format_reads_combined_with_request_time(void **state)
{
	const char *j = ev("203.0.113.7 - alice [16/Nov/2026:09:00:01 +0000] \"POST /api/upload?x=1 HTTP/1.1\" 201 512 \"https://ex.com/\" \"curl/8.4.0\" 0.250");

	(void)state;
	HAS(j, "\"fmt\":\"access\"");
	HAS(j, "\"ts\":\"2026-11-16T09:00:01.000Z\"");
	HAS(j, "\"method\":\"POST\",\"path\":\"/api/upload?x=1\",\"proto\":\"HTTP/1.1\",\"status\":201,\"bytes\":512,\"latency_ms\":250");
	HAS(j, "\"ip\":\"203.0.113.7\",\"user\":\"alice\",\"ua\":\"curl/8.4.0\",\"referer\":\"https://ex.com/\"");
}

static int parse(const char *line, struct event *e)
{
	return parser_parse_any(ps, -1, line, strlen(line), e);
}

/* Apache's vhost_combined: the virtual host (the request's Host) first. */
static void test_format_reads_apache_vhost_combined(void **state)
{
	const char *j = ev("shop.example.org:443 2001:db8::7 - - [16/Nov/2026:09:00:01 +0000] \"GET /a?b=1 HTTP/1.1\" 200 5 \"-\" \"curl/8\"");
	struct event e;

	(void)state;
	HAS(j, "\"fmt\":\"access_vhost\",\"host\":\"shop.example.org\"");
	HAS(j, "\"path\":\"/a?b=1\"");
	HAS(j, "\"ip\":\"2001:db8::7\"");
	j = ev("[2001:db8::1]:8080 192.0.2.4 - - [16/Nov/2026:09:00:01 +0000] \"GET / HTTP/1.1\" 200 5");
	HAS(j, "\"host\":\"[2001:db8::1]\"");
	/* a combined line is no virtual host's */
	j = ev("192.0.2.4 - - [16/Nov/2026:09:00:01 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"c\"");
	HAS(j, "\"fmt\":\"access\"");
	/* what the CRS reads: the host is the request's, the Referer logged */
	assert_true(parse("h:80 192.0.2.4 - - [16/Nov/2026:09:00:01 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"c\"", &e) >= 0);
	assert_true(e.host_is_request);
	assert_true(e.referer_logged);
	assert_int_equal(e.referer.len, 0);
	assert_true(parse("192.0.2.4 - - [16/Nov/2026:09:00:01 +0000] \"GET / HTTP/1.1\" 200 5", &e) >= 0);
	assert_false(e.referer_logged);
	assert_true(parse("Nov 16 09:00:01 web1 sshd[1]: x", &e) >= 0);
	assert_false(e.host_is_request);
}

static void test_format_reads_access_edge_cases(void **state)
{
	const char *j;

	(void)state;
	/* IPv6 client, '-' bytes, escaped quotes in the user agent */
	j = ev("2001:db8::17 - - [16/Nov/2026:09:00:01 +0100] \"GET / HTTP/1.1\" 304 - \"-\" \"Mozilla \\\"quoted\\\" UA\"");
	HAS(j, "\"ip\":\"2001:db8::17\"");
	HAS(j, "\"ts\":\"2026-11-16T08:00:01.000Z\"");
	HAS(j, "\"ua\":\"Mozilla \\\\\\\"quoted\\\\\\\" UA\"");
	assert_null(strstr(j, "\"bytes\""));
	assert_null(strstr(j, "\"referer\""));
	/* Common Log Format: no referer or agent */
	j = ev("10.0.0.1 - - [16/Nov/2026:09:00:01 +0000] \"GET /a HTTP/1.0\" 200 12");
	HAS(j, "\"status\":200,\"bytes\":12");
	/* Apache %D microseconds after the agent */
	j = ev("10.0.0.1 - - [16/Nov/2026:09:00:01 +0000] \"GET /a HTTP/1.0\" 200 12 \"-\" \"x\" 1500");
	HAS(j, "\"latency_ms\":1.5");
	/* X-Forwarded-For then request and upstream times: the first time wins */
	j = ev("10.0.0.1 - - [16/Nov/2026:09:00:01 +0000] \"GET /a HTTP/1.0\" 200 12 \"-\" \"x\" \"1.2.3.4\" 0.120 0.100");
	HAS(j, "\"latency_ms\":120");
	/* a garbage request line is kept as the path, not dropped */
	j = ev("10.0.0.1 - - [16/Nov/2026:09:00:01 +0000] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"");
	HAS(j, "\"status\":400");
	/* missing ident and user: not an access line */
	assert_string_equal(ev("192.168.202.254 [20/Jul/2009:22:59:29 +0000] \"GET /x HTTP/1.0\" 404 46210 \"-\" \"gPXE/0.9.7\""), "");
}

static void test_format_reads_syslog_3164_and_5424(void **state)
{
	const char *j;

	(void)state;
	j = ev("Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2");
	HAS(j, "\"fmt\":\"syslog\"");
	HAS(j, "\"ts\":\"2025-12-10T06:55:46.000Z\"");
	HAS(j, "\"host\":\"LabSZ\",\"program\":\"sshd\"");
	HAS(j, "\"ip\":\"173.234.31.186\"");
	j = ev("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ");
	HAS(j, "\"program\":\"sshd(pam_unix)\"");
	HAS(j, "\"ip\":\"218.188.2.4\"");
	j = ev("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
	HAS(j, "\"level\":\"critical\"");
	j = ev("<165>1 2026-11-16T09:00:01.003Z host.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event");
	HAS(j, "\"fmt\":\"syslog5424\"");
	HAS(j, "\"level\":\"notice\"");
	HAS(j, "\"msg\":\"An application event\"");
	j = ev("<11>1 2026-11-16T09:00:01+01:00 - - - - -");
	HAS(j, "\"ts\":\"2026-11-16T08:00:01.000Z\"");
	HAS(j, "\"level\":\"error\"");
	/* no program: not syslog, but a line with a time all the same */
	j = ev("Nov  3 09:23:38 veridian lookup for opt failed");
	HAS(j, "\"fmt\":\"stamped\"");
	HAS(j, "\"msg\":\"veridian lookup for opt failed\"");
}

/* The order ingest --help and docs/events.md give. */
static void test_format_order_is_the_documented_one(void **state)
{
	(void)state;
	assert_string_equal(parser_names(ps), "json, cri, access, access_vhost, syslog5424, syslog, haproxy, gin, "
				"envoy, alb, cloudfront, morgan, rails, uwsgi, nginx_error, apache_error, "
				"postgresql, ruby, klog, text, levelfirst, logfmt, compose, stamped");
}

static void test_format_reads_syslog_as_servers_write_it(void **state)
{
	const char *j;

	(void)state;
	/* no host; "[prog]:"; one-space day; a priority; RFC 3339 with a host */
	j = ev("Nov 16 09:00:01 sshd[123]: Accepted publickey for deploy from 10.0.0.5 port 4 ssh2");
	HAS(j, "\"fmt\":\"syslog\"");
	HAS(j, "\"program\":\"sshd\"");
	assert_null(strstr(j, "\"host\""));
	j = ev("Nov 16 09:00:01 web1 [sshd]: Connection closed");
	HAS(j, "\"host\":\"web1\",\"program\":\"sshd\"");
	j = ev("Nov 6 09:00:01 web1 cron: job done");
	HAS(j, "\"ts\":\"2026-11-06T09:00:01.000Z\"");
	HAS(j, "\"program\":\"cron\"");
	j = ev("<27>Nov 16 09:00:01 web1 app: disk failed");
	HAS(j, "\"level\":\"error\"");
	j = ev("2026-11-16T09:00:01.123456+01:00 web1 nginx[77]: start");
	HAS(j, "\"ts\":\"2026-11-16T08:00:01.123Z\"");
	HAS(j, "\"host\":\"web1\",\"program\":\"nginx\"");
	/* syslog carrying JSON: its fields win, the envelope keeps host and program */
	j = ev("Nov 16 09:00:01 web1 api[9]: {\"level\":\"error\",\"msg\":\"db down\",\"status\":503}");
	HAS(j, "\"fmt\":\"syslog/json\"");
	HAS(j, "\"level\":\"error\",\"host\":\"web1\",\"program\":\"api\"");
	HAS(j, "\"status\":503");
}

static void test_format_unwraps_container_envelopes(void **state)
{
	const char *j;

	(void)state;
	j = ev("2026-11-20T00:01:05.1Z stderr F 2026-11-20 00:01:05,100 ERROR [main] c.e.App - boom");
	HAS(j, "\"fmt\":\"cri/text\"");
	HAS(j, "\"level\":\"error\"");
	HAS(j, "\"stream\":\"stderr\"");
	j = ev("{\"log\":\"[WARN] cache cold\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T00:01:05Z\"}");
	HAS(j, "\"level\":\"warn\"");
	HAS(j, "\"msg\":\"cache cold\"");
	/* a capitalised word opening a message is not a level */
	j = ev("2026-11-20T00:01:05.1Z stdout F Error budget is fine");
	assert_null(strstr(j, "\"level\""));
	/* "log" without "stream" is an application's message key, not Docker's */
	j = ev("{\"log\":\"ERROR: x\",\"time\":\"2026-11-20T00:01:05Z\"}");
	HAS(j, "\"msg\":\"ERROR: x\"");
	/* journald */
	j = ev("{\"__REALTIME_TIMESTAMP\":\"1763600465000000\",\"PRIORITY\":\"3\",\"MESSAGE\":\"failed\",\"_SYSTEMD_UNIT\":\"api.service\",\"SYSLOG_IDENTIFIER\":\"api\"}");
	HAS(j, "\"level\":\"error\"");
	HAS(j, "\"program\":\"api\",\"unit\":\"api.service\"");
	HAS(j, "\"ts\":\"2025-11-20T01:01:05.000Z\"");
}

static void test_format_reads_requests_of_proxies_and_frameworks(void **state)
{
	const char *j;

	(void)state;
	/* ALB: the three times add up (0.086 + 0.048 + 0.037 s); absolute URL */
	j = ev("https 2018-07-02T22:23:00.186641Z app/lb/50dc 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://www.example.com:443/a?b=1 HTTP/1.1\" \"curl/7.46.0\" ECDHE TLSv1.2 arn:x \"Root=1-5833\"");
	HAS(j, "\"path\":\"/a?b=1\"");
	HAS(j, "\"latency_ms\":171");
	HAS(j, "\"request_id\":\"Root=1-5833\"");
	/* a request not sent to a target: -1 times are no latency */
	j = ev("http 2018-07-02T22:23:00.186641Z app/lb/50dc 192.168.131.39:2817 - -1 -1 -1 503 - 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - -");
	HAS(j, "\"status\":503");
	assert_null(strstr(j, "latency_ms"));
	/* Envoy: the first X-Forwarded-For hop is the client */
	j = ev("[2016-04-15T20:17:00.310Z] \"GET /x HTTP/1.1\" 200 - 0 5 12 10 \"203.0.113.9, 10.0.0.1\" \"ua\" \"id-1\" \"svc\" \"10.0.2.1:80\"");
	HAS(j, "\"ip\":\"203.0.113.9\"");
	HAS(j, "\"upstream\":\"10.0.2.1:80\"");
	/* Gin's units */
	j = ev("[GIN] 2026/11/16 - 09:00:02 | 200 |     850ns |  10.0.0.2 | GET      \"/a\"");
	HAS(j, "\"latency_ms\":0.001");
	j = ev("[GIN] 2026/11/16 - 09:00:02 | 200 |  2.5s |  10.0.0.2 | GET      \"/a\"");
	HAS(j, "\"latency_ms\":2500");
	/* ingress-nginx: the upstream name, not the alternative's empty one */
	j = ev("10.0.0.8 - - [19/Nov/2026:10:00:02 +0000] \"POST /v1/run HTTP/1.1\" 502 150 \"-\" \"c\" 310 1.002 [gw-8080] [] 10.244.2.9:8080 150 1.001 502 9f8e7d6c5b4a39281706f5e4d3c2b1a0");
	HAS(j, "\"latency_ms\":1002");
	HAS(j, "\"upstream\":\"gw-8080\"");
	/* Traefik: "12ms" wins over the request count */
	j = ev("1.2.3.4 - - [02/Oct/2017:20:22:07 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\" 262 \"router-1\" \"http://172.19.0.3:80\" 12ms");
	HAS(j, "\"latency_ms\":12");
	HAS(j, "\"upstream\":\"router-1\"");
	/* Caddy: duration in seconds under its access logger only */
	j = ev("{\"ts\":1761019828.6,\"logger\":\"http.log.access.log0\",\"request\":{\"method\":\"GET\",\"uri\":\"/\"},\"duration\":0.25,\"status\":200}");
	HAS(j, "\"latency_ms\":250");
	j = ev("{\"ts\":1761019828.6,\"logger\":\"app\",\"duration\":250,\"status\":200}");
	HAS(j, "\"latency_ms\":250");
	/* "latency" alone is no unit anyone agrees on: not read */
	j = ev("{\"time\":\"2026-11-19T10:00:02Z\",\"latency\":1234567,\"status\":200}");
	assert_null(strstr(j, "latency_ms"));
}

static void test_format_reads_application_logs_with_levels(void **state)
{
	const char *j;

	(void)state;
	j = ev("2026-11-16 09:00:01,123 ERROR [app.db] connection failed: timeout");
	HAS(j, "\"fmt\":\"text\"");
	HAS(j, "\"ts\":\"2026-11-16T09:00:01.123Z\",\"src\"");
	HAS(j, "\"level\":\"error\",\"logger\":\"app.db\"");
	HAS(j, "\"msg\":\"connection failed: timeout\"");
	/* log4j with thread in brackets holding brackets */
	j = ev("2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200");
	HAS(j, "\"level\":\"info\",\"logger\":\"QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774\"");
	HAS(j, "\"msg\":\"Notification time out: 3200\"");
	/* RFC 3339 with zone and a dotted logger name */
	j = ev("2026-11-16T09:00:01.5+02:00 WARN com.example.Billing: card declined");
	HAS(j, "\"ts\":\"2026-11-16T07:00:01.500Z\"");
	HAS(j, "\"level\":\"warn\",\"logger\":\"com.example.Billing\"");
	/* Go zap console: tab separated */
	j = ev("2025-04-24T22:09:20.856Z\terror\tinternal/queue_sender.go:128\tExporting failed.");
	HAS(j, "\"level\":\"error\"");
	/* Laravel: [date] env.LEVEL: */
	j = ev("[2023-05-15 18:19:32] local.ERROR: Target class does not exist.");
	HAS(j, "\"level\":\"error\"");
	HAS(j, "\"msg\":\"Target class does not exist.\"");
	/* Apache 2.x error log */
	j = ev("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6");
	HAS(j, "\"ts\":\"2005-12-04T04:47:44.000Z\"");
	HAS(j, "\"level\":\"error\"");
	/* HDFS compact timestamp with pid and class */
	j = ev("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating");
	HAS(j, "\"level\":\"info\",\"logger\":\"dfs.DataNode$PacketResponder\"");
	/* a word that only starts like a level is not one: a line with a
	 * time and no level */
	j = ev("2026-11-16 09:00:01 INFORMATIONAL_STUFF happened");
	HAS(j, "\"fmt\":\"stamped\"");
	assert_null(strstr(j, "\"level\""));
}

static void test_format_finds_requests_inside_messages(void **state)
{
	const char *j = ev("nova-api.log.1 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38 113d - - -] 10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829");

	(void)state;
	HAS(j, "\"method\":\"GET\",\"path\":\"/v2/servers/detail\",\"proto\":\"HTTP/1.1\",\"status\":200,\"bytes\":1893,\"latency_ms\":247.783");
}

static void test_format_reads_uwsgi_in_both_units(void **state)
{
	const char *j;

	(void)state;
	j = ev("[pid: 88185|app: 0|req: 1/1] 127.0.0.1 () {38 vars in 696 bytes} [Sun Mar 13 22:49:12 2016] POST /update_metrics => generated 47 bytes in 129 msecs (HTTP/1.1 200) 9 headers in 378 bytes (1 switches on core 3)");
	HAS(j, "\"latency_ms\":129");
	j = ev("[pid: 88185|app: 0|req: 1/1] 127.0.0.1 () {38 vars in 696 bytes} [Sun Mar 13 22:49:12 2016] GET /x => generated 47 bytes in 1068 micros (HTTP/1.1 200) 9 headers in 378 bytes (1 switches on core 3)");
	HAS(j, "\"latency_ms\":1.068");
}

static void test_format_reads_logfmt(void **state)
{
	const char *j = ev("time=\"2013-09-06T22:00:50.123Z\" level=warn msg=\"disk almost full\" path=/var duration_ms=12");

	(void)state;
	HAS(j, "\"fmt\":\"logfmt\"");
	HAS(j, "\"level\":\"warn\"");
	HAS(j, "\"msg\":\"disk almost full\"");
	HAS(j, "\"latency_ms\":12");
	assert_string_equal(ev("just=one"), "");
}

static void test_format_survives_very_long_and_hostile_lines(void **state)
{
	size_t n = 200000;
	char *line = malloc(n + 100);

	(void)state;
	strcpy(line, "2026-11-16 09:00:01 ERROR ");
	memset(line + 26, '[', n);
	line[26 + n] = '\0';
	HAS(ev(line), "\"level\":\"error\"");
	memset(line, '"', n);
	line[n] = '\0';
	assert_string_equal(ev(line), "");
	free(line);
}

static void test_format_reads_a_custom_nginx_log_format(void **state)
{
	struct parser_opts o = { .tctx = { NULL, 0 },
				 .log_format = "$remote_addr [$time_local] \"$request\" $status $request_time $upstream_addr" };
	char err[256] = "";
	struct parser *p = parser_new(&o, err, sizeof err);
	struct event e;
	const char line[] = "10.1.1.1 [16/Nov/2026:09:00:01 +0000] \"GET /x HTTP/1.1\" 502 1.5 10.0.0.9:80";
	int fmt;

	(void)state;
	assert_non_null(p);
	fmt = parser_parse_any(p, -1, line, sizeof line - 1, &e);
	assert_string_equal(parser_name(p, fmt), "custom");
	assert_int_equal(e.status, 502);
	assert_true(e.has_latency);
	assert_true(e.latency_ms > 1499.9 && e.latency_ms < 1500.1);
	parser_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_reads_combined_with_request_time),
		cmocka_unit_test(test_format_reads_apache_vhost_combined),
		cmocka_unit_test(test_format_reads_access_edge_cases),
		cmocka_unit_test(test_format_reads_syslog_3164_and_5424),
		cmocka_unit_test(test_format_order_is_the_documented_one),
		cmocka_unit_test(test_format_reads_syslog_as_servers_write_it),
		cmocka_unit_test(test_format_unwraps_container_envelopes),
		cmocka_unit_test(test_format_reads_requests_of_proxies_and_frameworks),
		cmocka_unit_test(test_format_reads_application_logs_with_levels),
		cmocka_unit_test(test_format_finds_requests_inside_messages),
		cmocka_unit_test(test_format_reads_uwsgi_in_both_units),
		cmocka_unit_test(test_format_reads_logfmt),
		cmocka_unit_test(test_format_survives_very_long_and_hostile_lines),
		cmocka_unit_test(test_format_reads_a_custom_nginx_log_format),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
