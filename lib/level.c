/*
 * level: a small table; words are compared case-insensitively in ASCII
 * (never ctype.h on log bytes).
 */
#include "level.h"

#include <string.h> /* strlen */

static const struct {
	const char *word;
	enum level level;
} words[] = {
	{ "trace", LEVEL_TRACE },       { "finest", LEVEL_TRACE },
	{ "finer", LEVEL_TRACE },       { "debug", LEVEL_DEBUG },
	{ "debug1", LEVEL_DEBUG },      { "debug2", LEVEL_DEBUG },
	{ "debug3", LEVEL_DEBUG },      { "debug4", LEVEL_DEBUG },
	{ "debug5", LEVEL_DEBUG },      { "fine", LEVEL_DEBUG },
	{ "dbg", LEVEL_DEBUG },         { "info", LEVEL_INFO },
	{ "information", LEVEL_INFO },  { "informational", LEVEL_INFO },
	{ "inf", LEVEL_INFO },          { "stats", LEVEL_INFO },
	{ "config", LEVEL_INFO },       { "notice", LEVEL_NOTICE },
	{ "warn", LEVEL_WARN },         { "warning", LEVEL_WARN },
	{ "wrn", LEVEL_WARN },          { "error", LEVEL_ERROR },
	{ "err", LEVEL_ERROR },         { "severe", LEVEL_ERROR },
	{ "crit", LEVEL_CRITICAL },     { "critical", LEVEL_CRITICAL },
	{ "fatal", LEVEL_CRITICAL },    { "panic", LEVEL_CRITICAL },
	{ "dpanic", LEVEL_CRITICAL },   { "alert", LEVEL_ALERT },
	{ "emerg", LEVEL_EMERGENCY },   { "emergency", LEVEL_EMERGENCY },
	{ "t", LEVEL_TRACE },           { "d", LEVEL_DEBUG },
	{ "i", LEVEL_INFO },            { "w", LEVEL_WARN },
	{ "e", LEVEL_ERROR },           { "f", LEVEL_CRITICAL },
	{ "c", LEVEL_CRITICAL },
};

static const char *names[] = {
	NULL, "trace", "debug", "info", "notice", "warn",
	"error", "critical", "alert", "emergency",
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

enum level level_parse(const char *s, size_t len)
{
	if (len == 0 || len > 13)
		return LEVEL_NONE;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		const char *w = words[i].word;
		size_t k = 0;
		while (k < len && w[k] && lower(s[k]) == w[k])
			k++;
		if (k == len && !w[k])
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
