/* fuzz_rxneed: lib/rxneed.c, the reading of a pattern for what every
 * match needs, held to PCRE2 itself.  The input is a flags byte (bit 0:
 * caseless, as @pm compiles), then a pattern up to the first newline and
 * the text after it.  What must hold: a pattern rxneed reads, compiled as
 * lib/crs.c compiles it, never matches a text rxneed rules out — given
 * the text's own bytes, or those and more.  And for rxlit, over the same
 * tree: a match of the pattern compiled as the incident grep compiles it
 * (MULTILINE, no DOTALL) holds one of its literals, and no '\n' where it
 * says none does; its search finds what a byte-by-byte one finds.  The
 * pair scan sixteen places a step answers as the byte-by-byte one, with
 * the pattern's first and second halves' bytes as the pair's sides. */
#include "fuzz.h"

#include <string.h>

#include <pcre2.h>

#include "rxlit.h"
#include "rxneed.h"
#include "rxneed_int.h"

static void check_literals(const struct rxneed *r, const char *p, size_t plen, bool caseless,
			   const char *text, size_t n, pcre2_match_context *mc)
{
	struct rxlits l;
	struct rxlit_scan scan;
	int code;
	PCRE2_SIZE off;
	pcre2_code *re;
	pcre2_match_data *md;

	rxlit_read(r, &l);
	if (!l.n)
		return;
	rxlit_scan_init(&scan, &l);
	FUZZ_ASSERT(rxlit_find(&scan, text, n, 0) == rxlit_find_bytewise(&l, text, n, 0));
	FUZZ_ASSERT(rxlit_find(&scan, text, n, n / 2) == rxlit_find_bytewise(&l, text, n, n / 2));
	re = pcre2_compile((PCRE2_SPTR)p, plen, PCRE2_MULTILINE | (caseless ? PCRE2_CASELESS : 0),
			   &code, &off, NULL);
	if (!re)
		return;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (pcre2_match(re, (PCRE2_SPTR)(n ? text : ""), n, 0, 0, md, mc) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t a = ov[0], b = ov[1] > ov[0] ? ov[1] : ov[0];

		FUZZ_ASSERT(rxlit_find_bytewise(&l, text, b, a) < b);
		FUZZ_ASSERT(!l.lines || !memchr(text + a, '\n', b - a));
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data + (size > 0), *end = (const char *)data + size;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	uint32_t flags = PCRE2_DOTALL | PCRE2_MULTILINE | (size && data[0] & 1 ? PCRE2_CASELESS : 0);
	const char *text = nl ? nl + 1 : end;
	size_t plen = (size_t)((nl ? nl : end) - p), n = (size_t)(end - text);
	struct rxset has = { { 0 } }, more;
	struct rxneed *r;
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	PCRE2_SIZE off;
	int code;
	bool matches;

	{
		struct rxset one = { { 0 } }, two = { { 0 } };

		rxset_add_bytes(&one, p, plen / 2);
		rxset_add_bytes(&two, p + plen / 2, plen - plen / 2);
		FUZZ_ASSERT(rxneed_pair_holds(&one, &two, text, n, false) ==
			    rxneed_pair_holds(&one, &two, text, n, true));
	}
	re = pcre2_compile((PCRE2_SPTR)p, plen, flags, &code, &off, NULL);
	if (!re)
		return 0;
	r = rxneed_parse(p, plen);
	if (!r) {
		pcre2_code_free(re);
		return 0;
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mc, 100000); /* a pattern that backtracks for ever: no answer */
	matches = pcre2_match(re, (PCRE2_SPTR)(n ? text : ""), n, 0, 0, md, mc) >= 0;
	rxset_add_bytes(&has, text, n);
	more = has;
	more.w[size % 4] |= 1ULL << (size % 64); /* a byte it does not hold, too */
	if (matches) {
		FUZZ_ASSERT(rxneed_may_match(r, &has, text, n));
		FUZZ_ASSERT(rxneed_may_match(r, &more, text, n));
	}
	check_literals(r, p, plen, size && data[0] & 1, text, n, mc);
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	rxneed_free(r);
	return 0;
}
