/*
 * ingest: the per-file loop.  Format detection is per line with a
 * preference: the format of the file's previous event is tried first, then
 * the others, so a file is detected by its first parsable line and mixed
 * files (JSON with a stray logfmt or panic line) still parse.  A line no
 * format understands continues the open record when that record's format
 * is multi-line (stack traces), and is unparsed otherwise.
 */
#include "ingest.h"

#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* free */
#include <string.h> /* strlen */

#include "auth.h"
#include "bisect.h"
#include "buf.h"
#include "diag.h"
#include "fields.h"
#include "event.h"
#include "input.h"
#include "jsonw.h"
#include "lines.h"
#include "mem.h"
#include "out.h"
#include "parser.h"
#include "progress.h"
#include "rawout.h"
#include "crs.h"
#include "rules.h"
#include "scan.h"
#include "source.h"
#include "trace.h"

/* Bytes held of one record: its event is at most EVENT_LINE_MAX (text
 * fields cut to fit, the event marked truncated); --raw holds that much of
 * a record's lines while a filter may still drop it, and streams the rest
 * of a record that is sure to be written. */
#define RECORD_MAX EVENT_LINE_MAX
#define EVENT_SLACK (64u << 10) /* the event's keys, numbers and tags */
/* Input idle this long: the record held open is written (tail -f). */
#define IDLE_FLUSH_MS 200

/*
 * Events are read in batches: lines parsed, then their records tagged
 * together, then placed and written together.  Line by line, the rules'
 * and the CRS's code and tables and the parser's and encoder's take turns
 * evicting each other from the core's caches; in a batch each stage runs
 * warm (docs/performance.md measures it: --crs costs a third less time).
 * Only a record no later line can continue is batched, and the batch is
 * written before any other line is handled, so the output, the accounting
 * and every filter are those of reading line by line.
 */
#define BATCH_RECORDS 32
#define BATCH_BYTES (256u << 10)
#define BATCH_LINE_MAX (16u << 10) /* a longer line is read alone */

struct batched {
	struct event ev;
	struct line l;          /* its line, in the batch's bytes */
	const char *name;       /* its format's (parser_record_name) */
	uint32_t extra_lines;   /* CRI pieces joined into it */
	bool derived;
};

struct batch {
	struct batched rec[BATCH_RECORDS];
	size_t n;
	/* the records' lines, and the text of fields that were not in
	 * their line (a parser's scratch, valid only until its next line) */
	char bytes[BATCH_BYTES];
	size_t used;
	/* where an event's text fields are (those a parser sets) */
	size_t span_at[EF_COUNT];
	size_t nspans;
};

struct ingest {
	const struct ingest_opts *o;
	struct parser *ps;
	struct auth *auth;  /* failed logins: tagged, client and user set */
	struct out *out;
	uint64_t written;
	/* the open record */
	bool open;
	bool keep;          /* passed window, level and field filters */
	bool hit;           /* a line matched --grep */
	bool multiline;     /* its format takes continuation lines */
	bool streaming;     /* --raw: its lines go straight out (too long to hold) */
	uint64_t lost;      /* --raw: lines not held while it could still be dropped */
	uint64_t first;     /* its first line number */
	uint64_t next_no;   /* streaming: the line after the last written */
	uint32_t nlines;
	struct buf json;    /* the encoded event, without its closing brace */
	struct buf raw;     /* its lines, for --raw */
	struct buf masked;  /* --redact: the event's text fields, masked */
	struct event *ev;   /* the line's event: ev_line, or a batched record's */
	struct event ev_line;
	struct batch *batch; /* events mode: records tagged together, or NULL */
	int64_t rec_ts;     /* its time, or the file's last time before it */
	bool rec_timed;     /* rec_ts is known */
	struct trace trace; /* the exception its continuation lines name */
	/* CRI partial lines ("... stdout P text") waiting for their "F" line */
	struct buf partial;
	uint64_t partial_first;
	uint32_t partial_lines;
	uint32_t extra_lines; /* pieces of the line being read, past its first */
	uint64_t untimed;   /* records kept under --since/--until with no time known */
	/* the file being read (ingest_open .. ingest_close) */
	struct input *in;
	struct lines *lr;
	struct source_acc st;
	const char *src;
	int file_fmt;
	int rc;             /* the last lines_next result */
	int64_t last_ts;    /* the latest record time seen in the file */
	struct progress prog;
	/* the incident grep: lines --grep cannot select are counted, not
	 * parsed (skip_unmatched) */
	bool skips;         /* the options allow it */
	uint64_t passed_over; /* lines so passed over in this file */
	uint64_t noskip_to; /* reading every line up to this offset */
	/* --merge-time: records closed but not yet written, oldest first;
	 * each is a struct queued header followed by its text */
	struct buf queue;
	size_t queue_at;    /* the first record still queued */
};

struct queued {
	int64_t ts;
	uint64_t first;
	size_t len;
	bool selected;
};

struct ingest *ingest_new(const struct ingest_opts *o, struct parser *ps,
			  struct out *out)
{
	struct ingest *ig = xcalloc(1, sizeof *ig);

