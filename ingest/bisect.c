/*
 * bisect: a probe reads PROBE_BYTES at an offset, and from the first line
 * that starts in them parses lines as ingest would until one opens a
 * record with a time: that record's offset and time.  The search keeps a
 * probe before the window (lo) and an offset at or after it (hi) and
 * halves the distance until it is under GRAIN; every probe's time must
 * follow the one before it in the file, within BISECT_SLACK_MS.
 */
#include "bisect.h"

#include <stdlib.h> /* free, getenv, atoll */
#include <string.h> /* memchr */

#include "event.h"
#include "input.h"
#include "lines.h"
#include "mem.h"
#include "parser.h"

#define PROBE_BYTES (64u << 10)
#define GRAIN (1u << 20)
#define MAX_PROBES 80
#define COUNT_CHUNK (1u << 20)

struct probe {
	uint64_t off;   /* the record's first line */
	int64_t ts;
};

/* The first timed record starting at or after off (after the line off
 * falls in, unless off is 0). */
static bool probe(struct input *in, struct parser *ps, char *buf, uint64_t off, int forced,
		  int *fmt, struct probe *out)
{
	ssize_t n = input_peek_at(in, buf, PROBE_BYTES, off);
	const char *p = buf, *end;

	if (n <= 0)
		return false;
	end = buf + n;
	if (off > 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return false;
		p = nl + 1;
	}
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len;
		struct event e;
		int r;

		if (!nl)
			return false; /* no complete line left in the probe */
		len = (size_t)(nl - p) - (nl > p && nl[-1] == '\r');
		if (forced >= 0)
			r = parser_parse(ps, forced, p, len, &e) == 0 ? forced : -1;
		else
			r = parser_parse_any(ps, *fmt, p, len, &e);
		if (r >= 0 && *fmt < 0)
			*fmt = r; /* the file's format: its first record's, as ingest sets it */
		if (r >= 0 && e.has_ts && !parser_continues(ps) && len && p[0] != ' ' && p[0] != '\t') {
			out->off = off + (uint64_t)(p - buf);
			out->ts = e.ts_ms;
			return true;
		}
		p = nl + 1;
	}
}

static uint64_t count_lines(struct input *in, uint64_t upto)
{
	char *buf = xmalloc(COUNT_CHUNK);
	uint64_t lines = 0, at = 0;

	while (at < upto) {
		size_t want = upto - at < COUNT_CHUNK ? (size_t)(upto - at) : COUNT_CHUNK;
		ssize_t n = input_peek_at(in, buf, want, at);

		if (n <= 0)
			break;
		lines += lines_count_newlines(buf, (size_t)n);
		at += (uint64_t)n;
	}
	free(buf);
	return at == upto ? lines : UINT64_MAX;
}

static bool in_order(const struct probe *v, unsigned n)
{
	/* insertion sort by offset: a few dozen probes */
	struct probe s[MAX_PROBES];

	for (unsigned i = 0; i < n; i++) {
		unsigned j = i;

		for (; j > 0 && s[j - 1].off > v[i].off; j--)
			s[j] = s[j - 1];
		s[j] = v[i];
	}
	for (unsigned i = 1; i < n; i++)
		if (s[i].ts < s[i - 1].ts - BISECT_SLACK_MS)
			return false;
	return true;
}

bool bisect_since(struct input *in, struct parser *ps, int forced, int64_t since_ms,
		  struct bisect *b)
{
	int64_t size = input_size(in), target = since_ms - BISECT_SLACK_MS;
	struct probe seen[MAX_PROBES], lo;
	uint64_t hi;
	unsigned n = 0;
	char *buf;
	bool ok = false;
	int fmt = forced;

	const char *min = getenv("LOGSIFT_BISECT_MIN"); /* tests: small files too */

	if (size < (min ? atoll(min) : (int64_t)BISECT_MIN_SIZE))
		return false; /* small, or not a regular file (a gzip one fails the probe) */
	buf = xmalloc(PROBE_BYTES);
	if (!probe(in, ps, buf, 0, forced, &fmt, &lo) || lo.ts >= target)
		goto done;
	seen[n++] = lo;
	hi = (uint64_t)size;
	while (hi - lo.off > GRAIN && n < MAX_PROBES) {
		uint64_t mid = lo.off + (hi - lo.off) / 2;
		struct probe m;

		if (!probe(in, ps, buf, mid, forced, &fmt, &m))
			goto done; /* no timed record near mid: read it all */
		seen[n++] = m;
		if (m.off < hi && m.ts < target)
			lo = m;
		else
			hi = mid;
	}
	if (lo.off == 0 || !in_order(seen, n))
		goto done;
	b->offset = lo.off;
	b->lines = count_lines(in, lo.off);
	b->fmt = fmt;
	b->probes = n;
	ok = b->lines != UINT64_MAX;
done:
	free(buf);
	return ok;
}
