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

#endif
