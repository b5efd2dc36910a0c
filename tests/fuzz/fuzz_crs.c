/* fuzz_crs: the CRS translation (lib/crs.c) on any request: its URL,
 * argument and escape decoding, the ModSecurity transformations and the
 * chained links, over hostile bytes.  The input is a flags byte (bit 0:
 * the fields carry an access log's escapes; bit 1: the log writes the
 * Referer; bit 2: the host is the request's), then the path, user agent,
 * referer and host, separated by newlines.  The rules are Debian's CRS
 * when installed, else tests/crs-fixture. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct crs *c;
	const char *p = (const char *)data + (size > 0), *end = (const char *)data + size;
	unsigned flags = size ? data[0] : 0;
	struct event e;
	char err[512];

	if (!c) {
		c = crs_load(NULL, err, sizeof err);
		if (!c)
			c = crs_load("tests/crs-fixture", err, sizeof err);
		FUZZ_ASSERT(c != NULL);
	}
	event_reset(&e);
	e.method = (struct span){ "GET", 3 };
	e.proto = (struct span){ "HTTP/1.1", 8 };
	e.path = field(&p, end);
	e.ua = field(&p, end);
	e.referer = field(&p, end);
	e.host = field(&p, end);
	e.referer_logged = flags & 2;
	e.host_is_request = flags & 4;
	FUZZ_ASSERT(e.ntags <= crs_apply(c, &e, flags & 1)); /* a full event keeps fewer */
	FUZZ_ASSERT(e.ntags <= EVENT_MAX_TAGS);
	return 0;
}
