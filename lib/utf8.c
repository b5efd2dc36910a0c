/*
 * utf8: see utf8.h.
 */
#include "utf8.h"

/* Decodes one UTF-8 sequence at s (n > 0 bytes left); returns its length
 * and sets *cp, or returns 1 with *cp = -1 for a byte that starts no valid
 * sequence (overlong forms, surrogates and values past U+10FFFF included). */
size_t utf8_next(const unsigned char *s, size_t n, long *cp)
{
	unsigned char c = s[0];
	size_t len, i;
	long v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; v = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; v = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	if (n < len) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = v;
	return len;
}

/* Characters that change how text around them is shown: controls (C0,
 * DEL, C1), bidirectional overrides and isolates (U+202E shows a file
 * name backwards), line and paragraph separators, the BOM. */
bool utf8_is_unsafe(long cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200e || cp == 0x200f || cp == 0x061c || cp == 0xfeff ||
	       cp == 0x2028 || cp == 0x2029;
}

