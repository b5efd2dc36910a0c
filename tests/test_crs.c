/* test_crs: CRS SecRules read from tests/crs-fixture/ (the CRS's own
 * syntax) and matched against requests as an access log holds them. */
#include "testutil.h"

#include <stdlib.h> /* free */
#include <string.h>
#include <unistd.h> /* unlink */

#include "crs.h"
#include "crs_int.h" /* the rules' links, for their JIT code */
#include "event.h"

#define DIR "tests/crs-fixture"

static struct span sp(const char *s)
{
	return (struct span){ s, strlen(s) };
}

/* How the log recorded a request besides its line: the Host it named (or
 * NULL), and its Referer (NULL: the layout has none; "-": the request
 * sent none). */
struct request {
	const char *host, *referer;
	bool escaped; /* as an access log writes it: \xHH, \", \\ */
	const char *method; /* NULL: GET */
};

/* The tags crs gives a request, joined by spaces. */
static const char *tags_with(struct crs *c, const char *path, const char *ua,
			     struct request rq)
{
	static char out[256];
	struct event e;

	event_reset(&e);
	e.method = sp(rq.method ? rq.method : "GET");
	e.path = sp(path);
	e.proto = sp("HTTP/1.1");
	if (ua)
		e.ua = sp(ua);
	if (rq.host) {
		e.host = sp(rq.host);
		e.host_is_request = true;
	}
	if (rq.referer) {
		e.referer_logged = true;
		if (strcmp(rq.referer, "-"))
			e.referer = sp(rq.referer);
	}
	crs_apply(c, &e, rq.escaped);
	out[0] = 0;
	for (unsigned i = 0; i < e.ntags; i++) {
		strncat(out, e.tags[i].p, e.tags[i].len);
		strcat(out, " ");
	}
	return out;
}

static const char *tags_of(struct crs *c, const char *path, const char *ua)
{
	return tags_with(c, path, ua, (struct request){ NULL, NULL, false, NULL });
}

