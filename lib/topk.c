/*
 * topk: entries live in an array of slots that grows (doubling) up to cap;
 * `index` is an open addressing hash table from key to slot (linear
 * probing, deletion by backward shift, so no tombstones accumulate).
 *
 * While the sketch has never been full, counts are exact and nothing needs
 * the minimum: an add is a hash lookup and a counter increment.  The heap
 * (`heap` orders slots by count, pos[] locates each slot in it) is built
 * the first time a key must be evicted and kept from then on.  So a cap of
 * tens of thousands costs memory only when that many keys arrive, and time
 * only when more do.
 */
#include "topk.h"

#include <stdbool.h>
#include <stdlib.h> /* free, qsort */
#include <string.h> /* memcpy, memcmp, strlen */

#include "hash.h"
#include "jsonw.h" /* jsonw_storable: keys kept as their JSON reads back */
#include "mem.h"
#include "scan.h"

struct topk {
	size_t cap, n, alloc;       /* most slots, slots used, slots allocated */
	bool heaped;                /* heap, hc and pos are valid */
	struct topk_entry *e;       /* alloc entries */
	unsigned char *aux;         /* alloc * aux_size bytes */
	size_t aux_size;
	topk_aux_fn *on_evict;
	topk_merge_fn *merge_aux;
	size_t *heap;               /* slots, min count first */
	uint64_t *hc;               /* hc[i] = count of heap[i]: sifting reads
				       a dense array, not the 190-byte entries */
	size_t *pos;                /* pos[slot] = index in heap */
	uint64_t *hv;               /* hv[slot] = hash of its key */
	uint64_t *index;            /* hash table: 0 empty, else the key hash's
				       upper half << 32 | slot + 1, so a probe
				       rejects other keys without reading them */
	size_t mask;                /* index size - 1 */
	uint64_t total, evicted;
};

/* A hash over 8 bytes at a time (keys are IPs, user agents, paths: long
 * enough for a byte-at-a-time loop to show in profiles). */
static uint64_t hash(const char *k, size_t len)
{
	return hash_bytes(k, len);
}

_Static_assert(sizeof(struct topk_entry) % 64 == 0, "entries are whole cache lines");

#define TOPK_FIRST_ALLOC 16
#define INDEX_SLOT(v) ((size_t)((v) & 0xffffffffu) - 1)
#define INDEX_ENTRY(h, slot) (((h) & ~(uint64_t)0xffffffffu) | ((uint64_t)(slot) + 1))


struct topk *topk_new(size_t cap, size_t aux_size, topk_aux_fn *on_evict,
		      topk_merge_fn *merge_aux)
{
	struct topk *t = xcalloc(1, sizeof *t);

	t->cap = cap ? cap : 1;
	t->aux_size = aux_size;
	t->on_evict = on_evict;
	t->merge_aux = merge_aux;
	t->index = xcalloc(4, sizeof *t->index);
	t->mask = 3;
	return t;
}

/* Rebuilds the index at a size of at least twice the slots allocated. */
static void index_rebuild(struct topk *t)
{
	size_t size = 4;

	while (size < t->alloc * 2)
		size *= 2;
	free(t->index);
	t->index = xcalloc(size, sizeof *t->index);
	t->mask = size - 1;
	for (size_t slot = 0; slot < t->n; slot++) {
		size_t i = (size_t)t->hv[slot] & t->mask;
		while (t->index[i])
			i = (i + 1) & t->mask;
		t->index[i] = INDEX_ENTRY(t->hv[slot], slot);
	}
}

/* Makes room for one more slot (n < cap). */
static void grow(struct topk *t)
{
	size_t was = t->alloc, want = was ? was * 2 : TOPK_FIRST_ALLOC;

	if (want > t->cap)
		want = t->cap;
	t->alloc = want;
	{
		struct topk_entry *e = xcalloc_aligned(64, want * sizeof *e);

		if (was)
			memcpy(e, t->e, was * sizeof *e);
		free(t->e);
		t->e = e;
	}
	if (t->aux_size) {
		t->aux = xrealloc(t->aux, want * t->aux_size);
		memset(t->aux + was * t->aux_size, 0, (want - was) * t->aux_size);
	}
	t->heap = xrealloc(t->heap, want * sizeof *t->heap);
	t->hc = xrealloc(t->hc, want * sizeof *t->hc);
	t->pos = xrealloc(t->pos, want * sizeof *t->pos);
	t->hv = xrealloc(t->hv, want * sizeof *t->hv);
	if (t->mask + 1 < want * 2)
		index_rebuild(t);
}

