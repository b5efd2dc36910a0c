/*
 * outfile: see outfile.h.
 *
 * Only a regular file (or a path that does not exist yet) is replaced by
 * rename: anything else — /dev/null, /dev/stdout, a FIFO, a terminal — is
 * opened and written in place, as every Unix tool does, because renaming
 * over a device node would destroy it (run as root from cron, that breaks
 * the machine).  A symlink is followed: the file it points to is replaced
 * and the link stays.  The replaced file keeps its mode (and, for root, its
 * owner).  SIGINT, SIGTERM and SIGHUP are held while the temporary file
 * exists, so a signal can never leave it behind: it arrives once the file
 * is renamed or removed.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>    /* open */
#include <limits.h>   /* PATH_MAX */
#include <signal.h>   /* sigprocmask */
#include <stdio.h>    /* snprintf, rename */
#include <stdlib.h>   /* mkstemp, realpath, free */
#include <string.h>   /* strerror, strcmp */
#include <sys/stat.h> /* stat, fchmod, umask */
#include <unistd.h>   /* write, close, unlink, fchown, geteuid */

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

static int fail(char *err, size_t errlen, const char *path, const char *what, int e)
{
	snprintf(err, errlen, "%s: %s%s%s", path, what, *what ? ": " : "", strerror(e));
	return -1;
}

/* Opens path with flags and writes data there: a device, FIFO or other
 * special file is written where it is (flags 0), and a dangling link
 * creates the file it names (O_CREAT | O_TRUNC). */
static int write_through(const char *path, int flags, const void *data, size_t len, char *err,
			 size_t errlen)
{
	mode_t mask = umask(0);
	int fd, saved;

	umask(mask);
	fd = open(path, O_WRONLY | O_NOCTTY | flags, 0666 & ~mask);
	if (fd < 0)
		return fail(err, errlen, path, "", errno);
	if (write_all(fd, data, len)) {
		saved = errno;
		close(fd);
		return fail(err, errlen, path, "", saved);
	}
	if (close(fd))
		return fail(err, errlen, path, "", errno);
	return 0;
}

/* Writes data to a temporary file beside target and renames it over
 * target; st is target's status, or NULL for a new file. */
static int replace(const char *target, const struct stat *st, const void *data, size_t len,
		   char *err, size_t errlen)
{
	char tmp[PATH_MAX + 16];
	sigset_t hold, old;
	mode_t mode;
	int fd, saved, rc = 0;

	if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", target) >= (int)sizeof tmp)
		return fail(err, errlen, target, "path too long", ENAMETOOLONG);
	if (st) {
		mode = st->st_mode & 07777;
	} else { /* mkstemp makes 0600; a new report is as readable as any new file */
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigprocmask(SIG_BLOCK, &hold, &old);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		return fail(err, errlen, target, "cannot create a temporary file", saved);
	}
	if (st && geteuid() == 0 && fchown(fd, st->st_uid, st->st_gid)) {
		/* keeping the owner is a courtesy: the mode still says who reads */
	}
	if (fchmod(fd, mode) || write_all(fd, data, len) || fsync(fd)) {
		saved = errno;
		close(fd);
		unlink(tmp);
		rc = fail(err, errlen, target, "", saved);
	} else if (close(fd) || rename(tmp, target)) {
		saved = errno;
		unlink(tmp);
		rc = fail(err, errlen, target, "", saved);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int outfile_write(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	struct stat st;
	char *real;
	int rc;

	if (!strcmp(path, "-")) {
		if (write_all(1, data, len) == 0)
			return 0;
		return fail(err, errlen, "standard output", "", errno);
	}
	if (stat(path, &st)) { /* follows links */
		struct stat lst;

		if (errno != ENOENT)
			return fail(err, errlen, path, "", errno);
		if (lstat(path, &lst) == 0) /* a dangling link: create what it names */
			return write_through(path, O_CREAT | O_TRUNC, data, len, err, errlen);
		return replace(path, NULL, data, len, err, errlen);
	}
	if (!S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return fail(err, errlen, path, "", EISDIR);
		return write_through(path, 0, data, len, err, errlen);
	}
	real = realpath(path, NULL); /* the file a link points to is replaced, not the link */
	if (!real)
		return fail(err, errlen, path, "", errno);
	rc = replace(real, &st, data, len, err, errlen);
	free(real);
	return rc;
}
