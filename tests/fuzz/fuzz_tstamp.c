/* fuzz_tstamp: every timestamp layout; the fast reading of the commonest
 * answers as the general parsers; what parses formats inside the range
 * and parses back to the same instant. */
#include "fuzz.h"

#include "tstamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tstamp_ctx ctx = { NULL, 1763283600000LL, NULL };
	int64_t ms = -1, back, general = -1;
	char t[25];
	size_t n = tstamp_parse((const char *)data, size, &ctx, &ms);

	/* the fast reading of the common layouts is the general one's */
	FUZZ_ASSERT(tstamp_parse_general((const char *)data, size, &ctx, &general) == n &&
		    general == ms);
	if (!n)
		return 0;
	FUZZ_ASSERT(ms >= TSTAMP_MIN_MS && ms <= TSTAMP_MAX_MS);
	tstamp_format(ms, t);
	FUZZ_ASSERT(tstamp_parse(t, 24, &ctx, &back) == 24 && back == ms);
	return 0;
}
