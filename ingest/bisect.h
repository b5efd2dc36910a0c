/*
 * bisect: where a --since window starts in a large plain file, found by
 * bisection over its bytes: "the last hour of a 10 GB log" parses about an
 * hour of it.  Logs are appended in time order, give or take a request's
 * duration; the probes check that they are, and a file they are not (or
 * whose lines carry no time near a probe) is read whole as before.
 */
#ifndef LOGSIFT_BISECT_H
#define LOGSIFT_BISECT_H

#include <stdbool.h>
#include <stdint.h>

struct input;
struct parser;

/* Smaller files are read whole: a bisection would save little. */
#define BISECT_MIN_SIZE (32u << 20)
/* How far out of time order records may be (a request logged when it
 * ends, stamped when it began): the window is entered this much early. */
#define BISECT_SLACK_MS (10 * 60 * 1000)

struct bisect {
	uint64_t offset;    /* where reading starts: a record's first line */
	uint64_t lines;     /* the lines before it, counted */
	int fmt;            /* the file's format, as its first lines say */
	unsigned probes;    /* reads of a few KiB the search made */
};

/*
 * For a plain regular file not read yet: true with *b when reading can
 * start past its beginning for records at or after since_ms, parsed as
 * ingest would (format forced, or detected by its first lines).  False
 * when the whole file must be read: small, gzip, not in time order, no
 * times, or nothing before the window.
 */
bool bisect_since(struct input *in, struct parser *ps, int forced, int64_t since_ms,
		  struct bisect *b);

#endif