	ig->o = o;
	ig->ps = ps;
	ig->auth = auth_new();
	ig->out = out;
	buf_init(&ig->json, RECORD_MAX);
	/* a cap, not an allocation: a line up to max_line, masked, always fits */
	buf_init(&ig->raw, RECORD_MAX + 8 * o->max_line);
	buf_init(&ig->masked, RECORD_MAX);
	buf_init(&ig->queue, 0);
	buf_init(&ig->partial, o->max_line);
	ig->ev = &ig->ev_line;
	if (o->mode == MODE_EVENTS) {
		ig->batch = xcalloc(1, sizeof *ig->batch);
		for (size_t i = 0; i < EF_COUNT; i++)
			if (event_fields[i].type == EVT_SPAN &&
			    !(event_fields[i].flags & (EVF_ORIGIN | EVF_CLOSE)))
				ig->batch->span_at[ig->batch->nspans++] = event_fields[i].off;
	}
	/* what a skipped line could change besides its own selection: its
	 * record's accounting (--stats), its time (--since, --until, and the
	 * order of a merge), its fields (--level, --field), the records
	 * around a match (-A, -B), an inverted grep */
	ig->skips = (o->mode == MODE_RAW || o->mode == MODE_COUNT) &&
		    filter_grep_searches_lines(&o->filter) && !o->filter.invert &&
		    !filter_needs_event(&o->filter) && !o->filter.has_since &&
		    !o->filter.has_until && !o->stats && !o->merge_time && !o->context;
	return ig;
}

void ingest_free(struct ingest *ig)
{
	if (!ig)
		return;
	buf_release(&ig->json);
	buf_release(&ig->raw);
	buf_release(&ig->masked);
	buf_release(&ig->queue);
	buf_release(&ig->partial);
	auth_free(ig->auth);
	free(ig->batch);
	free(ig);
}

/* --raw: a record to the output, or with --merge-time to the queue the
 * merge reads from (at most two records: the one closed by a new line and
 * that line's own, when its format takes no continuation). */
static void raw_record(struct ingest *ig, const char *text, size_t len, uint64_t first,
		       int64_t ts, bool selected)
{
	struct queued q = { ts, first, len, selected };

	if (!ig->o->merge_time) {
		rawout_record(ig->o->rawout, text, len, first, selected);
		return;
	}
	buf_add(&ig->queue, &q, sizeof q);
	buf_add(&ig->queue, text, len);
}

uint64_t ingest_written(const struct ingest *ig)
{
	return ig->written;
}

/* Writes (or drops) the open record. */
static void close_record(struct ingest *ig, struct source_acc *st)
{
	const struct filter *f = &ig->o->filter;

	if (!ig->open)
		return;
	ig->open = false;
	if (!ig->keep || !filter_grep_keep(f, ig->hit)) {
		st->filtered++;
		if (ig->o->mode == MODE_RAW) /* context for -B/-A */
			raw_record(ig, ig->raw.p, ig->raw.len, ig->first, ig->rec_ts, false);
		return;
	}
	st->written++;
	ig->written++;
	if (ig->o->mode == MODE_RAW) {
		/* a streamed record has written all but its last lines */
		raw_record(ig, ig->raw.p, ig->raw.len, ig->streaming ? ig->next_no : ig->first,
			   ig->rec_ts, true);
		if (ig->lost) {
			struct diag_where w = { st->src, ig->first };

			st->records_cut++;
			diag_warn(&w, "record of %u lines: %llu lines past %u bytes not shown "
				  "(held while the filters could still drop it)", ig->nlines,
				  (unsigned long long)ig->lost, RECORD_MAX);
		}
	} else if (ig->o->mode == MODE_EVENTS) {
		struct event closing = { .nlines = ig->nlines };

		trace_result(&ig->trace, &closing.exception, &closing.cause);
		event_encode_close(&ig->json, &closing);
		out_add(ig->out, ig->json.p, ig->json.len);
	}
}

/* Appends line l, masked under --redact, to the raw record. */
static void raw_line(struct ingest *ig, const struct line *l)
{
	if (ig->o->redact && ig->o->rules)
		rules_redact(ig->o->rules, l->p, l->len, &ig->raw);
	else
		buf_add(&ig->raw, l->p, l->len);
	buf_addc(&ig->raw, '\n');
}

/* --raw: a line of the open record, held until the record is decided.  A
 * record longer than RECORD_MAX streams once it is sure to be written;
 * while a filter may still drop it, the lines past RECORD_MAX are counted
 * as lost and said so when it is written. */