void topk_free(struct topk *t)
{
	if (!t)
		return;
	if (t->on_evict)
		for (size_t i = 0; i < t->n; i++)
			t->on_evict(t->aux + i * t->aux_size);
	free(t->e);
	free(t->aux);
	free(t->heap);
	free(t->hc);
	free(t->pos);
	free(t->index);
	free(t->hv);
	free(t);
}

/* The slot holding key (with hash h), or -1; *at is its place in the
 * index, or the free place where it would go. */
static size_t find(const struct topk *t, const char *key, size_t len, uint64_t h, size_t *at)
{
	size_t i = (size_t)h & t->mask;
	uint64_t v;

	while ((v = t->index[i])) {
		size_t slot = INDEX_SLOT(v);

		if ((v >> 32) == (h >> 32) && !memcmp(t->e[slot].key, key, len) &&
		    !t->e[slot].key[len]) {
			*at = i;
			return slot;
		}
		i = (i + 1) & t->mask;
	}
	*at = i;
	return (size_t)-1;
}

static void index_remove(struct topk *t, size_t i)
{
	size_t j = i;

	t->index[i] = 0;
	for (;;) {
		size_t k;
		j = (j + 1) & t->mask;
		if (!t->index[j])
			return;
		k = (size_t)t->hv[INDEX_SLOT(t->index[j])] & t->mask;
		/* move j back to i unless its home k lies cyclically in (i, j] */
		if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		t->index[i] = t->index[j];
		t->index[j] = 0;
		i = j;
	}
}

static void heap_swap(struct topk *t, size_t a, size_t b)
{
	size_t sa = t->heap[a], sb = t->heap[b];
	uint64_t c = t->hc[a];

	t->heap[a] = sb;
	t->heap[b] = sa;
	t->hc[a] = t->hc[b];
	t->hc[b] = c;
	t->pos[sb] = a;
	t->pos[sa] = b;
}

static void set_count(struct topk *t, size_t slot, uint64_t c)
{
	t->e[slot].count = c;
	if (t->heaped)
		t->hc[t->pos[slot]] = c;
}

/* The heap is 4-ary: an entry that a new key pushes down sinks past every
 * entry sharing the minimum count, and with many such entries (a flat
 * stream of clients) half the levels of a binary heap is the difference
 * between the sketch showing in a profile and not; four children share a
 * cache line of hc[]. */
#define HEAP_ARITY 4

static void sift_down(struct topk *t, size_t i)
{
	for (;;) {
		size_t first = HEAP_ARITY * i + 1, m = i;
		size_t end = first + HEAP_ARITY < t->n ? first + HEAP_ARITY : t->n;

		for (size_t c = first; c < end; c++)
			if (t->hc[c] < t->hc[m])
				m = c;
		if (m == i)
			return;
		heap_swap(t, i, m);
		i = m;
	}
}

static void sift_up(struct topk *t, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / HEAP_ARITY;
		if (t->hc[p] <= t->hc[i])
			return;
		heap_swap(t, i, p);
		i = p;
	}
}

/* Orders the slots by count, the first time the minimum is wanted. */
static void heapify(struct topk *t)
{
	for (size_t i = 0; i < t->n; i++) {
		t->heap[i] = i;
		t->pos[i] = i;
		t->hc[i] = t->e[i].count;
	}
	t->heaped = true;
	for (size_t i = t->n / HEAP_ARITY + 1; i-- > 0;)
		sift_down(t, i);
}

/* Claims a slot for a new key: a free one, or the minimum's. */
static size_t claim(struct topk *t, const char *key, size_t len, uint64_t h, size_t at,
		    uint64_t *inherit)
{
	size_t slot;

	*inherit = 0;
	if (t->n < t->cap) {
		if (t->n == t->alloc) {
			grow(t);
			find(t, key, len, h, &at); /* the index may have been rebuilt */
		}
		slot = t->n++; /* never heaped yet: only a full sketch is */
		t->e[slot].count = 0;
	} else {
		size_t old_at;
		if (!t->heaped)
			heapify(t);
		slot = t->heap[0];
		*inherit = t->e[slot].count;
		/* the evicted slot's place in the index, by its stored hash */
		old_at = (size_t)t->hv[slot] & t->mask;
		while (INDEX_SLOT(t->index[old_at]) != slot)
			old_at = (old_at + 1) & t->mask;
		index_remove(t, old_at);
		if (t->aux_size) {
			if (t->on_evict)
				t->on_evict(t->aux + slot * t->aux_size);
			memset(t->aux + slot * t->aux_size, 0, t->aux_size);
		}
		t->evicted++;
		find(t, key, len, h, &at); /* the removal may have moved the free place */
	}
	memcpy(t->e[slot].key, key, len);
	t->e[slot].key[len] = '\0';
	t->hv[slot] = h;
	t->index[at] = INDEX_ENTRY(h, slot);
	return slot;
}

