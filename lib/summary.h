/*
 * summary: the mergeable aggregate of an event stream (analyze → report),
 * documented in docs/summary.md, schema version SUMMARY_VERSION.
 *
 * Everything in it merges exactly or within a stated bound:
 *  - hourly UTC buckets: counts add, latency histograms add (hist.h);
 *  - top-K sketches (topk.h): counts add within the Space-Saving bound;
 *  - the slowest requests: the N slowest of the union;
 *  - per-source accounting from ingest: concatenated.
 * Memory is bounded: at most SUMMARY_MAX_HOURS buckets (past that the
 * least populated hours are dropped and their events counted),
 * SUMMARY_MAX_SOURCES sources, fixed sketch sizes.
 */
#ifndef LOGSIFT_SUMMARY_H
#define LOGSIFT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "hist.h"
#include "level.h"
#include "source.h"
#include "hll.h"
#include "thresholds.h"

#define SUMMARY_VERSION 1
#define SUMMARY_MAX_HOURS (24 * 400)
#define SUMMARY_MAX_SOURCES 1000
#define SUMMARY_SLOWEST 10
#define SUMMARY_TEXT 240 /* bytes kept of a sample message */
#define SUMMARY_SERVICES 32           /* services kept exactly (the busiest) */
#define SUMMARY_HOSTS 1024            /* sources (hosts) of a fleet's merged summary */
#define SUMMARY_SOURCE_NAME 128       /* bytes of a source's name, with its NUL */
/* Top lists count exactly while their distinct keys fit these (a
 * Space-Saving sketch never evicts below its cap), and stay bounded past
 * them, their error then stated: a site's real clients, agents, paths and
 * referrers fit; a flood of random clients does not need to. */
#define SUMMARY_TOP_CLIENTS 32768     /* client IPs */
#define SUMMARY_TOP_KEYS 8192         /* agents, paths, referrers, users, 404s, failed-login IPs */
#define SUMMARY_TOP_SMALL 1024        /* loggers, endpoints, error messages, logins, sudo */
#define SUMMARY_RULE_IPS 10           /* top sources kept per rule */
/* defaults of the settings analyze takes on its command line */
#define SUMMARY_BRUTE_WINDOW_S 300    /* brute-force window */
#define SUMMARY_BRUTE_THRESHOLD 5     /* failures in it that flag an IP */
#define SUMMARY_SLOW_MS 5000          /* a request slower than this is slow */
/* their ranges, held by the command line and by summary_decode alike */
#define SUMMARY_BRUTE_WINDOW_MAX 86400
#define SUMMARY_SLOW_MAX 1e9
#define SUMMARY_MAX_DEPTH 16          /* nesting a summary document can have */
#define SUMMARY_FILE_MAX (64UL << 20) /* bytes a summary file may have */

/* Metrics (ingest --metric) a summary keeps, by name in the order first
 * seen; values of further names are counted in metrics_dropped. */
#define SUMMARY_METRICS 8
/* Ratios (analyze --ratio NAME=GOOD/ALL): per hour the events matching
 * GOOD and those matching ALL, each side an app event name (the event's
 * "event") or words its message contains. */
#define SUMMARY_RATIOS 4
#define RATIO_SIDE 64
/* Services with figures per hour (counts) and per UTC day (latency): the
 * first SUMMARY_HOURLY_SERVICES - 1 named met, then "(other)" for the
 * rest, in the last slot.  A name is cut to SUMMARY_SERVICE_NAME - 1
 * bytes. */
#define SUMMARY_HOURLY_SERVICES 16
#define SUMMARY_OTHER_SLOT (SUMMARY_HOURLY_SERVICES - 1)
#define SUMMARY_OTHER_SERVICE "(other)"
#define SUMMARY_SERVICE_NAME 64
/* A service's counts in a bucket (an hour, a day, the totals). */
struct service_counts {
	uint64_t events, requests, errors, error_lines;
};
struct ratio_def {
	char name[EVENT_METRIC_NAME];
	char good[RATIO_SIDE], all[RATIO_SIDE];
};