static void test_crs_translates_and_matches(void **state)
{
	char err[300];
	struct crs *c = crs_load(DIR, err, sizeof err);

	(void)state;
	if (!c)
		fail_msg("%s", err);
	assert_int_equal(crs_count(c), 12);
	/* an argument, URL-decoded and lowercased first */
	assert_string_equal(tags_of(c, "/p?id=1%20UNION%20ALL%20SELECT%201", NULL), "crs.942900 ");
	/* an argument's name is a variable too */
	assert_string_equal(tags_of(c, "/p?x%20union%20select%20y=1", NULL), "crs.942900 ");
	assert_string_equal(tags_of(c, "/p?q=labour+union+election", NULL), "");
	/* @pmFromFile, caseless; a user agent */
	assert_string_equal(tags_of(c, "/", "Mozilla/5.0 Nikto/2.1.6"), "crs.913900 ");
	assert_string_equal(tags_of(c, "/", "Mozilla/5.0 (X11; Linux x86_64)"), "");
	/* a chain: both links must match; cmdLine drops the quotes */
	assert_string_equal(tags_of(c, "/cgi-bin/x?a=1;c%27a%27t%20/etc/passwd", NULL),
			    "crs.932900 ");
	assert_string_equal(tags_of(c, "/app/x?a=1;cat%20/etc/passwd", NULL), "");
	/* multiMatch: before base64Decode ("function(") and after it */
	assert_string_equal(tags_of(c, "/p?f=function(x)", NULL), "crs.934900 ");
	assert_string_equal(tags_of(c, "/p?f=ZnVuY3Rpb24oeCk=", NULL), "crs.934900 "); /* function(x) */
	assert_string_equal(tags_of(c, "/p?f=ZnVuY3Rpb24geA==", NULL), ""); /* "function x" */
	/* an access log's escapes are undone first: \x20 is the space sent */
	assert_string_equal(tags_with(c, "/p?id=1\\x20UNION\\x20ALL\\x20SELECT\\x201", NULL,
				      (struct request){ NULL, NULL, true, NULL }), "crs.942900 ");
	assert_string_equal(tags_of(c, "/p?id=1\\x20UNION\\x20ALL\\x20SELECT\\x201", NULL), "");
	assert_string_equal(tags_with(c, "/", "Mozilla/5.0 \\\"\\x4eikto\\\"/2.1.6",
				      (struct request){ NULL, NULL, true, NULL }), "crs.913900 ");
	assert_string_equal(tags_of(c, "/", "Mozilla/5.0 \\\"\\x4eikto\\\"/2.1.6"), "");
	/* ModSecurity's transformations as it performs them: UTF-8 to %uHHHH
	 * (a full-width '<' is '<'), %uHHHH to its low byte, only five
	 * entity names */
	assert_string_equal(tags_of(c, "/p?x=%ef%bc%9cscript", NULL), "crs.941900 ");
	assert_string_equal(tags_of(c, "/p?x=%u4e3cscript", NULL), "crs.941900 ");
	assert_string_equal(tags_of(c, "/p?x=%26lt;SCRIPT", NULL), "crs.941900 ");
	assert_string_equal(tags_of(c, "/p?x=%26LT;script", NULL), "crs.941900 ");
	assert_string_equal(tags_of(c, "/p?x=%26%2360script", NULL), "crs.941900 ");
	assert_string_equal(tags_of(c, "/p?x=%26%23x13c;script", NULL), "crs.941900 ");
	assert_string_equal(tags_of(c, "/p?x=%26lang;script", NULL), "");
	/* past what strtol holds: 0xff, not the low byte (checked with it) */
	assert_string_equal(tags_of(c, "/p?x=%26%23x1000000000000000003c;script", NULL), "");
	/* U+4E3C as UTF-8 is '<' to ModSecurity too (checked with it) */
	assert_string_equal(tags_of(c, "/p?x=%e4%b8%bcscript", NULL), "crs.941900 ");
	assert_string_equal(tags_of(c, "/p?x=%e4%b8%bdscript", NULL), "");
	/* the request line as ModSecurity 3 reads it: no fragment, '^' after
	 * a newline, a rule file's \\ two characters, an excluded header */
	assert_string_equal(tags_of(c, "/p#?id=1%20UNION%20ALL%20SELECT%201", NULL), "");
	assert_string_equal(tags_of(c, "/p?id=1%20UNION%20ALL%20SELECT%201#x", NULL), "crs.942900 ");
	assert_string_equal(tags_of(c, "/p?f=x%0A../etc", NULL), "crs.930901 ");
	assert_string_equal(tags_of(c, "/p?f=..%5Cetc", NULL), "crs.930901 ");
	assert_string_equal(tags_of(c, "/p?f=x..y", NULL), "");
	assert_string_equal(tags_of(c, "/", "EvilBot/1.0"), "crs.913901 ");
	assert_string_equal(tags_with(c, "/", "curl/8", (struct request){ NULL, "http://evilbot/", false, NULL }), "");
	/* REQUEST_HEADERS holds the Host where the log names the request's */
	assert_string_equal(tags_with(c, "/", "curl/8", (struct request){ "evilbot.example", NULL, false, NULL }),
			    "crs.913901 ");
	/* jsDecode as ModSecurity's: octal escapes, \a a bell (checked with it) */
	assert_string_equal(tags_of(c, "/p?x=%5c157nload=", NULL), "crs.941901 ");
	assert_string_equal(tags_of(c, "/p?x=onlo%5c141d=", NULL), "crs.941901 ");
	assert_string_equal(tags_of(c, "/p?x=onlo%5cad=", NULL), "");
	assert_string_equal(tags_of(c, "/p?x=onl%5coad=", NULL), "crs.941901 ");
	/* remembered values give the same answer the second time */
	assert_string_equal(tags_of(c, "/p?id=1%20UNION%20ALL%20SELECT%201", NULL), "crs.942900 ");
	crs_free(c);
}

/* Links that read what the link before them found, or count a header. */
static void test_crs_follows_captures_counts_and_matched_vars(void **state)
{
	const char *fix = "/login.php?jsessionid=74B0CB414BD77D17B5680A6386EF1666";
	char err[300];
	struct crs *c = crs_load(DIR, err, sizeof err);
	struct request local = { "localhost", "http://localhost/test", false, NULL };
	struct request away = { "localhost", "http://www.attackersite.com/test", false, NULL };

	(void)state;
	if (!c)
		fail_msg("%s", err);
	/* the Referer's host (TX:1 of its capture) is not the request's Host */
	assert_string_equal(tags_with(c, fix, NULL, away), "crs.943910 ");
	assert_string_equal(tags_with(c, fix, NULL, local), "");
	away.host = "www.attackersite.com";
	assert_string_equal(tags_with(c, fix, NULL, away), "");
	/* without the Host the comparison cannot be made: no tag */
	away.host = NULL;
	assert_string_equal(tags_with(c, fix, NULL, away), "");
	assert_string_equal(tags_with(c, "/login.php?x=1", NULL, (struct request){ "localhost",
				      "http://www.attackersite.com/", false, NULL }), "");
	/* no Referer: a log that says "-", not one that never logs it */
	assert_string_equal(tags_with(c, fix, NULL, (struct request){ NULL, "-", false, NULL }), "crs.943920 ");
	assert_string_equal(tags_with(c, fix, NULL, (struct request){ NULL, NULL, false, NULL }), "");
	/* MATCHED_VARS: the same argument must hold both words */
	assert_string_equal(tags_of(c, "/s?a=Runtime.exec(java.lang)", NULL), "crs.944920 ");
	assert_string_equal(tags_of(c, "/s?a=runtime&b=java.lang", NULL), "");
	crs_free(c);
}

