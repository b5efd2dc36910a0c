/*
 * level: the one severity vocabulary of logsift events, ordered:
 *   trace < debug < info < notice < warn < error < critical < alert < emergency
 * level_parse maps the words and numbers logs use onto it:
 *   TRACE, DEBUG..DEBUG5, FINE*, INFO, INFORMATION, NOTICE, STATS (info),
 *   WARN, WARNING, ERROR, ERR, SEVERE (error), CRIT, CRITICAL, FATAL, PANIC,
 *   DPANIC (critical), ALERT, EMERG, EMERGENCY; any case; single letters
 *   T/D/I/W/E/F/C as klog and Android use; bunyan/pino numbers 10..60.
 * "Error" (docs/summary.md) is level_is_error: error or worse.
 */
#ifndef LOGSIFT_LEVEL_H
#define LOGSIFT_LEVEL_H

#include <stdbool.h>
#include <stddef.h>

enum level {
	LEVEL_NONE = 0, /* unknown: the key is omitted */
	LEVEL_TRACE,
	LEVEL_DEBUG,
	LEVEL_INFO,
	LEVEL_NOTICE,
	LEVEL_WARN,
	LEVEL_ERROR,
	LEVEL_CRITICAL,
	LEVEL_ALERT,
	LEVEL_EMERGENCY,
};

/* A level word (any case); LEVEL_NONE if s is not one. */
enum level level_parse(const char *s, size_t len);
/* bunyan/pino numbers: 10 trace .. 60 fatal; LEVEL_NONE otherwise. */
enum level level_from_number(long n);
/* RFC 5424 severity 0 (emergency) .. 7 (debug). */
enum level level_from_syslog(int severity);
/* The lowercase name ("warn"), or NULL for LEVEL_NONE. */
const char *level_name(enum level l);
bool level_is_error(enum level l);

#endif
