/*
 * ytree: yajl's document tree (yajl_val, read with yajl_tree.h's macros),
 * built on an arena instead of one malloc per node.  A summary of a fleet
 * is megabytes of JSON and a million nodes: yajl_tree_parse spent more
 * than a third of reading it in malloc and free, and its tree took twenty
 * times the text's size.  Here the nodes, keys and strings are carved from
 * large blocks and freed at once.
 */
#ifndef LOGSIFT_YTREE_H
#define LOGSIFT_YTREE_H

#include <stddef.h>

#include <yajl/yajl_tree.h>

struct ytree;

/* Parses text[0..len) (comments allowed, as yajl_tree_parse does) into a
 * tree owned by *t; NULL with yajl's message, first line, in err. */
yajl_val ytree_parse(const char *text, size_t len, struct ytree **t, char *err, size_t errlen);
/* Frees the tree and everything in it (NULL is fine). */
void ytree_free(struct ytree *t);

/*
 * Large arrays one element at a time: a summary's hours and top lists are
 * most of its text, and as a tree ten times its size.  defer is asked when
 * an array opens, with the keys leading to it (path[0] a member of the
 * root; "" for an array's element): ytree_parse_deferred builds the tree
 * with every deferred array empty, and ytree_each then parses the text
 * again building only their elements, each handed to each (which returns
 * 0 to stop) and freed before the next.  An array inside a deferred one
 * is part of its element.
 */
#define YTREE_PATH_MAX 16
struct ytree_stream {
	int (*defer)(const char *const *path, size_t depth, void *ctx);
	int (*each)(const char *const *path, size_t depth, yajl_val element, void *ctx);
	void *ctx;
};
yajl_val ytree_parse_deferred(const char *text, size_t len, struct ytree **t,
			      const struct ytree_stream *st, char *err, size_t errlen);
/* Returns 0, or -1 when each stopped it or the text is not JSON (err). */
int ytree_each(const char *text, size_t len, const struct ytree_stream *st, char *err,
	       size_t errlen);

#endif
