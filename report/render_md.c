/*
 * render_md: Markdown for tickets and chat.  Tables are pipe tables;
 * charts become a table with a bar column, since Markdown has no images
 * it could hold inline.
 */
#include "render.h"

#include <stdio.h>  /* snprintf */
#include <string.h> /* strcmp */

#include "buf.h"
#include "doc.h"
#include "escape.h"

static void cell(struct buf *b, const char *s, size_t max, enum doc_style st)
{
	bool strong = st == STY_CRIT || st == STY_WARN;

	buf_addc(b, ' ');
	if (strong)
		buf_adds(b, "**");
	escape_str(b, s, max, ESC_MD);
	if (strong)
		buf_adds(b, "**");
	buf_adds(b, " |");
}

static void table(struct buf *b, const struct doc_el *e)
{
	const struct doc_table *t = &e->t;

	if (e->text[0]) {
		escape_str(b, e->text, 0, ESC_MD);
		buf_adds(b, ":\n\n");
	}
	buf_addc(b, '|');
	for (size_t c = 0; c < t->ncols; c++)
		cell(b, t->head[c], 0, STY_NONE);
	buf_adds(b, "\n|");
	for (size_t c = 0; c < t->ncols; c++)
		buf_adds(b, t->numeric >> c & 1 ? " --: |" : " --- |");
	buf_addc(b, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		buf_addc(b, '|');
		for (size_t c = 0; c < t->ncols; c++)
			cell(b, t->cells[r * t->ncols + c], t->max,
			     (enum doc_style)t->style[r * t->ncols + c]);
		buf_addc(b, '\n');
	}
	buf_addc(b, '\n');
}

static void chart(struct buf *b, const struct doc_el *e)
{
	const struct doc_chart *c = &e->c;
	double max = 0;
	char v[48];

	for (size_t i = 0; i < c->n; i++)
		if (c->a[i] > max)
			max = c->a[i];
	buf_adds(b, "**");
	escape_str(b, e->text, 0, ESC_MD);
	buf_adds(b, "** (");
	escape_str(b, c->unit, 0, ESC_MD);
	buf_adds(b, ")\n\n| | ");
	escape_str(b, c->name_a, 0, ESC_MD);
	buf_adds(b, " |");
	if (c->b) {
		buf_addc(b, ' ');
		escape_str(b, c->name_b, 0, ESC_MD);
		buf_adds(b, " |");
	}
	buf_adds(b, " |\n| --- | --: |");
	if (c->b)
		buf_adds(b, " --: |");
	buf_adds(b, " --- |\n");
	for (size_t i = 0; i < c->n; i++) {
		size_t n = max > 0 && c->a[i] > 0 ? (size_t)(c->a[i] / max * 20 + 0.5) : 0;

		buf_adds(b, "| ");
		escape_str(b, c->labels[i] ? c->labels[i] : "", 0, ESC_MD);
		buf_adds(b, " | ");
		fmt_unit(v, sizeof v, c->unit, c->a[i]);
		buf_adds(b, v);
		buf_adds(b, " |");
		if (c->b) {
			fmt_amount(v, sizeof v, c->b[i]);
			buf_addc(b, ' ');
			buf_adds(b, v);
			buf_adds(b, " |");
		}
		buf_addc(b, ' ');
		for (size_t k = 0; k < n; k++)
			buf_adds(b, "\xe2\x96\x87"); /* ▇ */
		buf_adds(b, " |\n");
	}
	buf_addc(b, '\n');
}

void render_markdown(const struct doc *d, struct buf *b)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_el *e = &d->el[i];

		switch (e->kind) {
		case DOC_HEADING:
			buf_adds(b, e->level == 1 ? "# " : "## ");
			escape_str(b, e->text, 0, ESC_MD);
			buf_adds(b, "\n\n");
			break;
		case DOC_STATUS:
			buf_adds(b, "**");
			escape_str(b, e->text, 0, ESC_MD);
			buf_adds(b, "**\n\n");
			break;
		case DOC_TEXT:
			if (e->style == STY_MUTED)
				buf_addc(b, '_');
			escape_str(b, e->text, 0, ESC_MD);
			if (e->style == STY_MUTED)
				buf_addc(b, '_');
			buf_adds(b, "\n\n");
			break;
		case DOC_TABLE:
			table(b, e);
			break;
		case DOC_CHART:
			chart(b, e);
			break;
		}
	}
}
