/*
 * doc: see doc.h.  Every string is a private copy, freed with the doc.
 */
#include "doc.h"

#include <stdarg.h>
#include <stdio.h>  /* vsnprintf */
#include <stdlib.h> /* free */
#include <string.h> /* memset, memcpy */

#include "mem.h"

void doc_init(struct doc *d)
{
	memset(d, 0, sizeof *d);
}

void doc_release(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct doc_el *e = &d->el[i];

		free(e->text);
		for (size_t k = 0; k < e->t.nrows * e->t.ncols; k++)
			free(e->t.cells[k]);
		free(e->t.cells);
		free(e->t.style);
		for (size_t k = 0; e->c.labels && k < e->c.n; k++)
			free(e->c.labels[k]);
		free(e->c.labels);
		free(e->c.a);
		free(e->c.xlabel);
		free(e->c.b);
	}
	free(d->el);
	memset(d, 0, sizeof *d);
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *s;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	return s;
}

static struct doc_el *add(struct doc *d, enum doc_kind kind)
{
	struct doc_el *e;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->el = xrealloc(d->el, d->cap * sizeof *d->el);
	}
	e = &d->el[d->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	return e;
}

/* A status line, heading or paragraph: one element of formatted text. */
static void add_text(struct doc *d, enum doc_kind kind, enum doc_style s, int level,
		     const char *fmt, va_list ap)
{
	struct doc_el *e = add(d, kind);

	e->style = s;
	e->level = level;
	e->text = vformat(fmt, ap);
}

void doc_status(struct doc *d, enum doc_style s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_text(d, DOC_STATUS, s, 0, fmt, ap);
	va_end(ap);
}

void doc_heading(struct doc *d, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_text(d, DOC_HEADING, STY_NONE, level, fmt, ap);
	va_end(ap);
}

void doc_text(struct doc *d, enum doc_style s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_text(d, DOC_TEXT, s, 0, fmt, ap);
	va_end(ap);
}

struct doc_table *doc_table(struct doc *d, const char *title, const char *const *head,
			    unsigned numeric, size_t max)
{
	struct doc_el *e = add(d, DOC_TABLE);

	e->text = xstrndup(title ? title : "", strlen(title ? title : ""));
	while (head[e->t.ncols] && e->t.ncols < DOC_MAX_COLS) {
		e->t.head[e->t.ncols] = head[e->t.ncols];
		e->t.ncols++;
	}
	e->t.numeric = numeric;
	e->t.max = max;
	return &e->t;
}

static void put(struct doc_table *t, enum doc_style s, char *text)
{
	size_t k = t->nrows * t->ncols;

	/* cells fill rows; a new row starts when the last one is complete */
	if (t->filled == k) {
		if (t->nrows == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 16;
			t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
			t->style = xrealloc(t->style, t->cap * t->ncols);
		}
		memset(t->cells + k, 0, t->ncols * sizeof *t->cells);
		memset(t->style + k, 0, t->ncols);
		t->nrows++;
	}
	t->cells[t->filled] = text;
	t->style[t->filled++] = (unsigned char)s;
}

void doc_cell(struct doc_table *t, enum doc_style s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put(t, s, vformat(fmt, ap));
	va_end(ap);
}

void doc_cell_raw(struct doc_table *t, enum doc_style s, const char *p, size_t len)
{
	char *c = xmalloc(len + 1);

	memcpy(c, p, len);
	c[len] = 0;
	put(t, s, c);
}

struct doc_chart *doc_chart(struct doc *d, const char *title, size_t n, const char *unit,
			    bool line)
{
	struct doc_el *e = add(d, DOC_CHART);

	e->text = xstrndup(title, strlen(title));
	e->c.n = n;
	e->c.unit = unit;
	e->c.line = line;
	e->c.labels = xcalloc(n ? n : 1, sizeof *e->c.labels);
	e->c.a = xcalloc(n ? n : 1, sizeof *e->c.a);
	return &e->c;
}

void doc_chart_xlabel(struct doc_chart *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(c->xlabel);
	c->xlabel = vformat(fmt, ap);
	va_end(ap);
}

void doc_chart_label(struct doc_chart *c, size_t i, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(c->labels[i]);
	c->labels[i] = vformat(fmt, ap);
	va_end(ap);
}
