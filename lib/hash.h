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

static inline uint64_t hash_bytes(const void *data, size_t len)
{
	const unsigned char *k = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (; len >= 8; k += 8, len -= 8) {
		memcpy(&w, k, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, k, len);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

#endif
