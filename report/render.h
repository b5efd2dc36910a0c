/*
 * render: a report document (doc.h) in each medium.  Every string is
 * escaped here (escape.h), whatever its origin.
 */
#ifndef LOGSIFT_RENDER_H
#define LOGSIFT_RENDER_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct doc;

/* Aligned plain text; ANSI colours only when color is set (a terminal
 * without NO_COLOR: the caller decides). */
/* Lines fit width columns (0: no limit): paragraphs wrap, wide tables
 * close their gaps and then cut their text columns with "…". */
void render_text(const struct doc *d, struct buf *out, bool color, size_t width);
void render_markdown(const struct doc *d, struct buf *out);
/* One self-contained HTML page: inline CSS and SVG, no script, no fetch. */
void render_html(const struct doc *d, struct buf *out);

#endif
