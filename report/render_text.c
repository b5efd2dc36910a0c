/*
 * render_text: tables padded to the display width of their escaped cells,
 * charts as horizontal bars, colour through one table of ANSI codes.
 */
#include "render.h"

#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* free */
#include <string.h> /* strlen */

#include "buf.h"
#include "doc.h"
#include "escape.h"
#include "mem.h"

#define BAR 40

static const char *const ansi[] = {
	[STY_NONE] = "", [STY_OK] = "\x1b[32m", [STY_WARN] = "\x1b[33m",
	[STY_CRIT] = "\x1b[1;31m", [STY_NODATA] = "\x1b[2m", [STY_MUTED] = "\x1b[2m",
	[STY_CODE] = "",
};

static void on(struct buf *b, bool color, enum doc_style s)
{
	if (color && ansi[s][0])
		buf_adds(b, ansi[s]);
}

static void off(struct buf *b, bool color, enum doc_style s)
{
	if (color && ansi[s][0])
		buf_adds(b, "\x1b[0m");
}

static void pad(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

static void rule(struct buf *b, char c, size_t n)
{
	while (n--)
		buf_addc(b, c);
	buf_addc(b, '\n');
}

/* Display width of s escaped with at most max code points (0: all). */
static size_t shown_width(struct buf *tmp, const char *s, size_t max)
{
	buf_reset(tmp);
	return escape_str(tmp, s, max, ESC_TEXT);
}

/* s escaped into tmp, cut with "…" to at most w columns. */
static size_t fit(struct buf *tmp, const char *s, size_t max, size_t w)
{
	size_t n = shown_width(tmp, s, max), cut = max && max < n ? max : n;

	/* escapes widen a code point ("\x1B"): cut until it fits */
	while (n > w && cut > 1)
		n = shown_width(tmp, s, cut = cut > n - w + 1 ? cut - (n - w) : 1);
	return n;
}

/* Column widths within width (0: no limit): the gap between columns
 * narrows to one space, then the widest text columns give way (their
 * cells cut with "…"); numbers are never cut.  Returns the gap. */
static size_t fit_columns(const struct doc_table *t, size_t *w, size_t width)
{
	size_t gap = 2, total = 0, text = 0;

	for (size_t c = 0; c < t->ncols; c++)
		total += w[c];
	if (!width || total + gap * (t->ncols - 1) <= width)
		return gap;
	gap = 1;
	total += t->ncols - 1;
	for (size_t c = 0; c < t->ncols; c++)
		text += !(t->numeric >> c & 1);
	while (total > width && text) {
		size_t widest = 0, c2 = t->ncols;

		for (size_t c = 0; c < t->ncols; c++)
			if (!(t->numeric >> c & 1) && w[c] > widest)
				widest = w[c], c2 = c;
		if (c2 == t->ncols || widest <= 8)
			break; /* nothing left to give: a wide table of numbers */
		w[c2]--;
		total--;
	}
	return gap;
}

static void table(struct buf *b, const struct doc_el *e, bool color, size_t width)
{
	const struct doc_table *t = &e->t;
	size_t w[DOC_MAX_COLS], total = 0, gap;
	struct buf tmp;

	buf_init(&tmp, 0);
	if (e->text[0]) {
		escape_str(b, e->text, 0, ESC_TEXT);
		buf_add(b, ":\n", 2);
	}
	for (size_t c = 0; c < t->ncols; c++)
		w[c] = shown_width(&tmp, t->head[c], 0);
	for (size_t k = 0; k < t->nrows * t->ncols; k++) {
		size_t c = k % t->ncols, n = shown_width(&tmp, t->cells[k], t->max);

		if (n > w[c])
			w[c] = n;
	}
	gap = fit_columns(t, w, width);
	for (size_t r = 0; r <= t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = r ? t->cells[(r - 1) * t->ncols + c] : t->head[c];
			enum doc_style st = r ? (enum doc_style)t->style[(r - 1) * t->ncols + c] : STY_NONE;
			bool right = t->numeric >> c & 1;
			size_t n = fit(&tmp, s, r ? t->max : 0, w[c]);

			if (c)
				pad(b, gap);
			if (right)
				pad(b, w[c] - n);
			on(b, color, st);
			buf_add(b, tmp.p, tmp.len);
			off(b, color, st);
			if (!right && c + 1 < t->ncols)
				pad(b, w[c] - n);
		}
		while (b->len && b->p[b->len - 1] == ' ') /* an empty last cell */
			buf_truncate(b, b->len - 1);
		buf_addc(b, '\n');
		if (r == 0) {
			total = 0;
			for (size_t c = 0; c < t->ncols; c++)
				total += w[c] + (c ? gap : 0);
			rule(b, '-', total);
		}
	}
	buf_addc(b, '\n');
	buf_release(&tmp);
}

