/*
 * format: the table of log formats and the generic regex mapper.
 *
 * A pattern's named groups are event fields (fields.h); groups with other
 * names (ident, pid, msgid...) are matched but not kept.  Patterns are
 * anchored and written without nested unbounded repeats, so a hostile line
 * cannot make one backtrack catastrophically; PCRE2's match limit is the
 * second guard.  Order matters in parser_parse_any: specific shapes first,
 * the generic leveled-text pattern and logfmt last.
 */
#include "parser.h"

#include <pcre2.h>
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* free */
#include <string.h> /* strlen, strchr */

#include "buf.h"
#include "bytes.h"
#include "fields.h"
#include "mem.h"

#define MAX_GROUPS 32

/* Timestamp shapes inside patterns; tstamp_parse does the real parsing. */
#define TS_ISO "\\d{4}[-/]\\d\\d[-/]\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?"
#define TS_CTIME "[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\d{4}"
#define TS_COMPACT "\\d{6} \\d{6}"
#define LEVELS "(?i:TRACE|DEBUG\\d?|INFORMATION|INFO|NOTICE|WARNING|WARN|ERROR|ERR|SEVERE|CRITICAL|CRIT|FATAL|D?PANIC|ALERT|EMERGENCY|EMERG|STATS)"
#define QUOTED "(?:[^\"\\\\]|\\\\.)*"

enum kind { K_REGEX, K_JSON, K_LOGFMT };

struct format {
	const char *name;
	enum kind kind;
	bool multiline;      /* unparsed lines after an event continue it */
	bool enrich;         /* look for requests and client IPs in msg */
	const char *first;   /* cheap pre-check: the first byte must be one of
				these (NULL: any) */
	const char *pattern;
};

static const struct format formats[] = {
	{ "json", K_JSON, false, false, "{", NULL },
	{ "access", K_REGEX, false, false, NULL,
	  "^(?<ip>\\S+) (?<ident>\\S+) (?<user>\\S+) \\[(?<ts>[^\\]]{1,64})\\] "
	  "\"(?<request>" QUOTED ")\" (?<status>\\d{3}|-) (?<bytes>\\d+|-)"
	  "(?: \"(?<referer>" QUOTED ")\" \"(?<ua>" QUOTED ")\")?(?<extra>.*)$" },
	{ "syslog5424", K_REGEX, false, true, "<",
	  "^<(?<pri>\\d{1,3})>1 (?<ts>\\S+) (?<host>\\S+) (?<program>\\S+) "
	  "(?<pid>\\S+) (?<msgid>\\S+) (?<sd>-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+)"
	  "(?: (?:\\xef\\xbb\\xbf)?(?<msg>.*))?$" },
	{ "syslog", K_REGEX, false, true, NULL,
	  "^(?:<(?<pri>\\d{1,3})>)?(?<ts>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?: \\d{4})?) "
	  "(?<host>\\S+) (?<program>[^\\s:\\[\\]]+(?:\\([^)\\s]*\\))?)(?:\\[(?<pid>\\d+)\\])?: ?(?<msg>.*)$" },
	{ "uwsgi", K_REGEX, false, false, "[",
	  "^\\[pid: \\d+\\|app: [-\\d]+\\|req: [-\\d]+/\\d+\\] (?<ip>\\S+) \\((?<user>[^)]*)\\) "
	  "\\{[^}]*\\} \\[(?<ts>[^\\]]{1,64})\\] (?<method>\\S+) (?<path>\\S+) => generated "
	  "(?<bytes>\\d+) bytes in (?:(?<latency_ms>\\d+) msecs|(?<latency_us>\\d+) micros) "
	  "\\((?<proto>\\S+) (?<status>\\d{3})\\)" },
	{ "text", K_REGEX, true, true, NULL,
	  "^(?:[^\\s\\[]{1,200} )?\\[?(?<ts>" TS_ISO "|" TS_CTIME "|" TS_COMPACT ")\\]?"
	  "[\\s:|,-]*(?:\\d+\\s+)?(?:[\\w-]{1,40}[.:])?\\[?(?<level>" LEVELS ")\\]?(?![\\w])"
	  "[\\s:|,\\]-]*"
	  /* [logger] or [thread], then a dotted logger name before ":", " -"
	     or a bracket wins (logback: "[main] c.e.App - msg") */
	  "(?:\\[(?<logger>(?:[^\\[\\]]|\\[[^\\]]*\\]){1,200})\\]\\s*(?:-\\s+)?)?"
	  "(?:(?<logger2>[A-Za-z_][\\w$]*(?:\\.[\\w$]+)+)(?::\\s+|\\s+-\\s+|\\s+(?=\\[)))?"
	  "(?<msg>.*)$" },
	{ "logfmt", K_LOGFMT, false, false, NULL, NULL },
};

