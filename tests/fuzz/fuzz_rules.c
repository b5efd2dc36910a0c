/* fuzz_rules: the rules file grammar (the input up to its first NUL byte,
 * as a rules file), then the default rules' decoding, matching and
 * redaction over the rest, as every field a rule reads. */
#include "fuzz.h"

#include <string.h>

#include "rules.h"
#include "buf.h"
#include "event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rules *defaults;
	static struct buf out;
	const char *p = (const char *)data, *z = memchr(p, 0, size);
	size_t n = z ? (size_t)(z - p) : size, m = z ? size - n - 1 : 0;
	const char *text = z ? z + 1 : p;
	struct rules *r = rules_new(true);
	struct event e;
	char err[256];

	if (rules_parse(r, "fuzz", p, n, err, sizeof err) == 0)
		FUZZ_ASSERT(rules_count(r) <= n);
	rules_free(r);
	if (!defaults) {
		defaults = rules_new(false);
		buf_init(&out, 0);
	}
	if (!z)
		return 0;
	event_reset(&e);
	e.path = e.ua = e.referer = e.msg = (struct span){ text, m };
	rules_apply(defaults, &e, text, m);
	FUZZ_ASSERT(e.ntags <= EVENT_MAX_TAGS);
	buf_reset(&out);
	rules_decode(text, m, true, &out);
	buf_reset(&out);
	rules_redact(defaults, text, m, &out);
	return 0;
}