static void test_crs_lists_what_it_skips(void **state)
{
	char err[300];
	struct crs *c = crs_load(DIR, err, sizeof err);
	const char *id, *why;
	char all[600] = "";

	(void)state;
	assert_non_null(c);
	for (size_t i = 0; i < crs_nskipped(c); i++) {
		crs_skipped(c, i, &id, &why);
		strcat(all, id);
		strcat(all, ": ");
		strcat(all, why);
		strcat(all, "\n");
	}
	assert_string_equal(all, "942901: variables a log does not hold: REQUEST_COOKIES\n"
				 "942902: operator @detectSQLi\n"
				 "942903: not at paranoia level 1\n"
				 "943930: variables a log does not hold: TX:1\n"
				 "943940: operator @rx 0 on a count\n");
	crs_free(c);
	assert_null(crs_load("/nonexistent", err, sizeof err));
	assert_non_null(strstr(err, "modsecurity-crs"));
}

/* The CRS with the site's exclusions of text, read from a file included
 * before the rules, or after them. */
static struct crs *excluding_at(const char *text, bool after)
{
	char err[300], *path = tu_tempfile(text, strlen(text));
	struct crs *c = crs_load(DIR, err, sizeof err);

	if (!c || crs_exclude(c, path, after, err, sizeof err))
		fail_msg("%s", err);
	unlink(path);
	free(path);
	return c;
}

static struct crs *excluding(const char *text)
{
	return excluding_at(text, false);
}

#define UNION "=1%20UNION%20SELECT%201"

/* Exclusions as ModSecurity 3 applies them (tests/crs-reference.sh holds
 * ingest --crs to it on tests/security/crs/site-*.conf): whole rules, one
 * target of them, on a condition the request meets or always. */