static void add_raw(struct ingest *ig, const struct line *l)
{
	if (ig->o->mode != MODE_RAW)
		return;
	if (!ig->streaming && (ig->lost || ig->raw.len + l->len + 1 > RECORD_MAX)) {
		/* merged by time, a record cannot stream ahead of the others */
		if (!ig->keep || !filter_grep_decided(&ig->o->filter, ig->hit) ||
		    ig->o->merge_time) {
			ig->lost++;
			return;
		}
		rawout_piece(ig->o->rawout, ig->raw.p, ig->raw.len, ig->first);
		buf_reset(&ig->raw);
		ig->streaming = true;
	}
	raw_line(ig, l);
	if (ig->streaming) {
		rawout_piece(ig->o->rawout, ig->raw.p, ig->raw.len, l->no);
		buf_reset(&ig->raw);
		ig->next_no = l->no + 1;
	}
}

/* The open record's event into ig->json.  When its escaped text would pass
 * EVENT_LINE_MAX (a 1 MiB line of control bytes is 6 MiB escaped), the
 * text fields share what fits, the event says "truncated" and the source
 * counts it: written whole and valid, so analyze reads it. */
static void encode_event(struct ingest *ig, struct source_acc *st, const char *src,
			 uint64_t no, const char *fmt)
{
	size_t n = 0, room = RECORD_MAX - EVENT_SLACK - 6 * strlen(src), each;

	event_encode_open(&ig->json, ig->ev, src, no, fmt);
	if (!ig->json.err)
		return;
	for (size_t i = 0; i < EF_COUNT; i++)
		n += event_fields[i].type == EVT_SPAN && !(event_fields[i].flags & EVF_ORIGIN) &&
		     event_span(ig->ev, &event_fields[i])->len;
	each = room / 6 / (n ? n : 1); /* every byte may become \u00XX */
	for (size_t i = 0; i < EF_COUNT; i++)
		if (event_fields[i].type == EVT_SPAN && !(event_fields[i].flags & EVF_ORIGIN) &&
		    event_span(ig->ev, &event_fields[i])->len > each)
			event_span(ig->ev, &event_fields[i])->len = each;
	ig->ev->truncated = true;
	st->records_cut++;
	buf_reset(&ig->json);
	event_encode_open(&ig->json, ig->ev, src, no, fmt);
}

/* --redact: the text fields of the event, masked into ig->masked; spans
 * are set once all are written, so a growing buffer moves none of them. */
static void redact_event(struct ingest *ig)
{
	struct span *f[EF_COUNT];
	size_t at[EF_COUNT], len[EF_COUNT], nf = 0;

	for (size_t i = 0; i < EF_COUNT; i++)
		if (event_fields[i].flags & EVF_FREE_TEXT)
			f[nf++] = event_span(ig->ev, &event_fields[i]);
	buf_reset(&ig->masked);
	for (size_t i = 0; i < nf; i++) {
		at[i] = ig->masked.len;
		if (f[i]->len)
			rules_redact(ig->o->rules, f[i]->p, f[i]->len, &ig->masked);
		len[i] = ig->masked.len - at[i];
	}
	if (ig->masked.err) { /* past RECORD_MAX: masked whole, never leaked */
		for (size_t i = 0; i < nf; i++)
			if (f[i]->len)
				*f[i] = (struct span){ "[redacted]", 10 };
		return;
	}
	for (size_t i = 0; i < nf; i++)
		if (f[i]->len)
			*f[i] = (struct span){ ig->masked.p + at[i], len[i] };
}

/* Access logs have no level: derive one from the status, so --level and
 * --field level= select on every format.  It is not written into the event:
 * an event's level is the one its log wrote, so analyze counts error lines
 * from what applications said, and a failed request once, by its status
 * (docs/summary.md).  True when it derived one. */
static bool level_from_status(struct event *e)
{
	if (e->level || !e->status)
		return false;
	e->level = e->status >= 500 ? LEVEL_ERROR : e->status >= 400 ? LEVEL_WARN
							    : LEVEL_INFO;
	return true;
}

/* A web server's access log: the layouts whose fields are the whole line,
 * written with the server's escapes. */
static bool access_layout(const char *name)
{
	return !strcmp(name, "access") || !strcmp(name, "access_vhost") || !strcmp(name, "custom");
}

/* The first half of opening a record: what its event is and says (a
 * level from its status, its service, a failed login, the rules' and the
 * CRS's tags).  True when the level was derived, to be dropped before the
 * event is written. */
static bool tag_record(struct ingest *ig, const struct line *l, const char *name)
{
	bool derived = level_from_status(ig->ev);

	field_derive_service(ig->ev, ig->o->service);
	auth_detect(ig->auth, ig->ev);
	if (ig->o->rules || ig->o->crs) {
		const char *inner = strrchr(name, '/');

		/* an access log's fields cover its line: scanning it again as
		 * "line" would only double the cost */
		if (ig->o->rules)
			rules_apply(ig->o->rules, ig->ev, l->p, access_layout(name) ? 0 : l->len);
		/* its request, User-Agent and Referer are written escaped (\xHH,
		 * \", \\): the CRS must see the bytes the client sent.  A line
		 * without a backslash has no escape in any of them (nor has a
		 * text decoded from it: a JSON line's backslash is escaped). */
		if (ig->o->crs)
			crs_apply(ig->o->crs, ig->ev,
				  access_layout(inner ? inner + 1 : name) && memchr(l->p, '\\', l->len));
	}
	return derived;
}

