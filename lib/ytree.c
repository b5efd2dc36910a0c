/*
 * ytree: yajl_val trees on an arena; see ytree.h.  yajl's callback parser
 * feeds a builder whose open arrays and objects keep their members on one
 * shared stack; a container's members are copied into the arena, exactly
 * sized, when it closes.  Numbers keep their text and get the same flags
 * yajl_tree gives them.
 */
#include "ytree.h"

#include <errno.h>
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

static int on_null(void *ctx)
{
	struct builder *b = ctx;

	return add(b, node(b, yajl_t_null));
}

static int on_boolean(void *ctx, int value)
{
	struct builder *b = ctx;

	return add(b, node(b, value ? yajl_t_true : yajl_t_false));
}

static int on_number(void *ctx, const char *s, size_t n)
{
	struct builder *b = ctx;
	yajl_val v = node(b, yajl_t_number);
	char *end;

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
			return add(b, v);
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
	return add(b, v);
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
	struct builder *b = ctx;
	yajl_val v = node(b, yajl_t_string);

	v->u.string = carve_str(b->t, s, n);
	return add(b, v);
}

static int on_start_map(void *ctx)
{
	return open_container(ctx, yajl_t_object);
}

static int on_map_key(void *ctx, const unsigned char *s, size_t n)
{
	struct builder *b = ctx;

	b->key = carve_str(b->t, s, n);
	return 1;
}

static int on_start_array(void *ctx)
{
	return open_container(ctx, yajl_t_array);
}

static const yajl_callbacks callbacks = {
	on_null, on_boolean, NULL, NULL, on_number, on_string,
	on_start_map, on_map_key, close_container, on_start_array, close_container,
};

yajl_val ytree_parse(const char *text, size_t len, struct ytree **t, char *err, size_t errlen)
{
	struct builder b = { 0 };
	yajl_handle h;
	yajl_status st;

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
