/*
 * source: one input file's accounting, the record ingest counts into and
 * analyze carries into the summary.  Every line of a file lands in exactly
 * one of lines' parts: an event, a continuation line or unparsed; every
 * event is then filtered or written.
 *
 * The counters are described once, in source_counters[]: ingest's source
 * record, the summary's accounting, its totals, the readers of both and
 * the folding of sources past the summary's cap are all driven by it, so a
 * new counter is one field here and one line in that table.
 */
#ifndef LOGSIFT_SOURCE_H
#define LOGSIFT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SOURCE_SAMPLES 5 /* line numbers kept of unparsed lines */

struct source_acc {
	char src[256];          /* file name as given ("-": stdin) */
	char fmt[16];           /* format of the first event, "" if none */
	char error[200];        /* the input fault, "" if none */
	bool gzip;
	uint64_t lines;         /* all lines read */
	uint64_t events;        /* records parsed (before filtering) */
	uint64_t continuation;  /* lines folded into the record above them */
	uint64_t unparsed;      /* lines no format understood */
	uint64_t filtered;      /* records the filters dropped */
	uint64_t bytes;         /* uncompressed bytes */
	uint64_t truncated;     /* lines cut at max_line */
	uint64_t dropped;       /* bytes of an incomplete line lost to a fault */
	uint64_t records_cut;   /* records cut to fit EVENT_LINE_MAX (see ingest.c) */
	uint64_t unread;        /* lines before the --since window: counted, not
				   parsed (ingest/bisect.c); in lines, in no other count */
	uint64_t written;       /* records (or raw lines) written: ingest only */
	uint64_t unparsed_at[SOURCE_SAMPLES]; /* first unparsed line numbers */
};

/* A serialised member of the record, in ingest's record order. */
enum source_kind {
	SOURCE_COUNT,           /* a uint64_t counter: added when merged */
	SOURCE_LINES,           /* unparsed_at[], as long as unparsed says */
	SOURCE_FLAG,            /* the gzip bool */
};

struct source_field {
	const char *name;       /* JSON key */
	enum source_kind kind;
	size_t off;             /* offsetof(struct source_acc, ...) */
	bool omit_zero;         /* not written when 0 (a later addition) */
};

extern const struct source_field source_fields[];
extern const size_t source_nfields;

/* The counter at field f of a. */
static inline uint64_t *source_counter(struct source_acc *a, const struct source_field *f)
{
	return (uint64_t *)(void *)((char *)a + f->off);
}

/* The field named k[0..n), or NULL. */
const struct source_field *source_field_find(const char *k, size_t n);

/* Adds every counter of src into dst (names and flags untouched). */
void source_add(struct source_acc *dst, const struct source_acc *src);
/* Notes line number no as unparsed. */
void source_note_unparsed(struct source_acc *a, uint64_t no);

struct buf;
/* Appends the members of kind k in table order (with a comma unless
 * right after '{'); SOURCE_LINES as an array of at most SOURCE_SAMPLES numbers. */
void source_encode(struct buf *b, const struct source_acc *a, enum source_kind k);
/* Appends every member in table order (ingest's source record). */
void source_encode_all(struct buf *b, const struct source_acc *a);

#endif
