/* fuzz_parse: every format parser and the detector (JSON's fast reader
 * against yajl alone), failed-login judgement (auth.c), the rules, the event
 * encoding and its two readers, through to aggregation and the summary
 * written and read back: one input line at a time, as ingest | analyze
 * would see it. */
#include "fuzz.h"

#include <string.h>

#include "../../analyze/agg.h"
#include "../../ingest/auth.h"
#include "../../ingest/fields.h"
#include "../../ingest/parser.h"
#include "rules.h"
#include "buf.h"
#include "event.h"
#include "summary.h"

static struct buf b, again, scratch, fast, general;
static struct auth *au;
static struct json_state *js;

/* The event a JSON line makes, through the fast reader or yajl alone,
 * encoded into out ("" when the line is refused). */
static void json_event(const char *p, size_t n, bool use_fast, struct buf *out)
{
	struct event e;

	buf_reset(out);
	event_reset(&e);
	if ((use_fast ? json_parse_line(js, p, n, &e) : json_parse_line_general(js, p, n, &e)))
		return;
	event_encode_open(out, &e, "fuzz", 1, "json");
	e.nlines = 1;
	event_encode_close(out, &e);
}

static void one_line(struct parser *ps, struct rules *r, struct agg *a, const char *p, size_t n)
{
	struct event e, d, g;
	char *line;
	int fmt;

	for (int i = -1; i < parser_count(ps); i++) {
		fmt = i < 0 ? parser_parse_any(ps, 0, p, n, &e) : parser_parse(ps, i, p, n, &e) ? -1 : i;
		if (fmt < 0)
			continue;
		field_derive_service(&e, NULL);
		auth_detect(au, &e);
		rules_apply(r, &e, p, n);
		buf_reset(&b);
		event_encode_open(&b, &e, "fuzz", 1, parser_record_name(ps, fmt));
		e.nlines = 1;
		event_encode_close(&b, &e);
		FUZZ_ASSERT(!b.err && b.len && b.p[b.len - 1] == '\n');
		line = fuzz_exact_copy(b.p, b.len - 1);
		FUZZ_ASSERT(event_decode(line, b.len - 1, &scratch, &d) == EVENT_IS_EVENT);
		FUZZ_ASSERT(event_decode_generic(line, b.len - 1, &scratch, &g) == EVENT_IS_EVENT);
		agg_event(a, &d);
		buf_reset(&again);
		event_encode_open(&again, &d, "fuzz", 1, parser_record_name(ps, fmt));
		d.nlines = 1;
		event_encode_close(&again, &d);
		FUZZ_ASSERT(again.len == b.len && !memcmp(again.p, b.p, b.len));
		free(line);
	}
}

/* The input's summary, written, read back and written again: the same
 * text (a name a log chose, as a key, must not break it). */
static void summary_round_trip(const struct summary *s)
{
	static struct buf one, two;
	struct summary t;
	char err[300], *written;
	int rc;

	buf_reset(&one);
	buf_reset(&two);
	summary_encode(s, &one);
	written = fuzz_exact_copy(one.p, one.len);
	summary_init(&t);
	rc = summary_decode(written, one.len, &t, err, sizeof err);
	if (rc)
		fprintf(stderr, "fuzz: summary not read back: %s\n", err);
	FUZZ_ASSERT(rc == 0);
	summary_encode(&t, &two);
	FUZZ_ASSERT(one.len == two.len && !memcmp(one.p, two.p, one.len));
	summary_release(&t);
	free(written);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct parser *ps;
	static struct rules *r;
	struct summary s;
	struct agg a;
	const char *p = (const char *)data, *end = p + size;

	if (!ps) {
		struct parser_opts o = { { NULL, 1763283600000LL, NULL }, NULL, NULL, 0 };
		char err[256];

		if (!(ps = parser_new(&o, err, sizeof err)))
			abort();
		r = rules_new(false);
		au = auth_new();
		buf_init(&b, 0);
		buf_init(&again, 0);
		buf_init(&scratch, 0);
		buf_init(&fast, 0);
		buf_init(&general, 0);
		js = json_state_new(&o);
	}
	summary_init(&s);
	agg_init(&a, &s);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		one_line(ps, r, &a, p, n);
		/* JSON's fast reader makes the events yajl makes */
		json_event(p, n, true, &fast);
		json_event(p, n, false, &general);
		FUZZ_ASSERT(fast.len == general.len && !memcmp(fast.p, general.p, fast.len));
		p += n + 1;
	}
	summary_round_trip(&s);
	agg_release(&a);
	summary_release(&s);
	return 0;
}