#define NFORMATS (int)(sizeof formats / sizeof formats[0])

/* Requests and client IPs written inside free-text messages, as Python
 * WSGI servers, sshd and PAM do. */
static const char enrich_request[] =
	"\"(?<method>[A-Z]{3,7}) (?<path>\\S+) (?<proto>HTTP/[\\d.]+)\"\\s+(?:status:\\s*)?(?<status>\\d{3})"
	"(?:\\s+len:\\s*(?<bytes>\\d+))?(?:\\s+time:\\s*(?<latency_s>\\d+\\.\\d+))?";
static const char enrich_ip[] =
	"(?:\\bfrom|\\brhost=|\\bclient:?)\\s*\\[?(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F]{0,4}:[0-9a-fA-F:.]{2,45})";

struct regex {
	pcre2_code *code;
	unsigned char field[MAX_GROUPS]; /* enum field of each group number */
};

struct parser {
	struct parser_opts opts;
	struct regex re[NFORMATS + 1];   /* [NFORMATS] = the --log-format one */
	struct regex req, ip;            /* message enrichers */
	pcre2_match_data *md;
	struct json_state *js;
	int nformats;                    /* NFORMATS, +1 with --log-format */
	char names[256];
};

static int compile(struct regex *r, const char *pattern, char *err, size_t errlen)
{
	int ec;
	PCRE2_SIZE off;
	uint32_t count = 0, size = 0;
	PCRE2_SPTR table;

	memset(r, 0, sizeof *r);
	r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				PCRE2_DUPNAMES, &ec, &off, NULL);
	if (!r->code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof msg);
		snprintf(err, errlen, "bad pattern at offset %zu: %s", (size_t)off, msg);
		return -1;
	}
	pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE); /* falls back if no JIT */
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
	for (uint32_t i = 0; i < count; i++) {
		const unsigned char *ent = table + i * size;
		unsigned group = (unsigned)(ent[0] << 8 | ent[1]);
		const char *name = (const char *)ent + 2;
		size_t len = strlen(name);
		if (len > 1 && name[len - 1] == '2') /* logger2: a second way to spell logger */
			len--;
		if (group < MAX_GROUPS)
			r->field[group] = (unsigned char)field_by_name(name, len);
	}
	return 0;
}

/* Runs r on s; on a match, sets every named field.  Returns 0 or -1. */
static int match_into(struct parser *ps, const struct regex *r, const char *s,
		      size_t len, struct event *e)
{
	int rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, ps->md, NULL);
	PCRE2_SIZE *ov;

	if (rc <= 0)
		return -1;
	ov = pcre2_get_ovector_pointer(ps->md);
	for (int g = 1; g < rc && g < MAX_GROUPS; g++) {
		if (!r->field[g] || ov[2 * g] == PCRE2_UNSET)
			continue;
		if (field_set(e, (enum field)r->field[g], s + ov[2 * g],
			      ov[2 * g + 1] - ov[2 * g], &ps->opts.tctx) < 0 &&
		    r->field[g] == F_TS)
			return -1; /* a line whose time cannot be read is not this format */
	}
	return 0;
}

static void enrich(struct parser *ps, struct event *e)
{
	struct span m = e->msg;

	if (!m.len)
		return;
	if (!e->status && bytes_find(m.p, m.len, "HTTP/", 5))
		match_into(ps, &ps->req, m.p, m.len, e);
	if (!e->ip.len && (bytes_find(m.p, m.len, "from", 4) || bytes_find(m.p, m.len, "rhost=", 6) ||
			   bytes_find(m.p, m.len, "client", 6)))
		match_into(ps, &ps->ip, m.p, m.len, e);
}

