/*
 * agg: folds events into a summary, applying the one set of definitions
 * (docs/summary.md) — what a request, an error, a rate-limit hit, a failed
 * login and a security event are.
 */
#ifndef LOGSIFT_AGG_H
#define LOGSIFT_AGG_H

#include <stdbool.h>

#include "buf.h"
#include "useragent.h"

struct event;
struct summary;

/* A user agent seen lately: its family, so the agents a log repeats are
 * classified once.  Direct-mapped and named by a 64-bit hash alone: among
 * the thousands of agents a day brings, two sharing a hash has odds of
 * about 1e-12, and would cost one agent its family, nothing else. */
#define AGG_UA_CACHE 4096
struct ua_seen {
	uint64_t hash;
	struct ua_family family; /* browser NULL: empty slot */
};

struct agg {
	struct summary *s;
	struct buf key;     /* scratch for sketch keys */
	struct buf norm;    /* scratch for normalised paths */
	struct ua_seen ua[AGG_UA_CACHE];
};

void agg_init(struct agg *a, struct summary *s);
void agg_release(struct agg *a);
/* Counts one event. */
void agg_event(struct agg *a, const struct event *e);
/* Records ingest's accounting line for one source (a "source" record);
 * returns -1 if the record is not readable. */
int agg_source(struct agg *a, const char *line, size_t len);

/* The definitions, exposed for tests. */
bool agg_is_request(const struct event *e);
bool agg_is_error(const struct event *e);
/* An error line: the log itself said error (its level, or an application
 * status "error"); a failed request's status alone makes none, so one
 * failure written as an app record and an access line counts once here. */
bool agg_is_error_line(const struct event *e);
bool agg_is_rate_limited(const struct event *e);
bool agg_is_auth_failure(const struct event *e);
bool agg_is_auth_attempt(const struct event *e);
/* The security rule an event counts under ("" if none): its first
 * security tag, or an application signal (a logger named *.security). */
bool agg_security_rule(const struct event *e, struct buf *rule);

#endif
