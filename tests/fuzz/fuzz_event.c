/* fuzz_event: the event stream's reader: the fast path and the general
 * reader agree on every line, and what is read, written again, reads back
 * to the same text (encoding is a fixed point after one round). */
#include "fuzz.h"

#include <string.h>

#include "buf.h"
#include "event.h"

static void encode(struct buf *b, const struct event *e)
{
	char src[64], fmt[32];

	snprintf(src, sizeof src, "%.*s", (int)e->src.len, e->src.p ? e->src.p : "");
	snprintf(fmt, sizeof fmt, "%.*s", (int)e->fmt.len, e->fmt.p ? e->fmt.p : "");
	buf_reset(b);
	event_encode_open(b, e, src, e->line, fmt);
	event_encode_close(b, e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf s1, s2, s3, b1, b2, b3;
	static int ready;
	struct event fast, gen, again;
	enum event_kind k;

	if (!ready) {
		struct buf *all[] = { &s1, &s2, &s3, &b1, &b2, &b3 };
		for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
			buf_init(all[i], 0);
		ready = 1;
	}
	k = event_decode((const char *)data, size, &s1, &fast);

	FUZZ_ASSERT(k == event_decode_generic((const char *)data, size, &s2, &gen));
	if (k != EVENT_IS_EVENT)
		return 0;
	encode(&b1, &fast);
	encode(&b2, &gen);
	FUZZ_ASSERT(b1.len == b2.len && !memcmp(b1.p, b2.p, b1.len));
	char *line = fuzz_exact_copy(b1.p, b1.len - 1);
	FUZZ_ASSERT(event_decode(line, b1.len - 1, &s3, &again) == EVENT_IS_EVENT);
	encode(&b3, &again);
	encode(&b2, &again); /* the same event twice: stable */
	FUZZ_ASSERT(b3.len == b2.len && !memcmp(b3.p, b2.p, b3.len));
	free(line);
	return 0;
}
