/*
 * render_html: one page that needs nothing else — inline CSS, inline SVG
 * charts, no script, no external fetch — readable on a phone (tables
 * scroll sideways) and printable.
 */
#include "render.h"

#include <stdio.h>  /* snprintf */
#include <string.h> /* strcmp */

#include "buf.h"
#include "doc.h"
#include "escape.h"

static const char *const cls[] = {
	[STY_NONE] = "", [STY_OK] = "ok", [STY_WARN] = "warn", [STY_CRIT] = "crit",
	[STY_NODATA] = "nodata", [STY_MUTED] = "muted", [STY_CODE] = "code",
};

extern const char report_css[]; /* report/report.css, embedded at build */

static void esc(struct buf *b, const char *s, size_t max)
{
	escape_str(b, s, max, ESC_HTML);
}

static void table(struct buf *b, const struct doc_el *e)
{
	const struct doc_table *t = &e->t;

	buf_adds(b, "<div class=\"scroll\"><table>");
	if (e->text[0]) {
		buf_adds(b, "<caption>");
		esc(b, e->text, 0);
		buf_adds(b, "</caption>");
	}
	buf_adds(b, "<thead><tr>");
	for (size_t c = 0; c < t->ncols; c++) {
		buf_adds(b, t->numeric >> c & 1 ? "<th class=\"num\">" : "<th>");
		esc(b, t->head[c], 0);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead><tbody>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		buf_adds(b, "<tr>");
		for (size_t c = 0; c < t->ncols; c++) {
			enum doc_style st = (enum doc_style)t->style[r * t->ncols + c];

			buf_adds(b, "<td class=\"");
			if (t->numeric >> c & 1)
				buf_adds(b, "num ");
			buf_adds(b, cls[st]);
			buf_adds(b, "\">");
			esc(b, t->cells[r * t->ncols + c], t->max);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody></table></div>\n");
}

/* A round upper bound for the y axis: 1, 2 or 5 times a power of ten. */
static double nice_max(double v)
{
	double p = 1;

	if (v <= 0)
		return 1;
	while (p * 10 <= v)
		p *= 10;
	while (p > v)
		p /= 10;
	return v <= p ? p : v <= 2 * p ? 2 * p : v <= 5 * p ? 5 * p : 10 * p;
}

static void axis_value(char *dst, size_t cap, const char *unit, double v)
{
	if (v == 0)
		snprintf(dst, cap, "0");
	else if (!strcmp(unit, "ms"))
		fmt_ms(dst, cap, v);
	else
		fmt_amount(dst, cap, v);
}

/* Where a chart draws: a 1000 x 260 view box with margins for the axes,
 * the y scale (top) and the width of one point (step). */
struct plot {
	double W, H, L, R, T, B;   /* size and left/right/top/bottom margins */
	double pw, ph;             /* the plotting area */
	double top, step;
};

static void plot_init(struct plot *p, const struct doc_chart *c)
{
	double max = 0;

	*p = (struct plot){ .W = 1000, .H = 260, .L = 100, .R = 10, .T = 12, .B = 36 };
	p->pw = p->W - p->L - p->R;
	p->ph = p->H - p->T - p->B;
	for (size_t i = 0; i < c->n; i++)
		if (c->a[i] > max)
			max = c->a[i];
	p->top = nice_max(max);
	if (strcmp(c->unit, "ms") && p->top < 2)
		p->top = 2; /* counts: whole numbers on the axis */
	p->step = c->n ? p->pw / (double)c->n : p->pw;
}

static double plot_x(const struct plot *p, size_t i)
{
	return p->L + p->step * ((double)i + 0.5);
}

static double plot_y(const struct plot *p, double v)
{
	return p->T + p->ph - p->ph * v / p->top;
}

/* The tooltip of point i: "label: value". */
static void point_title(struct buf *b, const struct doc_chart *c, size_t i, double v)
{
	char s[48];

	axis_value(s, sizeof s, c->unit, v);
	buf_adds(b, "<title>");
	esc(b, c->labels[i] ? c->labels[i] : "", 0);
	buf_adds(b, ": ");
	esc(b, s, 0);
	buf_adds(b, "</title>");
}

/* y grid lines at 0, half and top, labelled with the unit (drawn first,
 * under the data). */
static void chart_grid(struct buf *b, const struct doc_chart *c, const struct plot *p)
{
	char v[48];

	for (int k = 0; k <= 2; k++) {
		double y = p->T + p->ph - p->ph * k / 2.0;

		axis_value(v, sizeof v, c->unit, p->top * k / 2.0);
		buf_addf(b, "<line class=\"grid\" x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>",
			 p->L, y, p->W - p->R, y);
		buf_addf(b, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", p->L - 6, y + 4);
		esc(b, v, 0);
		if (k == 2 && strcmp(c->unit, "ms")) {
			buf_addc(b, ' ');
			esc(b, c->unit, 0);
		}
		buf_adds(b, "</text>");
	}
}

/* The x labels (at most ~24) and the base line, over the data. */
static void chart_xaxis(struct buf *b, const struct doc_chart *c, const struct plot *p)
{
	size_t every = c->n > 24 ? (c->n + 23) / 24 : 1;

	for (size_t i = 0; i < c->n; i += every) {
		buf_addf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">", plot_x(p, i),
			 p->H - p->B + 16);
		esc(b, c->labels[i] ? c->labels[i] : "", 0);
		buf_adds(b, "</text>");
	}
	buf_addf(b, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>",
		 p->L, p->T + p->ph, p->W - p->R, p->T + p->ph);
}

/* Series a as bars, series b (errors) drawn over them. */
static void chart_bars(struct buf *b, const struct doc_chart *c, const struct plot *p)
{
	for (size_t i = 0; i < c->n; i++) {
		double h = p->ph * c->a[i] / p->top, x = p->L + p->step * (double)i + p->step * 0.12;

		if (c->a[i] <= 0)
			continue;
		buf_addf(b, "<rect class=\"a\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
			 x, p->T + p->ph - h, p->step * 0.76, h);
		point_title(b, c, i, c->a[i]);
		buf_adds(b, "</rect>");
		if (c->b && c->b[i] > 0) {
			double hb = p->ph * c->b[i] / p->top;

			if (hb < 1.5)
				hb = 1.5;
			buf_addf(b, "<rect class=\"b\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
				 x, p->T + p->ph - hb, p->step * 0.76, hb);
		}
	}
}

/* Series a as a line: one polyline per run of points with data, and a
 * dot with its value on each point. */
static void chart_line(struct buf *b, const struct doc_chart *c, const struct plot *p)
{
	bool open = false;

	for (size_t i = 0; i <= c->n; i++) {
		if (i == c->n || c->a[i] < 0) {
			if (open)
				buf_adds(b, "\"/>");
			open = false;
			continue;
		}
		if (!open)
			buf_adds(b, "<polyline class=\"a\" points=\"");
		open = true;
		buf_addf(b, "%.1f,%.1f ", plot_x(p, i), plot_y(p, c->a[i]));
	}
	for (size_t i = 0; i < c->n; i++)
		if (c->a[i] >= 0) {
			buf_addf(b, "<circle class=\"a\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\">", plot_x(p, i),
				 plot_y(p, c->a[i]));
			point_title(b, c, i, c->a[i]);
			buf_adds(b, "</circle>");
		}
}

static void chart_legend(struct buf *b, const struct doc_chart *c)
{
	buf_adds(b, "<div class=\"legend\"><span class=\"swatch a\"></span>");
	esc(b, c->name_a ? c->name_a : "", 0);
	if (c->b) {
		buf_adds(b, "<span class=\"swatch b\"></span>");
		esc(b, c->name_b, 0);
	}
	buf_adds(b, " &mdash; y: ");
	esc(b, c->unit, 0);
	if (c->xlabel) {
		buf_adds(b, ", x: ");
		esc(b, c->xlabel, 0);
	}
	buf_adds(b, "</div>");
}

static void chart(struct buf *b, const struct doc_el *e)
{
	const struct doc_chart *c = &e->c;
	struct plot p;

	plot_init(&p, c);
	buf_adds(b, "<figure><figcaption>");
	esc(b, e->text, 0);
	buf_adds(b, "</figcaption>\n<div class=\"scroll\">");
	buf_addf(b, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", p.W, p.H);
	esc(b, e->text, 0);
	buf_adds(b, "\">");
	chart_grid(b, c, &p);
	if (c->line)
		chart_line(b, c, &p);
	else
		chart_bars(b, c, &p);
	chart_xaxis(b, c, &p);
	buf_adds(b, "</svg></div>\n");
	chart_legend(b, c);
	buf_adds(b, "</figure>\n");
}

void render_html(const struct doc *d, struct buf *b)
{
	const char *title = d->n && d->el[0].kind == DOC_HEADING ? d->el[0].text : "logsift report";

	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		    "<meta name=\"generator\" content=\"logsift report\"><title>");
	esc(b, title, 0);
	buf_adds(b, "</title><style>");
	buf_adds(b, report_css);
	buf_adds(b, "</style></head>\n<body><main>\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_el *e = &d->el[i];

		switch (e->kind) {
		case DOC_HEADING:
			buf_adds(b, e->level == 1 ? "<h1>" : "<h2>");
			esc(b, e->text, 0);
			buf_adds(b, e->level == 1 ? "</h1>\n" : "</h2>\n");
			break;
		case DOC_STATUS:
			buf_addf(b, "<p class=\"status %s\" id=\"status\">", cls[e->style]);
			esc(b, e->text, 0);
			buf_adds(b, "</p>\n");
			break;
		case DOC_TEXT:
			buf_addf(b, "<p class=\"%s\">", cls[e->style]);
			esc(b, e->text, 0);
			buf_adds(b, "</p>\n");
			break;
		case DOC_TABLE:
			table(b, e);
			break;
		case DOC_CHART:
			chart(b, e);
			break;
		}
	}
	buf_adds(b, "</main></body></html>\n");
}
