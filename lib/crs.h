/*
 * crs: the OWASP Core Rule Set as a rule source (docs/rules.md).  The
 * SecRule files of a CRS release (Debian's modsecurity-crs) are read and
 * their paranoia-level-1 request rules that an access log can answer are
 * translated: the variables it holds (the request line and its URI, path,
 * query and arguments, the User-Agent, the Referer and the Host), the operators that
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
/* The site's exclusions where Debian's modsecurity-crs keeps them, read
 * with the rules of CRS_DEFAULT_DIR when they are there */
#define CRS_SITE_BEFORE "/etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf"
#define CRS_SITE_AFTER "/etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf"

struct crs;
struct event;

/* Reads the rules of dir (NULL: CRS_DEFAULT_DIR); NULL with a message
 * naming the file and line in err. */
struct crs *crs_load(const char *dir, char *err, size_t errlen);
void crs_free(struct crs *c);
/* Reads a file of the site's rule exclusions, as ModSecurity's
 * (REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf and RESPONSE-999-...):
 * SecRuleRemoveById/ByTag, SecRuleUpdateTargetById/ByTag with "!TARGET",
 * and SecRule/SecAction with ctl:ruleRemoveById, ruleRemoveByTag,
 * ruleRemoveTargetById, ruleRemoveTargetByTag and ruleEngine=Off, their
 * conditions read as the rules' are.  after: the file comes after the
 * rules (RESPONSE-999's place), where a ctl: reaches the later phases'
 * rules only.  An exclusion it cannot apply is listed with the skipped
 * rules (its file and line, and why); -1 with a message in err when the
 * file cannot be read. */
int crs_exclude(struct crs *c, const char *path, bool after, char *err, size_t errlen);
/* The exclusions applied, and (unapplied) those that could not be. */
size_t crs_exclusions(const struct crs *c, size_t *unapplied);
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
