/*
 * level: a small table; words are compared case-insensitively in ASCII
 * (never ctype.h on log bytes).
 */
#include "level.h"

#include <string.h> /* strlen */

#include "scan.h"

static const struct {
	const char *word;
	unsigned char len;
	enum level level;
} words[] = {
	{ "trace", 5, LEVEL_TRACE },       { "finest", 6, LEVEL_TRACE },
	{ "finer", 5, LEVEL_TRACE },       { "debug", 5, LEVEL_DEBUG },
	{ "debug1", 6, LEVEL_DEBUG },      { "debug2", 6, LEVEL_DEBUG },
	{ "debug3", 6, LEVEL_DEBUG },      { "debug4", 6, LEVEL_DEBUG },
	{ "debug5", 6, LEVEL_DEBUG },      { "fine", 4, LEVEL_DEBUG },
	{ "dbg", 3, LEVEL_DEBUG },         { "info", 4, LEVEL_INFO },
	{ "information", 11, LEVEL_INFO },  { "informational", 13, LEVEL_INFO },
	{ "inf", 3, LEVEL_INFO },          { "stats", 5, LEVEL_INFO },
	{ "config", 6, LEVEL_INFO },       { "notice", 6, LEVEL_NOTICE },
	{ "warn", 4, LEVEL_WARN },         { "warning", 7, LEVEL_WARN },
	{ "wrn", 3, LEVEL_WARN },          { "error", 5, LEVEL_ERROR },
	{ "err", 3, LEVEL_ERROR },         { "severe", 6, LEVEL_ERROR },
	{ "crit", 4, LEVEL_CRITICAL },     { "critical", 8, LEVEL_CRITICAL },
	{ "fatal", 5, LEVEL_CRITICAL },    { "panic", 5, LEVEL_CRITICAL },
	{ "dpanic", 6, LEVEL_CRITICAL },   { "alert", 5, LEVEL_ALERT },
	{ "emerg", 5, LEVEL_EMERGENCY },   { "emergency", 9, LEVEL_EMERGENCY },
	{ "t", 1, LEVEL_TRACE },           { "d", 1, LEVEL_DEBUG },
	{ "i", 1, LEVEL_INFO },            { "w", 1, LEVEL_WARN },
	{ "e", 1, LEVEL_ERROR },           { "f", 1, LEVEL_CRITICAL },
	{ "c", 1, LEVEL_CRITICAL },
	/* Serilog's three letters, PostgreSQL's LOG */
	{ "vrb", 3, LEVEL_TRACE },         { "ftl", 3, LEVEL_CRITICAL },
	{ "crt", 3, LEVEL_CRITICAL },      { "log", 3, LEVEL_INFO },
};

static const char *names[] = {
	NULL, "trace", "debug", "info", "notice", "warn",
	"error", "critical", "alert", "emergency",
};


enum level level_parse(const char *s, size_t len)
{
	if (len == 0 || len > 13)
		return LEVEL_NONE;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		const char *w = words[i].word;
		size_t k = 0;

		if (words[i].len != len)
			continue;
		while (k < len && scan_lower(s[k]) == w[k])
			k++;
		if (k == len)
			return words[i].level;
	}
	return LEVEL_NONE;
}

enum level level_from_number(long n)
{
	if (n >= 60)
		return LEVEL_CRITICAL;
	if (n >= 50)
		return LEVEL_ERROR;
	if (n >= 40)
		return LEVEL_WARN;
	if (n >= 30)
		return LEVEL_INFO;
	if (n >= 20)
		return LEVEL_DEBUG;
	if (n >= 10)
		return LEVEL_TRACE;
	return LEVEL_NONE;
}

enum level level_from_syslog(int severity)
{
	static const enum level map[] = {
		LEVEL_EMERGENCY, LEVEL_ALERT, LEVEL_CRITICAL, LEVEL_ERROR,
		LEVEL_WARN, LEVEL_NOTICE, LEVEL_INFO, LEVEL_DEBUG,
	};
	return severity >= 0 && severity <= 7 ? map[severity] : LEVEL_NONE;
}

const char *level_name(enum level l)
{
	return (unsigned)l < sizeof names / sizeof names[0] ? names[l] : NULL;
}

bool level_is_error(enum level l)
{
	return l >= LEVEL_ERROR;
}