static void test_crs_applies_the_sites_exclusions(void **state)
{
	struct crs *c;
	size_t unapplied;

	(void)state;
	c = excluding("SecRuleRemoveById 942900 913901-913999\n");
	assert_string_equal(tags_of(c, "/p?id" UNION, NULL), "");
	assert_string_equal(tags_of(c, "/p?x=<script", "EvilBot/1"), "crs.941900 ");
	assert_int_equal(crs_exclusions(c, &unapplied), 1);
	assert_int_equal(unapplied, 0);
	crs_free(c);

	c = excluding("SecRuleRemoveByTag attack-xss\n");
	assert_string_equal(tags_of(c, "/p?x=<script&y=x%20onload=", NULL), "");
	assert_string_equal(tags_of(c, "/p?id" UNION, NULL), "crs.942900 ");
	crs_free(c);

	/* one argument left out, by its name as written; the others still read */
	c = excluding("SecRuleUpdateTargetById 942900 \"!ARGS:q\"\n");
	assert_string_equal(tags_of(c, "/p?q" UNION, NULL), "");
	assert_string_equal(tags_of(c, "/p?r" UNION, NULL), "crs.942900 ");
	assert_string_equal(tags_of(c, "/p?Q" UNION, NULL), "crs.942900 ");
	assert_string_equal(tags_of(c, "/p?q" UNION "&r" UNION, NULL), "crs.942900 ");
	crs_free(c);

	/* on a condition: the file name begins with /search (the value's
	 * start, not a line's: a %0a does not make one) */
	c = excluding("SecRule REQUEST_FILENAME \"@beginsWith /search\" \\\n"
		      "    \"id:1,phase:1,pass,nolog,ctl:ruleRemoveTargetByTag=attack-sqli;ARGS:q\"\n");
	assert_string_equal(tags_of(c, "/search?q" UNION, NULL), "");
	assert_string_equal(tags_of(c, "/other?q" UNION, NULL), "crs.942900 ");
	assert_string_equal(tags_of(c, "/x%0a/search?q" UNION, NULL), "crs.942900 ");
	crs_free(c);

	/* on the Host the log names */
	c = excluding("SecRule REQUEST_HEADERS:Host \"@streq admin.example\" \"id:10,phase:1,pass,ctl:ruleRemoveById=941900\"\n");
	assert_string_equal(tags_with(c, "/p?x=<script", NULL, (struct request){ "admin.example", NULL, false, NULL }), "");
	assert_string_equal(tags_with(c, "/p?x=<script", NULL, (struct request){ "www.example", NULL, false, NULL }),
			    "crs.941900 ");
	crs_free(c);

	/* a chain whose last rule holds the action; the method is read for it */
	c = excluding("SecRule REQUEST_FILENAME \"@streq /admin\" \"id:2,phase:1,pass,chain\"\n"
		      "  SecRule REQUEST_METHOD \"@streq POST\" \"t:none,ctl:ruleRemoveById=941900\"\n");
	assert_string_equal(tags_with(c, "/admin?x=<script", NULL,
				      (struct request){ NULL, NULL, false, "POST" }), "");
	assert_string_equal(tags_of(c, "/admin?x=<script", NULL), "crs.941900 ");
	crs_free(c);

	/* a count of an argument (&ARGS:name, its name in any case, as the
	 * rules read it) */
	c = excluding("SecRule &ARGS:id \"@eq 1\" \"id:7,phase:1,pass,ctl:ruleRemoveById=942900\"\n");
	assert_string_equal(tags_of(c, "/p?id" UNION, NULL), "");
	assert_string_equal(tags_of(c, "/p?ID" UNION, NULL), "");
	assert_string_equal(tags_of(c, "/p?id" UNION "&id=2", NULL), "crs.942900 ");
	assert_string_equal(tags_of(c, "/p?x" UNION, NULL), "crs.942900 ");
	crs_free(c);

	/* after the rules, a ctl: reaches the later phases' rules only */
	c = excluding_at("SecRule ARGS:a \"@streq 1\" \"id:8,phase:1,pass,ctl:ruleRemoveById=913900\"\n"
			 "SecRule ARGS:a \"@streq 1\" \"id:9,phase:1,pass,ctl:ruleRemoveById=942900\"\n",
			 true);
	assert_string_equal(tags_of(c, "/p?a=1&id" UNION, "Nikto/2"), "crs.913900 ");
	crs_free(c);
	c = excluding("SecRule ARGS:a \"@streq 1\" \"id:8,phase:1,pass,ctl:ruleRemoveById=913900\"\n");
	assert_string_equal(tags_of(c, "/p?a=1&id" UNION, "Nikto/2"), "crs.942900 ");
	crs_free(c);

	/* the engine off: the rules of later phases only */
	c = excluding("SecRule ARGS:debug \"@streq 1\" \"id:3,phase:1,pass,ctl:ruleEngine=Off\"\n");
	assert_string_equal(tags_of(c, "/p?debug=1&id" UNION, "Nikto/2"), "crs.913900 ");
	assert_string_equal(tags_of(c, "/p?debug=2&id" UNION, "Nikto/2"), "crs.942900 crs.913900 ");
	crs_free(c);
}

/* What an exclusion file holds that logsift cannot apply is listed, by
 * file and line, and counted; the rest is applied. */
static void test_crs_lists_the_exclusions_it_cannot_apply(void **state)
{
	struct crs *c = excluding("# comment\n"
				  "SecRuleRemoveByMsg \"SQL\"\n"
				  "SecRule REMOTE_ADDR \"@ipMatch 10.0.0.0/8\" \"id:4,ctl:ruleEngine=Off\"\n"
				  "SecRule REQUEST_URI \"@rx ^/x\" \"id:5,ctl:ruleRemoveTargetById=942900-942999;ARGS:q\"\n"
				  "SecRuleUpdateTargetById 942900 \"ARGS:extra\"\n"
				  "SecRule REQUEST_URI \"@rx ^/x\" \"id:6,setvar:tx.a=1\"\n"
				  "SecRuleUpdateActionById 942900 \"t:none,t:lowercase\"\n"
				  "SecRuleUpdateActionById 949110 \"t:none,redirect:'http://x/'\"\n"
				  "SecRuleUpdateActionById 942900 \"nolog,redirect:'http://x/'\"\n"
				  "SecRuleRemoveById 942900\n");
	size_t unapplied, n = crs_nskipped(c);
	const char *id, *why;

	(void)state;
	/* the last three: a rule's transformations changed; a rule not
	 * loaded, and actions that change what a match does: nothing */
	assert_int_equal(crs_exclusions(c, &unapplied), 3);
	assert_int_equal(unapplied, 6);
	crs_skipped(c, n - 1, &id, &why);
	assert_non_null(strstr(why, "transformations"));
	n--;
	crs_skipped(c, n - 5, &id, &why);
	assert_non_null(strstr(id, ":2"));
	assert_string_equal(why, "exclusion not applied: SecRuleRemoveByMsg");
	crs_skipped(c, n - 4, &id, &why);
	assert_non_null(strstr(id, ":3"));
	assert_non_null(strstr(why, "REMOTE_ADDR"));
	crs_skipped(c, n - 3, &id, &why);
	assert_non_null(strstr(why, "one id"));
	crs_skipped(c, n - 2, &id, &why);
	assert_non_null(strstr(why, "target added"));
	crs_skipped(c, n - 1, &id, &why);
	assert_non_null(strstr(why, "no ctl"));
	assert_string_equal(tags_of(c, "/p?id" UNION, NULL), "");
	crs_free(c);
	{
		char err[300];

		c = crs_load(DIR, err, sizeof err);
		assert_int_equal(crs_exclude(c, "/nonexistent/exclusions.conf", false, err, sizeof err), -1);
		assert_non_null(strstr(err, "/nonexistent/exclusions.conf"));
		crs_free(c);
	}
}

