/*
 * outfile: writes a whole document to a path atomically — into a temporary
 * file in the same directory, then rename(2) — so a cron job that dies or
 * a disk that fills never leaves half a report where the old one was.
 * The path "-" means standard output.
 */
#ifndef LOGSIFT_OUTFILE_H
#define LOGSIFT_OUTFILE_H

#include <stddef.h>

/* Returns 0, or -1 with a message naming the path in err. */
int outfile_write(const char *path, const void *data, size_t len, char *err, size_t errlen);

#endif
