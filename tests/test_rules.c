/* test_rules: the rule file format and its errors, the decoding that
 * defeats encodings, the Luhn check, tagging and --redact. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "rules_int.h" /* the scan's choice, for the comparison */
#include "buf.h"
#include "event.h"

static const char *dec(struct buf *b, const char *s, bool target)
{
	buf_reset(b);
	rules_decode(s, strlen(s), target, b);
	return b->p;
}

static void test_rules_decode_undoes_encodings(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_string_equal(dec(&b, "/A%2E%2e%2FB", true), "/a../b");
	assert_string_equal(dec(&b, "%252e%252e%252f", true), "../");      /* double */
	assert_string_equal(dec(&b, "%25252e", true), ".");                 /* triple */
	assert_string_equal(dec(&b, "q=union+select", true), "q=union select");
	assert_string_equal(dec(&b, "a+b", false), "a+b");                  /* + only in targets */
	assert_string_equal(dec(&b, "%2B", true), "+");                     /* encoded plus stays */
	assert_string_equal(dec(&b, "&lt;script&gt;", false), "<script>");
	assert_string_equal(dec(&b, "&#60;&#x73;cript", false), "<script");
	assert_string_equal(dec(&b, "%u002e%u002E/", true), "../");
	assert_string_equal(dec(&b, "a%00b", true), "ab");                  /* NULs dropped */
	assert_string_equal(dec(&b, "100%", true), "100%");                 /* not an escape */
	assert_string_equal(dec(&b, "&unknown; &amp", false), "&unknown; &amp");
	buf_release(&b);
}

static void test_rules_luhn(void **state)
{
	(void)state;
	assert_true(rules_luhn("4111111111111111", 16));
	assert_true(rules_luhn("4111 1111 1111 1111", 19));
	assert_true(rules_luhn("5500-0000-0000-0004", 19));
	assert_false(rules_luhn("4111111111111112", 16));
	assert_false(rules_luhn("411111111111", 12)); /* too short */
}

static void test_rules_file_errors_name_the_line(void **state)
{
	static const char *bad[] = {
		"x.a cat high target\n",                           /* no pattern */
		"x.a cat high nowhere - abc\n",                    /* bad field */
		"x.a cat high target+crc - abc\n",                 /* bad check */
		"x.a cat high target #0 abc\n",                    /* bad NEED */
		"x.a cat high target - (unclosed\n",               /* bad pattern */
	};
	char err[300];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct rules *r = rules_new(true);
		char text[200];

		snprintf(text, sizeof text, "# comment\n\n%s", bad[i]);
		err[0] = 0;
		assert_int_equal(rules_parse(r, "my.rules", text, strlen(text), err, sizeof err), -1);
		if (!strstr(err, "my.rules:3:"))
			fail_msg("case %zu: %s", i, err);
		rules_free(r);
	}
}

static bool has_tag(const struct event *e, const char *id)
{
	for (unsigned i = 0; i < e->ntags; i++)
		if (e->tags[i].len == strlen(id) && !memcmp(e->tags[i].p, id, e->tags[i].len))
			return true;
	return false;
}

static void test_rules_tag_events_and_replace_by_id(void **state)
{
	static const char mine[] = "custom.word app low msg,target secretword \\bsecretword\\b\n"
				   "sqli.union sqli high target - ^never$\n";
	struct rules *r = rules_new(false);
	struct event e;
	char err[300];

	(void)state;
	assert_true(rules_count(r) > 20);
	event_reset(&e);
	e.path = (struct span){ "/x?q=1%2527%2520UnIoN%2F**%2FSeLeCt%201", 39 };
	rules_apply(r, &e, "", 0);
	assert_true(has_tag(&e, "sqli.union"));      /* double-encoded, comment as space */
	assert_true(has_tag(&e, "sqli.comment"));
	/* a later rule with the same id replaces the default */
	assert_int_equal(rules_parse(r, "mine", mine, sizeof mine - 1, err, sizeof err), 0);
	event_reset(&e);
	e.path = (struct span){ "/x?q=1%2527%2520UnIoN%2F**%2FSeLeCt%201", 39 };
	e.msg = (struct span){ "the SecretWord is out", 21 };
	rules_apply(r, &e, "", 0);
	assert_true(has_tag(&e, "custom.word"));
	assert_false(has_tag(&e, "sqli.union"));     /* replaced: ^never$ */
	rules_free(r);

	/* without the defaults nothing is tagged */
	r = rules_new(true);
	assert_int_equal(rules_count(r), 0);
	event_reset(&e);
	e.path = (struct span){ "/etc/passwd", 11 };
	rules_apply(r, &e, "", 0);
	assert_int_equal(e.ntags, 0);
	rules_free(r);
}

