/*
 * hll: a HyperLogLog counter of distinct items (Flajolet et al. 2007, with
 * the small-range correction): 2^HLL_P one-byte registers, a relative
 * standard error of 1.04/sqrt(2^HLL_P) = HLL_ERROR, merged exactly by
 * taking each register's maximum — so per-day unique visitors add up
 * across summaries, hosts and weeks.
 */
#ifndef LOGSIFT_HLL_H
#define LOGSIFT_HLL_H

#include <stddef.h>
#include <stdint.h>

#define HLL_P 10
#define HLL_M (1u << HLL_P)
#define HLL_ERROR 0.0325 /* 1.04 / sqrt(1024) */

struct hll {
	uint8_t reg[HLL_M];
};

/* A 64-bit hash of the bytes (FNV-style over eight bytes at a time, then
 * a mixing finaliser so every bit depends on every byte). */
uint64_t hll_hash(const void *p, size_t n, uint64_t seed);
void hll_add(struct hll *h, uint64_t hash);
void hll_merge(struct hll *dst, const struct hll *src);
double hll_estimate(const struct hll *h);

struct buf;
/* The registers as 2 * HLL_M hex digits, and back (0, or -1 when s is not
 * that). */
void hll_encode(const struct hll *h, struct buf *b);
int hll_decode(struct hll *h, const char *s, size_t n);

#endif
