/* test_agg: the one set of definitions (request, error, rate limit, failed
 * login, security event) and what agg_event counts where. */
#include "testutil.h"

#include <string.h>

#include "../analyze/agg.h"
#include "event.h"
#include "summary.h"
#include "topk.h"

static struct span sp(const char *s)
{
	return (struct span){ s, strlen(s) };
}

static void test_agg_error_has_one_definition(void **state)
{
	struct event e;

	(void)state;
	event_reset(&e);
	e.level = LEVEL_WARN;
	assert_false(agg_is_error(&e));
	e.level = LEVEL_ERROR;
	assert_true(agg_is_error(&e));
	e.level = LEVEL_CRITICAL;
	assert_true(agg_is_error(&e));
	event_reset(&e);
	e.status = 499;
	assert_false(agg_is_error(&e));
	assert_true(agg_is_request(&e));
	e.status = 500;
	assert_true(agg_is_error(&e));
	event_reset(&e);
	e.app_status = sp("ERROR");
	assert_true(agg_is_error(&e));
	assert_false(agg_is_request(&e));
	e.app_status = sp("errors");
	assert_false(agg_is_error(&e));
	event_reset(&e);
	e.has_latency = true;
	assert_true(agg_is_request(&e));
}

static void test_agg_recognises_rate_limits_and_failed_logins(void **state)
{
	struct event e;

	(void)state;
	event_reset(&e);
	e.status = 429;
	assert_true(agg_is_rate_limited(&e));
	event_reset(&e);
	e.msg = sp("Rate Limit exceeded for key abc");
	assert_true(agg_is_rate_limited(&e));
	e.msg = sp("rate of 5 limit");
	assert_false(agg_is_rate_limited(&e));

	event_reset(&e);
	e.status = 401;
	assert_true(agg_is_auth_failure(&e));
	e.status = 403; /* forbidden is not a failed login */
	assert_false(agg_is_auth_failure(&e));
	e.msg = sp("Failed password for invalid user admin from 203.0.113.50 port 22 ssh2");
	assert_true(agg_is_auth_failure(&e));
	e.msg = sp("pam_unix(sshd:auth): authentication failure; rhost=203.0.113.50");
	assert_true(agg_is_auth_failure(&e));
	e.msg = sp("user login: Authentication Failed");
	assert_true(agg_is_auth_failure(&e));
	e.msg = sp("Accepted publickey for deploy");
	assert_false(agg_is_auth_failure(&e));
}

static void test_agg_names_security_rules(void **state)
{
	struct event e;
	struct buf rule;

	(void)state;
	buf_init(&rule, 0);
	event_reset(&e);
	e.msg = sp("user logged in");
	assert_false(agg_security_rule(&e, &rule));
	e.logger = sp("ai_diy.security");
	e.app_event = sp("path_traversal_attempt");
	assert_true(agg_security_rule(&e, &rule));
	assert_string_equal(rule.p, "app:path_traversal_attempt");
	event_reset(&e);
	e.logger = sp("shop.security");
	assert_true(agg_security_rule(&e, &rule));
	assert_string_equal(rule.p, "app:security_event");
	/* message words are the rules' business: an untagged message is not one */
	event_reset(&e);
	e.msg = sp("SECURITY_AUDIT role change");
	assert_false(agg_security_rule(&e, &rule));
	e.tags[0] = sp("app.security_audit");
	e.ntags = 1;
	assert_true(agg_security_rule(&e, &rule));
	assert_string_equal(rule.p, "app.security_audit");
	/* PII tags are privacy findings, not attacks */
	event_reset(&e);
	e.tags[0] = sp("pii.email");
	e.tags[1] = sp("sqli");
	e.ntags = 2;
	assert_true(agg_security_rule(&e, &rule));
	assert_string_equal(rule.p, "sqli");
	e.ntags = 1;
	assert_false(agg_security_rule(&e, &rule));
	buf_release(&rule);
}

static void test_agg_counts_an_access_log_request(void **state)
{
	struct summary s;
	struct agg a;
	struct event e;
	struct bucket *b;
	size_t slots[4];

	(void)state;
	summary_init(&s);
	agg_init(&a, &s);
	event_reset(&e);
	e.has_ts = true;
	e.ts_ms = 1794700800000LL + 5400000; /* 01:30 */
	e.level = LEVEL_ERROR;
	e.status = 502;
	e.method = sp("POST");
	e.path = sp("/api/orders/8812?x=1");
	e.has_latency = true;
	e.latency_ms = 6200;
	e.ip = sp("2001:db8::1");
	e.src = sp("access.log");
	e.line = 7;
	agg_event(&a, &e);
	assert_int_equal(s.nhours, 1);
	b = &s.hours[0];
	assert_true(b->start_ms == 1794700800000LL + 3600000);
	assert_int_equal(b->requests, 1);
	assert_int_equal(b->errors, 1);
	assert_int_equal(b->error_lines, 1);
	assert_int_equal(b->status[5], 1);
	assert_int_equal(b->slow, 1);
	assert_int_equal(s.status_codes[502], 1);
	assert_int_equal(topk_sorted(s.endpoints, slots, 4), 1);
	assert_string_equal(topk_entry(s.endpoints, slots[0])->key, "POST /api/orders/:id");
	assert_int_equal(topk_sorted(s.errors, slots, 4), 1);
	assert_string_equal(topk_entry(s.errors, slots[0])->key, "HTTP 502 POST /api/orders/:id");
	assert_int_equal(s.nslow, 1);
	assert_string_equal(s.slow[0].path, "/api/orders/8812?x=1");
	assert_int_equal(s.slow[0].line, 7);
	agg_release(&a);
	summary_release(&s);
}