/* Whether v[0..n) is in the blank-separated list: a whole word, or a
 * family prefix ending in '_' ("http_" for $http_x_forwarded_for). */
static bool nginx_variable(const char *list, const char *v, size_t n)
{
	for (const char *w = list; (w = strchr(w, ' ')) && w[1]; ) {
		size_t k = strcspn(++w, " ");

		if ((k == n || (w[k - 1] == '_' && k < n)) && !memcmp(w, v, k))
			return true;
		w += k;
	}
	return false;
}

/* nginx log_format → pattern.  Variables logsift reads become groups;
 * nginx's other variables (and its variable families: $http_*, $upstream_*
 * ...) match lazily up to the next literal; everything else is literal.
 * A variable nginx does not have is a typo: refused, with its name in err,
 * as is a format with no variable logsift reads (it would turn every line
 * into an empty event). */
static int nginx_pattern(const char *fmt, struct buf *out, char *err, size_t errlen)
{
	static const struct {
		const char *var;
		const char *re;
	} vars[] = {
		{ "remote_addr", "(?<ip>\\S+)" },
		{ "remote_user", "(?<user>\\S+)" },
		{ "time_local", "(?<ts>[^\\]]{1,64})" },
		{ "time_iso8601", "(?<ts>\\S+)" },
		{ "request", "(?<request>" QUOTED ")" },
		{ "status", "(?<status>\\d{3})" },
		{ "body_bytes_sent", "(?<bytes>\\d+)" },
		{ "bytes_sent", "(?<bytes>\\d+)" },
		{ "http_referer", "(?<referer>" QUOTED ")" },
		{ "http_user_agent", "(?<ua>" QUOTED ")" },
		{ "request_time", "(?<latency_s>[\\d.]+)" },
		{ "request_method", "(?<method>\\S+)" },
		{ "request_uri", "(?<path>\\S+)" },
		{ "server_protocol", "(?<proto>\\S+)" },
		{ "host", "(?<host>\\S+)" },
	};
	/* nginx's own variables that carry nothing logsift reads, and the
	 * prefixes of its variable families */
	static const char *const other =
		" args binary_remote_addr connection connection_requests connection_time"
		" content_length content_type cookie_ document_root document_uri gzip_ratio"
		" hostname http_ https is_args limit_rate msec nginx_version pid pipe"
		" proxy_add_x_forwarded_for proxy_host proxy_port proxy_protocol_addr query_string"
		" realip_remote_addr realpath_root remote_port request_body request_completion"
		" request_filename request_id request_length scheme sent_http_ sent_trailer_"
		" server_addr server_name server_port ssl_ status tcpinfo_ time_ upstream_ uri arg_"
		" geoip_ jwt_ ";
	const char *p = fmt;
	bool reads = false;

	buf_addc(out, '^');
	while (*p) {
		if (*p == '$') {
			const char *v = ++p;
			size_t n = 0, i;
			while ((v[n] >= 'a' && v[n] <= 'z') || v[n] == '_' ||
			       (v[n] >= '0' && v[n] <= '9'))
				n++;
			if (!n) {
				snprintf(err, errlen, "--log-format: '$' without a variable name");
				return -1;
			}
			for (i = 0; i < sizeof vars / sizeof vars[0]; i++)
				if (strlen(vars[i].var) == n && !memcmp(vars[i].var, v, n))
					break;
			if (i < sizeof vars / sizeof vars[0]) {
				buf_adds(out, vars[i].re);
				reads = true;
			} else if (nginx_variable(other, v, n)) {
				buf_adds(out, ".*?");
			} else {
				snprintf(err, errlen, "--log-format: unknown variable '$%.*s'", (int)n, v);
				return -1;
			}
			p = v + n;
		} else {
			if (strchr("\\^$.|?*+()[]{}", *p))
				buf_addc(out, '\\');
			buf_addc(out, *p++);
		}
	}
	buf_addc(out, '$');
	if (!reads) {
		snprintf(err, errlen, "--log-format has none of the variables logsift reads "
			 "($remote_addr, $time_local, $request, $status, ...)");
		return -1;
	}
	return 0;
}