/* The second half: the tagged event becomes the open record, filtered
 * and (in events mode) encoded.  name is its format's, multiline whether
 * later lines may continue it, extra the CRI pieces joined into its line
 * past the first. */
static void place_record(struct ingest *ig, struct source_acc *st, const struct line *l,
			 const char *name, bool multiline, bool derived, uint32_t extra)
{
	const struct filter *f = &ig->o->filter;

	if (ig->o->redact && ig->o->rules && ig->o->mode == MODE_EVENTS)
		redact_event(ig);
	ig->open = true;
	ig->streaming = false;
	ig->lost = 0;
	ig->first = l->no;
	ig->nlines = 1 + extra;
	st->continuation += extra;
	if (ig->ev->has_ts && (!ig->rec_timed || ig->ev->ts_ms > ig->last_ts)) {
		ig->last_ts = ig->ev->ts_ms;
		ig->rec_timed = true;
	}
	/* a record with no time of its own is placed at the latest before it */
	ig->rec_ts = ig->ev->has_ts ? ig->ev->ts_ms : ig->last_ts;
	ig->multiline = multiline;
	ig->keep = filter_event(f, ig->ev, name,
				ig->ev->has_ts || ig->rec_timed ? &ig->rec_ts : NULL);
	if (ig->keep && !ig->ev->has_ts && !ig->rec_timed && (f->has_since || f->has_until))
		ig->untimed++;
	ig->hit = filter_grep_line(f, l->p, l->len);
	trace_reset(&ig->trace);
	/* Java's uncaught exception opens its own record (a container's output) */
	if (ig->ev->msg.len > 20 && !memcmp(ig->ev->msg.p, "Exception in thread \"", 21))
		trace_feed(&ig->trace, ig->ev->msg.p, ig->ev->msg.len);
	buf_reset(&ig->json);
	buf_reset(&ig->raw);
	if (derived)
		ig->ev->level = LEVEL_NONE;
	if (ig->keep && ig->o->mode == MODE_EVENTS)
		encode_event(ig, st, ig->src, l->no, name);
	add_raw(ig, l);
	st->events++;
}

static void open_record(struct ingest *ig, struct source_acc *st, const struct line *l, int fmt)
{
	const char *name = parser_record_name(ig->ps, fmt);
	bool derived = tag_record(ig, l, name);

	place_record(ig, st, l, name, parser_multiline(ig->ps, fmt), derived, ig->extra_lines);
	ig->extra_lines = 0;
}

static const char *batch_keep(struct batch *b, const char *p, size_t len)
{
	char *at = b->bytes + b->used;

	if (len)
		memcpy(at, p, len);
	b->used += len;
	return at;
}

/* Places and writes the batch's records, and empties it: its bytes too,
 * which a line read alone was copied into (kept until the next line). */
static void batch_flush(struct ingest *ig, struct source_acc *st)
{
	struct batch *b = ig->batch;

	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		ig->ev = &b->rec[i].ev;
		b->rec[i].derived = tag_record(ig, &b->rec[i].l, b->rec[i].name);
	}
	for (size_t i = 0; i < b->n; i++) {
		ig->ev = &b->rec[i].ev;
		/* the line being read keeps its own pieces (ig->extra_lines) */
		place_record(ig, st, &b->rec[i].l, b->rec[i].name, false, b->rec[i].derived,
			     b->rec[i].extra_lines);
		close_record(ig, st);
	}
	b->n = b->used = 0;
}

/* Where line l is parsed: a batch's next record, with l copied into the
 * batch (*copy), or NULL when l is read alone. */
static struct batched *batch_slot(struct ingest *ig, struct source_acc *st, const struct line *l,
				  struct line *copy)
{
	struct batch *b = ig->batch;

	if (!b)
		return NULL;
	if (l->len > BATCH_LINE_MAX || (ig->open && ig->multiline)) {
		batch_flush(ig, st);
		return NULL;
	}
	/* room for the line and fields as long again outside it */
	if (b->n == BATCH_RECORDS || BATCH_BYTES - b->used < 2 * l->len)
		batch_flush(ig, st);
	*copy = *l;
	copy->p = batch_keep(b, l->p, l->len);
	return &b->rec[b->n];
}

/* Whether the record parsed into r can wait in the batch: the text of its
 * fields that is not in its line is copied there.  When it does not fit,
 * the fields copied so far stay where they were copied (nothing writes
 * there before the next line) and the record is read alone. */
static bool batch_fields(struct batch *b, struct batched *r, const struct line *l)
{
	for (size_t i = 0; i < b->nspans; i++) {
		struct span *f = (struct span *)(void *)((char *)&r->ev + b->span_at[i]);
		/* as integers: a field elsewhere is another object than the line */
		uintptr_t at = (uintptr_t)f->p - (uintptr_t)l->p;

		if (f->len && (at > l->len || f->len > l->len - at)) {
			if (f->len > BATCH_BYTES - b->used)
				return false;
			f->p = batch_keep(b, f->p, f->len);
		}
	}
	return true;
}

