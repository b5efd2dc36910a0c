/*
 * trace: the exception a folded stack trace is about.  Java writes the
 * exception first and its causes after ("Caused by: ..."), the innermost
 * last; Python writes "Traceback (most recent call last):", the frames,
 * and the exception last, a chained one after the exception that caused
 * it.  The record's event carries the exception's class and the innermost
 * cause's (docs/events.md), so top errors name the exception.
 */
#ifndef LOGSIFT_TRACE_H
#define LOGSIFT_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

#define TRACE_CLASS_MAX 160

struct trace {
	bool python;                  /* a "Traceback" line was seen */
	char first[TRACE_CLASS_MAX];  /* the first exception line's class */
	char last[TRACE_CLASS_MAX];   /* the last one's */
	char cause[TRACE_CLASS_MAX];  /* the last "Caused by:" class */
};

void trace_reset(struct trace *t);
/* Reads one line of the record (its first or a continuation). */
void trace_feed(struct trace *t, const char *p, size_t n);
/* The exception and cause classes (empty spans when none), valid while t is. */
void trace_result(const struct trace *t, struct span *exception, struct span *cause);

/* A line a stack trace is made of: indented, blank, "Caused by: ...",
 * "Traceback (...)", "... 12 more", or an exception line
 * ("java.lang.IllegalStateException: boom", "ValueError: bad"). */
bool trace_is_trace_line(const char *p, size_t n);

#endif
