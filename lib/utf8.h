/*
 * utf8: one UTF-8 decoder and one definition of the characters that must
 * never reach a person raw, shared by the report's escapers and the
 * diagnostics (where a file name or a log line is shown).
 */
#ifndef LOGSIFT_UTF8_H
#define LOGSIFT_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Decodes one UTF-8 sequence at s (n > 0 bytes left); returns its length
 * and sets *cp, or returns 1 with *cp = -1 for a byte that starts no valid
 * sequence (overlong forms, surrogates and values past U+10FFFF included). */
size_t utf8_next(const unsigned char *s, size_t n, long *cp);
/* Whether cp changes how the text around it is shown. */
bool utf8_is_unsafe(long cp);

#endif
