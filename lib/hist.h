/*
 * hist: a mergeable latency histogram with a stated relative error.
 *
 * Logarithmic buckets in the style of DDSketch: bucket i holds values in
 * (g^(i-1), g^i] with g = (1 + a) / (1 - a), a = HIST_ALPHA = 1 %, and is
 * read back as 2 g^i / (g + 1), so every quantile is within 1 % of a value
 * of the data (relative).  Values at or below HIST_MIN (1 microsecond, in
 * ms) go to a zero bucket; values above HIST_MAX (10^8 ms, 27 hours) to the
 * last bucket; min, max, count and sum are kept exactly.  Counts are exact
 * and merging is adding counts, so a merge of histograms equals the
 * histogram of the merged data, bucket for bucket.
 *
 * Memory: a dense array over the range of indexes used so far (grown on
 * demand, never more than HIST_BUCKETS counts), so a histogram of latencies
 * spanning three decades costs ~350 counters.
 */
#ifndef LOGSIFT_HIST_H
#define LOGSIFT_HIST_H

#include <stdbool.h>
#include <stdint.h>

#define HIST_ALPHA 0.01
#define HIST_MIN 0.001
#define HIST_MAX 1e8

struct hist {
	uint64_t count;     /* values added */
	double sum;         /* their sum */
	double min, max;    /* exact extremes (valid when count > 0) */
	uint64_t zero;      /* values <= HIST_MIN */
	int lo;             /* bucket index of counts[0] */
	int n;              /* counters allocated */
	uint64_t *counts;   /* counts[i] = bucket lo + i */
};

void hist_init(struct hist *h);
void hist_release(struct hist *h);
/* Adds one value (ms); negative and NaN values are ignored. */
void hist_add(struct hist *h, double v);
/* hist_add for a value whose hist_index the caller computed (one log()
 * for several histograms). */
void hist_add_at(struct hist *h, double v, int index);
/* Adds all of src into dst. */
void hist_merge(struct hist *dst, const struct hist *src);
/* The nearest-rank q-quantile (0 < q <= 1): the smallest bucket value v
 * with count(<= v) >= ceil(q n), clamped to [min, max]; 0 when empty. */
double hist_quantile(const struct hist *h, double q);

/* Bucket index of a value, and the value a bucket stands for (exposed for
 * the summary encoding and tests). */
int hist_index(double v);
double hist_value(int index);
/* Adds count to the bucket with this index (decoding a summary). */
void hist_add_bucket(struct hist *h, int index, uint64_t count);

#endif