/* One refused request written twice (the app's audit line, the 429 access
 * line) counts once: an hour's rate limits are its larger kind. */
static void test_agg_counts_a_rate_limit_once(void **state)
{
	struct summary s;
	struct agg a;
	struct event e;

	(void)state;
	summary_init(&s);
	agg_init(&a, &s);
	for (int i = 0; i < 5; i++) {
		event_reset(&e);
		e.has_ts = true;
		e.ts_ms = 1794700800000LL + i * 1000;
		e.app_event = sp("rate_limit_exceeded");
		agg_event(&a, &e);
		e.app_event = (struct span){ NULL, 0 };
		e.status = 429;
		agg_event(&a, &e);
	}
	e.status = 429; /* one 429 the app did not write about */
	agg_event(&a, &e);
	assert_int_equal(s.nhours, 1);
	assert_int_equal(s.hours[0].rl_responses, 6);
	assert_int_equal(s.hours[0].rl_events, 5);
	assert_int_equal(s.hours[0].rate_limited, 6);
	/* the next hour: app lines only */
	event_reset(&e);
	e.has_ts = true;
	e.ts_ms = 1794700800000LL + 3600000;
	e.msg = sp("rate limit exceeded for 203.0.113.9");
	agg_event(&a, &e);
	assert_int_equal(s.hours[1].rate_limited, 1);
	agg_release(&a);
	summary_release(&s);
}

static void test_agg_counts_pii_by_kind_without_samples(void **state)
{
	struct summary s;
	struct agg a;
	struct event e;
	struct buf doc;
	size_t slots[4];

	(void)state;
	summary_init(&s);
	agg_init(&a, &s);
	event_reset(&e);
	e.msg = sp("contact alice@example.org");
	e.ip = sp("192.0.2.7");
	e.tags[0] = sp("pii.email");
	e.tags[1] = sp("pii.phone");
	e.ntags = 2;
	agg_event(&a, &e);
	agg_event(&a, &e);
	assert_int_equal(s.undated.pii, 2);
	assert_int_equal(s.undated.security, 0);
	assert_int_equal(topk_sorted(s.pii, slots, 4), 2);
	assert_int_equal(topk_entry(s.pii, slots[0])->count, 2);
	buf_init(&doc, 0);
	summary_encode(&s, &doc);
	assert_non_null(strstr(doc.p, "\"privacy\":{\"kinds\":"));
	assert_null(strstr(doc.p, "alice@example.org"));
	buf_release(&doc);
	agg_release(&a);
	summary_release(&s);
}

static void test_agg_reads_source_records(void **state)
{
	static const char rec[] = "{\"v\":1,\"type\":\"source\",\"src\":\"a.log\",\"fmt\":\"text\","
				  "\"lines\":12,\"events\":9,\"continuation\":1,\"unparsed\":2,"
				  "\"unparsed_lines\":[4, 11],\"filtered\":0,\"bytes\":300,"
				  "\"truncated\":0,\"dropped_bytes\":0,\"gzip\":true}";
	struct summary s;
	struct agg a;

	(void)state;
	summary_init(&s);
	agg_init(&a, &s);
	assert_int_equal(agg_source(&a, rec, sizeof rec - 1), 0);
	assert_int_equal(s.nsources, 1);
	assert_string_equal(s.sources[0].src, "a.log");
	assert_int_equal(s.sources[0].lines, 12);
	assert_int_equal(s.sources[0].unparsed_at[1], 11);
	assert_true(s.sources[0].gzip);
	assert_int_equal(agg_source(&a, "{\"v\":1,\"type\":\"source\",\"lines\":-1}", 34), -1);
	assert_int_equal(agg_source(&a, "{\"v\":1,\"type\":\"source\",\"unparsed_lines\":[1,,2]}", 47), -1);
	agg_release(&a);
	summary_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agg_error_has_one_definition),
		cmocka_unit_test(test_agg_recognises_rate_limits_and_failed_logins),
		cmocka_unit_test(test_agg_names_security_rules),
		cmocka_unit_test(test_agg_counts_an_access_log_request),
		cmocka_unit_test(test_agg_counts_a_rate_limit_once),
		cmocka_unit_test(test_agg_counts_pii_by_kind_without_samples),
		cmocka_unit_test(test_agg_reads_source_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
