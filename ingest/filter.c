/*
 * filter: see filter.h.
 */
#include "filter.h"

#include <pcre2.h>
#include <stdio.h>  /* snprintf */
#include <string.h> /* strcmp, strchr */

/* The names filter_field_text knows. */
static const char *const field_names[] = {
	"status", "level", "fmt", "method", "path", "ip", "logger",
	"host", "program", "user", "app_status", "event",
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
		int n = filter_field_text(e, fmt, f->fields[i].name, val, sizeof val);
		if (n < 0 || strcmp(val, f->fields[i].value))
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
	const char *eq = strchr(arg, '=');
	struct filter_field *ff;

	if (!eq || eq == arg || f->nfields == FILTER_MAX_FIELDS ||
	    (size_t)(eq - arg) >= sizeof ff->name || strlen(eq + 1) >= sizeof ff->value)
		return -1;
	ff = &f->fields[f->nfields];
	memcpy(ff->name, arg, (size_t)(eq - arg));
	ff->name[eq - arg] = '\0';
	strcpy(ff->value, eq + 1);
	/* refuse names that can never match, so a typo is not silent */
	for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
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
