/*
 * ytree: yajl_val trees on an arena; see ytree.h.  yajl's callback parser
 * feeds a builder whose open arrays and objects keep their members on one
 * shared stack; a container's members are copied into the arena, exactly
 * sized, when it closes.  Numbers keep their text and get the same flags
 * yajl_tree gives them.
 */
#include "ytree.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* strtoll, strtod */
#include <string.h> /* memcpy, strcspn */

#include <yajl/yajl_parse.h>

#include "mem.h"

/* under malloc's mmap threshold (128 KiB): blocks come from the heap and
 * are reused by the next parse instead of faulted in afresh */
#define BLOCK (120 * 1024)

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(max_align_t) unsigned char data[];
};

struct ytree {
	struct block *blocks;
};

/* n bytes from the arena, 8-aligned. */
static void *carve(struct ytree *t, size_t n)
{
	struct block *b = t->blocks;

	n = (n + 7) & ~(size_t)7;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > BLOCK ? n : BLOCK;

		b = xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		b->next = t->blocks;
		t->blocks = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

static char *carve_str(struct ytree *t, const unsigned char *s, size_t n)
{
	char *p = carve(t, n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/* An open array or object: where its members start on the stacks. */
struct frame {
	yajl_val v;
	size_t start;
};

struct builder {
	struct ytree *t;
	yajl_val root;
	struct frame *frames;
	size_t nframes, cap_frames;
	yajl_val *vals;          /* the open containers' members */
	const char **keys;       /* their keys (objects; NULL in arrays) */
	size_t nvals, cap_vals;
	const char *key;         /* the key just read, for the next value */
	/* deferred arrays (ytree_stream): what is open, built or not */
	const struct ytree_stream *st;
	bool streaming;          /* ytree_each: only deferred arrays' elements are built */
	bool stopped;            /* each said stop */
	size_t depth;            /* containers open */
	size_t skip;             /* > 0: inside a container not built, this deep */
	size_t elem_depth;       /* ytree_each: the deferred array being read is the
				    elem_depth-th container open; 0: none */
	bool is_object[YTREE_PATH_MAX + 1]; /* of the first open containers */
	char names[YTREE_PATH_MAX + 1][48]; /* the key each was opened under */
	const char *path[YTREE_PATH_MAX];
	char cur[48];            /* the last key read, cut to fit */
	struct block *mark_block; /* the arena where an element began */
	size_t mark_used;
};

static yajl_val node(struct builder *b, yajl_type type)
{
	yajl_val v = carve(b->t, sizeof *v);

	memset(v, 0, sizeof *v);
	v->type = type;
	return v;
}

/* Adds v to the open container, or makes it the root. */
static int add(struct builder *b, yajl_val v)
{
	if (!b->nframes) {
		b->root = v;
		return 1;
	}
	if (b->nvals == b->cap_vals) {
		b->cap_vals = b->cap_vals ? 2 * b->cap_vals : 256;
		b->vals = xrealloc(b->vals, b->cap_vals * sizeof *b->vals);
		b->keys = xrealloc(b->keys, b->cap_vals * sizeof *b->keys);
	}
	b->vals[b->nvals] = v;
	b->keys[b->nvals++] = b->key;
	b->key = NULL;
	return 1;
}

static int open_container(struct builder *b, yajl_type type)
{
	yajl_val v = node(b, type);

	add(b, v);
	if (b->nframes == b->cap_frames) {
		b->cap_frames = b->cap_frames ? 2 * b->cap_frames : 16;
		b->frames = xrealloc(b->frames, b->cap_frames * sizeof *b->frames);
	}
	b->frames[b->nframes++] = (struct frame){ v, b->nvals };
	return 1;
}

static int close_container(void *ctx)
{
	struct builder *b = ctx;
	struct frame f = b->frames[--b->nframes];
	size_t n = b->nvals - f.start;
	yajl_val *vals = carve(b->t, n * sizeof *vals + 1);

	if (n) /* an empty container may close before any member was stacked */
		memcpy(vals, b->vals + f.start, n * sizeof *vals);
	if (f.v->type == yajl_t_object) {
		const char **keys = carve(b->t, n * sizeof *keys + 1);

		if (n)
			memcpy(keys, b->keys + f.start, n * sizeof *keys);
		f.v->u.object.keys = keys;
		f.v->u.object.values = vals;
		f.v->u.object.len = n;
	} else {
		f.v->u.array.values = vals;
		f.v->u.array.len = n;
	}
	b->nvals = f.start;
	return 1;
}

/*
 * Deferred arrays.  Containers are counted (depth) and named whether
 * built or not, so both passes ask defer about the same paths.
 */

/* A container opens: names it; returns the path to it (its depth in *n). */
static const char *const *enter(struct builder *b, bool object, size_t *n)
{
	size_t k = b->depth++;

	if (k <= YTREE_PATH_MAX) {
		b->is_object[k] = object;
		snprintf(b->names[k], sizeof b->names[k], "%s",
			 k && b->is_object[k - 1] ? b->cur : "");
	}
	*n = k < YTREE_PATH_MAX ? k : YTREE_PATH_MAX;
	for (size_t i = 0; i < *n; i++)
		b->path[i] = b->names[i + 1];
	return b->path;
}

static void mark(struct builder *b)
{
	b->mark_block = b->t->blocks;
	b->mark_used = b->mark_block ? b->mark_block->used : 0;
}

/* Frees what the arena gave since the mark. */
static void rewind_to_mark(struct builder *b)
{
	while (b->t->blocks != b->mark_block) {
		struct block *next = b->t->blocks->next;

		free(b->t->blocks);
		b->t->blocks = next;
	}
	if (b->mark_block)
		b->mark_block->used = b->mark_used;
}

/* A deferred array's element is complete: handed out, then freed. */
static int emit(struct builder *b)
{
	size_t n = b->elem_depth - 1 < YTREE_PATH_MAX ? b->elem_depth - 1 : YTREE_PATH_MAX;

	for (size_t i = 0; i < n; i++)
		b->path[i] = b->names[i + 1];
	if (!b->st->each(b->path, n, b->root, b->st->ctx)) {
		b->stopped = true;
		return 0;
	}
	b->root = NULL;
	rewind_to_mark(b);
	return 1;
}

/* Whether a value about to be read is built; streaming, an element that
 * starts now is marked. */
static bool building(struct builder *b)
{
	if (!b->st)
		return true;
	if (!b->streaming)
		return !b->skip;
	if (b->nframes)
		return true;
	if (b->elem_depth && b->depth == b->elem_depth) {
		mark(b);
		return true;
	}
	return false;
}

static int scalar(struct builder *b, yajl_val v)
{
	add(b, v);
	return b->streaming && !b->nframes ? emit(b) : 1;
}

static int on_null(void *ctx)
{
	struct builder *b = ctx;

	return building(b) ? scalar(b, node(b, yajl_t_null)) : 1;
}

static int on_boolean(void *ctx, int value)
{
	struct builder *b = ctx;

	return building(b) ? scalar(b, node(b, value ? yajl_t_true : yajl_t_false)) : 1;
}

static int on_number(void *ctx, const char *s, size_t n)
{
	struct builder *b = ctx;
	yajl_val v;
	char *end;

	if (!building(b))
		return 1;
	v = node(b, yajl_t_number);

	v->u.number.r = carve_str(b->t, (const unsigned char *)s, n);
	/* most numbers of a summary are counts: up to 18 digits they are read
	 * here, exactly as strtoll and strtod would read them (an int64 that
	 * large converts to the double nearest it, as strtod rounds) */
	if (n && n <= 18) {
		size_t i = s[0] == '-';
		int64_t x = 0;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			x = x * 10 + (s[i++] - '0');
		if (i == n && n > (size_t)(s[0] == '-') && !(s[0] == '-' && x == 0)) {
			v->u.number.i = s[0] == '-' ? -x : x;
			v->u.number.d = (double)v->u.number.i;
			v->u.number.flags = YAJL_NUMBER_INT_VALID | YAJL_NUMBER_DOUBLE_VALID;
			return scalar(b, v);
		}
	}
	errno = 0;
	v->u.number.i = strtoll(v->u.number.r, &end, 10);
	if (!errno && *end == 0)
		v->u.number.flags |= YAJL_NUMBER_INT_VALID;
	errno = 0;
	v->u.number.d = strtod(v->u.number.r, &end);
	if (!errno && *end == 0)
		v->u.number.flags |= YAJL_NUMBER_DOUBLE_VALID;
	return scalar(b, v);
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
	struct builder *b = ctx;
	yajl_val v;

	if (!building(b))
		return 1;
	v = node(b, yajl_t_string);
	v->u.string = carve_str(b->t, s, n);
	return scalar(b, v);
}

static int on_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct builder *b = ctx;

	if (b->st) {
		size_t k = n < sizeof b->cur - 1 ? n : sizeof b->cur - 1;

		memcpy(b->cur, s, k);
		b->cur[k] = 0;
		if (b->streaming ? !b->nframes : b->skip > 0)
			return 1; /* a key of nothing built */
	}
	b->key = carve_str(b->t, s, n);
	return 1;
}

static int on_start(void *ctx, yajl_type type)
{
	struct builder *b = ctx;
	bool build;
	size_t n;
	const char *const *path;

	if (!b->st)
		return open_container(b, type);
	build = building(b);
	if (b->skip) {
		b->skip++, b->depth++;
		return 1;
	}
	if (build && b->streaming) { /* an element, or inside one */
		b->depth++;
		return open_container(b, type);
	}
	path = enter(b, type == yajl_t_object, &n);
	if (type != yajl_t_array || !b->st->defer(path, n, b->st->ctx))
		return build ? open_container(b, type) : 1;
	if (b->streaming) {
		b->elem_depth = b->depth;
		return 1;
	}
	add(b, node(b, yajl_t_array)); /* left empty: ytree_each reads it */
	b->skip = 1;
	return 1;
}

static int on_start_map(void *ctx)
{
	return on_start(ctx, yajl_t_object);
}

static int on_start_array(void *ctx)
{
	return on_start(ctx, yajl_t_array);
}

static int on_end(void *ctx)
{
	struct builder *b = ctx;

	if (!b->st)
		return close_container(b);
	b->depth--;
	if (b->skip) {
		b->skip--;
		return 1;
	}
	if (b->streaming) {
		if (!b->nframes) {
			if (b->elem_depth == b->depth + 1)
				b->elem_depth = 0; /* the deferred array ends */
			return 1;
		}
		close_container(b);
		return b->nframes ? 1 : emit(b);
	}
	return close_container(b);
}

static const yajl_callbacks callbacks = {
	on_null, on_boolean, NULL, NULL, on_number, on_string,
	on_start_map, on_map_key, on_end, on_start_array, on_end,
};

static yajl_val parse(struct builder *bp, const char *text, size_t len, struct ytree **t,
		      char *err, size_t errlen);

yajl_val ytree_parse(const char *text, size_t len, struct ytree **t, char *err, size_t errlen)
{
	struct builder b = { 0 };

	return parse(&b, text, len, t, err, errlen);
}

yajl_val ytree_parse_deferred(const char *text, size_t len, struct ytree **t,
			      const struct ytree_stream *st, char *err, size_t errlen)
{
	struct builder b = { 0 };

	b.st = st;
	return parse(&b, text, len, t, err, errlen);
}

int ytree_each(const char *text, size_t len, const struct ytree_stream *st, char *err,
	       size_t errlen)
{
	struct builder b = { 0 };
	struct ytree *t;

	b.st = st;
	b.streaming = true;
	parse(&b, text, len, &t, err, errlen);
	ytree_free(t);
	if (b.stopped)
		err[0] = '\0';
	return b.stopped || err[0] ? -1 : 0;
}

static yajl_val parse(struct builder *bp, const char *text, size_t len, struct ytree **t,
		      char *err, size_t errlen)
{
	struct builder b = *bp;
	yajl_handle h;
	yajl_status st;

	err[0] = '\0';
	b.t = xcalloc(1, sizeof *b.t);
	h = yajl_alloc(&callbacks, NULL, &b);
	if (!h) {
		snprintf(err, errlen, "out of memory");
		ytree_free(b.t);
		return NULL;
	}
	yajl_config(h, yajl_allow_comments, 1);
	st = yajl_parse(h, (const unsigned char *)text, len);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	if (st != yajl_status_ok) {
		unsigned char *m = yajl_get_error(h, 1, (const unsigned char *)text, len);
		const char *s = m ? (const char *)m : "parse error";

		snprintf(err, errlen, "%.*s", (int)strcspn(s, "\n"), s);
		yajl_free_error(h, m);
		b.root = NULL;
	}
	yajl_free(h);
	free(b.frames);
	free(b.vals);
	free(b.keys);
	bp->stopped = b.stopped;
	if (b.streaming) { /* the elements went to each: nothing to return */
		*t = b.t;
		return NULL;
	}
	if (!b.root) {
		ytree_free(b.t);
		*t = NULL;
		return NULL;
	}
	*t = b.t;
	return b.root;
}

void ytree_free(struct ytree *t)
{
	if (!t)
		return;
	for (struct block *b = t->blocks, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(t);
}
