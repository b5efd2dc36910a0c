/*
 * scan: parsers of numbers in byte spans and ASCII character classes.
 *
 * Log bytes are not NUL-terminated and may hold anything, so nothing here
 * calls strtol, atoi or ctype.h (locale-dependent, UB on negative char).
 * Every parser reads exactly the span it is given, checks for overflow and
 * returns 0 with the value set, or -1 leaving it untouched.
 */
#ifndef LOGSIFT_SCAN_H
#define LOGSIFT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool scan_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool scan_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool scan_is_hex(char c)
{
	return scan_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The value of a hex digit, or -1. */
static inline int scan_hex_value(char c)
{
	return scan_is_digit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static inline char scan_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* The largest count logsift carries: what a JSON reader reads back as an
 * integer.  Counts saturate there instead of wrapping. */
#define SCAN_COUNT_MAX ((uint64_t)INT64_MAX)

/* a + b, saturating at SCAN_COUNT_MAX. */
static inline uint64_t scan_sat_add(uint64_t a, uint64_t b)
{
	return a >= SCAN_COUNT_MAX || b >= SCAN_COUNT_MAX - a ? SCAN_COUNT_MAX : a + b;
}

/* a / b rounded towards minus infinity (b > 0): the hour or day that holds
 * a time before the epoch. */
static inline int64_t scan_floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* An unsigned decimal of the whole span, at most max: "0".."max".
 * (Inline: the event and timestamp readers call these per field.) */
static inline int scan_uint(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (!scan_is_digit(s[i]))
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (max - d) / 10)
			return -1; /* v * 10 + d would pass max */
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* Like scan_uint into an int64_t, for values up to max >= 0. */
static inline int scan_int64(const char *s, size_t len, int64_t max, int64_t *out)
{
	uint64_t v;

	if (max < 0 || scan_uint(s, len, (uint64_t)max, &v))
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* Exactly n digits (n <= 9) at s, as an int: fixed-width date fields. */
static inline int scan_digits(const char *s, size_t n, int *out)
{
	int v = 0;

	if (n > 9)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!scan_is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}
/* A decimal "12", "0.250", "-3.5" (with neg allowed), at most 18 digits;
 * exponents are refused: logs do not write latencies that way, and refusing
 * keeps the value exact. */
int scan_decimal(const char *s, size_t len, bool neg, double *out);
/* A JSON number of at most 15 significant digits, no exponent and at most
 * 22 after the point ("2987.8", "-0.25", "12"), as the double nearest it:
 * the digits as an integer, exact, divided by an exact power of ten, one
 * correctly rounded step, so the very double strtod gives (Clinger's fast
 * path).  -1 for anything else, which the caller gives to strtod. */
int scan_json_double(const char *s, size_t len, double *out);

#endif
