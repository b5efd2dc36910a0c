/*
 * fingerprint: stable keys for grouping.
 *
 * fingerprint_message masks the variable parts of an error message so that
 * "timeout after 7851 ms" and "timeout after 2411 ms" count as one error:
 * UUIDs → <uuid>, IPv4/IPv6 addresses → <ip>, e-mail addresses → <email>,
 * hex numbers (0x.., or 8+ hex digits with a digit) → <hex>, numbers →
 * <n>, quoted strings → <str>, file paths and URLs → <path>.  Runs of
 * white space become one space.  The result is at most FP_MAX bytes.
 *
 * path_normalise turns a request path into an endpoint: the query string
 * is dropped and id-like segments are replaced (/api/users/123 →
 * /api/users/:id; UUIDs → :uuid; long hex → :hash; long tokens with
 * digits → :token); at most PATH_MAX_SEGMENTS segments are kept.
 */
#ifndef LOGSIFT_FINGERPRINT_H
#define LOGSIFT_FINGERPRINT_H

#include <stddef.h>

#define FP_MAX 150
#define PATH_MAX_SEGMENTS 8

struct buf;

void fingerprint_message(const char *s, size_t len, struct buf *out);
void path_normalise(const char *s, size_t len, struct buf *out);

#endif
