/*
 * access_scan: the common and combined access-log layouts read by hand.
 *
 * ACCESS_PATTERN is the layout's definition (format.c compiles it);
 * access_scan finds exactly the groups PCRE2 finds with it, at a fraction
 * of the cost, where that is sure: tests/test_access_scan.c holds the two
 * to the same spans on every line of the fixtures and real logs and on
 * their mutations.
 */
#ifndef LOGSIFT_ACCESS_SCAN_H
#define LOGSIFT_ACCESS_SCAN_H

#include <stddef.h>

/* a double-quoted string's inside, with backslash escapes */
#define QUOTED "(?:[^\"\\\\]|\\\\.)*"

#define ACCESS_PATTERN "^" ACCESS_FIELDS
#define ACCESS_FIELDS \
	"(?<ip>\\S+) (?<ident>\\S+) (?<user>\\S+) \\[(?<ts>[^\\]]{1,64})\\] " \
	"\"(?<request>" QUOTED ")\" (?<status>\\d{3}|-) (?<bytes>\\d+|-)" \
	"(?: \"(?<referer>" QUOTED ")\" \"(?<ua>" QUOTED ")\")?(?<extra>.*)$"

/* The pattern's groups, numbered as PCRE2 numbers them. */
enum { ACCESS_GROUPS = 11 };

/* The scanner's answers besides a group count. */
#define ACCESS_NO_MATCH (-1)
#define ACCESS_UNSURE (-2) /* a line break inside: ask PCRE2 */

/*
 * Matches ACCESS_PATTERN against s[0..len).  On a match, sets ov as
 * pcre2_get_ovector_pointer would after pcre2_match (pairs of offsets,
 * unset groups as (size_t)-1) and returns what pcre2_match would: the
 * highest set group plus one.  Otherwise ACCESS_NO_MATCH, or
 * ACCESS_UNSURE where only PCRE2 can tell.
 */
int access_scan(const char *s, size_t len, size_t ov[2 * ACCESS_GROUPS]);

#endif