static void test_rules_redact_masks_with_linkable_hashes(void **state)
{
	struct rules *r = rules_new(false);
	struct buf out, again;
	const char *text = "mail Alice@Example.org, card 4111 1111 1111 1111, not 4111 1111 1111 1112, "
			   "again alice@example.org key AKIAABCDEFGHIJKLMNOP";

	(void)state;
	buf_init(&out, 0);
	buf_init(&again, 0);
	assert_true(rules_redact(r, text, strlen(text), &out));
	assert_null(strstr(out.p, "lice@"));
	assert_null(strstr(out.p, "4111 1111 1111 1111,"));
	assert_non_null(strstr(out.p, "4111 1111 1111 1112")); /* fails Luhn: kept */
	assert_null(strstr(out.p, "AKIAABCD"));
	assert_non_null(strstr(out.p, "[pii.email:"));
	assert_non_null(strstr(out.p, "[pii.card:"));
	assert_non_null(strstr(out.p, "[secret.aws_key:"));
	/* equal values (case aside) get the same hash */
	{
		const char *a = strstr(out.p, "[pii.email:"), *b = strstr(a + 1, "[pii.email:");
		assert_non_null(b);
		assert_memory_equal(a, b, 18);
	}
	/* nothing to mask: the text unchanged */
	assert_false(rules_redact(r, "plain text", 10, &again));
	assert_string_equal(again.p, "plain text");
	buf_release(&out);
	buf_release(&again);
	rules_free(r);
}

/* The lowercasing sixteen and eight bytes a step: every byte value at
 * every offset of texts of every length to 40, beside capitals and NULs,
 * against the byte-by-byte rule. */
static void test_rules_decode_lowercases_every_byte(void **state)
{
	static const char filler[] = "AbCdEfGhIjKlMnOpQrStUvWxYz@[`{";
	struct buf got, want;
	char in[40];

	(void)state;
	buf_init(&got, 0);
	buf_init(&want, 0);
	for (size_t len = 1; len <= sizeof in; len++)
	for (int v = 0; v < 256; v++) {
		if (v == '%' || v == '&' || v == '+')
			continue; /* those start the other decodings */
		for (size_t at = 0; at < len; at++)
			for (int nul = 0; nul < 2; nul++) {
				for (size_t i = 0; i < len; i++)
					in[i] = filler[i % (sizeof filler - 1)];
				in[at] = (char)v;
				if (nul)
					in[(at + 5) % len] = '\0';
				buf_reset(&got);
				rules_decode(in, len, true, &got);
				buf_reset(&want);
				for (size_t i = 0; i < len; i++)
					if (in[i])
						buf_addc(&want, in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] + 32) : in[i]);
				assert_int_equal(got.len, want.len);
				assert_memory_equal(got.p, want.p, got.len);
			}
	}
	buf_release(&got);
	buf_release(&want);
}

/* The NEED scans read sixteen bytes a step: a one-byte word or a digit is
 * seen at every place of texts of every length, and nothing past a
 * text's end counts (the longer text before it left its bytes in the
 * rules' buffer).  With more than sixteen one-byte words a field is
 * scanned a byte at a time, with the same results. */
static void test_rules_need_scans_see_every_place(void **state)
{
	static const char mine[] = "t.one x low msg @ @\n"
				   "t.dig x low msg #5 [0-9].*[0-9].*[0-9].*[0-9].*[0-9]\n";
	static const char many[] = "t.many x low msg a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,% %\n";
	char err[300], text[48];

	(void)state;
	for (int round = 0; round < 2; round++) {
		struct rules *r = rules_new(true);
		const char *one = round ? "t.many" : "t.one";
		char mark = round ? '%' : '@';

		assert_int_equal(rules_parse(r, "mine", mine, sizeof mine - 1, err, sizeof err), 0);
		if (round)
			assert_int_equal(rules_parse(r, "many", many, sizeof many - 1, err, sizeof err), 0);
		for (size_t len = 1; len <= 40; len++)
			for (size_t at = 0; at < len; at++) {
				struct event e;

				/* the word at `at`, then a longer text's leftovers past the end */
				memset(text, 'x', sizeof text);
				text[at] = mark;
				event_reset(&e);
				e.msg = (struct span){ text, len };
				rules_apply(r, &e, "", 0);
				assert_true(has_tag(&e, one));
				memset(text, 'x', sizeof text);
				text[len] = mark;
				for (size_t d = 0; d < 5; d++)
					text[len + 1 + d] = (char)('1' + d);
				event_reset(&e);
				e.msg = (struct span){ text, sizeof text };
				rules_apply(r, &e, "", 0);
				event_reset(&e);
				e.msg = (struct span){ text, len };
				rules_apply(r, &e, "", 0);
				assert_false(has_tag(&e, one));
				assert_false(has_tag(&e, "t.dig"));
				/* five digits from `at` on, where they fit; four do not do */
				if (at + 5 <= len) {
					memset(text, 'x', sizeof text);
					memcpy(text + at, "12345", 5);
					event_reset(&e);
					e.msg = (struct span){ text, len };
					rules_apply(r, &e, "", 0);
					assert_true(has_tag(&e, "t.dig"));
					text[at + 2] = 'x';
					event_reset(&e);
					e.msg = (struct span){ text, len };
					rules_apply(r, &e, "", 0);
					assert_false(has_tag(&e, "t.dig"));
				}
			}
		rules_free(r);
	}
}

