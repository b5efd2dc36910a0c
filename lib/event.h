/*
 * event: one normalised log record, the contract between ingest and
 * analyze (docs/events.md, schema version EVENT_VERSION).
 *
 * Text fields are spans borrowed from the line being parsed (or from a
 * parser's scratch buffer); an empty span (len 0, p NULL) means unknown and
 * the key is omitted.  Numbers carry a has_ flag for the same reason.
 */
#ifndef LOGSIFT_EVENT_H
#define LOGSIFT_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "level.h"

#define EVENT_VERSION 1
/* Tags an event keeps: a request the CRS reads can match a dozen rules
 * (ModSecurity fires nine on one of its own XSS tests), and a tag lost
 * is a rule's count that lies. */
#define EVENT_MAX_TAGS 16
/* Numeric fields an operator names (ingest --metric): at most this many an
 * event, each written as "m.NAME":value (NAME of [A-Za-z0-9_.-], at most
 * EVENT_METRIC_NAME - 1 bytes), so the compact decoder reads them too. */
#define EVENT_MAX_METRICS 4
#define EVENT_METRIC_NAME 48
/* The largest integer an event carries (18 digits, exact in a double
 * for the values that matter and far past any status, size or line). */
#define EVENT_MAX_INT 999999999999999999LL
/* The longest event line: ingest never writes a longer one (it cuts the
 * text fields to fit and marks the event truncated) and analyze reads
 * lines up to this length, so no event is lost between them. */
#define EVENT_LINE_MAX (8u << 20)
/* The largest latency an event carries (about 31 years): written with
 * three decimals it stays within the 18 digits a reader takes back. */
#define EVENT_MAX_LATENCY_MS 1e12

struct span {
	const char *p;
	size_t len;
};

struct event_metric {
	struct span name;       /* without the "m." */
	double v;
};

struct event {
	bool has_ts;
	int64_t ts_ms;          /* UTC milliseconds since the epoch */
	enum level level;
	int status;             /* HTTP status, 0 = none */
	bool has_bytes;
	int64_t bytes;          /* response size */
	bool has_latency;
	double latency_ms;
	struct span logger, msg, method, path, proto, ip, ua, referer, user;
	struct span host, program, unit, stream, upstream, request_id, service;
	struct span app_status, app_event;
	/* from a folded stack trace: the exception's class and the innermost
	 * cause's, set when the record closes */
	struct span exception, cause;
	struct span tags[EVENT_MAX_TAGS]; /* security and PII rule ids */
	unsigned ntags;
	struct event_metric metrics[EVENT_MAX_METRICS];
	unsigned nmetrics;
	/* where it came from: set by event_decode (ingest passes them to
	 * event_encode_open instead) */
	struct span src, fmt;
	uint64_t line;
	uint32_t nlines;
	bool truncated;         /* text fields were cut to fit EVENT_LINE_MAX */
	/* what a parser knew of the request, for the CRS (not encoded): the
	 * host is the one the request named (its Host header, a virtual
	 * host), not the machine's; the layout logs the Referer, so an empty
	 * referer means the request sent none */
	bool host_is_request, referer_logged;
};

/*
 * The fields, described once: encoding (in this order), both decoders,
 * --field filtering, the --help list and the parsers' field names are all
 * driven by EVENT_FIELDS, one line a field: it makes enum event_field_id,
 * the event_fields[] table and the encoder's code (straight-line, so the
 * description costs nothing per event).  A new field is a member above, a
 * line in EVENT_FIELDS, and its tests.
 *
 * X(id, name, type, member, flags), in output order.
 */
#define EVF_FP (EVF_FILTER | EVF_PARSE)
#define EVENT_FIELDS(X)                                                       \
	X(EF_TS, "ts", EVT_TS, ts_ms, EVF_PARSE)                              \
	X(EF_SRC, "src", EVT_SPAN, src, EVF_ORIGIN)                           \
	X(EF_LINE, "line", EVT_LINE, line, EVF_ORIGIN)                        \
	X(EF_FMT, "fmt", EVT_SPAN, fmt, EVF_ORIGIN | EVF_FILTER)              \
	X(EF_LEVEL, "level", EVT_LEVEL, level, EVF_FP)                        \
	X(EF_LOGGER, "logger", EVT_SPAN, logger, EVF_FP | EVF_FREE_TEXT)      \
	X(EF_HOST, "host", EVT_SPAN, host, EVF_FP)                            \
	X(EF_PROGRAM, "program", EVT_SPAN, program, EVF_FP)                   \
	X(EF_UNIT, "unit", EVT_SPAN, unit, EVF_FP)                            \
	X(EF_STREAM, "stream", EVT_SPAN, stream, EVF_FP)                      \
	X(EF_METHOD, "method", EVT_SPAN, method, EVF_FP)                      \
	X(EF_PATH, "path", EVT_SPAN, path, EVF_FP | EVF_FREE_TEXT)            \
	X(EF_PROTO, "proto", EVT_SPAN, proto, EVF_PARSE)                      \
	X(EF_STATUS, "status", EVT_STATUS, status, EVF_FP)                    \
	X(EF_BYTES, "bytes", EVT_INT, bytes, EVF_FP)                          \
	X(EF_LATENCY, "latency_ms", EVT_LATENCY, latency_ms, EVF_FP)          \
	X(EF_IP, "ip", EVT_SPAN, ip, EVF_FP)                                  \
	X(EF_USER, "user", EVT_SPAN, user, EVF_FP | EVF_FREE_TEXT)            \
	X(EF_UPSTREAM, "upstream", EVT_SPAN, upstream, EVF_FP)                \
	X(EF_REQUEST_ID, "request_id", EVT_SPAN, request_id, EVF_FP)          \
	X(EF_SERVICE, "service", EVT_SPAN, service, EVF_FP)                   \
	X(EF_UA, "ua", EVT_SPAN, ua, EVF_PARSE | EVF_FREE_TEXT)               \
	X(EF_REFERER, "referer", EVT_SPAN, referer, EVF_PARSE | EVF_FREE_TEXT) \
	X(EF_APP_STATUS, "app_status", EVT_SPAN, app_status, EVF_FP)          \
	X(EF_APP_EVENT, "event", EVT_SPAN, app_event, EVF_FP)                 \
	X(EF_MSG, "msg", EVT_SPAN, msg, EVF_PARSE | EVF_FREE_TEXT)            \
	X(EF_TAGS, "tags", EVT_TAGS, tags, 0)                                 \
	X(EF_TRUNCATED, "truncated", EVT_FLAG, truncated, 0)                  \
	X(EF_EXCEPTION, "exception", EVT_SPAN, exception, EVF_CLOSE)       \
	X(EF_CAUSE, "cause", EVT_SPAN, cause, EVF_CLOSE)                      \
	X(EF_NLINES, "lines", EVT_NLINES, nlines, EVF_CLOSE)

