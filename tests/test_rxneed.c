/* test_rxneed: what a pattern's matches need of a text, held to PCRE2: the
 * texts it rules out, the branches a text's bytes rule out, the syntax it
 * declines to read, and never a text PCRE2 matches ruled out. */
#include "testutil.h"

#include <string.h>

#include <pcre2.h>

#include "rxneed.h"
#include "rxneed_int.h"

/* rxneed's answer once it has analysed the text's alphabet: a pattern
 * earns the tokens an analysis costs one text at a time (rxneed.c), and
 * answers "may match" until then. */
static bool settled(struct rxneed *r, const struct rxset *has, const char *text, size_t n)
{
	bool may = true;

	for (int i = 0; i < 4000; i++)
		may = rxneed_may_match(r, has, text, n);
	return may;
}

static bool may(struct rxneed *r, const char *text)
{
	struct rxset has = { { 0 } };

	rxset_add_bytes(&has, text, strlen(text));
	return settled(r, &has, text, strlen(text));
}

static struct rxneed *parse(const char *pattern)
{
	struct rxneed *r = rxneed_parse(pattern, strlen(pattern));

	if (!r)
		fail_msg("not read: %s", pattern);
	return r;
}

/* CRS 930100's shape: a separator, two dots or question marks, a
 * separator.  URIs with dots and a query, but no two in a row, are
 * ruled out by the pair, not the alphabet. */
static void test_rxneed_pair_rules_out_plain_uris(void **state)
{
	struct rxneed *r = parse("(?i)(?:\\x5c|\\/)(?:\\.|\\?){2}(?:\\x5c|\\/)");

	(void)state;
	assert_false(may(r, "/api/media/405?page=43"));
	assert_false(may(r, "/static/app.js/552?page=49"));
	assert_false(may(r, "/a/./b"));
	assert_true(may(r, "/a/../b"));
	assert_true(may(r, "/?\?/")); /* "\?": not a trigraph */
	assert_true(may(r, "\\..\\windows"));
	rxneed_free(r);
}

/* A literal the text lacks (letters and digits are taken as present, so
 * punctuation) rules it out. */
static void test_rxneed_alphabet_rules_out_missing_punctuation(void **state)
{
	struct rxneed *r = parse("(?i)<script[^>]*>");

	(void)state;
	assert_false(may(r, "script alert 1"));
	assert_true(may(r, "<SCRIPT src=x>"));
	assert_false(may(r, "<> script")); /* its bytes are there, "<s" is not */
	rxneed_free(r);
}

/* Branches the text's bytes cannot match do not widen the pair: without
 * a '%', "%2e" is no branch, and the pair is two dots. */
static void test_rxneed_branches_the_bytes_rule_out(void **state)
{
	struct rxneed *r = parse("(?:%2e|\\.)\\.");

	(void)state;
	assert_false(may(r, "a.b.c"));
	assert_true(may(r, "a..b"));
	assert_true(may(r, "a%2e.b"));
	rxneed_free(r);
}

/* Findings of fuzz_rxneed (corpus/rxneed/crash-*): "[[=]=]", where PCRE2
 * and a reading of POSIX classes disagreed, and "\xe4\E*", whose '*'
 * repeats the byte before the \E PCRE2 passes over. */
static void test_rxneed_declines_what_it_does_not_read(void **state)
{
	static const char *const unread[] = {
		"(?R)", "a(?1)", "\\p{L}", "(?x)a b", "(*UTF)a", "[[:alpha:]]", "(?(1)a|b)",
		"[[=]=]", "a\\E*", "a(?#c)+", "a(?i)?", "a{,3}", "a{2, 3}", "\\Qa.b\\E", "\\cA", "\\g{1}", "(?C1)a", "a)", "(a", "[a",
	};

	(void)state;
	for (size_t i = 0; i < sizeof unread / sizeof unread[0]; i++) {
		struct rxneed *r = rxneed_parse(unread[i], strlen(unread[i]));

		if (r)
			fail_msg("read: %s", unread[i]);
	}
}

/* Every text PCRE2 matches (compiled as lib/crs.c compiles: bytes,
 * DOTALL, MULTILINE) is allowed, over syntax that over-approximates:
 * lookarounds, back references, negated and caseless classes, escapes,
 * quantifiers, anchors, and a '{' that is a literal. */
