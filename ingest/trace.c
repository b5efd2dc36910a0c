/*
 * trace: exception lines are told by their first word: a dotted name whose
 * last part says Exception, Error, Throwable, Fault, Exit or Interrupt
 * (KeyboardInterrupt, SystemExit), ended by ':' or the line.
 */
#include "trace.h"

#include <stdio.h>  /* snprintf */
#include <string.h> /* memcmp */

#include "bytes.h"
#include "scan.h"

void trace_reset(struct trace *t)
{
	t->python = false;
	t->first[0] = t->last[0] = t->cause[0] = '\0';
}

static bool starts(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && !memcmp(p, w, k);
}

/* The length of the exception class at p, or 0. */
static size_t class_len(const char *p, size_t n)
{
	static const char *const kinds[] = { "Exception", "Error", "Throwable", "Fault",
					     "Exit", "Interrupt" };
	size_t k = 0, last = 0;

	while (k < n && (scan_is_alpha(p[k]) || scan_is_digit(p[k]) || p[k] == '_' ||
			 p[k] == '.' || p[k] == '$')) {
		if (p[k] == '.')
			last = k + 1;
		k++;
	}
	if (k == 0 || k == last || (k < n && p[k] != ':') || !scan_is_alpha(p[0]))
		return 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (bytes_find(p + last, k - last, kinds[i], strlen(kinds[i])))
			return k;
	return 0;
}

static void keep(char dst[TRACE_CLASS_MAX], const char *p, size_t n)
{
	snprintf(dst, TRACE_CLASS_MAX, "%.*s", (int)(n < TRACE_CLASS_MAX ? n : TRACE_CLASS_MAX - 1), p);
}

void trace_feed(struct trace *t, const char *p, size_t n)
{
	const char *q;
	size_t k;

	if (starts(p, n, "Traceback (most recent call last)")) {
		t->python = true;
		return;
	}
	if (starts(p, n, "Caused by: ")) {
		if ((k = class_len(p + 11, n - 11)))
			keep(t->cause, p + 11, k);
		return;
	}
	/* Java's uncaught exception: Exception in thread "main" java.lang.X: ... */
	if (starts(p, n, "Exception in thread \"") &&
	    (q = memchr(p + 21, '"', n - 21)) && q + 2 < p + n && q[1] == ' ') {
		n -= (size_t)(q + 2 - p);
		p = q + 2;
	}
	if ((k = class_len(p, n))) {
		if (!t->first[0])
			keep(t->first, p, k);
		keep(t->last, p, k);
	}
}

void trace_result(const struct trace *t, struct span *exception, struct span *cause)
{
	if (!t->first[0] && !t->cause[0]) { /* most records: no trace */
		*exception = *cause = (struct span){ NULL, 0 };
		return;
	}
	const char *exc = t->python ? t->last : t->first;
	const char *c = t->python ? (strcmp(t->first, t->last) ? t->first : "") : t->cause;

	*exception = (struct span){ exc[0] ? exc : NULL, strlen(exc) };
	*cause = (struct span){ c[0] ? c : NULL, strlen(c) };
}

bool trace_is_trace_line(const char *p, size_t n)
{
	if (!n || p[0] == ' ' || p[0] == '\t')
		return true;
	return starts(p, n, "Caused by:") || starts(p, n, "Traceback") || starts(p, n, "... ") ||
	       starts(p, n, "During handling of the above exception") ||
	       starts(p, n, "The above exception was the direct cause") ||
	       class_len(p, n) > 0;
}