#define EVENT_FIELD_ID(id, name, type, member, flags) id,
enum event_field_id {
	EVENT_FIELDS(EVENT_FIELD_ID)
	EF_COUNT
};
#undef EVENT_FIELD_ID

enum event_type {
	EVT_SPAN,     /* text: a struct span, omitted when empty */
	EVT_TS,       /* has_ts + ts_ms: ISO 8601 UTC text */
	EVT_LEVEL,    /* enum level: its name */
	EVT_STATUS,   /* int 100..999, 0 = none */
	EVT_INT,      /* has_bytes + int64_t */
	EVT_LATENCY,  /* has_latency + double ms, written with 3 decimals */
	EVT_LINE,     /* uint64_t line number */
	EVT_NLINES,   /* uint32_t lines of the record, written when > 1 */
	EVT_TAGS,     /* tags[ntags]: an array of strings */
	EVT_FLAG,     /* a bool, written only when true */
};

#define EVF_FILTER 1u /* ingest --field can select on it */
#define EVF_PARSE 2u  /* parsers set it by name (regex groups, JSON, --map) */
#define EVF_ORIGIN 4u /* where the record came from: event_encode_open's arguments */
#define EVF_CLOSE 8u  /* written by event_encode_close, after every other */
#define EVF_FREE_TEXT 16u /* free text a log writer controls: --redact masks it */

struct event_field {
	const char *name;        /* JSON key */
	size_t len;              /* strlen(name) */
	enum event_type type;
	size_t off;              /* offsetof(struct event, value) */
	unsigned flags;
	char key[16];            /* ,"name": as the encoder writes it, zero-padded */
	size_t keylen;
};

extern const struct event_field event_fields[EF_COUNT];

/* The field named k[0..n), or NULL. */
const struct event_field *event_field_find(const char *k, size_t n);

/* The span of a text field (f->type == EVT_SPAN). */
static inline struct span *event_span(struct event *e, const struct event_field *f)
{
	return (struct span *)(void *)((char *)e + f->off);
}

/* The text of field f of e into dst[cap] (NUL-terminated), as --field
 * compares it; returns its length, or -1 when e does not have it or it
 * does not fit. */
int event_field_text(const struct event *e, const struct event_field *f, char *dst,
		     size_t cap);

struct buf;

/* Clears e to "nothing known". */
void event_reset(struct event *e);
/* Adds metric name (a span that outlives e) = v, replacing a value of the
 * same name; ignored when e has EVENT_MAX_METRICS others or v is not a
 * finite number. */
void event_metric(struct event *e, struct span name, double v);
/* Whether name can be a metric's ([A-Za-z0-9_.-], 1 to EVENT_METRIC_NAME - 1). */
bool event_metric_name_ok(const char *name, size_t len);
/* Adds the tag id (a string that outlives e) unless e has it or is full. */
void event_tag(struct event *e, const char *id);
bool event_has_tag(const struct event *e, const char *id);
/* Appends the JSON object for e without its closing brace, so that the
 * caller can add keys known only later ("lines"); source is the file name,
 * line the line number, format the detected format's name. */
void event_encode_open(struct buf *b, const struct event *e,
		       const char *source, uint64_t line, const char *format);
/* Adds "lines" when a record spans more than one line, "}" and "\n". */
void event_encode_close(struct buf *b, const struct event *e);

/* What a line of the event stream is. */
enum event_kind {
	EVENT_MALFORMED = -1, /* not a JSON object, or a bad value */
	EVENT_IS_EVENT = 0,   /* an event: *e is filled */
	EVENT_IS_SOURCE = 1,  /* a source (accounting) record */
	EVENT_IS_OTHER = 2,   /* another record type, or a newer version */
};

struct jsonr;
/* Decodes one line of the event stream into e; strings are spans into the
 * line or into scratch (valid until the next call with the same scratch).
 * For EVENT_IS_SOURCE the caller reads the record again with its own
 * reader (jsonr over the same line). */
enum event_kind event_decode(const char *line, size_t len, struct buf *scratch,
			     struct event *e);
/* The same by the general JSON reader alone (event_decode takes a faster
 * path for ingest's compact layout and falls back to this); for tests. */
enum event_kind event_decode_generic(const char *line, size_t len, struct buf *scratch,
				     struct event *e);

#endif