/* A line no format parsed.  In --raw mode with no event filter it is still
 * a line a grep user wants to see, so it is written when the grep says so. */
static void unparsed(struct ingest *ig, struct source_acc *st, const struct line *l)
{
	const struct filter *f = &ig->o->filter;
	bool keep;

	/* a forced --format that does not fit: say so once a file, with the
	 * format the line is in, instead of counting the file as unparsed */
	if (ig->o->format >= 0 && !st->unparsed && !st->events) {
		struct diag_where w = { st->src, l->no };
		struct event probe;
		int fmt = parser_parse_any(ig->ps, -1, l->p, l->len, &probe);

		if (fmt >= 0)
			diag_warn(&w, "not %s but %s: drop --format %s to read it",
				  parser_name(ig->ps, ig->o->format), parser_name(ig->ps, fmt),
				  parser_name(ig->ps, ig->o->format));
	}
	source_note_unparsed(st, l->no);
	if (ig->o->mode == MODE_EVENTS)
		return;
	/* placed at the file's latest time before it, like a record with none */
	keep = !filter_needs_event(f) && filter_window(f, ig->rec_timed ? &ig->last_ts : NULL) &&
	       filter_grep_keep(f, filter_grep_line(f, l->p, l->len));
	if (keep && !ig->rec_timed && (f->has_since || f->has_until))
		ig->untimed++;
	if (keep) {
		st->written++;
		ig->written++;
	}
	if (ig->o->mode == MODE_RAW) { /* masked under --redact like any line */
		buf_reset(&ig->raw);
		raw_line(ig, l);
		raw_record(ig, ig->raw.p, ig->raw.len, l->no, ig->last_ts, keep);
	}
}

static bool is_blank_or_indented(const struct line *l)
{
	return l->len == 0 || l->p[0] == ' ' || l->p[0] == '\t';
}

/* A line of the open record: counted, grepped, read for an exception. */
static void continue_record(struct ingest *ig, struct source_acc *st, const struct line *l,
			    const char *p, size_t n)
{
	st->continuation += 1 + ig->extra_lines;
	ig->nlines += 1 + ig->extra_lines;
	ig->extra_lines = 0;
	if (!ig->hit)
		ig->hit = filter_grep_line(&ig->o->filter, l->p, l->len);
	trace_feed(&ig->trace, p, n);
	add_raw(ig, l);
}

static void one_line(struct ingest *ig, struct source_acc *st, const struct line *l,
		     int *file_fmt)
{
	struct line copy;
	struct batched *r = batch_slot(ig, st, l, &copy);
	int fmt;

	if (r)
		l = &copy;
	ig->ev = r ? &r->ev : &ig->ev_line;
	/* an indented or blank line inside a multi-line record continues it
	 * without trying every format */
	if (ig->open && ig->multiline && is_blank_or_indented(l))
		fmt = -1;
	else if (ig->o->format >= 0)
		fmt = parser_parse(ig->ps, ig->o->format, l->p, l->len, ig->ev) == 0
			      ? ig->o->format : -1;
	else
		fmt = parser_parse_any(ig->ps, *file_fmt, l->p, l->len, ig->ev);
	if (fmt >= 0 && *file_fmt < 0) {
		*file_fmt = fmt;
		snprintf(st->fmt, sizeof st->fmt, "%s", parser_record_name(ig->ps, fmt));
	}
	if (r && fmt >= 0 && !(ig->open && parser_continues(ig->ps)) &&
	    !parser_multiline(ig->ps, fmt) && batch_fields(ig->batch, r, l)) {
		close_record(ig, st);
		r->l = copy;
		r->name = parser_record_name(ig->ps, fmt);
		r->extra_lines = ig->extra_lines;
		ig->extra_lines = 0;
		ig->batch->n++;
		return;
	}
	/* anything else is read after the records before it */
	if (r) {
		batch_flush(ig, st);
		ig->ev = &r->ev;
	}
	if (fmt == PARSE_MORE && ig->open) { /* PostgreSQL's DETAIL: line */
		continue_record(ig, st, l, l->p, l->len);
		return;
	}
	/* an envelope (CRI, Docker, kubectl) around a stack trace's line */
	if (fmt >= 0 && ig->open && parser_continues(ig->ps)) {
		continue_record(ig, st, l, ig->ev->msg.p, ig->ev->msg.len);
		return;
	}
	if (fmt >= 0) {
		close_record(ig, st);
		open_record(ig, st, l, fmt);
		if (!ig->multiline)
			close_record(ig, st); /* nothing can continue it: write now */
		return;
	}
	if (ig->open && ig->multiline) {
		continue_record(ig, st, l, l->p, l->len);
		return;
	}
	close_record(ig, st);
	unparsed(ig, st, l);
}

/* CRI writes a line longer than its buffer as "P" (partial) pieces ended
 * by an "F" piece.  The pieces are held (the first with its prefix, made
 * an F line's) and joined with the F piece into one line, the record's,
 * which starts at the first piece.  True when l was a piece. */
