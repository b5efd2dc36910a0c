/* test_rxlit: the literals every match of a pattern holds, held to PCRE2
 * (no match without one, none across a line when it says so), the sets
 * read for familiar shapes, and the search held to a byte-by-byte one at
 * every place, length and start, SSE2 and AVX2 alike. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "rxlit.h"

static unsigned rnd(unsigned *seed)
{
	return (unsigned)rand_r(seed);
}

static void read_lits(const char *pattern, struct rxlits *l)
{
	struct rxneed *r = rxneed_parse(pattern, strlen(pattern));

	if (!r)
		fail_msg("not read: %s", pattern);
	rxlit_read(r, l);
	rxneed_free(r);
}

/* The literals as text, lowercase, sorted by nothing: "a|bc|". */
static void lits_text(const struct rxlits *l, char *out, size_t cap)
{
	size_t k = 0;

	for (unsigned i = 0; i < l->n && k + RXLIT_LEN + 2 < cap; i++) {
		memcpy(out + k, l->lit[i].lo, l->lit[i].len);
		k += l->lit[i].len;
		out[k++] = '|';
	}
	out[k] = '\0';
}

static void test_rxlit_reads_familiar_shapes(void **state)
{
	static const struct {
		const char *pattern, *lits;
		bool lines;
	} cases[] = {
		{ "union.*select|<script|\\.\\./", "select|<script|../|", true },
		{ "/api/users/77\\?", "/api/users/77?|", true },
		{ "(?:ab|cd)ef", "abef|cdef|", true },
		{ "x(?:ab)?c", "xabc|xc|", true },
		{ "[<>]script", "<script|>script|", true },
		{ "(?i)Failed password for", "failed password |", true },
		{ "a\\s+b", "a|", false }, /* a literal of one byte: found, not searched by */
		{ "(?s)ab.cd", "ab|", false },
		{ "ab[^x]cd", "ab|", false },
		{ "ab\\Ncd", "ab|", true },
		{ "x*", "", true },
		{ "\\d+", "", true },
		{ "(ab)\\1", "ab|", true },
		{ "ab|c*", "", true },
		{ "a(?=bcd)", "a|", true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rxlits l;
		char got[RXLIT_MAX * (RXLIT_LEN + 1) + 1];

		read_lits(cases[i].pattern, &l);
		lits_text(&l, got, sizeof got);
		if (strcmp(got, cases[i].lits))
			fail_msg("%s: read \"%s\", expected \"%s\"", cases[i].pattern, got,
				 cases[i].lits);
		if (l.n && l.lines != cases[i].lines)
			fail_msg("%s: lines %d", cases[i].pattern, l.lines);
	}
}

/* A literal's letters in either case, its other bytes as they are, and
 * only whole. */
static void test_rxlit_at_takes_either_case_whole(void **state)
{
	struct rxlits l;

	(void)state;
	read_lits("<Script", &l);
	assert_int_equal(l.n, 1);
	assert_true(rxlit_at(&l.lit[0], "<sCRIPT>", 8));
	assert_true(rxlit_at(&l.lit[0], "<script", 7));
	assert_false(rxlit_at(&l.lit[0], "<scrip", 6));
	assert_false(rxlit_at(&l.lit[0], "<scripT", 6)); /* cut before its end */
	assert_false(rxlit_at(&l.lit[0], "\x1cscript", 7)); /* '<' | 0x20 */
	assert_false(rxlit_at(&l.lit[0], "<scripu", 7));
}

static void test_rxlit_scan_pays_only_for_telling_literals(void **state)
{
	struct rxlit_scan s;
	struct rxlits l;

	(void)state;
	read_lits("union.*select|<script|\\.\\./", &l);
	assert_true(rxlit_scan_init(&s, &l));
	read_lits("a\\s+b", &l); /* one byte */
	assert_false(rxlit_scan_init(&s, &l));
	read_lits("x*", &l); /* none */
	assert_false(rxlit_scan_init(&s, &l));
	read_lits("/\\.", &l); /* common bytes */
	assert_false(rxlit_scan_init(&s, &l));
}

/* Whether a literal stands whole inside p[from, to). */
static bool lit_within(const struct rxlits *l, const char *p, size_t from, size_t to)
{
	return rxlit_find_bytewise(l, p, to, from) < to;
}

/* Every match PCRE2 finds (compiled as the incident grep compiles it:
 * MULTILINE, no DOTALL, caseless or not) holds a literal, and no '\n'
 * where the reading says so; over syntax that stretches the reading. */
static void test_rxlit_every_match_holds_a_literal(void **state)
{
	static const char *const patterns[] = {
		"union.*select|<script|\\.\\./", "(?i)\\b(?:union|select)\\b.{0,20}from",
		"(?:ab|cd)+ef", "x(?:ab)?c", "q(?:a?)(?:b?)r", "a{2}b", "(?:a|)bc", "(ab)\\1c",
		"[<>]s[cC]", "\\$\\{jndi:", "a\\sb", "(?s)a.b", "ab[^x]cd", "a(?=b\\nc)",
		"^GET /[^?#]*$", "\\d{3,}-\\w*?@", "(?-i:Ab)cd", "x{0}yz", "(?:ab){2,}c",
		"[a-c]{1,2}de", "(?i:SeLeCt)", "\\x41\\x{42}C", "ab|a\\nb", "a\\x00b",
		"(?:<abc\\d*)?x", "(?:ab|c.*)+", "(?:ab.*){0,3}yz",
	};
	static const char frag[][8] = { "a", "b", "c", "d", "e", "f", "x", "y", "z", "q",
					"r", "ab", "AB", "Ab", "cd", "ef", "\n", " ", "-", "@",
					"123", "<", ">", "s", "S", "c", "C", "union", "SELECT",
					" from", "../", "${jndi:", "GET /", "?", "$", "\t", "de",
					"yz", "\x00" };
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	unsigned seed = 7;

	(void)state;
	for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++)
		for (int caseless = 0; caseless < 2; caseless++) {
			int code;
			PCRE2_SIZE off;
			pcre2_code *re = pcre2_compile((PCRE2_SPTR)patterns[p], PCRE2_ZERO_TERMINATED,
						       PCRE2_MULTILINE | (caseless ? PCRE2_CASELESS : 0),
						       &code, &off, NULL);
			struct rxlits l;

			assert_non_null(re);
			read_lits(patterns[p], &l);
			for (int t = 0; t < 3000; t++) {
				char text[96];
				size_t n = 0;
				int k = 1 + (int)(rnd(&seed) % 12);

				for (int j = 0; j < k; j++) {
					const char *f = frag[rnd(&seed) % (sizeof frag / sizeof frag[0])];
					size_t fl = f[0] ? strlen(f) : 1; /* "\x00": one NUL */

					memcpy(text + n, f, fl);
					n += fl;
				}
				for (size_t from = 0; from < n; ) {
					PCRE2_SIZE *ov;

					if (pcre2_match(re, (PCRE2_SPTR)text, n, from, 0, md, NULL) < 0)
						break;
					ov = pcre2_get_ovector_pointer(md);
					if (l.n && !lit_within(&l, text, ov[0], ov[1]))
						fail_msg("%s matches \"%.*s\" without a literal", patterns[p],
							 (int)(ov[1] - ov[0]), text + ov[0]);
					if (l.n && l.lines && memchr(text + ov[0], '\n', ov[1] - ov[0]))
						fail_msg("%s: a match across lines", patterns[p]);
					from = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
				}
			}
			pcre2_code_free(re);
		}
	pcre2_match_data_free(md);
}

