/*
 * filter: see filter.h.
 */
#include "filter.h"

#include <pcre2.h>
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* strtod */
#include <string.h> /* strcmp, strchr */

/* The names filter_field_text knows. */
static const char *const field_names[] = {
	"status", "level", "fmt", "method", "path", "ip", "logger",
	"host", "program", "user", "app_status", "event", "bytes", "latency_ms",
};

static int span_text(struct span s, char *dst, size_t cap)
{
	if (!s.len || s.len >= cap)
		return -1;
	memcpy(dst, s.p, s.len);
	dst[s.len] = '\0';
	return (int)s.len;
}

int filter_field_text(const struct event *e, const char *fmt, const char *name,
		      char *dst, size_t cap)
{
	if (!strcmp(name, "status")) {
		if (e->status)
			return snprintf(dst, cap, "%d", e->status);
		return span_text(e->app_status, dst, cap);
	}
	if (!strcmp(name, "level"))
		return e->level ? snprintf(dst, cap, "%s", level_name(e->level)) : -1;
	if (!strcmp(name, "fmt"))
		return snprintf(dst, cap, "%s", fmt);
	if (!strcmp(name, "bytes"))
		return e->has_bytes ? snprintf(dst, cap, "%lld", (long long)e->bytes) : -1;
	if (!strcmp(name, "latency_ms"))
		return e->has_latency ? snprintf(dst, cap, "%.3f", e->latency_ms) : -1;
	if (!strcmp(name, "method")) return span_text(e->method, dst, cap);
	if (!strcmp(name, "path")) return span_text(e->path, dst, cap);
	if (!strcmp(name, "ip")) return span_text(e->ip, dst, cap);
	if (!strcmp(name, "logger")) return span_text(e->logger, dst, cap);
	if (!strcmp(name, "host")) return span_text(e->host, dst, cap);
	if (!strcmp(name, "program")) return span_text(e->program, dst, cap);
	if (!strcmp(name, "user")) return span_text(e->user, dst, cap);
	if (!strcmp(name, "app_status")) return span_text(e->app_status, dst, cap);
	if (!strcmp(name, "event")) return span_text(e->app_event, dst, cap);
	return -1;
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
	return f->has_since || f->has_until || f->min_level || f->nfields;
}

bool filter_event(const struct filter *f, const struct event *e, const char *fmt)
{
	char val[256];

	if ((f->has_since || f->has_until) && !e->has_ts)
		return false;
	if (f->has_since && e->ts_ms < f->since_ms)
		return false;
	if (f->has_until && e->ts_ms >= f->until_ms)
		return false;
	if (f->min_level && e->level < f->min_level)
		return false;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct filter_field *ff = &f->fields[i];
		int n = filter_field_text(e, fmt, ff->name, val, sizeof val);
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

bool filter_grep_keep(const struct filter *f, bool hit)
{
	return !f->grep || hit != f->invert;
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
	return 0;
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
	for (i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
		if (!strcmp(ff->name, field_names[i])) {
			f->nfields++;
			return 0;
		}
	return -1;
}

void filter_release(struct filter *f)
{
	pcre2_match_data_free(f->md);
	pcre2_code_free(f->grep);
	f->grep = f->md = NULL;
}