static size_t cri_piece(const struct line *l)
{
	const char *sp = memchr(l->p, ' ', l->len < 40 ? l->len : 40);

	if (!sp || l->len - (size_t)(sp - l->p) < 10 || !scan_is_digit(l->p[0]) ||
	    (memcmp(sp + 1, "stdout P ", 9) && memcmp(sp + 1, "stderr P ", 9)))
		return 0;
	return (size_t)(sp - l->p) + 10; /* where its text starts */
}

static bool cri_partial(struct ingest *ig, const struct line *l)
{
	size_t at = cri_piece(l);

	if (!at)
		return false;
	if (!ig->partial_lines) {
		ig->partial_first = l->no;
		buf_reset(&ig->partial);
		buf_add(&ig->partial, l->p, at - 3);
		buf_add(&ig->partial, " F ", 3);
	}
	ig->partial_lines++;
	buf_add(&ig->partial, l->p + at, l->len - at);
	return true;
}

/* The record the held pieces make with l, their F piece (or with nothing,
 * at the end of the file): its line, numbered from the first piece. */
static struct line cri_join(struct ingest *ig, const struct line *l)
{
	struct line j = { .no = ig->partial_first, .truncated = ig->partial.err };

	if (l) {
		const char *sp = memchr(l->p, ' ', l->len < 40 ? l->len : 40);
		size_t at = sp && l->len - (size_t)(sp - l->p) >= 10 ? (size_t)(sp - l->p) + 10
								      : l->len;
		buf_add(&ig->partial, l->p + at, l->len - at);
	}
	j.p = ig->partial.p;
	j.len = ig->partial.len;
	ig->extra_lines = ig->partial_lines - (l ? 0 : 1);
	ig->partial_lines = 0;
	return j;
}

/* The accounting record that closes each file in the event stream, so
 * analyze can carry it into the summary. */
static void write_source(struct ingest *ig, const struct source_acc *st, const char *src)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "{\"v\":1,\"type\":\"source\"");
	jsonw_key(&b, "src", 0);
	jsonw_str(&b, src, strlen(src)); /* whole, however long */
	if (st->fmt[0]) {
		jsonw_key(&b, "fmt", 0);
		jsonw_str(&b, st->fmt, strlen(st->fmt));
	}
	source_encode_all(&b, st);
	if (st->error[0]) {
		jsonw_key(&b, "error", 0);
		jsonw_str(&b, st->error, strlen(st->error));
	}
	buf_add(&b, "}\n", 2);
	out_add(ig->out, b.p, b.len);
	buf_release(&b);
}

/* passed_over: lines the incident grep passed over without parsing (they
 * are in no other count) */
static void print_stats(const struct source_acc *st, uint64_t passed_over)
{
	char at[128] = "", skipped[64] = "";
	size_t k = 0;

	for (uint64_t i = 0; i < st->unparsed && i < SOURCE_SAMPLES; i++)
		k += (size_t)snprintf(at + k, sizeof at - k, "%s%llu", i ? "," : " (lines ",
				      (unsigned long long)st->unparsed_at[i]);
	if (k)
		snprintf(at + k, sizeof at - k, "%s)", st->unparsed > SOURCE_SAMPLES ? ",..." : "");
	if (passed_over)
		snprintf(skipped, sizeof skipped, ", %llu not matching --grep (not parsed)",
			 (unsigned long long)passed_over);
	else if (st->unread)
		snprintf(skipped, sizeof skipped, ", %llu before --since (not parsed)",
			 (unsigned long long)st->unread);
	diag_note("%s: %s%s, %llu lines: %llu events, %llu continuation, "
		  "%llu unparsed%s%s; %llu filtered, %llu written; %llu bytes, "
		  "%llu truncated, %llu dropped at a fault",
		  st->src, st->fmt[0] ? st->fmt : "no format detected",
		  st->gzip ? " (gzip)" : "", (unsigned long long)st->lines,
		  (unsigned long long)st->events,
		  (unsigned long long)st->continuation,
		  (unsigned long long)st->unparsed, at, skipped,
		  (unsigned long long)st->filtered,
		  (unsigned long long)st->written,
		  (unsigned long long)st->bytes,
		  (unsigned long long)st->truncated,
		  (unsigned long long)st->dropped);
}

/* What the file's records leave out, said on stderr: a file read in part
 * must not pass for a file read whole. */
static void warn_coverage(const struct ingest *ig, const struct source_acc *st)
{
	struct diag_where w = { st->src, 0 };
	uint64_t records = st->events + st->unparsed;

	if (ig->untimed)
		diag_warn(&w, "%llu records have no time (nor one before them in the file): "
			  "kept whatever the --since/--until window",
			  (unsigned long long)ig->untimed);
	/* under 90 % of the records parsed */
	if (records && st->unparsed * 10 > records) {
		w.line = st->unparsed_at[0];
		diag_warn(&w, "only %llu of %llu records parsed (%s); %llu lines unparsed, "
			  "the first here", (unsigned long long)st->events,
			  (unsigned long long)records,
			  ig->o->format >= 0 ? "--format forced" :
			  st->fmt[0] ? st->fmt : "no format detected",
			  (unsigned long long)st->unparsed);
	}
}