/* Counters of one hour (or of events without a time). */
struct bucket {
	int64_t start_ms;          /* UTC hour start */
	uint64_t events;           /* all events */
	uint64_t requests;         /* events with a status or a latency */
	uint64_t errors;           /* requests that are errors */
	uint64_t error_lines;      /* events that are errors */
	uint64_t levels[LEVEL_EMERGENCY + 1];
	uint64_t status[6];        /* [1..5]: 1xx..5xx */
	/* rate limits: 429 responses, and the applications' own rate-limit
	 * lines (an audit record, a message); one refused request is often
	 * written as both, so an hour's rate_limited is the larger of the two
	 * in that hour, not their sum (days and totals add the hours') */
	uint64_t rate_limited, rl_responses, rl_events;
	uint64_t forbidden;        /* 403s */
	uint64_t auth_failures;    /* 401s and failed logins */
	/* security events: one attack is often written as both a request
	 * line (the payload in its path) and an application's audit record,
	 * so an hour's security is the larger of the two in that hour, as
	 * for rate limits */
	uint64_t security, sec_requests, sec_events;
	uint64_t slow;             /* requests slower than the summary's slow_ms */
	uint64_t pii;              /* events with a PII finding */
	uint64_t bytes;            /* response bytes sent (bandwidth) */
	uint64_t static_requests;  /* requests for static files (.css .js .png ...) */
	uint64_t crawler_requests; /* requests from crawlers (useragent.h) */
	/* requests within the p95 check's warn and crit limits (latency <= a
	 * "> L" limit, < a ">= L" one): exact, so the verdict at a limit is */
	uint64_t p95_within_warn, p95_within_crit;
	struct hist latency;
	struct hist metric[SUMMARY_METRICS]; /* by the summary's metric_names */
	uint64_t ratio_good[SUMMARY_RATIOS], ratio_all[SUMMARY_RATIOS]; /* by its ratios */
	struct service_counts svc[SUMMARY_HOURLY_SERVICES]; /* by the summary's service_names */
};

/* The bucket's counters, described once: encoding, decoding and merging
 * walk this table.  BUCKET_RATE entries are derived (written for readers,
 * never read back or merged). */
enum bucket_kind { BUCKET_COUNT, BUCKET_RATE };
struct bucket_counter {
	const char *name;          /* JSON key */
	enum bucket_kind kind;
	size_t off;                /* offsetof(struct bucket, ...) of a count */
};
extern const struct bucket_counter bucket_counters[];
extern const size_t bucket_ncounters;

static inline uint64_t *bucket_counter(struct bucket *b, const struct bucket_counter *c)
{
	return (uint64_t *)(void *)((char *)b + c->off);
}

/* Per-entry data of the sketches. */
struct endpoint_aux {
	uint64_t errors;
	uint64_t bytes;            /* response bytes sent (bandwidth) */
	struct hist latency;
};
/* A not-found path's first referer (GoAccess's 404 panel shows where
 * broken links come from). */
struct not_found_aux {
	char referer[SUMMARY_TEXT];
};
/* Unique visitors of a UTC day, as GoAccess defines them (client IP, day
 * and user agent): a HyperLogLog, merged register by register. */
struct visitor_day {
	int64_t day_ms;
	struct hll h;
};
/* The latencies of a UTC day's requests per service (by service_names):
 * a service's p95 over a report's days. */
struct service_day {
	int64_t day_ms;
	struct hist latency[SUMMARY_HOURLY_SERVICES];
};

/* The logins digest's plain lists (key and count), in the summary's
 * "auth" object under their names, in reports under their headings. */
