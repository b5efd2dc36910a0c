/*
 * fields: the event fields a parser can fill, by name, and the one place
 * that turns a field's text into the event (so the regex formats, JSON and
 * logfmt all normalise identically).  Names are the regex group names of
 * format.c and the targets of JSON aliases and --map.
 */
#ifndef LOGSIFT_FIELDS_H
#define LOGSIFT_FIELDS_H

#include <stddef.h>

#include "event.h"
#include "tstamp.h"

/*
 * What a parser can fill: the event's own fields (event_fields[] with
 * EVF_PARSE, by the same names: F_OF(EF_x)), then the inputs that are not
 * fields of their own but feed some (a request line, a syslog priority, a
 * latency in another unit, an access log's trailing fields).
 */
#define F_OF(ef) ((enum field)((ef) + 1))
enum field {
	F_NONE = 0,
	F_TS = EF_TS + 1, F_LEVEL = EF_LEVEL + 1, F_LOGGER = EF_LOGGER + 1,
	F_MSG = EF_MSG + 1, F_IP = EF_IP + 1, F_USER = EF_USER + 1,
	F_METHOD = EF_METHOD + 1, F_PATH = EF_PATH + 1, F_PROTO = EF_PROTO + 1,
	F_STATUS = EF_STATUS + 1, F_BYTES = EF_BYTES + 1, F_REFERER = EF_REFERER + 1,
	F_UA = EF_UA + 1, F_HOST = EF_HOST + 1, F_PROGRAM = EF_PROGRAM + 1,
	F_LATENCY_MS = EF_LATENCY + 1, F_APP_STATUS = EF_APP_STATUS + 1,
	F_APP_EVENT = EF_APP_EVENT + 1, F_UNIT = EF_UNIT + 1, F_STREAM = EF_STREAM + 1,
	F_UPSTREAM = EF_UPSTREAM + 1, F_REQUEST_ID = EF_REQUEST_ID + 1,
	F_SERVICE = EF_SERVICE + 1,
	F_REQUEST = EF_COUNT + 1, F_PRI, F_SEVERITY_NUM, F_LATENCY_S, F_LATENCY_US,
	F_LATENCY_NS,       /* nanoseconds (Traefik's JSON Duration, Echo) */
	F_LATENCY_S_PART,   /* seconds added to the latency (ALB's three times) */
	F_XFF,              /* X-Forwarded-For: its first hop is the client */
	F_VHOST,            /* the host a request named (Host, a virtual host) */
	F_EXTRA,
	F_METRIC,           /* ingest --metric: F_METRIC + i is the i-th name */
	F_COUNT = F_METRIC + EVENT_MAX_METRICS
};

/* The names of ingest's --metric fields (strings that outlive every
 * event), F_METRIC + i for names[i]; at most EVENT_MAX_METRICS. */
void field_metric_names(const char *const *names, size_t n);

/* Field of a regex group name or --map target; F_NONE if unknown. */
enum field field_by_name(const char *name, size_t len);

/* Sets field f of e from text s (a borrowed span: it must outlive the use
 * of e).  "-" and empty values mean unknown and are ignored.  Returns 0, or
 * -1 if the text is invalid for the field (a bad timestamp, a status that
 * is not a number): the caller decides whether that fails the line. */
int field_set(struct event *e, enum field f, const char *s, size_t len,
	      const struct tstamp_ctx *tctx);

/* Sets a latency from a number in the given unit (s, ms or us field). */
void field_set_latency(struct event *e, enum field unit, double v);

/* The service an event belongs to, when its line did not name one: the
 * given name (--service), else the upstream a proxy sent it to, the
 * systemd unit, the program (syslog, a compose service), or the first
 * part of a dotted logger name (past a reverse-DNS "com.", "org."...). */
void field_derive_service(struct event *e, const char *given);

/* Splits "GET /path HTTP/1.1" into method, path and protocol. */
void field_split_request(struct event *e, const char *s, size_t len);

#endif
