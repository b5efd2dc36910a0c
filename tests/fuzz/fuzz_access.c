/* fuzz_access: the hand-written access-line scanner against PCRE2 running
 * ACCESS_PATTERN, its definition: the same answer and the same group
 * spans for any line (ingest/access_scan.h). */
#include "fuzz.h"

#include <pcre2.h>

#include "../../ingest/access_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pcre2_code *re;
	static pcre2_match_data *md;
	size_t ov[2 * ACCESS_GROUPS];
	int got, want;

	if (!re) {
		int ec;
		PCRE2_SIZE off;

		re = pcre2_compile((PCRE2_SPTR)ACCESS_PATTERN, PCRE2_ZERO_TERMINATED,
				   PCRE2_DUPNAMES, &ec, &off, NULL);
		md = pcre2_match_data_create(32, NULL);
		if (!re || !md)
			abort();
	}
	got = access_scan((const char *)data, size, ov);
	if (got == ACCESS_UNSURE)
		return 0;
	want = pcre2_match(re, data, size, 0, 0, md, NULL);
	FUZZ_ASSERT((want < 0) == (got == ACCESS_NO_MATCH));
	if (want >= 0) {
		const PCRE2_SIZE *pv = pcre2_get_ovector_pointer(md);

		FUZZ_ASSERT(got == want);
		for (int i = 0; i < 2 * want; i++)
			FUZZ_ASSERT(ov[i] == pv[i]);
	}
	return 0;
}
