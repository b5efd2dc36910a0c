/*
 * mem: allocation that cannot fail.  Out of memory is fatal and reported in
 * one place ("prog: out of memory", exit 3), so no caller checks for NULL.
 * logsift keeps its memory flat by design, so this is never hit in normal use.
 */
#ifndef LOGSIFT_MEM_H
#define LOGSIFT_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* A NUL-terminated copy of the first n bytes of s (which may hold NULs). */
char *xstrndup(const char *s, size_t n);

#endif
