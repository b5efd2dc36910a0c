/*
 * escape: see escape.h.  One UTF-8 walk serves the three media; what
 * differs is how a safe character and an unsafe one are written.
 */
#include "escape.h"

#include <math.h>   /* isfinite */
#include <stdio.h>  /* snprintf */
#include <string.h> /* strlen, strchr */

#include "buf.h"
#include "utf8.h"

static size_t shown(struct buf *out, const char *text)
{
	buf_adds(out, text);
	return strlen(text);
}

size_t escape(struct buf *out, const char *s, size_t len, size_t max, enum esc_medium m)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, width = 0, count = 0;
	char tmp[32];

	while (i < len) {
		long cp;
		size_t n = utf8_next(p + i, len - i, &cp);

		if (max && count == max) {
			buf_adds(out, m == ESC_HTML ? "&#8230;" : "\xe2\x80\xa6"); /* … */
			width++;
			break;
		}
		count++;
		if (cp < 0) {
			if (m == ESC_HTML) {
				buf_adds(out, "&#xfffd;");
				width++;
			} else {
				snprintf(tmp, sizeof tmp, "\\x%02X", p[i]);
				width += shown(out, tmp);
			}
		} else if (utf8_is_unsafe(cp)) {
			if (cp == '\t') {
				buf_addc(out, ' ');
				width++;
			} else {
				if (cp < 0x100)
					snprintf(tmp, sizeof tmp, "\\x%02lX", cp);
				else
					snprintf(tmp, sizeof tmp, "\\u{%04lX}", cp);
				width += shown(out, tmp);
			}
		} else if (m == ESC_NAGIOS && cp == '|') {
			width += shown(out, "\\x7C");
		} else if (m == ESC_HTML && strchr("&<>\"'", (int)cp)) {
			static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
			buf_adds(out, ent[strchr("&<>\"'", (int)cp) - "&<>\"'"]);
			width++;
		} else if (m == ESC_MD && cp < 0x80 && cp &&
			   (strchr("\\`*_[]<>&|~", (int)cp) ||
			    /* these only mean something where a block starts */
			    (i == 0 && strchr("#+-.!=", (int)cp)))) {
			buf_addc(out, '\\');
			buf_addc(out, (char)cp);
			width++;
		} else {
			buf_add(out, s + i, n);
			width++;
		}
		i += n;
	}
	return width;
}

size_t escape_str(struct buf *out, const char *s, size_t max, enum esc_medium m)
{
	return escape(out, s, strlen(s), max, m);
}

void fmt_count(char *dst, size_t cap, uint64_t n)
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
	size_t k = 0;

	for (int i = 0; i < len && k + 2 < cap; i++) {
		if (i && (len - i) % 3 == 0)
			dst[k++] = ',';
		dst[k++] = digits[i];
	}
	dst[k] = 0;
}

void fmt_ms(char *dst, size_t cap, double ms)
{
	char whole[32];

	if (!isfinite(ms))
		snprintf(dst, cap, "-");
	else if (ms < 10)
		snprintf(dst, cap, "%.1f ms", ms);
	else if (ms < 1e15) {
		fmt_count(whole, sizeof whole, (uint64_t)(ms + 0.5));
		snprintf(dst, cap, "%s ms", whole);
	} else
		snprintf(dst, cap, "%.3g ms", ms);
}

void fmt_pct(char *dst, size_t cap, double pct)
{
	if (!isfinite(pct))
		snprintf(dst, cap, "-");
	else if (pct < 10)
		snprintf(dst, cap, "%.2f %%", pct);
	else
		snprintf(dst, cap, "%.1f %%", pct);
}

/* Rounded and grouped while a double holds the count to the unit; past
 * that (a limit of 1e30, a metric's sum) the cast to an integer would be
 * undefined, so the figure is shown as what it is, "1e+30". */
void fmt_amount(char *dst, size_t cap, double v)
{
	if (!(v >= 0) || isinf(v))
		snprintf(dst, cap, "-");
	else if (v < 1e15)
		fmt_count(dst, cap, (uint64_t)(v + 0.5));
	else
		snprintf(dst, cap, "%.3g", v);
}

void fmt_unit(char *dst, size_t cap, const char *unit, double v)
{
	if (v < 0)
		snprintf(dst, cap, "-");
	else if (!strcmp(unit, "ms"))
		fmt_ms(dst, cap, v);
	else
		fmt_amount(dst, cap, v);
}

/* num, as written, before the noun; one (a singular noun) when num is "1" */
static void noun_after(char *dst, size_t cap, const char *num, const char *plural)
{
	size_t word = strcspn(plural, " ");

	if (!strcmp(num, "1") && word > 1 && plural[word - 1] == 's')
		snprintf(dst, cap, "%s %.*s%s", num, (int)(word - 1), plural, plural + word);
	else
		snprintf(dst, cap, "%s %s", num, plural);
}

void fmt_noun(char *dst, size_t cap, uint64_t n, const char *plural)
{
	char num[32];

	fmt_count(num, sizeof num, n);
	noun_after(dst, cap, num, plural);
}

void fmt_noun_amount(char *dst, size_t cap, double v, const char *plural)
{
	char num[32];

	fmt_amount(num, sizeof num, v);
	noun_after(dst, cap, num, plural);
}