/* The search against the byte-by-byte one (itself held to rxlit_at by
 * the shapes above): literals at every place of
 * buffers of every length to 100, in allocations of exactly that size
 * (ASan sees a read past them), from every start. */
static void test_rxlit_find_is_the_byte_by_byte_search(void **state)
{
	static const char *const patterns[] = { "union.*select|<script|\\.\\./", "(?i)Ab",
						"x(?:ab)?c", "/api/users/77\\?", "[<>]s", "q" };
	static const char alphabet[] = "abcxsquAB<>./?7 \n";
	unsigned seed = 11;

	(void)state;
	for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
		struct rxlits l;
		struct rxlit_scan s;

		read_lits(patterns[p], &l);
		rxlit_scan_init(&s, &l);
		for (int avx2 = 0; avx2 < 1 + s.avx2; avx2++) {
			struct rxlit_scan t = s;

			t.avx2 = avx2;
			for (size_t n = 0; n <= 100; n++)
				for (int rep = 0; rep < 20; rep++) {
					char *b = malloc(n ? n : 1);

					for (size_t i = 0; i < n; i++)
						b[i] = alphabet[rnd(&seed) % (sizeof alphabet - 1)];
					if (n && l.n && rep % 2) { /* a literal somewhere, maybe cut short */
						const struct rxlit *lit = &l.lit[rnd(&seed) % l.n];
						size_t at = rnd(&seed) % n;

						for (size_t i = 0; i < lit->len && at + i < n; i++)
							b[at + i] = (char)(lit->lo[i] ^ (lit->fold[i] & (rnd(&seed) % 2 ? 0x20 : 0)));
					}
					for (size_t from = 0; from <= n; from++)
						if (rxlit_find(&t, b, n, from) != rxlit_find_bytewise(&l, b, n, from))
							fail_msg("%s, avx2 %d, n %zu, from %zu: %zu, expected %zu",
								 patterns[p], avx2, n, from, rxlit_find(&t, b, n, from),
								 rxlit_find_bytewise(&l, b, n, from));
					free(b);
				}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rxlit_reads_familiar_shapes),
		cmocka_unit_test(test_rxlit_at_takes_either_case_whole),
		cmocka_unit_test(test_rxlit_scan_pays_only_for_telling_literals),
		cmocka_unit_test(test_rxlit_every_match_holds_a_literal),
		cmocka_unit_test(test_rxlit_find_is_the_byte_by_byte_search),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
