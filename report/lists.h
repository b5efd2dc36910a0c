/*
 * lists: the report's lists of things, each a section of its own — top
 * error messages, endpoints, the slowest requests, status codes, security
 * and privacy findings, failed logins, top clients, user agents and
 * loggers, and the input accounting.  build.c places them on the page.
 */
#ifndef LOGSIFT_LISTS_H
#define LOGSIFT_LISTS_H

#include <stddef.h>

#include "build.h"

struct doc;
struct summary;
struct topk;

void lists_errors(struct doc *d, const struct summary *s, const struct report_opts *o);
void lists_endpoints(struct doc *d, const struct summary *s, const struct report_opts *o);
/* The paths answered 404, most first, each with the first referer. */
void lists_not_found(struct doc *d, const struct summary *s, const struct report_opts *o);
/* Whether the summary has any line of the logins digest. */
bool lists_any_logins(const struct summary *s);
/* logwatch's digest: failed attempts by user and method, invalid users,
 * successful logins (those from a client that had failed before marked),
 * sudo commands and failures, su sessions, account changes; false
 * (nothing written) when the summary has none. */
bool lists_logins(struct doc *d, const struct summary *s, const struct report_opts *o);
/* The services side by side over the period p, busiest first, each with
 * its worst request check by its [service] section's limits, else lim's;
 * false (nothing written) when no service had events in it. */
struct period;
bool lists_services(struct doc *d, const struct summary *s, const struct report_opts *o,
		    const struct thresholds *lim, const struct period *p);
/* The sources of a merged summary (s->hosts) side by side, worst first
 * (in a fleet of hundreds the failing host is in the first rows); false
 * when it has none. */
bool lists_sources(struct doc *d, const struct summary *s, const struct report_opts *o,
		   const struct thresholds *lim);
void lists_slowest(struct doc *d, const struct summary *s, const struct report_opts *o);
/* The metrics ingest --metric kept: names from s, values from f (the
 * period's figures); false (nothing written) when s has none. */
bool lists_metrics(struct doc *d, const struct summary *s, const struct bucket *f);
void lists_status_codes(struct doc *d, const struct summary *s);
void lists_security(struct doc *d, const struct summary *s, const struct report_opts *o);
void lists_privacy(struct doc *d, const struct summary *s, const struct report_opts *o);
void lists_auth(struct doc *d, const struct summary *s, const struct report_opts *o);
/* The top keys of t as a table of what (a client, a user agent...), cut to
 * max code points a cell. */
void lists_top(struct doc *d, const char *what, const struct topk *t, size_t top, size_t max);
void lists_accounting(struct doc *d, const struct summary *s);

#endif
