/* fuzz_rules: the rules file grammar (the input up to its first NUL byte,
 * as a rules file), then the default rules' decoding, matching and
 * redaction over the rest, as every field a rule reads.  The NEED scan
 * thirty-two places a step (AVX2) tags as the byte-at-a-time one does,
 * with the default rules and with those of the input. */
#include "fuzz.h"

#include <string.h>

#include "rules.h"
#include "rules_int.h" /* the scan's choice */
#include "buf.h"
#include "event.h"

/* The tags the rules give text as every field, with the AVX2 scan or
 * without, as one string. */
static size_t tags_of(struct rules *r, bool avx2, const char *text, size_t n, char *out,
		      size_t cap)
{
	struct event e;
	bool had = r->avx2;
	size_t k = 0;

	r->avx2 = avx2 && had;
	event_reset(&e);
	e.path = e.ua = e.referer = e.msg = (struct span){ text, n };
	rules_apply(r, &e, text, n);
	r->avx2 = had;
	FUZZ_ASSERT(e.ntags <= EVENT_MAX_TAGS);
	for (size_t i = 0; i < e.ntags && k + e.tags[i].len + 1 < cap; i++) {
		memcpy(out + k, e.tags[i].p, e.tags[i].len);
		k += e.tags[i].len;
		out[k++] = ',';
	}
	return k;
}

static void same_tags(struct rules *r, const char *text, size_t n)
{
	static char a[4096], b[4096];
	size_t na = tags_of(r, true, text, n, a, sizeof a), nb = tags_of(r, false, text, n, b, sizeof b);

	FUZZ_ASSERT(na == nb && !memcmp(a, b, na));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rules *defaults;
	static struct buf out;
	const char *p = (const char *)data, *z = memchr(p, 0, size);
	size_t n = z ? (size_t)(z - p) : size, m = z ? size - n - 1 : 0;
	const char *text = z ? z + 1 : p;
	struct rules *r = rules_new(true);
	char err[256];

	if (rules_parse(r, "fuzz", p, n, err, sizeof err) == 0) {
		FUZZ_ASSERT(rules_count(r) <= n);
		if (z)
			same_tags(r, z + 1, size - n - 1);
	}
	rules_free(r);
	if (!defaults) {
		defaults = rules_new(false);
		buf_init(&out, 0);
	}
	if (!z)
		return 0;
	same_tags(defaults, text, m);
	buf_reset(&out);
	rules_decode(text, m, true, &out);
	buf_reset(&out);
	rules_redact(defaults, text, m, &out);
	return 0;
}
