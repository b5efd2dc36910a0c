/*
 * ingest: reading one file into records.  A record is an event plus the
 * continuation lines that follow it (tracebacks); it is written when the
 * next record starts or the file ends, after the filters have decided.
 * Every line lands in exactly one count of struct source_stats.
 */
#ifndef LOGSIFT_INGEST_H
#define LOGSIFT_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"

struct out;
struct parser;

enum ingest_mode { MODE_EVENTS, MODE_RAW, MODE_COUNT };

struct ingest_opts {
	enum ingest_mode mode;
	bool stats;            /* accounting on stderr */
	int format;            /* forced format index, or -1 to detect */
	size_t max_line;       /* longest line kept whole */
	struct filter filter;
	struct rules *rules;   /* tags records; NULL: no rules */
	bool redact;           /* mask PII and secrets in what is written */
};

#define SOURCE_SAMPLES 5

struct source_stats {
	uint64_t lines;         /* all lines read */
	uint64_t events;        /* records parsed (before filtering) */
	uint64_t continuation;  /* lines folded into the record above them */
	uint64_t unparsed;      /* lines no format understood */
	uint64_t unparsed_at[SOURCE_SAMPLES]; /* their first line numbers */
	uint64_t filtered;      /* records the filters dropped */
	uint64_t written;       /* records (or raw lines) written */
	uint64_t bytes;         /* uncompressed bytes */
	uint64_t truncated;     /* lines cut at max_line */
	uint64_t dropped;       /* bytes of an incomplete line lost to a fault */
	const char *format;     /* format of the first event, or NULL */
	bool gzip;
	const char *error;      /* the input fault, or NULL */
};

struct ingest;

struct ingest *ingest_new(const struct ingest_opts *o, struct parser *ps,
			  struct out *out);
void ingest_free(struct ingest *ig);
/* Reads path ("-" = stdin) to the end.  Returns 0, or -1 on an input fault
 * (already reported, with the good records before it written). */
int ingest_file(struct ingest *ig, const char *path);
/* Records written over all files (for --count). */
uint64_t ingest_written(const struct ingest *ig);

#endif
