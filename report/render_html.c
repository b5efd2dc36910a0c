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

static const char css[] =
	":root{--fg:#1d2330;--muted:#5f6b7a;--line:#d9dee5;--bg:#fff;--zebra:#f6f8fa;"
	"--ok:#1a7f37;--warn:#9a6700;--crit:#cf222e;--bar:#4b7bd0}"
	"*{box-sizing:border-box}"
	"body{margin:0;background:var(--bg);color:var(--fg);"
	"font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}"
	"main{max-width:1100px;margin:0 auto;padding:16px}"
	"h1{font-size:1.5em;margin:.2em 0 .4em}"
	"h2{font-size:1.15em;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid var(--line)}"
	"p{margin:.4em 0}"
	".status{font-weight:600;padding:.6em .8em;border-radius:6px;border-left:6px solid;"
	"background:var(--zebra)}"
	".status.ok{border-color:var(--ok)}.status.warn{border-color:var(--warn)}"
	".status.crit{border-color:var(--crit)}.status.nodata{border-color:var(--muted)}"
	".scroll{overflow-x:auto;margin:.5em 0 1em}"
	"table{border-collapse:collapse;font-variant-numeric:tabular-nums;min-width:50%}"
	"caption{text-align:left;font-weight:600;padding:.3em 0}"
	"th,td{padding:.28em .6em;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}"
	"th{font-size:.85em;color:var(--muted);font-weight:600;white-space:nowrap}"
	"tbody tr:nth-child(even){background:var(--zebra)}"
	"td.num,th.num{text-align:right;white-space:nowrap}"
	"td.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;word-break:break-all}"
	"td{white-space:nowrap}td.code{white-space:normal;min-width:12em}"
	".ok{color:var(--ok)}.warn{color:var(--warn);font-weight:600}.crit{color:var(--crit);font-weight:700}"
	".muted,.nodata{color:var(--muted)}"
	"figure{margin:.6em 0 1.2em}figcaption{font-weight:600;margin-bottom:.2em}"
	"svg{width:100%;min-width:640px;height:auto;max-width:1000px;display:block}"
	"svg text{font:11px system-ui,sans-serif;fill:var(--muted)}"
	".legend{font-size:.85em;color:var(--muted)}"
	".swatch{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .8em;vertical-align:-1px}"
	"@media print{body{font-size:11pt}main{max-width:none}.scroll{overflow:visible}"
	"table,figure{page-break-inside:avoid}}";

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
		fmt_count(dst, cap, (uint64_t)(v + 0.5));
}

static void chart(struct buf *b, const struct doc_el *e)
{
	const struct doc_chart *c = &e->c;
	const double W = 1000, H = 260, L = 70, R = 10, T = 12, B = 36;
	double max = 0, top, pw = W - L - R, ph = H - T - B, step;
	size_t every;
	char v[48];

	for (size_t i = 0; i < c->n; i++)
		if (c->a[i] > max)
			max = c->a[i];
	top = nice_max(max);
	if (strcmp(c->unit, "ms") && top < 2)
		top = 2; /* counts: whole numbers on the axis */
	step = c->n ? pw / (double)c->n : pw;
	every = c->n > 24 ? (c->n + 23) / 24 : 1; /* at most ~24 x labels */

	buf_adds(b, "<figure><figcaption>");
	esc(b, e->text, 0);
	buf_adds(b, "</figcaption>\n");
	buf_adds(b, "<div class=\"scroll\">");
	buf_addf(b, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", W, H);
	esc(b, e->text, 0);
	buf_adds(b, "\">");
	/* y axis: grid lines at 0, half and top, labelled with the unit */
	for (int k = 0; k <= 2; k++) {
		double y = T + ph - ph * k / 2.0;

		axis_value(v, sizeof v, c->unit, top * k / 2.0);
		buf_addf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#d9dee5\"/>",
			 L, y, W - R, y);
		buf_addf(b, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", L - 6, y + 4);
		esc(b, v, 0);
		if (k == 2 && strcmp(c->unit, "ms")) {
			buf_addc(b, ' ');
			esc(b, c->unit, 0);
		}
		buf_adds(b, "</text>");
	}
	if (c->line) {
		/* one polyline per run of hours with data */
		bool open = false;

		for (size_t i = 0; i <= c->n; i++) {
			if (i == c->n || c->a[i] < 0) {
				if (open)
					buf_adds(b, "\"/>");
				open = false;
				continue;
			}
			if (!open)
				buf_adds(b, "<polyline fill=\"none\" stroke=\"#4b7bd0\" stroke-width=\"2\" points=\"");
			open = true;
			buf_addf(b, "%.1f,%.1f ", L + step * ((double)i + 0.5), T + ph - ph * c->a[i] / top);
		}
		for (size_t i = 0; i < c->n; i++)
			if (c->a[i] >= 0) {
				axis_value(v, sizeof v, c->unit, c->a[i]);
				buf_addf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#4b7bd0\"><title>",
					 L + step * ((double)i + 0.5), T + ph - ph * c->a[i] / top);
				esc(b, c->labels[i] ? c->labels[i] : "", 0);
				buf_adds(b, ": ");
				esc(b, v, 0);
				buf_adds(b, "</title></circle>");
			}
	} else {
		for (size_t i = 0; i < c->n; i++) {
			double h = ph * c->a[i] / top, x = L + step * (double)i + step * 0.12;

			if (c->a[i] <= 0)
				continue;
			axis_value(v, sizeof v, c->unit, c->a[i]);
			buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4b7bd0\"><title>",
				 x, T + ph - h, step * 0.76, h);
			esc(b, c->labels[i] ? c->labels[i] : "", 0);
			buf_adds(b, ": ");
			esc(b, v, 0);
			buf_adds(b, "</title></rect>");
			if (c->b && c->b[i] > 0) {
				double hb = ph * c->b[i] / top;

				if (hb < 1.5)
					hb = 1.5;
				buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#cf222e\"/>",
					 x, T + ph - hb, step * 0.76, hb);
			}
		}
	}
	for (size_t i = 0; i < c->n; i += every) {
		buf_addf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">",
			 L + step * ((double)i + 0.5), H - B + 16);
		esc(b, c->labels[i] ? c->labels[i] : "", 0);
		buf_adds(b, "</text>");
	}
	buf_addf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#5f6b7a\"/>",
		 L, T + ph, W - R, T + ph);
	buf_adds(b, "</svg></div>\n<div class=\"legend\"><span class=\"swatch\" style=\"background:#4b7bd0\"></span>");
	esc(b, c->name_a ? c->name_a : "", 0);
	if (c->b) {
		buf_adds(b, "<span class=\"swatch\" style=\"background:#cf222e\"></span>");
		esc(b, c->name_b, 0);
	}
	buf_adds(b, " &mdash; y: ");
	esc(b, c->unit, 0);
	if (c->xlabel) {
		buf_adds(b, ", x: ");
		esc(b, c->xlabel, 0);
	}
	buf_adds(b, "</div></figure>\n");
}

void render_html(const struct doc *d, struct buf *b)
{
	const char *title = d->n && d->el[0].kind == DOC_HEADING ? d->el[0].text : "logsift report";

	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		    "<meta name=\"generator\" content=\"logsift report\"><title>");
	esc(b, title, 0);
	buf_adds(b, "</title><style>");
	buf_adds(b, css);
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
