/*
 * pipe: see pipe.h.
 */
#include "pipe.h"

#include <fcntl.h>    /* fcntl */
#include <sys/stat.h> /* fstat, S_ISFIFO */

#if defined(__linux__) && !defined(F_SETPIPE_SZ)
#define F_SETPIPE_SZ 1031 /* F_LINUX_SPECIFIC_BASE + 7, hidden without _GNU_SOURCE */
#endif

void pipe_widen(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20); /* best effort */
#else
	(void)fd;
#endif
}
