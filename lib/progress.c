/*
 * progress: see progress.h.  LOGSIFT_PROGRESS_DELAY_MS (default 1000)
 * changes the delay before the first line, for the tests.
 */
#include "progress.h"

#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* getenv, strtol */
#include <string.h> /* strlen */
#include <time.h>   /* clock_gettime */
#include <unistd.h> /* isatty, write */

#include "utf8.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_start(struct progress *p, bool enabled)
{
	const char *d = getenv("LOGSIFT_PROGRESS_DELAY_MS");

	p->on = enabled && isatty(2);
	p->shown = false;
	p->calls = 0;
	p->start_ms = p->last_ms = p->on ? now_ms() : 0;
	p->delay_ms = d ? strtol(d, NULL, 10) : 1000;
}

/* "12.3 MB" */
static void size(char *dst, size_t cap, double v)
{
	static const char *const unit[] = { "B", "kB", "MB", "GB", "TB" };
	int k = 0;

	while (v >= 1000 && k < 4)
		v /= 1000, k++;
	snprintf(dst, cap, k ? "%.1f %s" : "%.0f %s", v, unit[k]);
}

void progress_draw(struct progress *p, const char *name, uint64_t done, int64_t total)
{
	char line[200], shown[64], d[32], r[32];
	size_t k = 0;
	int64_t t;
	double secs;
	int n;

	t = now_ms();
	if (t - p->start_ms < p->delay_ms || (p->shown && t - p->last_ms < 200))
		return;
	p->last_ms = t;
	secs = (double)(t - p->start_ms) / 1000;
	/* the name as diagnostics show it: nothing that drives the terminal */
	for (size_t i = 0; name[i] && k + 5 < sizeof shown;) {
		long cp;
		size_t len = utf8_next((const unsigned char *)name + i, strlen(name + i), &cp);

		if (cp >= 0 && utf8_is_unsafe(cp))
			shown[k++] = '?';
		else
			for (size_t j = 0; j < len; j++)
				shown[k++] = name[i + j];
		i += len;
	}
	shown[k] = '\0';
	size(d, sizeof d, (double)done);
	size(r, sizeof r, secs > 0 ? (double)done / secs : 0);
	if (secs < 0.1) /* too early for a rate that means anything */
		r[0] = '\0';
	else
		memcpy(r + strlen(r), "/s", 3);
	if (total > 0)
		n = snprintf(line, sizeof line, "\r%s: %s (%.0f %%)%s%s\033[K", shown, d,
			     100.0 * (double)done / (double)total, r[0] ? ", " : "", r);
	else
		n = snprintf(line, sizeof line, "\r%s: %s%s%s\033[K", shown, d, r[0] ? ", " : "", r);
	if (n > 0 && write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1) > 0)
		p->shown = true;
}

void progress_end(struct progress *p)
{
	if (p->shown && write(2, "\r\033[K", 4) < 0)
		return; /* nothing to undo on a broken terminal */
	p->shown = false;
}
