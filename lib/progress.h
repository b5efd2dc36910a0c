/*
 * progress: a line on stderr saying how far a long read has come — the
 * file, bytes read, the percent when the size is known, the rate — for a
 * person at a terminal, as GoAccess and lnav show one.  It appears only
 * when stderr is a terminal and the read has taken more than a second (so
 * short runs, pipes and cron jobs never see it), is redrawn at most every
 * 200 ms with '\r', and is erased when the read ends.
 */
#ifndef LOGSIFT_PROGRESS_H
#define LOGSIFT_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool on;                /* stderr is a terminal, and not -q */
	bool shown;             /* a line is on the screen */
	int64_t start_ms;       /* when the read began */
	int64_t last_ms;        /* when the line was last drawn */
	int64_t delay_ms;       /* how long before the first line */
	unsigned calls;         /* updates since the start */
};

/* Starts a read; enabled decides whether anything may be shown. */
void progress_start(struct progress *p, bool enabled);
/* How far it has come: done bytes of total (-1: unknown) in name.  Cheap
 * to call per line: inline, it looks at the clock only every 64th call. */
void progress_draw(struct progress *p, const char *name, uint64_t done, int64_t total);
static inline void progress_update(struct progress *p, const char *name, uint64_t done,
				   int64_t total)
{
	if (p->on && !(++p->calls & 63))
		progress_draw(p, name, done, total);
}
/* Erases the line, if one is shown. */
void progress_end(struct progress *p);

#endif
