/*
 * rawout: see rawout.h.
 */
#include "rawout.h"

#include <stdlib.h> /* free */
#include <string.h> /* memchr, strlen */

#include "buf.h"
#include "filter.h"
#include "mem.h"
#include "out.h"

#define HELD_MAX (8u << 20) /* bytes of before-context held */

/* grep's default colours (GREP_COLORS: fn=35, ln=32, se=36, ms=01;31) */
#define C_NAME "\033[35m"
#define C_NUM "\033[32m"
#define C_SEP "\033[36m"
#define C_MATCH "\033[01;31m"
#define C_END "\033[m"

struct held {                  /* a record kept as before-context */
	uint64_t first;
	size_t off, len;       /* in ring */
};

struct rawout {
	struct rawout_opts o;
	struct out *out;
	const char *name;
	uint64_t selected, file_selected;
	uint64_t next_line;    /* the line after the last one written, 0: none yet */
	unsigned after_left;   /* records of after-context still to write */
	struct held *held;     /* before-context, oldest first */
	unsigned nheld;
	struct buf ring;       /* their text */
	bool any_written;      /* something was written (for "--") */
};

struct rawout *rawout_new(const struct rawout_opts *o, struct out *out)
{
	struct rawout *r = xcalloc(1, sizeof *r);

	r->o = *o;
	r->out = out;
	r->held = xcalloc(o->before ? o->before : 1, sizeof *r->held);
	buf_init(&r->ring, 0);
	return r;
}

void rawout_free(struct rawout *r)
{
	if (!r)
		return;
	free(r->held);
	buf_release(&r->ring);
	free(r);
}

uint64_t rawout_selected(const struct rawout *r)
{
	return r->selected;
}

void rawout_file(struct rawout *r, const char *name)
{
	r->name = name;
	r->file_selected = 0;
	r->next_line = 0;
	r->after_left = 0;
	r->nheld = 0;
	buf_reset(&r->ring);
}

void rawout_name(struct rawout *r, const char *name)
{
	if (r->name != name)
		r->next_line = 0; /* another file: its numbers do not follow on */
	r->name = name;
}

void rawout_file_end(struct rawout *r)
{
	if (r->o.list && r->file_selected) {
		if (r->o.color)
			out_add(r->out, C_NAME, sizeof C_NAME - 1);
		out_add(r->out, r->name, strlen(r->name));
		if (r->o.color)
			out_add(r->out, C_END, sizeof C_END - 1);
		out_addc(r->out, '\n');
	}
}

static void put(struct rawout *r, const char *s, size_t n, const char *color)
{
	if (r->o.color && color)
		out_add(r->out, color, strlen(color));
	out_add(r->out, s, n);
	if (r->o.color && color)
		out_add(r->out, C_END, sizeof C_END - 1);
}

/* One line, its prefix and, in a selected record, its matches coloured. */
static void line_out(struct rawout *r, const char *p, size_t n, uint64_t no, bool selected)
{
	char sep = selected ? ':' : '-', num[24];
	size_t at = 0, s, e;

	if (r->o.filename) {
		put(r, r->name, strlen(r->name), C_NAME);
		put(r, &sep, 1, C_SEP);
	}
	if (r->o.line_numbers) {
		size_t k = 0;
		char tmp[24];

		do
			tmp[k++] = (char)('0' + no % 10);
		while ((no /= 10));
		for (size_t i = 0; i < k; i++)
			num[i] = tmp[k - 1 - i];
		put(r, num, k, C_NUM);
		put(r, &sep, 1, C_SEP);
	}
	while (selected && r->o.color && r->o.grep && at < n &&
	       filter_grep_span(r->o.grep, p, n, at, &s, &e)) {
		if (e == s) { /* an empty match colours nothing: step past a byte */
			out_add(r->out, p + at, s + 1 - at);
			at = s + 1;
			continue;
		}
		out_add(r->out, p + at, s - at);
		put(r, p + s, e - s, C_MATCH);
		at = e;
	}
	if (at < n)
		out_add(r->out, p + at, n - at);
	out_addc(r->out, '\n');
}

/* Writes a record's lines, with "--" before it when it does not follow
 * the last lines written (and context or numbers make that visible). */
static void record_out(struct rawout *r, const char *text, size_t len, uint64_t first,
		       bool selected)
{
	const char *p = text, *end = text + len;
	uint64_t no = first;

	bool context = r->o.before || r->o.after;

	if (context && r->any_written && first != r->next_line)
		put(r, "--\n", 3, C_SEP);
	if (!r->o.filename && !r->o.line_numbers && !(r->o.color && selected && r->o.grep)) {
		/* the plain incident grep: the record as it is, in one write;
		 * its lines are counted only when context needs the numbers */
		out_add(r->out, text, len);
		if (context)
			for (const char *q = text; (q = memchr(q, '\n', (size_t)(end - q))); q++)
				no++;
		r->next_line = no;
		r->any_written = true;
		return;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line_out(r, p, n, no++, selected);
		p += n + 1;
	}
	r->next_line = no;
	r->any_written = true;
}

/* Keeps a record as before-context: the newest `before` records within
 * HELD_MAX bytes, the oldest dropped first. */
static void hold(struct rawout *r, const char *text, size_t len, uint64_t first)
{
	if (!r->o.before)
		return;
	if (r->nheld == r->o.before || (r->nheld && r->ring.len + len > HELD_MAX)) {
		size_t drop = r->held[0].len;

		memmove(r->ring.p, r->ring.p + drop, r->ring.len - drop);
		buf_truncate(&r->ring, r->ring.len - drop);
		memmove(r->held, r->held + 1, (r->nheld - 1) * sizeof *r->held);
		r->nheld--;
		for (unsigned i = 0; i < r->nheld; i++)
			r->held[i].off -= drop;
	}
	if (len > HELD_MAX)
		return; /* too long to hold at all */
	r->held[r->nheld++] = (struct held){ first, r->ring.len, len };
	buf_add(&r->ring, text, len);
}

void rawout_piece(struct rawout *r, const char *text, size_t len, uint64_t first)
{
	if (!r->o.list && !r->o.quiet && len)
		record_out(r, text, len, first, true);
}

void rawout_record(struct rawout *r, const char *text, size_t len, uint64_t first,
		   bool selected)
{
	if (selected) {
		r->selected++;
		r->file_selected++;
	}
	if (r->o.list || r->o.quiet || !len)
		return;
	if (!selected) {
		if (r->after_left) {
			r->after_left--;
			record_out(r, text, len, first, false);
		} else {
			hold(r, text, len, first);
		}
		return;
	}
	for (unsigned i = 0; i < r->nheld; i++)
		record_out(r, r->ring.p + r->held[i].off, r->held[i].len, r->held[i].first, false);
	r->nheld = 0;
	buf_reset(&r->ring);
	record_out(r, text, len, first, true);
	r->after_left = r->o.after;
}