enum auth_list {
	AUTH_USERS,          /* failed attempts by user */
	AUTH_METHODS,        /* sshd's failures by method */
	AUTH_INVALID_USERS,  /* accounts tried that do not exist (sshd's "Invalid user") */
	AUTH_SUDO,           /* sudo commands, "user: command" */
	AUTH_SUDO_FAILURES,  /* "user: 3 incorrect password attempts", "user: user NOT in sudoers" */
	AUTH_SU,             /* su sessions, "user by who" */
	AUTH_ACCOUNTS,       /* accounts and groups made, changed, removed: the message */
	AUTH_LISTS
};
struct auth_list_desc {
	const char *name;    /* in the summary */
	const char *heading; /* in reports */
	const char *tag;     /* ingest's tag of the events counted (AUTH_USERS: any attempt) */
	size_t cap;
};
extern const struct auth_list_desc auth_lists[AUTH_LISTS];

/* A successful login's flag: its client had failed logins before it. */
struct login_aux {
	bool after_failures;
};
/* A service's figures: its events are the sketch's count. */
struct service_aux {
	uint64_t requests, errors, error_lines;
	struct hist latency;
};
struct fingerprint_aux {
	uint64_t seen;             /* 0: empty (merge target) */
	int64_t first_ms, last_ms;
	enum level level;
	char sample[SUMMARY_TEXT];
};
/* Failed logins of one IP: the most failures within any window of
 * brute_window_s seconds (exact up to AUTH_RECENT, in time order), from
 * the times of the latest failures. */
#define AUTH_RECENT 32
struct auth_aux {
	int64_t first_ms, last_ms;
	uint64_t max_in_window;
	unsigned nrecent;          /* times in recent[], oldest first */
	int64_t recent[AUTH_RECENT];
};
#define RULE_SAMPLES 3
struct rule_aux {
	struct topk *ips;          /* top sources of this rule */
	unsigned nsamples;         /* distinct samples, the first seen */
	char samples[RULE_SAMPLES][SUMMARY_TEXT];
};
/* The sketch of a rule's top sources (caller owns it). */
struct topk *summary_rule_ips_new(void);
/* Keeps text as a sample of the rule unless it has it or is full. */
void rule_sample(struct rule_aux *r, const char *text, size_t len);

/* A slow request, with where to find it. */
struct slow_req {
	double latency_ms;
	int64_t ts_ms;
	int status;
	char method[16];
	char path[160];
	char ip[48];
	char src[160];
	uint64_t line;
};

struct topk;

