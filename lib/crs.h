/*
 * crs: the OWASP Core Rule Set as a rule source (docs/rules.md).  The
 * SecRule files of a CRS release (Debian's modsecurity-crs) are read and
 * their paranoia-level-1 request rules that an access log can answer are
 * translated: the variables it holds (the request line and its URI, path,
 * query and arguments, the User-Agent and Referer), the operators that
 * need nothing else (@rx, @pm, @pmFromFile, @beginsWith, @endsWith,
 * @contains, @containsWord, @streq, @within), each rule's transformations
 * applied in its order.  What a log cannot hold, or an operator that needs
 * a library (libinjection's @detectSQLi), makes a rule skipped, with the
 * reason (crs_skipped).  A rule that fires tags the event "crs.ID".
 */
#ifndef LOGSIFT_CRS_H
#define LOGSIFT_CRS_H

#include <stdbool.h>
#include <stddef.h>

#define CRS_DEFAULT_DIR "/usr/share/modsecurity-crs/rules"

struct crs;
struct event;

/* Reads the rules of dir (NULL: CRS_DEFAULT_DIR); NULL with a message
 * naming the file and line in err. */
struct crs *crs_load(const char *dir, char *err, size_t errlen);
void crs_free(struct crs *c);
/* The rules translated, and those skipped. */
size_t crs_count(const struct crs *c);
size_t crs_nskipped(const struct crs *c);
/* The i-th skipped rule: its id and why ("variables: REQUEST_COOKIES"). */
void crs_skipped(const struct crs *c, size_t i, const char **id, const char **why);
/* Tags e with the rules that match its request (events with a path, a
 * user agent or a referer); returns how many matched.  escaped: e's
 * request, User-Agent and Referer are as an access log writes them, with
 * the server's escapes (\xHH, \", \\) that are undone first. */
size_t crs_apply(struct crs *c, struct event *e, bool escaped);

#endif
