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
/* n zeroed bytes at a multiple of align (a power of two, at least the size
 * of a pointer): a table whose entries are cache lines must start on one,
 * or every entry spans two.  Freed with free. */
void *xcalloc_aligned(size_t align, size_t n);
/* The same for a table of megabytes read at random: on pages of 2 MiB
 * where the system allows (Linux's transparent huge pages), since with
 * pages of 4 KiB nearly every lookup also missed the address
 * translation's cache, and a prefetch waited for the page walk.
 * Cache-line aligned at least.  Freed with free. */
void *xcalloc_huge(size_t n);
/* Keeps freed memory for reuse instead of returning it to the system at
 * once: reading many summaries allocates and frees tens of megabytes per
 * document, and glibc's default (large blocks mapped and unmapped each
 * time) spent a quarter of the time faulting the same pages in again.
 * Peak memory is unchanged; a no-op elsewhere than glibc. */
void mem_keep_freed(void);
/* A NUL-terminated copy of the first n bytes of s (which may hold NULs). */
char *xstrndup(const char *s, size_t n);

#endif