/* A hash's top bit says whether its key was kept otherwise than given
 * (below): topk_add_hashed then knows it without looking at the key. */
#define KEPT_OTHERWISE (1ULL << 63)

/* The key as stored (jsonw_storable: what the summary written of it
 * reads back as), in *len, and its hash in *h: key itself when it is
 * plain, as most are (hashing tells), else its text in buf. */
static const char *stored_key(const char *key, size_t *len, char buf[TOPK_KEY], uint64_t *h)
{
	size_t n = *len < TOPK_KEY ? *len : TOPK_KEY - 1;
	uint64_t odd;

	*h = hash_bytes_odd(key, n, &odd) & ~KEPT_OTHERWISE;
	if (!odd) {
		*len = n;
		return key;
	}
	*len = jsonw_storable(buf, TOPK_KEY, key, *len);
	*h = hash(buf, *len) | KEPT_OTHERWISE;
	return buf;
}

uint64_t topk_prefetch(const struct topk *t, const char *key, size_t len)
{
	char buf[TOPK_KEY];
	uint64_t h;

	stored_key(key, &len, buf, &h);
	__builtin_prefetch(&t->index[(size_t)h & t->mask]);
	return h;
}

void topk_prefetch_entry(const struct topk *t, uint64_t h)
{
	uint64_t v = t->index[(size_t)h & t->mask];

	if (v)
		__builtin_prefetch(&t->e[INDEX_SLOT(v)]);
}

/* Adds weight to key (as stored_key gives it) with hash h. */
static size_t add(struct topk *t, const char *key, size_t len, uint64_t h, uint64_t weight)
{
	size_t at, slot;
	uint64_t inherit;

	t->total = scan_sat_add(t->total, weight);
	slot = find(t, key, len, h, &at);
	if (slot == (size_t)-1) {
		slot = claim(t, key, len, h, at, &inherit);
		set_count(t, slot, inherit);
		t->e[slot].err = inherit;
	}
	set_count(t, slot, t->e[slot].count + weight);
	if (t->heaped)
		sift_down(t, t->pos[slot]); /* counts only grow: never up */
	return slot;
}

size_t topk_add(struct topk *t, const char *key, size_t len, uint64_t weight)
{
	char buf[TOPK_KEY];
	uint64_t h;

	key = stored_key(key, &len, buf, &h);
	return add(t, key, len, h, weight);
}

size_t topk_add_hashed(struct topk *t, const char *key, size_t len, uint64_t h, uint64_t weight)
{
	char buf[TOPK_KEY];

	if (!(h & KEPT_OTHERWISE)) /* kept as given: cut, no more */
		return add(t, key, len < TOPK_KEY ? len : TOPK_KEY - 1, h, weight);
	key = stored_key(key, &len, buf, &h);
	return add(t, key, len, h, weight);
}

size_t topk_put(struct topk *t, const char *key, uint64_t count, uint64_t err)
{
	char buf[TOPK_KEY];
	size_t len = strnlen(key, TOPK_KEY + 3), at, slot;
	uint64_t h, inherit;

	key = stored_key(key, &len, buf, &h);

	slot = find(t, key, len, h, &at);
	if (slot == (size_t)-1)
		slot = claim(t, key, len, h, at, &inherit);
	set_count(t, slot, count);
	t->e[slot].err = err;
	if (t->heaped) {
		sift_up(t, t->pos[slot]);
		sift_down(t, t->pos[slot]);
	}
	return slot;
}

long topk_find(const struct topk *t, const char *key, size_t len)
{
	char buf[TOPK_KEY];
	size_t at, slot;
	uint64_t h;

	key = stored_key(key, &len, buf, &h);
	slot = find((struct topk *)t, key, len, h, &at);
	return slot == (size_t)-1 ? -1 : (long)slot;
}

void *topk_aux(struct topk *t, size_t slot)
{
	return t->aux + slot * t->aux_size;
}

const struct topk_entry *topk_entry(const struct topk *t, size_t slot)
{
	return &t->e[slot];
}

size_t topk_size(const struct topk *t) { return t->n; }
size_t topk_cap(const struct topk *t) { return t->cap; }
uint64_t topk_total(const struct topk *t) { return t->total; }
uint64_t topk_evicted(const struct topk *t) { return t->evicted; }

void topk_set_totals(struct topk *t, uint64_t total, uint64_t evicted)
{
	t->total = total;
	t->evicted = evicted;
}

static const struct topk *sort_ctx;

