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

enum field {
	F_NONE = 0,
	F_TS, F_LEVEL, F_LOGGER, F_MSG, F_IP, F_USER, F_METHOD, F_PATH,
	F_PROTO, F_REQUEST, F_STATUS, F_BYTES, F_REFERER, F_UA, F_HOST,
	F_PROGRAM, F_PRI, F_SEVERITY_NUM, F_LATENCY_S, F_LATENCY_MS,
	F_LATENCY_US, F_EXTRA, F_APP_STATUS, F_APP_EVENT,
	F_COUNT
};

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

/* Splits "GET /path HTTP/1.1" into method, path and protocol. */
void field_split_request(struct event *e, const char *s, size_t len);

#endif
