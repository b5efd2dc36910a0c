/*
 * filter: see filter.h.
 */
#include "filter.h"

#include <pcre2.h>
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* strtod */
#include <string.h> /* strcmp, strchr */

#include "mem.h"
#include "rxlit.h"
#include "scan.h"

int filter_field_text(const struct event *e, const char *fmt, const struct event_field *f,
		      char *dst, size_t cap)
{
	int n;

	if (f - event_fields == EF_FMT) /* the format is the caller's, not yet in e */
		return snprintf(dst, cap, "%s", fmt);
	n = event_field_text(e, f, dst, cap);
	if (n < 0 && f - event_fields == EF_STATUS) /* "error", "success" */
		return event_field_text(e, &event_fields[EF_APP_STATUS], dst, cap);
	return n;
}

/* Is text (NULL: the field is absent) one of the comma-separated values? */
static bool one_of(const char *list, const char *text)
{
	size_t n = strlen(text);

	for (const char *p = list;; p++) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && !memcmp(p, text, n))
			return true;
		if (!comma)
			return false;
		p = comma;
	}
}

static bool field_matches(const struct filter_field *ff, const char *text)
{
	char *end;
	double v;

	switch (ff->op) {
	case OP_EQ:
		return text && one_of(ff->value, text);
	case OP_NE:
		return !text || !one_of(ff->value, text);
	default:
		break;
	}
	if (!text)
		return false;
	v = strtod(text, &end);
	if (end == text)
		return false;
	switch (ff->op) {
	case OP_LT: return v < ff->num;
	case OP_LE: return v <= ff->num;
	case OP_GT: return v > ff->num;
	case OP_GE: return v >= ff->num;
	default: return false;
	}
}

bool filter_needs_event(const struct filter *f)
{
	return f->min_level || f->nfields;
}

bool filter_window(const struct filter *f, const int64_t *at)
{
	if (!at)
		return true;
	if (f->has_since && *at < f->since_ms)
		return false;
	return !f->has_until || *at < f->until_ms;
}

bool filter_event(const struct filter *f, const struct event *e, const char *fmt,
		  const int64_t *at)
{
	char val[256];

	if (!filter_window(f, at))
		return false;
	if (f->min_level && e->level < f->min_level)
		return false;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct filter_field *ff = &f->fields[i];
		int n = filter_field_text(e, fmt, ff->field, val, sizeof val);
		if (!field_matches(ff, n < 0 ? NULL : val))
			return false;
	}
	return true;
}

bool filter_grep_line(const struct filter *f, const char *p, size_t len)
{
	return f->grep && pcre2_match(f->grep, (PCRE2_SPTR)p, len, 0, 0,
				      f->md, NULL) >= 0;
}

bool filter_grep_span(const struct filter *f, const char *p, size_t len, size_t from,
		      size_t *start, size_t *end)
{
	PCRE2_SIZE *ov;

	if (!f->grep || pcre2_match(f->grep, (PCRE2_SPTR)p, len, from, 0, f->md, NULL) < 0)
		return false;
	ov = pcre2_get_ovector_pointer(f->md);
	*start = ov[0];
	*end = ov[1] < ov[0] ? ov[0] : ov[1]; /* \K can put the end first */
	return true;
}

bool filter_grep_keep(const struct filter *f, bool hit)
{
	return !f->grep || hit != f->invert;
}

bool filter_grep_decided(const struct filter *f, bool hit)
{
	return !f->grep || (hit && !f->invert);
}

/*
 * Whether pattern re finds, in a buffer of lines compiled with
 * PCRE2_MULTILINE, a match at or before every line it matches alone.  '^'
 * and '$' then mean a line's ends; what could tell a line from the buffer
 * around it may not: \A \Z \z \G (the subject's ends), a lookbehind (a
 * negative one would see the line before), \K (a match start moved past
 * its line), (*VERB)s that change what a newline is, callouts.  Judged
 * on the text, so an escaped "\\A" refuses too: only speed is lost.
 */
static bool searches_lines(const char *re)
{
	static const char *const refuse[] = { "\\A", "\\Z", "\\z", "\\G", "\\K",
					      "(?<=", "(?<!", "(*", "(?C" };

	for (size_t i = 0; i < sizeof refuse / sizeof *refuse; i++)
		if (strstr(re, refuse[i]))
			return false;
	return true;
}

/*
 * The grep over a buffer of lines.  Where every match holds one of a few
 * literals (rxlit) and none holds a '\n', the literals are searched for
 * first, as grep does, and the pattern runs only on the lines they stand
 * in: PCRE2 alone stops at every byte a match may start with, and '.' or
 * '/' start matches of "\.\./" everywhere in an access log.
 */
static void set_grep_lines(struct filter *f, const char *re, bool caseless)
{
	struct rxneed *rn = rxneed_parse(re, strlen(re));
	struct rxlits lits;
	struct rxlit_scan scan;
	uint32_t opts = PCRE2_MULTILINE | (caseless ? PCRE2_CASELESS : 0);
	bool use_lits;
	int ec;
	PCRE2_SIZE off;

	rxlit_read(rn, &lits);
	rxneed_free(rn);
	use_lits = rxlit_scan_init(&scan, &lits) && lits.lines;
	f->grep_lines = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
				      opts | (use_lits ? PCRE2_USE_OFFSET_LIMIT : 0), &ec, &off, NULL);
	if (!f->grep_lines)
		return;
	pcre2_jit_compile(f->grep_lines, PCRE2_JIT_COMPLETE);
	f->md_lines = pcre2_match_data_create(1, NULL);
	if (use_lits) {
		f->lits = xmalloc(sizeof *f->lits);
		*f->lits = scan;
		f->mc_lines = pcre2_match_context_create(NULL);
	}
}