/* The tags of an event whose every field holds text, as one string. */
static void tags_of(struct rules *r, const char *text, size_t n, char *out, size_t cap)
{
	struct event e;
	size_t k = 0;

	event_reset(&e);
	e.path = e.ua = e.referer = e.msg = (struct span){ text, n };
	e.status = 404;
	rules_apply(r, &e, text, n);
	out[0] = '\0';
	for (size_t i = 0; i < e.ntags && k + 64 < cap; i++)
		k += (size_t)snprintf(out + k, cap - k, "%.*s,", (int)e.tags[i].len, e.tags[i].p);
}

/* Texts made of the pieces, cut and joined at random, at every length to
 * 120: tagged by rules set up by make_rules, with the AVX2 scan and byte
 * by byte, alike. */
static void compare_scans(struct rules *(*make_rules)(void), const char *const *pieces,
			  size_t npieces)
{
	struct rules *fast = make_rules(), *slow = make_rules();
	unsigned seed = 3;
	char text[200], a[2048], b[2048];

	slow->avx2 = false; /* the definition */
	for (size_t n = 0; n <= 120; n++)
		for (int rep = 0; rep < 60; rep++) {
			size_t k = 0;

			while (k < n) {
				const char *pc = pieces[(unsigned)rand_r(&seed) % npieces];
				size_t l = strlen(pc), from = (unsigned)rand_r(&seed) % 3 == 0 ? (unsigned)rand_r(&seed) % l : 0;

				for (size_t i = from; i < l && k < n; i++)
					text[k++] = pc[i];
			}
			tags_of(fast, text, n, a, sizeof a);
			tags_of(slow, text, n, b, sizeof b);
			if (strcmp(a, b))
				fail_msg("\"%.*s\": tagged %s, byte by byte %s", (int)n, text, a, b);
		}
	rules_free(fast);
	rules_free(slow);
}

static struct rules *default_rules(void)
{
	return rules_new(false);
}

/* Words of two and three bytes whose match is the word itself: a place
 * the scan misses, even the last, changes the tags.  '!' and 'a' share
 * their low six bits, as the bigram set reads bytes. */
static struct rules *short_word_rules(void)
{
	static const char shorts[] = "t.ab x low msg ab ab\n"
				     "t.q9 x low msg q9 q9\n"
				     "t.lt x low msg <s <s\n"
				     "t.bang x low msg !a !a\n"
				     "t.hi x low msg \\x80\\x81 \\x80\\x81\n"
				     "t.ksk x low msg ksk ksk\n";
	struct rules *r = rules_new(true);
	char err[300];

	assert_int_equal(rules_parse(r, "shorts", shorts, sizeof shorts - 1, err, sizeof err), 0);
	return r;
}

/* The NEED scan thirty-two places a step (AVX2, where the CPU has it)
 * marks what the byte-at-a-time scan marks: the default rules on their
 * words, their neighbours and noise; short words at every place. */
static void test_rules_need_scan_avx2_is_the_bytewise_scan(void **state)
{
	static const char *const words[] = {
		"union", "select", "<script", "../", "etc/passwd", "akia", "bearer ", "eyj", "${jndi:",
		"sk_live_", "xox", "wp-login", "password=", "%27", "' or ", "1=1", "/api/", "eval(",
		"4111111111111111", "@", "a", "s", "e", "k", "x", " ", "/", "=", "\x80", "\xff", "\t",
		"0123", "Union", "SELECT", "..", "%2e", "cmd.exe", "/bin/sh", "base64", "private key",
	};
	static const char *const shorts[] = {
		"ab", "q9", "<s", "!a", "\x80\x81", "ksk", "a", "b", "9", "!", "\x81", "A\x01", "s", "k", " ",
	};

	(void)state;
	compare_scans(default_rules, words, sizeof words / sizeof words[0]);
	compare_scans(short_word_rules, shorts, sizeof shorts / sizeof shorts[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_decode_undoes_encodings),
		cmocka_unit_test(test_rules_decode_lowercases_every_byte),
		cmocka_unit_test(test_rules_luhn),
		cmocka_unit_test(test_rules_file_errors_name_the_line),
		cmocka_unit_test(test_rules_tag_events_and_replace_by_id),
		cmocka_unit_test(test_rules_redact_masks_with_linkable_hashes),
		cmocka_unit_test(test_rules_need_scans_see_every_place),
		cmocka_unit_test(test_rules_need_scan_avx2_is_the_bytewise_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