static int by_count(const void *a, const void *b)
{
	const struct topk_entry *x = &sort_ctx->e[*(const size_t *)a];
	const struct topk_entry *y = &sort_ctx->e[*(const size_t *)b];

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

size_t topk_sorted(const struct topk *t, size_t *slots, size_t max)
{
	size_t *all = xmalloc((t->n ? t->n : 1) * sizeof *all), k;

	for (size_t i = 0; i < t->n; i++)
		all[i] = i;
	sort_ctx = t;
	qsort(all, t->n, sizeof *all, by_count);
	k = t->n < max ? t->n : max;
	memcpy(slots, all, k * sizeof *slots);
	free(all);
	return k;
}

/* The smallest count of a full sketch (what a key it lacks may have had),
 * else 0. */
static uint64_t min_count(const struct topk *t)
{
	uint64_t m = UINT64_MAX;

	if (t->n < t->cap || !t->n)
		return 0;
	if (t->heaped)
		return t->hc[0];
	for (size_t i = 0; i < t->n; i++)
		if (t->e[i].count < m)
			m = t->e[i].count;
	return m;
}

void topk_merge(struct topk *dst, const struct topk *src, const void *ctx)
{
	uint64_t dmin = min_count(dst), smin = min_count(src);
	size_t n = dst->n + src->n, k = 0, at;
	struct merged {
		struct topk_entry e;
		unsigned char *aux;
	} *all = xcalloc(n ? n : 1, sizeof *all);
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	struct topk *tmp;

	/* the union, with each side's contribution and error bound */
	for (size_t i = 0; i < dst->n; i++, k++) {
		size_t s = find(src, dst->e[i].key, strlen(dst->e[i].key), dst->hv[i], &at);
		all[k].e = dst->e[i];
		if (s == (size_t)-1) {
			all[k].e.count = scan_sat_add(all[k].e.count, smin);
			all[k].e.err = scan_sat_add(all[k].e.err, smin);
		}
		all[k].aux = dst->aux_size ? xcalloc(1, dst->aux_size) : NULL;
		if (all[k].aux)
			memcpy(all[k].aux, dst->aux + i * dst->aux_size, dst->aux_size);
		if (s != (size_t)-1) {
			all[k].e.count = scan_sat_add(all[k].e.count, src->e[s].count);
			all[k].e.err = scan_sat_add(all[k].e.err, src->e[s].err);
			if (dst->merge_aux)
				dst->merge_aux(all[k].aux, src->aux + s * src->aux_size, ctx);
		}
	}
	for (size_t i = 0; i < src->n; i++) {
		if (find(dst, src->e[i].key, strlen(src->e[i].key), src->hv[i], &at) != (size_t)-1)
			continue;
		all[k].e = src->e[i];
		all[k].e.count = scan_sat_add(all[k].e.count, dmin);
		all[k].e.err = scan_sat_add(all[k].e.err, dmin);
		all[k].aux = dst->aux_size ? xcalloc(1, dst->aux_size) : NULL;
		if (all[k].aux && dst->merge_aux)
			dst->merge_aux(all[k].aux, src->aux + i * src->aux_size, ctx);
		k++;
	}
	/* keep the heaviest cap of them: rebuild dst from scratch */
	tmp = topk_new(k ? k : 1, 0, NULL, NULL);
	for (size_t i = 0; i < k; i++)
		topk_put(tmp, all[i].e.key, all[i].e.count, all[i].e.err);
	size_t m = topk_sorted(tmp, order, dst->cap);
	uint64_t total = dst->total + src->total;
	uint64_t evicted = dst->evicted + src->evicted + (k > dst->cap ? k - dst->cap : 0);
	/* dst's aux data now belongs to all[] (copied above): not released */
	dst->n = 0;
	dst->heaped = false;
	memset(dst->index, 0, (dst->mask + 1) * sizeof *dst->index);
	if (dst->aux)
		memset(dst->aux, 0, dst->alloc * dst->aux_size);
	for (size_t i = 0; i < m; i++) {
		const struct topk_entry *e = &tmp->e[order[i]];
		size_t from = order[i]; /* tmp took all[] in order, evicting none */
		size_t slot = topk_put(dst, e->key, e->count, e->err);
		if (dst->aux_size) {
			memcpy(dst->aux + slot * dst->aux_size, all[from].aux, dst->aux_size);
			free(all[from].aux);
			all[from].aux = NULL;
		}
	}
	for (size_t i = 0; i < k; i++) {
		if (all[i].aux && dst->on_evict)
			dst->on_evict(all[i].aux);
		free(all[i].aux);
	}
	dst->total = total;
	dst->evicted = evicted;
	topk_free(tmp);
	free(all);
	free(order);
}
