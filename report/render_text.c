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

static void table(struct buf *b, const struct doc_el *e, bool color)
{
	const struct doc_table *t = &e->t;
	size_t w[DOC_MAX_COLS], total = 0;
	struct buf tmp;

	buf_init(&tmp, 0);
	if (e->text[0]) {
		escape_str(b, e->text, 0, ESC_TEXT);
		buf_add(b, ":\n", 2);
	}
	for (size_t c = 0; c < t->ncols; c++) {
		buf_reset(&tmp);
		w[c] = escape_str(&tmp, t->head[c], 0, ESC_TEXT);
	}
	for (size_t k = 0; k < t->nrows * t->ncols; k++) {
		size_t c = k % t->ncols, n;

		buf_reset(&tmp);
		n = escape_str(&tmp, t->cells[k], t->max, ESC_TEXT);
		if (n > w[c])
			w[c] = n;
	}
	for (size_t r = 0; r <= t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = r ? t->cells[(r - 1) * t->ncols + c] : t->head[c];
			enum doc_style st = r ? (enum doc_style)t->style[(r - 1) * t->ncols + c] : STY_NONE;
			bool right = t->numeric >> c & 1;
			size_t n;

			buf_reset(&tmp);
			n = escape_str(&tmp, s, r ? t->max : 0, ESC_TEXT);
			if (c)
				buf_add(b, "  ", 2);
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
				total += w[c] + (c ? 2 : 0);
			rule(b, '-', total);
		}
	}
	buf_addc(b, '\n');
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
			fmt_count(v, sizeof v, (uint64_t)c->b[i]);
			buf_adds(b, " (");
			buf_adds(b, v);
			buf_addc(b, ' ');
			buf_adds(b, c->name_b);
			buf_addc(b, ')');
		}
		buf_addc(b, '\n');
	}
	buf_addc(b, '\n');
}

void render_text(const struct doc *d, struct buf *b, bool color)
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
			escape_str(b, e->text, 0, ESC_TEXT);
			off(b, color, e->style);
			buf_add(b, "\n\n", 2);
			break;
		case DOC_TABLE:
			table(b, e, color);
			break;
		case DOC_CHART:
			chart(b, e, color);
			break;
		}
	}
}
