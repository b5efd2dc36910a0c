/*
 * outfile: see outfile.h.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>    /* open */
#include <stdio.h>    /* snprintf, rename */
#include <stdlib.h>   /* mkstemp */
#include <string.h>   /* strerror, strrchr */
#include <sys/stat.h> /* fchmod, umask */
#include <unistd.h>   /* write, close, unlink */

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int outfile_write(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	char tmp[4096];
	int fd, saved;
	mode_t mask;

	if (!strcmp(path, "-")) {
		if (write_all(1, data, len) == 0)
			return 0;
		snprintf(err, errlen, "standard output: %s", strerror(errno));
		return -1;
	}
	if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= (int)sizeof tmp) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", path, strerror(errno));
		return -1;
	}
	/* mkstemp makes 0600; a report is as readable as any new file */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || write_all(fd, data, len) || fsync(fd)) {
		saved = errno;
		close(fd);
		unlink(tmp);
		snprintf(err, errlen, "%s: %s", path, strerror(saved));
		return -1;
	}
	if (close(fd) || rename(tmp, path)) {
		saved = errno;
		unlink(tmp);
		snprintf(err, errlen, "%s: %s", path, strerror(saved));
		return -1;
	}
	return 0;
}
