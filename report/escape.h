/*
 * escape: every string that came from a log leaves through here, made safe
 * for its medium:
 *
 *  - ESC_TEXT (terminals, mail): control characters, C1 controls, bidi
 *    overrides and invalid UTF-8 become visible \xHH / \u{HHHH} text, so a
 *    log line cannot move the cursor, change colours or reorder what is
 *    shown;
 *  - ESC_HTML: & < > " ' as entities, controls shown as in text, invalid
 *    UTF-8 as U+FFFD; safe in element content and quoted attributes;
 *  - ESC_MD: Markdown punctuation backslash-escaped, '|' too (tables),
 *    controls shown as in text;
 *  - ESC_NAGIOS (report --check's line): as text, and '|' shown as \x7C,
 *    since a plugin's output takes the first '|' as the start of its
 *    performance data.
 *
 * A string longer than max code points (0: no limit) is cut and ends in
 * "…" (ESC_TEXT with ascii: "...").
 */
#ifndef LOGSIFT_ESCAPE_H
#define LOGSIFT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

enum esc_medium { ESC_TEXT, ESC_HTML, ESC_MD, ESC_NAGIOS };

/* Appends s[0..len) escaped; returns the code points it shows (its
 * display width, for aligning tables). */
size_t escape(struct buf *out, const char *s, size_t len, size_t max, enum esc_medium m);
size_t escape_str(struct buf *out, const char *s, size_t max, enum esc_medium m);

/* Number formatting shared by the renderers (into dst, NUL-terminated). */
void fmt_count(char *dst, size_t cap, uint64_t n);     /* 1234567 → "1,234,567" */
void fmt_ms(char *dst, size_t cap, double ms);         /* "0.4 ms", "87 ms", "1,230 ms" */
void fmt_pct(char *dst, size_t cap, double pct);       /* "0.12 %", "12.8 %" */
/* A count carried as a double: "1,234" while exact, "1e+30" past 1e15,
 * "-" for a negative or non-finite value. */
void fmt_amount(char *dst, size_t cap, double v);
/* A chart value: "-" below 0 (no data), fmt_ms for "ms", else an amount. */
void fmt_unit(char *dst, size_t cap, const char *unit, double v);
/* The noun phrase for n things: "1 hit" / "2 hits"; plural is the plural
 * form ("errors (requests)"), made singular by dropping the 's' its first
 * word ends in. */
void fmt_noun(char *dst, size_t cap, uint64_t n, const char *plural);
void fmt_noun_amount(char *dst, size_t cap, double v, const char *plural);

#endif