static void test_rxneed_never_rules_out_a_match(void **state)
{
	static const char *const patterns[] = {
		"(?i)(?:\\x5c|(?:%(?:c(?:0%(?:[2aq]f|5c|9v)|1%(?:[19p]c|8s|af))|2f)|\\/))(?:%2e|\\.){2}",
		"a(?=b)", "(?<=x)y", "(?!a)b.", "(a|b)\\1", "(?<n>ab)(?P=n)x", "(?i)[^a]b",
		"[^\\w]x", "[^\\d-]y", "\\bselect\\b\\s+\\*", "^GET /[^?#]*$", "x{2}|y{1,}z", "a{2",
		"\\x{41}\\101\\o{102}\\0", "[\\x00-\\x1f\\x7f]", "(?:a|)b", "(?:)+c", "a\\Kb",
		"(?s).+\\.\\.", "x(?:ab)?c", "(?:ab)*c|d", "q(?:a?)(?:b?)r", "(?-i:Ab)", "(?#comment)q", "[]a]b", "[^]a]b", "\\$\\{jndi:",
		"(?i)\\b(?:union|select)\\b.{0,20}from", "\\d{3,}-\\w*?@", "\\S\\s\\S", "\\h\\v\\N",
	};
	static const char *const texts[] = {
		"", "a", "ab", "ba", "bb", "xy", "aab", "Ab", "cb", "%c0%af%2e.", "/..", "GET /a",
		"GET /a?b", "select *", "union all select a from b", "123-x@", "a b", "\t\n.",
		"${jndi:ldap}", "]b", "zb", "q", "AB", "Ab", "xxz", "yz", "a{2", "ABC\x00",
		"\x01\x7f", "..", "ab..", "s..", "-y", "x x", "xc", "c", "qr", "d",
	};
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);

	(void)state;
	for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
		int code;
		PCRE2_SIZE off;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)patterns[p], PCRE2_ZERO_TERMINATED,
					       PCRE2_DOTALL | PCRE2_MULTILINE, &code, &off, NULL);
		struct rxneed *r = rxneed_parse(patterns[p], strlen(patterns[p]));

		if (!re || !r)
			fail_msg("pattern %s: compiled %d, read %d", patterns[p], re != NULL, r != NULL);
		for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
			size_t n = t == 27 ? 4 : strlen(texts[t]); /* one with a NUL */
			struct rxset has = { { 0 } };

			rxset_add_bytes(&has, texts[t], n);
			if (pcre2_match(re, (PCRE2_SPTR)texts[t], n, 0, 0, md, NULL) >= 0 &&
			    !settled(r, &has, texts[t], n))
				fail_msg("%s matches \"%s\", ruled out", patterns[p], texts[t]);
		}
		rxneed_free(r);
		pcre2_code_free(re);
	}
	pcre2_match_data_free(md);
}

/* The pair scan sixteen places a step answers as the byte-by-byte scan,
 * its definition: random sides (NUL among their bytes at times, some
 * past the eight bytes the fast scan takes) over random texts of every
 * length about its steps, made of those bytes and a few others. */
static void test_rxneed_pair_scan_sse2_is_the_bytewise_scan(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	unsigned long fast = 0;

	(void)state;
	for (unsigned round = 0; round < 3000; round++) {
		struct rxset side[2] = { { { 0 } }, { { 0 } } };
		unsigned char pool[24];
		char text[80];

		for (unsigned k = 0; k < sizeof pool; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			pool[k] = (unsigned char)(k < 2 && round % 7 == 0 ? 0 : x >> 24);
		}
		for (unsigned k = 0; k < 2; k++) /* each side some of the pool's first 20 */
			for (unsigned j = 0, m = 1 + round % (k ? 9u : 11u); j < m; j++) {
				unsigned char ch = pool[(j * 3 + k * 7 + round) % 20];
				side[k].w[ch >> 6] |= 1ULL << (ch & 63);
			}
		for (size_t n = 0; n <= sizeof text; n += n > 40 ? 2 : 1) {
			bool a, b;

			for (size_t i = 0; i < n; i++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				text[i] = (char)pool[x % sizeof pool];
			}
			a = rxneed_pair_holds(&side[0], &side[1], text, n, false);
			b = rxneed_pair_holds(&side[0], &side[1], text, n, true);
			if (a != b)
				fail_msg("round %u, %zu bytes: fast scan %d, bytewise %d", round, n, a, b);
			fast += a;
		}
	}
	assert_true(fast > 1000); /* pairs were found, not only ruled out */
}

/* The set of a text's bytes, read eight at a time, is the set made a
 * byte at a time: every length (the eight-byte steps and the rest), a
 * byte of 128 or more at every place. */
static void test_rxset_add_bytes_is_every_byte(void **state)
{
	uint32_t x = 2463534242u;

	(void)state;
	for (unsigned round = 0; round < 2000; round++) {
		char text[48];
		size_t n = round % sizeof text;
		struct rxset got = { { 0 } }, want = { { 0 } };

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			/* mostly ASCII, now and then a high byte */
			text[i] = (char)(x % 7 == 0 ? 128 + x % 128 : 32 + x % 95);
		}
		rxset_add_bytes(&got, text, n);
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)text[i];

			want.w[ch >> 6] |= 1ULL << (ch & 63);
		}
		for (unsigned w = 0; w < 4; w++)
			if (got.w[w] != want.w[w])
				fail_msg("round %u, %zu bytes: word %u %016llx, want %016llx", round, n, w,
					 (unsigned long long)got.w[w], (unsigned long long)want.w[w]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rxneed_pair_rules_out_plain_uris),
		cmocka_unit_test(test_rxneed_alphabet_rules_out_missing_punctuation),
		cmocka_unit_test(test_rxneed_branches_the_bytes_rule_out),
		cmocka_unit_test(test_rxneed_declines_what_it_does_not_read),
		cmocka_unit_test(test_rxneed_never_rules_out_a_match),
		cmocka_unit_test(test_rxneed_pair_scan_sse2_is_the_bytewise_scan),
		cmocka_unit_test(test_rxset_add_bytes_is_every_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