int filter_set_grep(struct filter *f, const char *re, bool caseless,
		    char *err, size_t errlen)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
					 caseless ? PCRE2_CASELESS : 0, &ec, &off, NULL);

	if (!code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof msg);
		snprintf(err, errlen, "invalid --grep pattern at offset %zu: %s",
			 (size_t)off, msg);
		return -1;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	f->grep = code;
	f->md = pcre2_match_data_create_from_pattern(code, NULL);
	if (searches_lines(re))
		set_grep_lines(f, re, caseless);
	return 0;
}

bool filter_grep_searches_lines(const struct filter *f)
{
	return f->grep_lines != NULL;
}

/* The first match starting in the lines where the literals stand: no
 * match holds a '\n', so each lies in one line, with its literal. */
static bool grep_literal_lines(const struct filter *f, const char *p, size_t len, size_t *at)
{
	size_t i = 0;

	while ((i = rxlit_find(f->lits, p, len, i)) < len) {
		const char *nl = memchr(p + i, '\n', len - i);
		size_t start = i, end = nl ? (size_t)(nl - p) : len;

		while (start > 0 && p[start - 1] != '\n')
			start--;
		pcre2_set_offset_limit(f->mc_lines, end);
		if (pcre2_match(f->grep_lines, (PCRE2_SPTR)p, len, start, 0, f->md_lines,
				f->mc_lines) >= 0) {
			*at = pcre2_get_ovector_pointer(f->md_lines)[0];
			return true;
		}
		if (end == len)
			break;
		i = end + 1;
	}
	return false;
}

bool filter_grep_lines(const struct filter *f, const char *p, size_t len, size_t *at)
{
	if (f->lits)
		return grep_literal_lines(f, p, len, at);
	if (pcre2_match(f->grep_lines, (PCRE2_SPTR)p, len, 0, 0, f->md_lines, NULL) < 0)
		return false;
	*at = pcre2_get_ovector_pointer(f->md_lines)[0];
	return true;
}

int filter_add_field(struct filter *f, const char *arg)
{
	static const struct {
		const char *tok;
		enum filter_op op;
	} ops[] = { { "!=", OP_NE }, { ">=", OP_GE }, { "<=", OP_LE },
		    { "=", OP_EQ },  { ">", OP_GT },  { "<", OP_LT } };
	struct filter_field *ff;
	const char *at = NULL, *val;
	size_t i, k = 0;

	if (f->nfields == FILTER_MAX_FIELDS)
		return -1;
	/* the operator is the first of these found, two-byte ones first */
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		const char *p = strstr(arg, ops[i].tok);
		if (p && (!at || p < at)) {
			at = p;
			k = i;
		}
	}
	if (!at || at == arg)
		return -1;
	ff = &f->fields[f->nfields];
	memset(ff, 0, sizeof *ff);
	ff->op = ops[k].op;
	val = at + strlen(ops[k].tok);
	if ((size_t)(at - arg) >= sizeof ff->name || strlen(val) >= sizeof ff->value)
		return -1;
	memcpy(ff->name, arg, (size_t)(at - arg));
	strcpy(ff->value, val);
	if (ff->op != OP_EQ && ff->op != OP_NE) {
		char *end;
		ff->num = strtod(val, &end);
		if (end == val || *end)
			return -1;
	}
	/* refuse names that can never match, so a typo is not silent */
	ff->field = event_field_find(ff->name, strlen(ff->name));
	if (!ff->field || !(ff->field->flags & EVF_FILTER))
		return -1;
	/* a number field compared with text that is no number never matches:
	 * a typo, refused (status may also hold a word: app_status) */
	if ((ff->field->type == EVT_INT || ff->field->type == EVT_LATENCY) &&
	    (ff->op == OP_EQ || ff->op == OP_NE))
		for (const char *v = ff->value; *v;) {
			size_t n = strcspn(v, ",");
			double d;

			if (scan_decimal(v, n, true, &d))
				return -1;
			v += n + (v[n] == ',');
		}
	f->nfields++;
	return 0;
}

void filter_field_names(char *dst, size_t cap)
{
	size_t n = 0;

	dst[0] = '\0';
	for (size_t i = 0; i < EF_COUNT && n < cap; i++)
		if (event_fields[i].flags & EVF_FILTER)
			n += (size_t)snprintf(dst + n, cap - n, "%s%s", n ? " " : "",
					      event_fields[i].name);
}

void filter_release(struct filter *f)
{
	pcre2_match_data_free(f->md);
	pcre2_code_free(f->grep);
	pcre2_match_data_free(f->md_lines);
	pcre2_code_free(f->grep_lines);
	pcre2_match_context_free(f->mc_lines);
	free(f->lits);
	f->grep = f->md = f->grep_lines = f->md_lines = f->mc_lines = NULL;
	f->lits = NULL;
}
