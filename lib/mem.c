/*
 * mem: the x* allocators.  They print through diag so the message carries
 * the program name, and exit with LS_EXIT_SYSTEM.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, beside the build's _XOPEN_SOURCE */
#include "mem.h"

#include <stdlib.h> /* malloc, calloc, realloc */
#ifdef __GLIBC__
#include <malloc.h> /* mallopt */
#endif
#include <string.h> /* memcpy */
#ifdef __linux__
#include <sys/mman.h> /* madvise */
#endif

#include "diag.h"

static void *check(void *p)
{
	if (!p)
		diag_die(LS_EXIT_SYSTEM, "out of memory");
	return p;
}

void *xmalloc(size_t n)
{
	return check(malloc(n ? n : 1));
}

void *xcalloc(size_t nmemb, size_t size)
{
	return check(calloc(nmemb ? nmemb : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1));
}

void *xcalloc_aligned(size_t align, size_t n)
{
	void *p = NULL;

	if (posix_memalign(&p, align, n ? n : 1))
		p = NULL;
	return memset(check(p), 0, n);
}

void *xcalloc_huge(size_t n)
{
	size_t huge = (size_t)2 << 20;
	void *p = NULL;

	if (n < huge)
		return xcalloc_aligned(64, n);
	if (posix_memalign(&p, huge, n))
		p = NULL;
	check(p);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	/* before the first touch, so that the pages are made huge; where
	 * the kernel declines, they are ordinary ones */
	(void)madvise(p, n / huge * huge, MADV_HUGEPAGE);
#endif
	return memset(p, 0, n);
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void mem_keep_freed(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}
