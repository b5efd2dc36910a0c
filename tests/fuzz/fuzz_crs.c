/* fuzz_crs: the CRS translation (lib/crs.c) on any request: its URL,
 * argument and escape decoding, the ModSecurity transformations and the
 * chained links, over hostile bytes.  The input is a flags byte (bit 0:
 * the fields carry an access log's escapes; bit 1: the log writes the
 * Referer; bit 2: the host is the request's; bit 3: a POST), then the
 * path, user agent, referer and host, separated by newlines.  The rules
 * are Debian's CRS when installed, else tests/crs-fixture.  The same
 * rules with a site's exclusions (tests/security/crs/site-*.conf) tag
 * the request too, with none the rules alone do not give it: an
 * exclusion only ever leaves rules out. */
#include "fuzz.h"

#include <string.h>

#include "crs.h"
#include "event.h"

/* The next newline-separated field of [*p, end). */
static struct span field(const char **p, const char *end)
{
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
	struct span f = { s, (size_t)((nl ? nl : end) - s) };

	*p = nl ? nl + 1 : end;
	return f;
}

static struct crs *rules(void)
{
	char err[512];
	struct crs *c = crs_load(NULL, err, sizeof err);

	if (!c)
		c = crs_load("tests/crs-fixture", err, sizeof err);
	FUZZ_ASSERT(c != NULL);
	return c;
}

/* Whether tag t is one of e's. */
static bool tagged(const struct event *e, struct span t)
{
	for (unsigned i = 0; i < e->ntags; i++)
		if (e->tags[i].len == t.len && !memcmp(e->tags[i].p, t.p, t.len))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct crs *c, *x;
	const char *p = (const char *)data + (size > 0), *end = (const char *)data + size;
	unsigned flags = size ? data[0] : 0;
	struct event e, ex;
	char err[512];
	size_t hits;

	if (!c) {
		c = rules();
		x = rules();
		FUZZ_ASSERT(!crs_exclude(x, "tests/security/crs/site-before.conf", false, err, sizeof err));
		FUZZ_ASSERT(!crs_exclude(x, "tests/security/crs/site-after.conf", true, err, sizeof err));
	}
	event_reset(&e);
	e.method = flags & 8 ? (struct span){ "POST", 4 } : (struct span){ "GET", 3 };
	e.proto = (struct span){ "HTTP/1.1", 8 };
	e.path = field(&p, end);
	e.ua = field(&p, end);
	e.referer = field(&p, end);
	e.host = field(&p, end);
	e.referer_logged = flags & 2;
	e.host_is_request = flags & 4;
	ex = e;
	hits = crs_apply(c, &e, flags & 1);
	FUZZ_ASSERT(e.ntags <= hits); /* a full event keeps fewer */
	FUZZ_ASSERT(e.ntags <= EVENT_MAX_TAGS);
	FUZZ_ASSERT(crs_apply(x, &ex, flags & 1) <= hits);
	for (unsigned i = 0; hits <= EVENT_MAX_TAGS && i < ex.ntags; i++)
		FUZZ_ASSERT(tagged(&e, ex.tags[i]));
	return 0;
}