/* A paragraph, escaped and wrapped at spaces to width columns (0: one
 * line); a word longer than the width stands on a line of its own. */
static void paragraph(struct buf *b, const char *text, size_t width)
{
	struct buf tmp;
	const char *p, *end;
	size_t col = 0;

	buf_init(&tmp, 0);
	escape_str(&tmp, text, 0, ESC_TEXT);
	p = tmp.p;
	end = tmp.p + tmp.len;
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		size_t n = sp ? (size_t)(sp - p) : (size_t)(end - p), cols = 0;

		for (size_t i = 0; i < n; i++) /* code points, not bytes */
			cols += ((unsigned char)p[i] & 0xc0) != 0x80;
		if (col && width && col + 1 + cols > width) {
			buf_addc(b, '\n');
			col = 0;
		} else if (col) {
			buf_addc(b, ' ');
			col++;
		}
		buf_add(b, p, n);
		col += cols;
		p += n + 1;
	}
	buf_release(&tmp);
}

static void chart(struct buf *b, const struct doc_el *e, bool color)
{
	const struct doc_chart *c = &e->c;
	double max = 0;
	size_t lw = 0;
	char v[48];

	struct buf tmp;

	buf_init(&tmp, 0);
	for (size_t i = 0; i < c->n; i++) {
		size_t w;

		if (c->a[i] > max)
			max = c->a[i];
		buf_reset(&tmp);
		w = escape_str(&tmp, c->labels[i] ? c->labels[i] : "", 0, ESC_TEXT);
		if (w > lw)
			lw = w;
	}
	buf_release(&tmp);
	escape_str(b, e->text, 0, ESC_TEXT);
	buf_adds(b, " (");
	buf_adds(b, c->unit);
	if (c->xlabel) {
		buf_adds(b, " by ");
		escape_str(b, c->xlabel, 0, ESC_TEXT);
	}
	if (c->b) {
		buf_adds(b, "; ");
		buf_adds(b, c->name_b);
		buf_adds(b, " marked !");
	}
	buf_adds(b, "):\n");
	if (max <= 0) {
		buf_adds(b, "  (none)\n\n");
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		size_t n = c->a[i] > 0 ? (size_t)(c->a[i] / max * BAR + 0.5) : 0, nb = 0;
		size_t l = escape_str(b, c->labels[i] ? c->labels[i] : "", 0, ESC_TEXT);

		pad(b, lw - l + 1);
		if (c->b && c->a[i] > 0)
			nb = (size_t)(c->b[i] / max * BAR + 0.5);
		if (c->b && c->b[i] > 0 && nb == 0)
			nb = 1;
		if (c->a[i] > 0 && n == 0)
			n = 1;
		if (nb > n)
			nb = n;
		on(b, color, STY_CRIT);
		for (size_t k = 0; k < nb; k++)
			buf_addc(b, '!');
		off(b, color, STY_CRIT);
		for (size_t k = nb; k < n; k++)
			buf_addc(b, '#');
		pad(b, BAR - n + 1);
		fmt_unit(v, sizeof v, c->unit, c->a[i]);
		buf_adds(b, v);
		if (c->b && c->b[i] > 0) {
			fmt_noun_amount(v, sizeof v, c->b[i], c->name_b);
			buf_adds(b, " (");
			buf_adds(b, v);
			buf_addc(b, ')');
		}
		buf_addc(b, '\n');
	}
	buf_addc(b, '\n');
}

void render_text(const struct doc *d, struct buf *b, bool color, size_t width)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_el *e = &d->el[i];
		size_t n;

		switch (e->kind) {
		case DOC_HEADING:
			if (e->level > 1)
				buf_addc(b, '\n');
			n = escape_str(b, e->text, 0, ESC_TEXT);
			buf_addc(b, '\n');
			rule(b, e->level == 1 ? '=' : '-', n);
			if (e->level == 1)
				buf_addc(b, '\n');
			break;
		case DOC_STATUS:
		case DOC_TEXT:
			on(b, color, e->style);
			paragraph(b, e->text, width);
			off(b, color, e->style);
			buf_add(b, "\n\n", 2);
			break;
		case DOC_TABLE:
			table(b, e, color, width);
			break;
		case DOC_CHART:
			chart(b, e, color);
			break;
		}
	}
}