/* The link of the rule tagged tag: its first. */
static struct link *link_of(struct crs *c, const char *tag)
{
	for (size_t r = 0; r < c->n; r++)
		if (!strcmp(c->rules[r].tag, tag))
			return &c->rules[r].links[0];
	fail_msg("no rule %s", tag);
	return NULL;
}

/* A pattern's JIT code is made when it first runs, not when the rules
 * load: a request the tests before PCRE2 pass over leaves it unmade. */
static void test_crs_compiles_a_pattern_when_it_first_runs(void **state)
{
	char err[300];
	struct crs *c = crs_load(DIR, err, sizeof err);
	struct link *l;
	size_t size = 1;
	uint32_t jit = 0;

	(void)state;
	if (!c)
		fail_msg("%s", err);
	l = link_of(c, "crs.942900");
	assert_int_equal(l->jit, 0);
	assert_int_equal(pcre2_pattern_info(l->re, PCRE2_INFO_JITSIZE, &size), 0);
	assert_int_equal(size, 0);
	assert_string_equal(tags_of(c, "/p?id=1", NULL), ""); /* no "union": not run */
	assert_int_equal(l->jit, 0);
	assert_string_equal(tags_of(c, "/p?id=1%20UNION%20ALL%20SELECT%201", NULL), "crs.942900 ");
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	assert_int_equal(l->jit, jit ? 1 : -1);
	pcre2_pattern_info(l->re, PCRE2_INFO_JITSIZE, &size);
	assert_true(jit ? size > 0 : size == 0);
	/* and matches as before once made */
	assert_string_equal(tags_of(c, "/p?id=2%20union%20select%201", NULL), "crs.942900 ");
	assert_string_equal(tags_of(c, "/p?id=union%20of%20sets", NULL), "");
	crs_free(c);
}

/* A JSON log's request may name no protocol (nor method): its empty
 * fields are read as empty, the request line without them (UBSan, in the
 * sanitized run, holds the empty spans' NULL away from memcpy). */
static void test_crs_reads_a_request_without_protocol(void **state)
{
	char err[300];
	struct crs *c = crs_load(DIR, err, sizeof err);
	struct event e;

	(void)state;
	if (!c)
		fail_msg("%s", err);
	/* with one, the request line is read as before */
	assert_string_equal(tags_of(c, "/etc/passwd", NULL), "crs.930902 ");
	for (int k = 0; k < 2; k++) { /* the second time from the around cache */
		event_reset(&e);
		e.method = sp("GET");
		e.path = sp("/etc/passwd");
		crs_apply(c, &e, false);
		assert_int_equal(e.ntags, 1);
		assert_memory_equal(e.tags[0].p, "crs.930902", 10);
		event_reset(&e);
		e.path = sp("/p?id=2%20union%20select%201");
		crs_apply(c, &e, false);
		assert_int_equal(e.ntags, 1);
		assert_memory_equal(e.tags[0].p, "crs.942900", 10);
	}
	crs_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crs_translates_and_matches),
		cmocka_unit_test(test_crs_follows_captures_counts_and_matched_vars),
		cmocka_unit_test(test_crs_lists_what_it_skips),
		cmocka_unit_test(test_crs_applies_the_sites_exclusions),
		cmocka_unit_test(test_crs_lists_the_exclusions_it_cannot_apply),
		cmocka_unit_test(test_crs_compiles_a_pattern_when_it_first_runs),
		cmocka_unit_test(test_crs_reads_a_request_without_protocol),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
