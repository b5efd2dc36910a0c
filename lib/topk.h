/*
 * topk: the heaviest keys of a stream in fixed memory (Space-Saving,
 * Metwally et al. 2005).
 *
 * The sketch holds at most cap keys.  A new key arriving when it is full
 * takes the place of the key with the smallest count, inheriting that count
 * as its error: an entry's true count lies in [count - err, count].  Any
 * key whose true count exceeds N / cap (N = total weight) is guaranteed to
 * be present.  While no key was ever evicted (evicted == 0) all counts are
 * exact.
 *
 * Each entry may carry caller data (aux_size bytes, zeroed for a new key;
 * the on_evict callback releases what it owns).  Lookups go through a hash
 * table and the minimum through a heap, so an add is O(1) + O(log cap).
 * Keys are kept as jsonw_storable keeps text: longer than TOPK_KEY - 1
 * bytes they are cut at a character's end (and so counted together);
 * invalid UTF-8 and NUL are U+FFFD, as the summary written reads back.
 */
#ifndef LOGSIFT_TOPK_H
#define LOGSIFT_TOPK_H

#include <stddef.h>
#include <stdint.h>

#define TOPK_KEY 160
#define TOPK_MAX_CAP 32768 /* the largest cap: callers size slot arrays by it */

struct topk_entry {
	uint64_t count;      /* upper bound of the key's weight */
	uint64_t err;        /* count - err is a lower bound */
	char key[TOPK_KEY];  /* NUL-terminated, may be cut (after the counts:
				a short key and its count share a cache line) */
	/* to three whole cache lines: entries then start on one (topk.c
	 * aligns the array), and a key of up to 48 bytes is read with its
	 * count in the line a lookup fetches ahead; at 176 bytes, a quarter
	 * of them straddled two lines (analyze: 6 % of its time) */
	char pad[192 - 16 - TOPK_KEY];
};

typedef void topk_aux_fn(void *aux);
/* Merges the aux data of a src entry into a dst entry for the same key;
 * ctx is what the caller passed to topk_merge (settings of the merge). */
typedef void topk_merge_fn(void *dst_aux, const void *src_aux, const void *ctx);

struct topk;

struct topk *topk_new(size_t cap, size_t aux_size, topk_aux_fn *on_evict,
		      topk_merge_fn *merge_aux);
void topk_free(struct topk *t);

/* Adds weight to key; returns the entry's slot (for topk_aux). */
size_t topk_add(struct topk *t, const char *key, size_t len, uint64_t weight);
/* A key's hash as topk_add computes it, the index place it probes first
 * fetched toward the cache; topk_prefetch_entry(t, h) then fetches the
 * entry that place names, and topk_add_hashed adds under the hash (the
 * hash topk_prefetch gave for that key: it also says how the key is kept).  A
 * caller adding to several large sketches hashes them all first, so their
 * cache misses overlap instead of queueing one after another. */
uint64_t topk_prefetch(const struct topk *t, const char *key, size_t len);
void topk_prefetch_entry(const struct topk *t, uint64_t h);
size_t topk_add_hashed(struct topk *t, const char *key, size_t len, uint64_t h, uint64_t weight);
/* Sets an entry directly (decoding a summary); returns its slot. */
size_t topk_put(struct topk *t, const char *key, uint64_t count, uint64_t err);
void *topk_aux(struct topk *t, size_t slot);
/* The slot of key, or -1 when the sketch does not hold it. */
long topk_find(const struct topk *t, const char *key, size_t len);
const struct topk_entry *topk_entry(const struct topk *t, size_t slot);

/* Merges src into dst as Space-Saving summaries combine: counts and errors
 * add; a key missing from a full side gains that side's minimum as error. */
void topk_merge(struct topk *dst, const struct topk *src, const void *ctx);

/* Slots sorted by count (descending), then key; returns how many (<= max). */
size_t topk_sorted(const struct topk *t, size_t *slots, size_t max);

size_t topk_size(const struct topk *t);
size_t topk_cap(const struct topk *t);
uint64_t topk_total(const struct topk *t);    /* weight added */
uint64_t topk_evicted(const struct topk *t);  /* keys pushed out */
void topk_set_totals(struct topk *t, uint64_t total, uint64_t evicted);

#endif
