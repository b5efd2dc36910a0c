/* test_access_scan: the hand-written access-line scanner against PCRE2
 * running ACCESS_PATTERN, its definition: the same answer and the same
 * group spans on every line of the fixtures, the real logs and the
 * security corpora, and on every one-byte change and cut of the lines
 * that match. */
#include "testutil.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "../ingest/access_scan.h"

static pcre2_code *re;
static pcre2_match_data *md;
static size_t compared, matched, unsure;

/* Both on one line; fails the test on any difference. */
static void compare(const char *s, size_t len)
{
	size_t ov[2 * ACCESS_GROUPS];
	int want = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	int got = access_scan(s, len, ov);

	if (got == ACCESS_UNSURE) {
		unsure++;
		return;
	}
	compared++;
	if (want < 0) {
		if (got != ACCESS_NO_MATCH)
			fail_msg("scanner matched, PCRE2 did not: %.*s", (int)len, s);
		return;
	}
	matched++;
	if (got != want)
		fail_msg("groups %d, PCRE2 %d: %.*s", got, want, (int)len, s);
	const PCRE2_SIZE *pv = pcre2_get_ovector_pointer(md);
	for (int i = 0; i < 2 * want; i++)
		if (ov[i] != pv[i])
			fail_msg("group %d: %zu, PCRE2 %zu: %.*s", i / 2, ov[i], (size_t)pv[i],
				 (int)len, s);
}

/* Every byte of a matching line changed to each of the bytes the pattern
 * cares about, and the line cut at every length. */
static void mutations(const char *s, size_t len)
{
	static const char probe[] = { ' ', '"', '\\', '[', ']', '-', '0', '7', '\t', '\v', '\r',
				      '\n', 'a', '\0', (char)0xff };
	char *m = malloc(len + 1);

	assert_non_null(m);
	for (size_t i = 0; i < len; i++) {
		memcpy(m, s, len);
		for (size_t k = 0; k < sizeof probe; k++) {
			m[i] = probe[k];
			compare(m, len);
		}
		compare(s, i);
	}
	free(m);
}

static void each_line(const char *path, size_t *mutated)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	assert_non_null(f);
	while ((n = getline(&line, &cap, f)) > 0) {
		size_t len = (size_t)n;
		size_t before = matched;

		if (line[len - 1] == '\n')
			len--;
		compare(line, len);
		if (matched > before && *mutated < 400) { /* a few hundred are plenty */
			++*mutated;
			mutations(line, len);
		}
	}
	free(line);
	fclose(f);
}

static void test_access_scan_agrees_with_the_pattern(void **state)
{
	static const char *globs[] = { "fixtures/*.log", "tests/realdata/*.0", "tests/realdata/*.log",
				       "tests/security/*.log", "tests/security/crs/*.log",
				       "tests/security/malicious/*", "tests/fuzz/corpus/parse/*" };
	size_t files = 0, mutated = 0;

	(void)state;
	for (size_t g = 0; g < sizeof globs / sizeof *globs; g++) {
		glob_t gl;

		if (glob(globs[g], 0, NULL, &gl))
			continue;
		for (size_t i = 0; i < gl.gl_pathc; i++, files++)
			each_line(gl.gl_pathv[i], &mutated);
		globfree(&gl);
	}
	print_message("%zu files, %zu lines compared (%zu matched), %zu left to PCRE2\n", files,
		      compared, matched, unsure);
	/* the corpus must exercise both answers, or the test proves nothing */
	assert_true(files >= 10);
	assert_true(matched >= 10000);
	assert_true(compared - matched >= 10000);
}

/* The cases the pattern's backtracking could hide, one by one. */
static void test_access_scan_edges(void **state)
{
	static const char *lines[] = {
		"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326",
		"1.2.3.4 - - [t] \"\" - -",
		"1.2.3.4 - - [] \"GET /\" 200 1",
		"1.2.3.4 - - [t] \"a\\\"b\" 200 1 \"r\\\\\" \"u\\\"\" x",
		"1.2.3.4 - - [t] \"a\" 200 1 \"r\" \"u",
		"1.2.3.4 - - [t] \"a\" 200 1 \"r\"\"u\" tail",
		"1.2.3.4 - - [t] \"a\\",
		"1.2.3.4 - - [t] \"a\" 2000 1",
		"1.2.3.4 - - [t] \"a\" 200 12x34 \"r\" \"u\"",
		"1.2.3.4  - - [t] \"a\" 200 1",
		"1.2.3.4\t- - [t] \"a\" 200 1",
		" 1.2.3.4 - - [t] \"a\" 200 1",
		"1.2.3.4 - - [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx] \"a\" 200 1",
		"1.2.3.4 - - [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx] \"a\" 200 1",
		"1.2.3.4 - - [t] \"a\" 200 1 \"r\" \"u\"\r",
	};

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		mutations(lines[i], strlen(lines[i]));
}

static int setup(void **state)
{
	int ec;
	PCRE2_SIZE off;

	(void)state;
	re = pcre2_compile((PCRE2_SPTR)ACCESS_PATTERN, PCRE2_ZERO_TERMINATED, PCRE2_DUPNAMES, &ec,
			   &off, NULL);
	if (!re)
		return -1;
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	md = pcre2_match_data_create(32, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_scan_edges),
		cmocka_unit_test(test_access_scan_agrees_with_the_pattern),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
