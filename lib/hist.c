/*
 * hist: see hist.h.  The index range is fixed by HIST_MIN and HIST_MAX, so
 * a hostile latency value cannot make the array grow past HIST_BUCKETS.
 */
#include "hist.h"

#include <math.h>   /* log, pow, ceil */
#include <stdlib.h> /* free */
#include <string.h> /* memset, memcpy */

#include "mem.h"
#include "scan.h"

static double log_gamma(void)
{
	static double lg;

	if (lg == 0)
		lg = log((1 + HIST_ALPHA) / (1 - HIST_ALPHA));
	return lg;
}

int hist_index(double v)
{
	if (v > HIST_MAX)
		v = HIST_MAX;
	return (int)ceil(log(v) / log_gamma());
}

double hist_value(int index)
{
	double g = (1 + HIST_ALPHA) / (1 - HIST_ALPHA);

	return 2 * exp(index * log_gamma()) / (g + 1);
}

void hist_init(struct hist *h)
{
	memset(h, 0, sizeof *h);
}

void hist_release(struct hist *h)
{
	free(h->counts);
	hist_init(h);
}

/* Makes index i addressable, growing the dense range around it. */
static void cover(struct hist *h, int i)
{
	int lo, hi, n;
	uint64_t *c;

	if (h->n && i >= h->lo && i < h->lo + h->n)
		return;
	lo = h->n ? (i < h->lo ? i : h->lo) : i;
	hi = h->n ? (i >= h->lo + h->n ? i : h->lo + h->n - 1) : i;
	/* grow by a margin so a slowly widening range is not realloc per value */
	lo -= 16;
	hi += 16;
	n = hi - lo + 1;
	c = xcalloc((size_t)n, sizeof *c);
	if (h->n)
		memcpy(c + (h->lo - lo), h->counts, (size_t)h->n * sizeof *c);
	free(h->counts);
	h->counts = c;
	h->lo = lo;
	h->n = n;
}

void hist_add_bucket(struct hist *h, int index, uint64_t count)
{
	cover(h, index);
	h->counts[index - h->lo] += count;
}

void hist_add_at(struct hist *h, double v, int index)
{
	if (!(v >= 0)) /* negative or NaN */
		return;
	if (h->count == 0 || v < h->min)
		h->min = v;
	if (h->count == 0 || v > h->max)
		h->max = v;
	h->count++;
	h->sum += v;
	if (v <= HIST_MIN)
		h->zero++;
	else
		hist_add_bucket(h, index, 1);
}

void hist_add(struct hist *h, double v)
{
	hist_add_at(h, v, v > HIST_MIN ? hist_index(v) : 0);
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	if (src->count == 0)
		return;
	if (dst->count == 0 || src->min < dst->min)
		dst->min = src->min;
	if (dst->count == 0 || src->max > dst->max)
		dst->max = src->max;
	dst->count = scan_sat_add(dst->count, src->count);
	dst->sum += src->sum;
	dst->zero = scan_sat_add(dst->zero, src->zero);
	for (int i = 0; i < src->n; i++)
		if (src->counts[i])
			hist_add_bucket(dst, src->lo + i, src->counts[i]);
}

double hist_quantile(const struct hist *h, double q)
{
	uint64_t rank, seen;
	double v;

	if (h->count == 0)
		return 0;
	if (q <= 0)
		return h->min;
	rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	if (rank >= h->count)
		return h->max;
	seen = h->zero;
	if (seen >= rank)
		return h->min;
	for (int i = 0; i < h->n; i++) {
		seen += h->counts[i];
		if (seen >= rank) {
			v = hist_value(h->lo + i);
			return v < h->min ? h->min : v > h->max ? h->max : v;
		}
	}
	return h->max;
}
