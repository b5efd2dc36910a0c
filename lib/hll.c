/*
 * hll: see hll.h.  Register j holds the largest rank (position of the
 * first 1 bit, from 1) of the hashes whose top HLL_P bits are j.
 */
#include "hll.h"

#include <math.h>   /* log, pow */
#include <string.h> /* memset */

#include "buf.h"
#include "scan.h"

uint64_t hll_hash(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037ULL ^ seed;

	/* eight bytes at a time: client addresses and user agents are short
	 * and counted for every request */
	for (; n >= 8; s += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	/* splitmix64's finaliser: every bit depends on every byte */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

void hll_add(struct hll *h, uint64_t hash)
{
	uint32_t j = (uint32_t)(hash >> (64 - HLL_P));
	uint64_t rest = hash << HLL_P;
	uint8_t rank = 1;

	while (rank <= 64 - HLL_P && !(rest & (1ULL << 63))) {
		rest <<= 1;
		rank++;
	}
	if (rank > h->reg[j])
		h->reg[j] = rank;
}

void hll_merge(struct hll *dst, const struct hll *src)
{
	for (uint32_t j = 0; j < HLL_M; j++)
		if (src->reg[j] > dst->reg[j])
			dst->reg[j] = src->reg[j];
}

double hll_estimate(const struct hll *h)
{
	const double m = HLL_M, alpha = 0.7213 / (1 + 1.079 / m);
	double sum = 0;
	uint32_t zeros = 0;

	for (uint32_t j = 0; j < HLL_M; j++) {
		sum += pow(2.0, -(double)h->reg[j]);
		zeros += h->reg[j] == 0;
	}
	double e = alpha * m * m / sum;
	if (e <= 2.5 * m && zeros) /* small range: linear counting */
		e = m * log(m / zeros);
	/* registers no real stream sets (all 55: a forged summary's) estimate
	 * past the 2^64 hashes there are, and past what a count can hold */
	return e < 0x1p64 - 0x1p11 ? e : 0x1p64 - 0x1p11;
}

void hll_encode(const struct hll *h, struct buf *b)
{
	static const char hex[] = "0123456789abcdef";

	for (uint32_t j = 0; j < HLL_M; j++) {
		char two[2] = { hex[h->reg[j] >> 4], hex[h->reg[j] & 15] };
		buf_add(b, two, 2);
	}
}

int hll_decode(struct hll *h, const char *s, size_t n)
{
	if (n != 2 * HLL_M)
		return -1;
	for (uint32_t j = 0; j < HLL_M; j++) {
		int hi = scan_hex_value(s[2 * j]), lo = scan_hex_value(s[2 * j + 1]);
		if (hi < 0 || lo < 0 || hi * 16 + lo > 64 - HLL_P + 1)
			return -1;
		h->reg[j] = (uint8_t)(hi * 16 + lo);
	}
	return 0;
}
