/*
 * ingest: reading one file into records.  A record is an event plus the
 * continuation lines that follow it (tracebacks); it is written when the
 * next record starts or the file ends, after the filters have decided.
 * Every line lands in exactly one count of struct source_acc (source.h).
 */
#ifndef LOGSIFT_INGEST_H
#define LOGSIFT_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"

struct out;
struct parser;
struct rawout;
struct crs;

enum ingest_mode { MODE_EVENTS, MODE_RAW, MODE_COUNT };

struct ingest_opts {
	enum ingest_mode mode;
	bool stats;            /* accounting on stderr */
	int format;            /* forced format index, or -1 to detect */
	size_t max_line;       /* longest line kept whole */
	struct filter filter;
	struct rules *rules;   /* tags records; NULL: no rules */
	struct crs *crs;       /* the OWASP CRS's rules (--crs); NULL: none */
	bool redact;           /* mask PII and secrets in what is written */
	struct rawout *rawout; /* MODE_RAW: where records go (rawout.h) */
	bool progress;         /* a progress line on a terminal (not -q) */
	bool merge_time;       /* MODE_RAW over several files: records by time */
	bool context;          /* MODE_RAW with -A/-B: records around a match matter */
	const char *service;   /* --service: every event's service, or NULL */
};

struct ingest;

struct ingest *ingest_new(const struct ingest_opts *o, struct parser *ps,
			  struct out *out);
void ingest_free(struct ingest *ig);
/* Reads path ("-" = stdin) to the end.  Returns 0, or -1 on an input fault
 * (already reported, with the good records before it written). */
int ingest_file(struct ingest *ig, const char *path);
/* --merge-time, one struct ingest per file: open it, then ingest_next
 * says whether a record is waiting and its time (a record without one
 * takes the file's latest before it), ingest_write_next writes it, and
 * ingest_close finishes the file (accounting, faults). */
void ingest_open(struct ingest *ig, const char *path);
bool ingest_next(struct ingest *ig, int64_t *ts);
void ingest_write_next(struct ingest *ig);
int ingest_close(struct ingest *ig);
/* Records written over all files (for --count). */
uint64_t ingest_written(const struct ingest *ig);

#endif
