/*
 * rules: security, privacy and access rules matched against each record,
 * turning hits into event tags (the rule ids), and --redact.
 *
 * A rule (docs/rules.md) names the fields it looks at (the request target,
 * user agent, referer, message, the record's first line, the status), a
 * NEED list of words one of which must be in the decoded text, and a
 * PCRE2 pattern.  Each field is decoded once per record — percent-decoding
 * repeated until stable (at most 3 rounds, %uXXXX included), '+' as a space
 * in targets, HTML entities, NULs dropped, ASCII lowercase — so encodings
 * do not evade the rules.  The NEED words of all rules are found in one
 * pass over the decoded text; only the rules whose word is there run their
 * (JIT-compiled) pattern, so a clean record costs a scan, not a regex per
 * rule.
 */
#ifndef LOGSIFT_RULES_H
#define LOGSIFT_RULES_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct event;
struct rules;

/* The rule set: the compiled-in defaults unless no_defaults. */
struct rules *rules_new(bool no_defaults);
void rules_free(struct rules *r);
/* Adds the rules of a file (a rule with an existing id replaces it);
 * returns 0, or -1 with "file:line: message" in err. */
int rules_load(struct rules *r, const char *path, char *err, size_t errlen);
/* Adds rules from text (name for messages). */
int rules_parse(struct rules *r, const char *name, const char *text, size_t len,
		char *err, size_t errlen);
size_t rules_count(const struct rules *r);

/* Tags e with the ids of the rules its fields match; line[0..len) is the
 * record's first line (len 0 when the parsed fields cover it, as in access
 * logs).  Tag spans point into r, valid while it lives. */
void rules_apply(struct rules *r, struct event *e, const char *line, size_t len);

/* Appends text with every PII and secret match masked as "[pii.email:3f9a1c]"
 * (a short hash, so equal values stay linkable); returns whether anything
 * was masked. */
bool rules_redact(struct rules *r, const char *text, size_t len, struct buf *out);

/* Exposed for tests: the decoding the rules see, and the Luhn check. */
void rules_decode(const char *s, size_t len, bool target, struct buf *out);
bool rules_luhn(const char *s, size_t len);
/* Writes zeros after b's text: PCRE2's JIT reads whole words past a
 * subject's end, which valgrind would call uninitialised (every subject a
 * pattern reads is padded so). */
void rules_pad(struct buf *b);
/* HTML character references in s decoded into out (the rules' decoding
 * step, and CRS's htmlEntityDecode). */
void rules_entities(const char *s, size_t len, struct buf *out);

#endif