struct parser *parser_new(const struct parser_opts *o, char *err, size_t errlen)
{
	struct parser *ps = xcalloc(1, sizeof *ps);
	size_t k = 0;

	ps->opts = *o;
	ps->nformats = NFORMATS;
	for (int i = 0; i < NFORMATS; i++) {
		if (formats[i].pattern && compile(&ps->re[i], formats[i].pattern, err, errlen))
			goto fail; /* a bug: caught by every test run */
		k += (size_t)snprintf(ps->names + k, sizeof ps->names - k, "%s%s",
				      i ? ", " : "", formats[i].name);
	}
	if (compile(&ps->req, enrich_request, err, errlen) ||
	    compile(&ps->ip, enrich_ip, err, errlen))
		goto fail;
	if (o->log_format) {
		struct buf pat;
		buf_init(&pat, 64 * 1024);
		if (nginx_pattern(o->log_format, &pat, err, errlen) || pat.err ||
		    compile(&ps->re[NFORMATS], pat.p, err, errlen)) {
			if (!*err)
				snprintf(err, errlen, "cannot read --log-format");
			buf_release(&pat);
			goto fail;
		}
		buf_release(&pat);
		ps->nformats++;
		snprintf(ps->names + k, sizeof ps->names - k, ", custom");
	}
	ps->md = pcre2_match_data_create(MAX_GROUPS, NULL);
	ps->js = json_state_new(o);
	return ps;
fail:
	parser_free(ps);
	return NULL;
}

void parser_free(struct parser *ps)
{
	if (!ps)
		return;
	for (int i = 0; i <= NFORMATS; i++)
		pcre2_code_free(ps->re[i].code);
	pcre2_code_free(ps->req.code);
	pcre2_code_free(ps->ip.code);
	pcre2_match_data_free(ps->md);
	json_state_free(ps->js);
	free(ps);
}

int parser_count(const struct parser *ps)
{
	return ps->nformats;
}

const char *parser_name(const struct parser *ps, int fmt)
{
	(void)ps;
	return fmt == NFORMATS ? "custom" : formats[fmt].name;
}

bool parser_multiline(const struct parser *ps, int fmt)
{
	(void)ps;
	return fmt < NFORMATS && formats[fmt].multiline;
}

int parser_find(const struct parser *ps, const char *name)
{
	for (int i = 0; i < ps->nformats; i++)
		if (!strcmp(parser_name(ps, i), name))
			return i;
	return -1;
}

const char *parser_names(const struct parser *ps)
{
	return ps->names;
}

int parser_parse(struct parser *ps, int fmt, const char *line, size_t len,
		 struct event *e)
{
	const struct format *f = fmt < NFORMATS ? &formats[fmt] : NULL;
	int rc;

	if (f && f->first && (len == 0 || !strchr(f->first, line[0])))
		return -1;
	event_reset(e);
	if (f && f->kind == K_JSON)
		return json_parse_line(ps->js, line, len, e);
	if (f && f->kind == K_LOGFMT)
		return logfmt_parse_line(ps->js, line, len, e);
	rc = match_into(ps, &ps->re[fmt], line, len, e);
	if (rc == 0 && f && f->enrich)
		enrich(ps, e);
	return rc;
}

int parser_parse_any(struct parser *ps, int prefer, const char *line,
		     size_t len, struct event *e)
{
	if (prefer >= 0 && parser_parse(ps, prefer, line, len, e) == 0)
		return prefer;
	/* a custom --log-format is the user's word: try it first */
	if (ps->nformats > NFORMATS && prefer != NFORMATS &&
	    parser_parse(ps, NFORMATS, line, len, e) == 0)
		return NFORMATS;
	for (int i = 0; i < NFORMATS; i++)
		if (i != prefer && parser_parse(ps, i, line, len, e) == 0)
			return i;
	return -1;
}