struct summary {
	bool has_window;
	int64_t first_ms, last_ms;       /* earliest and latest event time */
	struct bucket *hours;            /* sorted by start_ms */
	size_t nhours, cap_hours;
	uint64_t hours_dropped;          /* events of hours dropped at SUMMARY_MAX_HOURS */
	struct bucket undated;           /* events without a time */
	struct source_acc *sources;
	size_t nsources;
	uint64_t sources_dropped;        /* folded into the last entry */
	uint64_t malformed;              /* event lines analyze could not read */
	uint64_t malformed_at[SOURCE_SAMPLES];
	uint64_t other_records;          /* records of unknown type/version */
	uint64_t status_codes[600];      /* exact counts per HTTP status */
	struct topk *ips, *endpoints, *uas, *loggers, *errors, *auth_ips, *rules;
	struct topk *services;           /* per service (event "service"), the busiest exact */
	/* per source (a host: analyze --source, the PostgreSQL store's key),
	 * with the figures of a service; empty until a summary is labelled,
	 * then merged by name, so a fleet's report shows its hosts side by side */
	struct topk *hosts;
	struct topk *not_found;          /* 404s by path (no query), with a referer */
	/* the logins digest (logwatch's): successful logins by "user from
	 * client" (flagged when that client had failed before), and the plain
	 * lists of auth_lists[] */
	struct topk *logins;
	struct topk *auth_list[AUTH_LISTS];
	struct topk *referrers;          /* referring sites: the referer's host */
	struct topk *urls;               /* requested URLs: the path, its query dropped */
	char metric_names[SUMMARY_METRICS][EVENT_METRIC_NAME];
	size_t nmetrics;
	uint64_t metrics_dropped;        /* values of metrics past SUMMARY_METRICS names */
	struct ratio_def ratios[SUMMARY_RATIOS];
	size_t nratios;
	struct topk *browsers, *systems; /* requests by user agent family and OS */
	struct topk *pii;                /* PII kinds (pii.* tags): counts, sources, no samples */
	struct slow_req slow[SUMMARY_SLOWEST];
	size_t nslow;
	int brute_window_s;              /* brute-force window length */
	uint64_t brute_threshold;        /* flag an IP with more failures in one window */
	struct thresholds limits;        /* the checks' limits */
	double slow_ms;                  /* a request slower than this is slow */
	/* the p95 limits the buckets' p95_within counts were counted at, and
	 * whether they hold for all of the summary (merged summaries counted
	 * at other limits, or old ones without counts, do not) */
	bool p95_exact;
	struct limit p95_counted[2];     /* warn, crit */
	size_t merged;                   /* summaries merged into this one */
	struct visitor_day *vdays;       /* sorted by day; at most SUMMARY_MAX_HOURS / 24 */
	size_t nvdays, cap_vdays;
	/* the services with figures per hour and day: names by slot (the
	 * last, once used, SUMMARY_OTHER_SERVICE), their days' latencies
	 * (sorted, capped as vdays) and those of requests without a time */
	char service_names[SUMMARY_HOURLY_SERVICES][SUMMARY_SERVICE_NAME];
	size_t nservice_names;           /* named slots used, at most SUMMARY_OTHER_SLOT */
	struct service_day *sdays;
	size_t nsdays, cap_sdays;
	struct hist svc_undated[SUMMARY_HOURLY_SERVICES];
};

void summary_init(struct summary *s);
void summary_release(struct summary *s);

/* The bucket for a UTC time, created if needed.  At the hour cap a tenth
 * of the hours, the least populated, are dropped first (their events
 * counted in hours_dropped), so it never returns NULL. */
struct bucket *summary_hour(struct summary *s, int64_t ts_ms);
/* Appends a source, or adds it into the entry of the same name; past the
 * cap it is added into the last entry. */
void summary_add_source(struct summary *s, const struct source_acc *src);
/* Counts a failed login of ip at ts_ms. */
void summary_add_auth_failure(struct summary *s, const char *ip, size_t len, int64_t ts_ms);
/* Keeps r if it is among the N slowest. */
void summary_add_slow(struct summary *s, const struct slow_req *r);
/* Keeps only the hours that start in [start_ms, end_ms) and drops the
 * undated events: the state of a period alone (report --json), with the
 * window narrowed to what is left. */
void summary_cut(struct summary *s, int64_t start_ms, int64_t end_ms);
/* Adds everything of src into dst. */
void summary_merge(struct summary *dst, const struct summary *src);

/* The slot of service name[0..len) in s (made if new; past the named
 * slots, SUMMARY_OTHER_SLOT, named then). */
int summary_service(struct summary *s, const char *name, size_t len);
/* Whether slot k is in use (named, or the other slot once named). */
bool summary_service_used(const struct summary *s, size_t k);
/* The service latencies of the day holding ts_ms (made if new; NULL past
 * the cap). */
struct service_day *summary_service_day(struct summary *s, int64_t ts_ms);
/* A service's figures over [start_ms, end_ms) (hours that start in it,
 * days that meet it; start_ms INT64_MIN: also the events without a
 * time): counts, the latency of its requests (h, initialised by the
 * caller, to release), and its worst UTC day's error lines. */
struct service_period {
	struct service_counts c;
	uint64_t worst_day_lines;
	struct hist latency;
};
void summary_service_period(const struct summary *s, size_t k, int64_t start_ms, int64_t end_ms,
			    struct service_period *out);
/* The day's visitor register for ts_ms (made if new; NULL past the cap). */
struct hll *summary_visitors_of(struct summary *s, int64_t ts_ms);
/* Unique visitors of the days that start in [from_ms, to_ms): the sum of
 * each day's estimate (within HLL_ERROR of the true count); -1 with none. */
