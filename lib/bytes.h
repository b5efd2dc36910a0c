/*
 * bytes: small helpers over byte ranges that may hold NULs and are not
 * NUL-terminated (memmem is a GNU extension; this is the portable one).
 */
#ifndef LOGSIFT_BYTES_H
#define LOGSIFT_BYTES_H

#include <stddef.h>
#include <string.h>

/* First occurrence of needle[0..m) in hay[0..n), or NULL. */
static inline const char *bytes_find(const char *hay, size_t n,
				     const char *needle, size_t m)
{
	const char *p = hay, *end = hay + n;

	if (m == 0)
		return hay;
	while (m <= (size_t)(end - p) &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - m + 1)) != NULL) {
		if (!memcmp(p, needle, m))
			return p;
		p++;
	}
	return NULL;
}

#endif
