/*
 * filter: which records ingest writes: a time window, a minimum level,
 * field equalities, and a PCRE2 grep (compiled once with JIT) over the
 * record's raw lines, optionally inverted.
 */
#ifndef LOGSIFT_FILTER_H
#define LOGSIFT_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct rxlit_scan;

#define FILTER_MAX_FIELDS 16

enum filter_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

/* NAME OP VALUE: = and != compare text, and VALUE may list alternatives
 * separated by commas (status=401,403,429); <, <=, >, >= compare numbers
 * (status, bytes, latency_ms). */
struct filter_field {
	const struct event_field *field; /* with EVF_FILTER */
	char name[32];
	char value[256];
	enum filter_op op;
	double num;               /* VALUE as a number, for <, <=, >, >= */
};

struct filter {
	bool has_since, has_until;
	int64_t since_ms, until_ms;   /* [since, until) */
	enum level min_level;         /* LEVEL_NONE = any */
	struct filter_field fields[FILTER_MAX_FIELDS];
	size_t nfields;
	void *grep;                   /* pcre2_code, or NULL */
	void *md;                     /* its match data */
	void *grep_lines;             /* the same over many lines at once, or NULL */
	void *md_lines;
	void *mc_lines;               /* its match context, for the offset limit */
	struct rxlit_scan *lits;      /* the literals every match holds, or NULL */
	bool invert;                  /* keep records the grep does not match */
};

/* True when the time `at` is inside the window; NULL (a record with no time
 * of its own and none before it in its file) passes, so a log without times
 * is kept, not dropped: ingest flags it. */
bool filter_window(const struct filter *f, const int64_t *at);
/* True when the record passes window (judged at `at`: its own time, else
 * the time of the record before it in the file), level and fields. */
bool filter_event(const struct filter *f, const struct event *e, const char *fmt,
		  const int64_t *at);
/* True when the grep is set and matches the bytes. */
bool filter_grep_line(const struct filter *f, const char *p, size_t len);
/* The next match of the grep in p[0..len) at or after from: its span in
 * [*start, *end); false when there is none (or no grep). */
bool filter_grep_span(const struct filter *f, const char *p, size_t len, size_t from,
		      size_t *start, size_t *end);
/* Whether the grep can search a buffer of many lines at once
 * (filter_grep_lines): then a line it finds no match in would not have
 * matched on its own. */
bool filter_grep_searches_lines(const struct filter *f);
/* The first match of the grep in p[0..len), lines ending in '\n': true
 * with its start in *at.  A match may span lines (\s takes a '\n'): its
 * line then need not match alone, but no line before it does. */
bool filter_grep_lines(const struct filter *f, const char *p, size_t len, size_t *at);
/* Whether a record whose lines did (hit) or did not match is kept. */
bool filter_grep_keep(const struct filter *f, bool hit);
/* Whether that can no longer change with the record's later lines (no
 * grep, or a hit without -v). */
bool filter_grep_decided(const struct filter *f, bool hit);
/* True when level or fields are set: a line that is no event cannot pass. */
bool filter_needs_event(const struct filter *f);

/* Compiles the grep; returns 0 or -1 with a message in err. */
int filter_set_grep(struct filter *f, const char *re, bool caseless,
		    char *err, size_t errlen);
/* "name=value", "name!=value", "name>=number"...; returns 0 or -1. */
int filter_add_field(struct filter *f, const char *arg);
void filter_release(struct filter *f);

/* The text of event field f (one with EVF_FILTER) as --field compares it,
 * written to dst; fmt is the record's format name, and a status that is
 * not a number reads as the app_status.  Returns its length, or -1 if
 * absent. */
int filter_field_text(const struct event *e, const char *fmt, const struct event_field *f,
		      char *dst, size_t cap);
/* Appends the names --field takes to dst[cap], separated by blanks. */
void filter_field_names(char *dst, size_t cap);

#endif
