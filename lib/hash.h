/*
 * hash: the hash of a short byte string for the in-memory tables (top
 * lists, the rules' cache, the JSON reader's key table): eight bytes a
 * step with a multiply and a shift, where a byte-at-a-time hash spends a
 * multiply's latency on every byte of every key.  Not for anything kept
 * (HyperLogLog has its own, fixed for merging).
 */
#ifndef LOGSIFT_HASH_H
#define LOGSIFT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h> /* memcpy */

/* The last len (< 8) bytes at k as a little-endian number, the bytes
 * past them zero: read in at most two loads into a register.  Copied to
 * the stack byte by byte and read back as one word, they made the
 * processor wait for the stores (no forwarding from several to one). */
static inline uint64_t hash_tail(const unsigned char *k, size_t len, int whole)
{
	uint32_t a, b;
	uint16_t c, d;
	uint64_t w;

	if (whole && len) { /* eight bytes end at the tail's end */
		memcpy(&w, k + len - 8, 8);
		return w >> (64 - 8 * len);
	}
	if (len >= 4) {
		memcpy(&a, k, 4);
		memcpy(&b, k + len - 4, 4);
		return a | (uint64_t)b << (8 * (len - 4));
	}
	if (len >= 2) {
		memcpy(&c, k, 2);
		memcpy(&d, k + len - 2, 2);
		return c | (uint64_t)d << (8 * (len - 2));
	}
	return len ? k[0] : 0;
}

/* hash_bytes, and in *odd whether the bytes hold a NUL or one at or above
 * 0x80 (its bit 0x80 of some byte set): the top lists keep such keys
 * otherwise (jsonw_storable), and learn it here without a pass of their
 * own.  Where odd is not read, the compiler drops its work. */
static inline uint64_t hash_bytes_odd(const void *data, size_t len, uint64_t *odd)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const unsigned char *k = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w, seen = 0;
	int whole = len >= 8;

	for (; len >= 8; k += 8, len -= 8) {
		memcpy(&w, k, 8);
		seen |= w | ((w - ones) & ~w);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = hash_tail(k, len, whole);
	if (len) { /* the tail's bytes alone: the zeros past them set to one */
		uint64_t t = w | (ones & ~(~0ULL >> (64 - 8 * len)));

		seen |= t | ((t - ones) & ~t);
	}
	*odd = seen & 0x8080808080808080ULL;
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

static inline uint64_t hash_bytes(const void *data, size_t len)
{
	uint64_t odd;

	return hash_bytes_odd(data, len, &odd);
}

#endif