/* --since on a large plain file: reading starts near the window's start
 * (bisect.c); the lines before it are counted, and said so. */
static void enter_window(struct ingest *ig)
{
	struct bisect b;

	if (!bisect_since(ig->in, ig->ps, ig->o->format, ig->o->filter.since_ms, &b) ||
	    input_start_at(ig->in, b.offset) < 0)
		return;
	lines_start_at(ig->lr, b.offset, b.lines);
	ig->st.unread = b.lines;
	if (b.fmt >= 0) {
		ig->file_fmt = b.fmt;
		snprintf(ig->st.fmt, sizeof ig->st.fmt, "%s", parser_record_name(ig->ps, b.fmt));
	}
}

void ingest_open(struct ingest *ig, const char *path)
{
	ig->in = input_open(path);
	ig->lr = lines_new(ig->in, ig->o->max_line);
	ig->src = input_name(ig->in);
	memset(&ig->st, 0, sizeof ig->st);
	snprintf(ig->st.src, sizeof ig->st.src, "%s", ig->src);
	ig->file_fmt = -1;
	if (ig->o->filter.has_since)
		enter_window(ig);
	ig->rc = 1;
	ig->last_ts = INT64_MIN;
	ig->rec_timed = false;
	ig->partial_lines = ig->extra_lines = 0;
	ig->untimed = 0;
	ig->passed_over = ig->noskip_to = 0;
	ig->open = false;
	buf_reset(&ig->queue);
	ig->queue_at = 0;
	progress_start(&ig->prog, ig->o->progress);
	if (ig->o->mode == MODE_RAW && !ig->o->merge_time)
		rawout_file(ig->o->rawout, ig->src);
}

/* Pieces of a joined line that made no record (the line was unparsed):
 * counted as unparsed too, so every line is accounted for. */
static void unplaced_pieces(struct ingest *ig)
{
	for (; ig->extra_lines; ig->extra_lines--)
		source_note_unparsed(&ig->st, ig->partial_first + ig->extra_lines);
}

#define OPENER_UNSURE (-3)
#define SETTLE_LINES 64

/* Whether line l opens a record whatever is open before it: its format,
 * -1 when it never does (a continuation, or unparsed), or OPENER_UNSURE
 * when that depends on the record before it (one_line is the definition). */
static int record_opener(struct ingest *ig, const struct line *l)
{
	struct event probe;
	int fmt;

	if (cri_piece(l))
		return OPENER_UNSURE;
	if (ig->o->format >= 0)
		fmt = parser_parse(ig->ps, ig->o->format, l->p, l->len, &probe) == 0 ? ig->o->format
										: -1;
	else
		fmt = parser_parse_any(ig->ps, ig->file_fmt, l->p, l->len, &probe);
	if (fmt < 0)
		return -1; /* PARSE_MORE too: a continuation, or unparsed */
	if (is_blank_or_indented(l) || parser_continues(ig->ps))
		return OPENER_UNSURE;
	return fmt;
}

/* How much of p[0..n), whole lines none of which the grep selects, can go
 * unread: all of it when its last record ends with it; up to the start of
 * that record when it takes continuation lines (it is read, so that a
 * match further on finds it open); 0 when only reading every line in
 * order can tell.  Found from the end, parsing a few lines. */
static size_t unread_upto(struct ingest *ig, const char *p, size_t n)
{
	size_t end = n;

	for (int k = 0; k < SETTLE_LINES && end > 0; k++) {
		size_t start = end - 1;
		struct line l;
		int fmt;

		while (start > 0 && p[start - 1] != '\n')
			start--;
		l = (struct line){ .p = p + start, .len = end - 1 - start };
		if ((fmt = record_opener(ig, &l)) == OPENER_UNSURE)
			return 0;
		if (fmt >= 0)
			return parser_multiline(ig->ps, fmt) ? start : n;
		end = start;
	}
	/* no record opens in it: its lines continue the open one, if any */
	return end == 0 && !ig->open ? n : 0;
}

/*
 * The incident grep, as grep does it: the pattern runs over the buffered
 * lines at once, and the lines before its first match, which it cannot
 * select, are counted without being parsed, unless the record structure
 * around them says otherwise (unread_upto).  A record already selected
 * is read to its end.  A buffer with a '\r' is read line by line ('$'
 * would differ), as is one where the structure is unclear.
 */