double summary_visitors(const struct summary *s, int64_t from_ms, int64_t to_ms);

/* A check of a thresholds section ([service aura], [endpoint GET /health]):
 * judged over the summary's figures for that service or endpoint (its
 * whole window), NODATA when the summary has none. */
struct scoped_check {
	const struct scope *scope;
	struct check c;
};
/* The worst of the request checks (error rate, average and p95 latency) of
 * the entry in slot of list (s->hosts, whole window), by t's limits;
 * NODATA without requests. */
struct check summary_service_worst(const struct thresholds *t, const struct topk *list,
				   size_t slot);
/* The same for service slot k over the period its figures sp cover
 * (summary_service_period), error lines on its worst day included, by its
 * [service] section's limits or else t's. */
struct check summary_service_period_worst(const struct summary *s, const struct thresholds *t,
					  size_t k, const struct service_period *sp);
/* Labels s as the summary of one source: its hosts list becomes that name
 * alone, holding all of s's events, requests, errors and latencies. */
void summary_label(struct summary *s, const char *name);
/* One per check each scope of t sets, at most cap; returns how many.
 * A service with figures per hour is judged over [start_ms, end_ms) (its
 * error lines on its worst UTC day there); an endpoint, or a service past
 * the hourly ones, over the whole window. */
size_t summary_scoped_checks(const struct summary *s, const struct thresholds *t,
			     int64_t start_ms, int64_t end_ms, struct scoped_check *out, size_t cap);
void bucket_merge(struct bucket *dst, const struct bucket *src);
/* The index of metric name[0..len) in s, made if new; -1 when full. */
int summary_metric(struct summary *s, const char *name, size_t len);
/* The index of ratio d (by name) in s, added if new; -1 when full or when
 * s has that name with other sides. */
int summary_ratio(struct summary *s, const struct ratio_def *d);
/* "NAME=GOOD/ALL" into d; 0, or -1 with a message in err. */
int ratio_parse(const char *arg, struct ratio_def *d, char *err, size_t errlen);

struct buf;
/* Encodes s as the summary document (one JSON object and a newline), with
 * the derived figures and the checks evaluated over the whole window. */
void summary_encode(const struct summary *s, struct buf *out);
/* Decodes a summary document into s (initialised by the caller); returns
 * 0, or -1 with a message in err. */
int summary_decode(const char *text, size_t len, struct summary *s,
		   char *err, size_t errlen);
/* Decodes the summary document text[0..len) and merges it into dst (with
 * first set, dst also takes its settings), labelled as source label's
 * when label is not NULL (summary_label).  Returns 0, or -1 with a
 * message in err. */
int summary_merge_doc(struct summary *dst, const char *text, size_t len, bool first,
		      const char *label, char *err, size_t errlen);
/* Reads the summary in path (plain or gzip, "-" for stdin) and merges it
 * into dst; with first set, dst also takes its settings (limits, slow and
 * brute-force parameters).  Returns 0, or -1 with a message naming the
 * file in err. */
/* Reads the summary at path ("-": stdin) into s, fresh from summary_init:
 * what summary_merge_file into it would make, without a second copy of a
 * large summary at once.  Returns 0, or -1 with "PATH: reason" in err. */
int summary_read_file(struct summary *s, const char *path, char *err, size_t errlen);
int summary_merge_file(struct summary *dst, const char *path, bool first,
		       char *err, size_t errlen);

/* A bucket also holds the figures of any set of buckets (a day, a week,
 * the whole window): bucket_merge adds one into it. */
void bucket_init(struct bucket *b);
void bucket_release(struct bucket *b);
/* Error rate in percent of requests (0 when there are none). */
double bucket_error_rate(const struct bucket *b);
/* Rate-limited requests (see rate_limited). */
uint64_t bucket_rate_limited(const struct bucket *b);

#endif