static void skip_unmatched(struct ingest *ig)
{
	const char *p;
	size_t n = lines_buffered(ig->lr, &p), at, upto;
	uint64_t off = lines_stats(ig->lr)->bytes;

	if (!n || off < ig->noskip_to)
		return;
	if (n > ig->o->max_line) { /* no line past max_line: those are flagged */
		n = ig->o->max_line;
		while (n > 0 && p[n - 1] != '\n')
			n--;
	}
	if (!n)
		return;
	if (memchr(p, '\r', n)) {
		ig->noskip_to = off + n;
		return;
	}
	if (filter_grep_lines(&ig->o->filter, p, n, &at)) {
		while (at > 0 && p[at - 1] != '\n')
			at--;
		n = at; /* the lines before the match's */
	}
	if (!n)
		return;
	if (!(upto = unread_upto(ig, p, n))) {
		ig->noskip_to = off + n;
		return;
	}
	close_record(ig, &ig->st); /* unselected: a record opens among those lines */
	ig->passed_over += lines_skip(ig->lr, upto);
}

/* Reads lines until a record is queued (--merge-time) or the file ends. */
static void step(struct ingest *ig)
{
	struct diag_where w = { ig->src, 0 };
	struct line l;

	while (ig->rc > 0 && (!ig->o->merge_time || ig->queue_at == ig->queue.len)) {
		if (!lines_pending(ig->lr)) {
			/* about to block on input: show what we have, and after
			 * a pause the record held for continuation lines too */
			batch_flush(ig, &ig->st);
			if (ig->open && !ig->o->merge_time && input_idle(ig->in, IDLE_FLUSH_MS))
				close_record(ig, &ig->st);
			out_flush(ig->out);
		}
		if (ig->skips && ig->file_fmt >= 0 && !ig->partial_lines && !(ig->open && ig->hit))
			skip_unmatched(ig);
		if ((ig->rc = lines_next(ig->lr, &l)) <= 0)
			break;
		if (l.truncated) {
			w.line = l.no;
			diag_warn(&w, "line truncated at %zu bytes", l.len);
		}
		if (cri_partial(ig, &l))
			continue;
		if (ig->partial_lines) {
			struct line j = cri_join(ig, &l);
			one_line(ig, &ig->st, &j, &ig->file_fmt);
		} else {
			one_line(ig, &ig->st, &l, &ig->file_fmt);
		}
		unplaced_pieces(ig);
		progress_update(&ig->prog, ig->src, input_offset_raw(ig->in), input_size(ig->in));
	}
	if (ig->rc <= 0 && ig->partial_lines) { /* pieces with no F line */
		struct line j = cri_join(ig, NULL);
		one_line(ig, &ig->st, &j, &ig->file_fmt);
		unplaced_pieces(ig);
	}
	if (ig->rc <= 0)
		batch_flush(ig, &ig->st);
	if (ig->rc <= 0 && ig->open)
		close_record(ig, &ig->st); /* the file's last record */
}

bool ingest_next(struct ingest *ig, int64_t *ts)
{
	const struct queued *q;

	if (ig->queue_at == ig->queue.len) {
		buf_reset(&ig->queue);
		ig->queue_at = 0;
		step(ig);
	}
	if (ig->queue_at == ig->queue.len)
		return false;
	q = (const struct queued *)(const void *)(ig->queue.p + ig->queue_at);
	*ts = q->ts;
	return true;
}

void ingest_write_next(struct ingest *ig)
{
	struct queued q;

	memcpy(&q, ig->queue.p + ig->queue_at, sizeof q);
	rawout_name(ig->o->rawout, ig->src);
	rawout_record(ig->o->rawout, ig->queue.p + ig->queue_at + sizeof q, q.len, q.first,
		      q.selected);
	ig->queue_at += sizeof q + q.len;
}

int ingest_close(struct ingest *ig)
{
	struct source_acc *st = &ig->st;
	struct diag_where w = { ig->src, 0 };
	int rc;

	while (ig->rc > 0) { /* what was not read yet: a merge reads to the end first */
		buf_reset(&ig->queue);
		ig->queue_at = 0;
		step(ig);
	}
	rc = ig->rc;
	progress_end(&ig->prog);
	if (ig->o->mode == MODE_RAW && !ig->o->merge_time)
		rawout_file_end(ig->o->rawout);
	st->lines = lines_stats(ig->lr)->lines;
	st->bytes = lines_stats(ig->lr)->bytes;
	st->truncated = lines_stats(ig->lr)->truncated;
	st->dropped = lines_stats(ig->lr)->partial_bytes;
	st->gzip = input_is_gzip(ig->in);
	if (rc < 0) {
		snprintf(st->error, sizeof st->error, "%s", input_error(ig->in));
		diag_error(&w, "%s", input_error(ig->in));
	}
	warn_coverage(ig, st);
	if (ig->o->mode == MODE_EVENTS && input_fault(ig->in) != INPUT_FAULT_OPEN &&
	    input_fault(ig->in) != INPUT_FAULT_ISDIR)
		write_source(ig, st, ig->src);
	if (ig->o->stats || (rc < 0 && (st->bytes > 0 || st->dropped > 0)))
		print_stats(st, ig->passed_over);
	lines_free(ig->lr);
	input_free(ig->in);
	ig->lr = NULL;
	ig->in = NULL;
	return rc < 0 ? -1 : 0;
}

int ingest_file(struct ingest *ig, const char *path)
{
	ingest_open(ig, path);
	step(ig);
	return ingest_close(ig);
}
