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

#include "access_scan.h"
#include "buf.h"
#include "bytes.h"
#include "fields.h"
#include "mem.h"
#include "scan.h"
#include "trace.h"

#define MAX_GROUPS 32
#define MAX_SCANNED ACCESS_GROUPS /* the most groups a scanner sets */

/* Timestamp shapes inside patterns; tstamp_parse does the real parsing. */
#define TS_ISO "\\d{4}[-/]\\d\\d[-/]\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?: ?(?:Z|[+-]\\d\\d:?\\d\\d))?"
#define TS_RFC3339 "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?"
#define TS_CTIME "[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\d{4}"
#define TS_COMPACT "\\d{6} \\d{6}"
#define TS_3164 "[A-Z][a-z]{2} {1,2}\\d{1,2} \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?: \\d{4})?"
#define LEVELS "(?i:TRACE|DEBUG\\d?|INFORMATION|INFO|NOTICE|WARNING|WARN|ERROR|ERR|SEVERE|CRITICAL|CRIT|FATAL|D?PANIC|ALERT|EMERGENCY|EMERG|STATS)|INF|WRN|FTL|DBG|VRB|CRT"
/* a syslog host: never holds '[' nor ends in ':', is no level word
 * ("2026-11-16T09:00:01Z WARN com.example.App: ..." is an application's
 * line), and a program follows */
#define SYSLOG_HOST "(?!(?:" LEVELS ") )(?<host>[^\\s\\[\\]]*[^\\s\\[\\]:]) " \
	"(?=[^\\s:\\[\\]]+(?:\\([^)\\s]*\\))?(?:\\[\\d+\\])?:(?: |$)|\\[)"
/* a syslog program: "sshd", "sshd(pam_unix)", "[sshd]", "CRON[12]" */
#define SYSLOG_PROGRAM "(?:(?<program>[^\\s:\\[\\]]+(?:\\([^)\\s]*\\))?)|\\[(?<program>[^\\s\\]]+)\\])" \
	"(?:\\[(?<pid>\\d+)\\])?: ?(?<msg>.*)$"

enum kind { K_REGEX, K_JSON, K_LOGFMT, K_STAMPED };

#define PARSE_FMT_JSON 0 /* formats[0] */

/* What a format's message may hold: a line of another format (syslog
 * carrying JSON or an access line), or a program's output (a container's
 * stdout: "ERROR ..." lines, stack traces whose lines each come wrapped). */
enum envelope { ENV_NONE, ENV_MESSAGE, ENV_OUTPUT };

struct format {
	const char *name;
	enum kind kind;
	bool multiline;      /* unparsed lines after an event continue it */
	bool enrich;         /* look for requests and client IPs in msg */
	enum envelope envelope; /* msg may hold a line of another format: parse it */
	const char *first;   /* cheap pre-check: the first byte must be one of
				these (NULL: any) */
	const char *pattern;
};

/*
 * A pattern's group "more" marks a line that continues the record before
 * it though it has the record's own prefix (PostgreSQL's DETAIL, HINT and
 * STATEMENT lines): parser_parse returns PARSE_MORE for it.
 */
static const struct format formats[] = {
	{ "json", K_JSON, false, false, ENV_OUTPUT, "{", NULL },
	/* CRI (containerd, CRI-O): the kubelet's files under /var/log/pods */
	{ "cri", K_REGEX, false, false, ENV_OUTPUT, "0123456789",
	  "^(?<ts>" TS_RFC3339 ") (?<stream>stdout|stderr) F(?: (?<msg>.*))?$" },
	{ "access", K_REGEX, false, false, ENV_NONE, NULL, ACCESS_PATTERN },
	/* Apache's vhost_combined (Debian's other_vhosts_access.log): the
	 * virtual host, which is the request's Host, and port first */
	{ "access_vhost", K_REGEX, false, false, ENV_NONE, NULL,
	  "^(?<vhost>[^\\s:\\[\\]]+|\\[[0-9a-fA-F:.]+\\]):\\d+ " ACCESS_FIELDS },
	{ "syslog5424", K_REGEX, false, true, ENV_MESSAGE, "<",
	  "^<(?<pri>\\d{1,3})>1 (?<ts>\\S+) (?<host>\\S+) (?<program>\\S+) "
	  /* structured data; a quoted value may hold an unescaped ']' */
	  "(?<pid>\\S+) (?<msgid>\\S+) (?<sd>-|(?:\\[(?:[^\\]\"\\\\]|\\\\.|\"(?:[^\"\\\\]|\\\\.)*\")*\\])+)"
	  "(?: (?:\\xef\\xbb\\xbf)?(?<msg>.*))?$" },
	/* RFC 3164 as servers write it: a priority or not, a host or not (a
	 * host never holds '[' and does not end in ':'), rsyslog's RFC 3339
	 * times */
	{ "syslog", K_REGEX, true, true, ENV_MESSAGE, NULL,
	  "^(?:<(?<pri>\\d{1,3})>)?(?:(?<ts>" TS_3164 ") (?:" SYSLOG_HOST ")?|"
	  "(?<ts>" TS_RFC3339 ") " SYSLOG_HOST ")" SYSLOG_PROGRAM },
	/* HAProxy's HTTP log (option httplog), usually inside syslog: the last
	 * timer (Ta, or Tt before 1.7) is the latency, the backend the upstream */
	{ "haproxy", K_REGEX, false, false, ENV_NONE, "0123456789[abcdefABCDEF",
	  "^(?<ip>[\\d.]+|\\[[0-9a-fA-F:.]+\\]|[0-9a-fA-F:]+):\\d+ \\[(?<ts>[^\\]]{1,64})\\] \\S+ "
	  "(?<upstream>[^/\\s]+)/\\S+ (?:-?\\d+/){3,4}\\+?(?<latency_ms>-?\\d+) (?<status>\\d{3}|-1) "
	  "\\+?(?<bytes>\\d+) .*?\"(?<request>[^\"]*)\"$" },
	/* Gin's default logger: "[GIN] 2026/11/16 - 09:00:02 | 500 | 12.3ms | 10.0.0.2 | GET "/x"" */
	{ "gin", K_REGEX, false, false, ENV_NONE, "[",
	  "^\\[GIN\\] (?<ts>\\d{4}/\\d\\d/\\d\\d - \\d\\d:\\d\\d:\\d\\d) \\|\\s*(?<status>\\d{3}) \\|\\s*"
	  "(?:(?<latency_ns>[\\d.]+)ns|(?<latency_us>[\\d.]+)(?:\\xc2\\xb5s|us)|(?<latency_ms>[\\d.]+)ms|"
	  "(?<latency_s>[\\d.]+)s) \\|\\s*(?<ip>\\S+) \\|\\s*(?<method>[A-Z]+)\\s+\"?(?<path>[^\"\\s]*)\"?" },
	/* Envoy's default access log format */
	{ "envoy", K_REGEX, false, false, ENV_NONE, "[",
	  "^\\[(?<ts>\\d{4}-[^\\]]{10,40})\\] \"(?<request>[^\"]*)\" (?<status>\\d{1,3}) \\S+ \\d+ "
	  "(?<bytes>\\d+) (?<latency_ms>\\d+) \\S+ \"(?<xff>[^\"]*)\" \"(?<ua>[^\"]*)\" "
	  "\"(?<request_id>[^\"]*)\" \"(?<vhost>[^\"]*)\" \"(?<upstream>[^\"]*)\"" },
	/* AWS Application (and Classic) Load Balancer: the three processing
	 * times add up to the latency; the client saw elb_status_code */
	{ "alb", K_REGEX, false, false, ENV_NONE, "0123456789hgw",
	  "^(?:(?:https?|h2|grpcs|wss?) )?(?<ts>\\d{4}-\\d\\d-\\d\\dT\\S+) \\S+ (?<ip>\\S+?):\\d+ "
	  "(?<upstream>\\S+) (?<latency_s_part>-?[\\d.]+) (?<latency_s_part>-?[\\d.]+) "
	  "(?<latency_s_part>-?[\\d.]+) (?<status>\\d{3}|-) \\S+ \\d+ (?<bytes>\\d+) "
	  "\"(?<request>[^\"]*)\" \"(?<ua>[^\"]*)\"(?: \\S+ \\S+(?: \\S+ \"(?<request_id>[^\"]*)\")?)?" },
	/* Amazon CloudFront (standard logs: tab-separated, the #Fields order) */
	{ "cloudfront", K_REGEX, false, false, ENV_NONE, "0123456789",
	  "^(?<ts>\\d{4}-\\d\\d-\\d\\d\\t\\d\\d:\\d\\d:\\d\\d)\\t\\S+\\t(?<bytes>\\d+)\\t(?<ip>\\S+)\\t"
	  "(?<method>[A-Z]+)\\t(?<host>\\S+)\\t(?<path>\\S+)\\t(?<status>\\d{3})\\t(?<referer>\\S+)\\t"
	  "(?<ua>\\S+)\\t[^\\t]*\\t[^\\t]*\\t\\S+\\t(?<request_id>\\S+)\\t\\S+\\t\\S+\\t\\d+\\t"
	  "(?<latency_s>[\\d.]+)" },
	/* Express's morgan: dev (coloured), short and tiny carry no time */
	{ "morgan", K_REGEX, false, false, ENV_NONE, NULL,
	  "^(?:\\x1b\\[[\\d;]*m)*(?:(?<ip>[\\d.]+|[0-9a-fA-F:]+) (?<user>\\S+) )?(?<method>GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) "
	  "(?<path>\\S+) (?:(?<proto>HTTP/[\\d.]+) )?(?:\\x1b\\[[\\d;]*m)*(?<status>\\d{3})(?:\\x1b\\[[\\d;]*m)* "
	  "(?:(?<latency_ms>[\\d.]+) ms - (?<bytes>\\d+|-)|(?<bytes>\\d+|-) - (?<latency_ms>[\\d.]+) ms)(?:\\x1b\\[[\\d;]*m)*$" },
	/* Rails: "Started GET "/x" for IP at TIME" and "Completed 500 ... in
	 * 45ms", joined by the request id tag (or, untagged, the last start) */
	{ "rails", K_REGEX, true, false, ENV_NONE, "[SC",
	  "^(?:\\[(?<request_id>[^\\]]{1,64})\\] )?(?:\\[[^\\]]*\\] )*(?:Started (?<method>[A-Z]+) \"(?<path>[^\"]*)\" "
	  "for (?<ip>\\S+) at (?<ts>.+)|Completed (?<status>\\d{3}) .*? in (?<latency_ms>[\\d.]+)ms.*)$" },
	{ "uwsgi", K_REGEX, false, false, ENV_NONE, "[",
	  "^\\[pid: \\d+\\|app: [-\\d]+\\|req: [-\\d]+/\\d+\\] (?<ip>\\S+) \\((?<user>[^)]*)\\) "
	  "\\{[^}]*\\} \\[(?<ts>[^\\]]{1,64})\\] (?<method>\\S+) (?<path>\\S+) => generated "
	  "(?<bytes>\\d+) bytes in (?:(?<latency_ms>\\d+) msecs|(?<latency_us>\\d+) micros) "
	  "\\((?<proto>\\S+) (?<status>\\d{3})\\)" },
	/* nginx error log: client, request and upstream are read from the
	 * message by the enrichers */
	{ "nginx_error", K_REGEX, true, true, ENV_NONE, "0123456789",
	  "^(?<ts>\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d) \\[(?<level>[a-z]+)\\] "
	  "\\d+#\\d+: (?:\\*\\d+ )?(?<msg>.*)$" },
	/* Apache error log, 2.0 to 2.4: [module:level], [pid N:tid N], a
	 * source position, [client IP:port] */
	{ "apache_error", K_REGEX, true, false, ENV_NONE, "[",
	  "^\\[(?<ts>" TS_CTIME ")\\] \\[(?:(?<logger>[\\w-]+):)?(?<level>[a-z]+)\\d?\\]"
	  "(?: \\[pid \\d+(?::tid \\d+)?\\])?(?: \\S+\\(\\d+\\):)?"
	  /* the client: [IPv6]:port, a bare IPv6 (2.2, no port), host:port */
	  "(?: \\[client (?:\\[(?<ip>[^\\]]+)\\](?::\\d+)?|(?<ip>[0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:.]*)|"
	  "(?<ip>[^\\]\\s:]+)(?::\\d+)?)\\])? (?<msg>.*)$" },
	/* PostgreSQL's stderr log with the default prefix ('%m [%p] ', and
	 * Debian's '%m [%p] %q%u@%d ') */
	{ "postgresql", K_REGEX, true, false, ENV_NONE, "0123456789",
	  "^(?<ts>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?: [A-Z]{2,5}|[+-]\\d\\d)?) "
	  "\\[\\d+\\](?:-\\d+)? (?:(?<user>[^\\s@\\[]*)@\\S* )?"
	  "(?:(?<more>DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION)|"
	  "(?<level>LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG[1-5]?)):  (?<msg>.*)$" },
	/* Ruby's Logger (Rails): "I, [2026-11-16T09:00:01.123456 #1234]  INFO -- app: msg" */
	{ "ruby", K_REGEX, true, false, ENV_MESSAGE, "DIWEFAU",
	  "^[DIWEFAU], \\[(?<ts>[^\\]#]{10,40}) #\\d+\\] +(?<level>[A-Z]+) -- "
	  "(?:(?<logger>[^:]*?): )?(?<msg>.*)$" },
	/* glog / klog (Kubernetes components): "E1116 09:00:01.123456 1 file.go:42] msg" */
	{ "klog", K_REGEX, true, false, ENV_NONE, "IWEF",
	  "^(?<level>[IWEF])(?<ts>\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d+) +\\d+ "
	  "(?<logger>[^\\s:\\]]+:\\d+)\\] (?<msg>.*)$" },
	{ "text", K_REGEX, true, true, ENV_NONE, NULL,
	  "^(?:[^\\s\\[]{1,200} )?\\[?(?<ts>" TS_ISO "|" TS_CTIME "|" TS_COMPACT ")\\]?"
	  "[\\s:|,-]*"
	  /* Python's "%(asctime)s - %(name)s - %(levelname)s - %(message)s",
	     else a PID, a "host:" or "module." */
	  "(?:(?<logger3>[\\w.$]{1,100}) - (?=(?:" LEVELS ") - )|(?:\\d+\\s+)?(?:[\\w-]{1,40}[.:])?)"
	  "(?:\\[?(?<level>" LEVELS ")\\]?|\\[(?<level>[TDIWEF])\\])(?![\\w])"
	  "[\\s:|,\\]-]*"
	  /* [logger] or [thread], then a dotted logger name before ":", " -"
	     or a bracket wins (logback: "[main] c.e.App - msg") */
	  "(?:\\[(?<logger>(?:[^\\[\\]]|\\[[^\\]]*\\]){1,200})\\]\\s*(?:-\\s+)?)?"
	  "(?:(?<logger2>[A-Za-z_][\\w$]*(?:\\.[\\w$]+)+)(?::\\s+|\\s+-\\s+|\\s+(?=\\[)))?"
	  "(?<msg>.*)$" },
	/* a level first and no time: Python's basicConfig ("ERROR:root:msg"),
	 * uvicorn ("INFO:     127.0.0.1:54321 - "GET / HTTP/1.1" 200 OK") */
	{ "levelfirst", K_REGEX, true, true, ENV_NONE, "TDIWECF",
	  "^(?<level>TRACE|DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL):(?:\\s+(?:(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}|"
	  "\\[[0-9a-fA-F:]+\\]):\\d+ - (?=\"))?|(?<logger>[\\w.]+):)(?<msg>.*)$" },
	{ "logfmt", K_LOGFMT, false, false, ENV_NONE, NULL, NULL },
	/* docker compose's output: "web-1  | line" (the service is the program) */
	{ "compose", K_REGEX, false, false, ENV_OUTPUT, NULL,
	  "^(?:\\x1b\\[[\\d;]*[A-Za-z])*(?<program>[\\w.-]{1,64}) *\\| (?<msg>.*)$" },
	/* the last resort: a line that starts with a time (bare, bracketed,
	 * after a PID) is a record; a level is looked for in its first words
	 * and the rest may be a line of another format (kubectl --timestamps) */
	{ "stamped", K_STAMPED, true, false, ENV_OUTPUT, NULL, NULL },
};

#define NFORMATS (int)(sizeof formats / sizeof formats[0])

/* Requests and client IPs written inside free-text messages, as Python
 * WSGI servers, sshd and PAM do. */
static const char enrich_request[] =
	"\"(?<method>[A-Z]{3,7}) (?<path>\\S+) (?<proto>HTTP/[\\d.]+)\"\\s+(?:status:\\s*)?(?<status>\\d{3})"
	"(?:\\s+len:\\s*(?<bytes>\\d+))?(?:\\s+time:\\s*(?<latency_s>\\d+\\.\\d+))?";
static const char enrich_ip[] =
	"(?:\\bfrom|\\brhost=|\\bclient:?)\\s*\\[?(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9a-fA-F]{0,4}:[0-9a-fA-F:.]{2,45})|"
	/* uvicorn's "127.0.0.1:54321 - "GET / HTTP/1.1" 200" */
	"^(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+ - \"";
/* ASP.NET Core's request line, as Serilog's request logging and
 * Microsoft.AspNetCore.Hosting write it */
static const char enrich_aspnet[] =
	"HTTP (?<method>[A-Z]{3,7}) (?<path>\\S+) responded (?<status>\\d{3}) in (?<latency_ms>\\d+(?:\\.\\d+)?) ms|"
	"Request finished (?<proto>HTTP/[\\d.]+) (?<method>[A-Z]{3,7}) (?<path>\\S+) - (?<status>\\d{3}) - \\S* "
	"(?<latency_ms>\\d+(?:\\.\\d+)?)ms";
/* nginx's error log context: ", client: IP, ..., request: "GET / HTTP/1.1",
 * upstream: "..."", each the last one written (a message quoting a user's
 * text may hold a false one before) */
static const char enrich_context[] =
	", (?:client: (?<ip>[^\\s,]+)|request: \"(?<request>" QUOTED ")\"|upstream: \"(?<upstream>[^\"]*)\")";

struct regex {
	pcre2_code *code;
	int (*scan)(const char *s, size_t len, size_t *ov); /* or NULL */
	unsigned char field[MAX_GROUPS]; /* enum field of each group number */
	int more;                        /* the group of "more", or 0 */
};

/* A request written as two lines (Rails' "Started" and "Completed"): the
 * start's method, path and client, kept by request id until its end. */
#define JOIN_SLOTS 32
struct join {
	char id[64], method[16], path[1024], ip[64];
	size_t idlen;
	bool has_ts;
	int64_t ts_ms;
	uint64_t stamp;               /* when stored: the oldest slot is reused */
};

struct parser {
	struct parser_opts opts;
	struct tstamp_memo memo;         /* opts.tctx's */
	struct join join[JOIN_SLOTS];
	uint64_t joins;
	struct regex re[NFORMATS + 1];   /* [NFORMATS] = the --log-format one */
	struct regex req, ip, ctx, aspnet; /* message enrichers */
	pcre2_match_data *md;
	struct json_state *js;
	struct json_state *js_inner;     /* a JSON line inside an envelope */
	int nformats;                    /* NFORMATS, +1 with --log-format */
	int rails;                       /* the format whose requests are joined */
	int inner;                       /* the last parse's inner format, or -1 */
	bool inner_continues;            /* its inner line looked like a stack trace's */
	char names[512];
	/* "envelope/inner" names, made once: [envelope][inner] */
	char pair[NFORMATS + 1][NFORMATS + 1][32];
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

		/* logger2, logger3: other places the same field is written */
		if (len > 1 && scan_is_digit(name[len - 1]))
			len--;
		if (group >= MAX_GROUPS)
			continue;
		if (len == 4 && !memcmp(name, "more", 4))
			r->more = (int)group;
		else
			r->field[group] = (unsigned char)field_by_name(name, len);
	}
	return 0;
}

/* Runs r on s; on a match, sets every named field.  Returns 0, PARSE_MORE
 * for a line that continues the record before it, or -1. */
static int match_into(struct parser *ps, const struct regex *r, const char *s,
		      size_t len, struct event *e)
{
	PCRE2_SIZE scanned[2 * MAX_SCANNED], *ov = scanned;
	int rc = r->scan ? r->scan(s, len, scanned) : ACCESS_UNSURE;

	if (rc == ACCESS_UNSURE) {
		rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, ps->md, NULL);
		ov = pcre2_get_ovector_pointer(ps->md);
	}
	if (rc <= 0)
		return -1;
	if (r->more && r->more < rc && ov[2 * r->more] != PCRE2_UNSET)
		return PARSE_MORE;
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

/* Every ", request: ...", ", upstream: ..." of an nginx error message. */
static void match_all(struct parser *ps, const struct regex *r, struct span m,
		      struct event *e)
{
	PCRE2_SIZE at = 0;

	while (at < m.len && pcre2_match(r->code, (PCRE2_SPTR)m.p, m.len, at, 0, ps->md, NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ps->md);

		for (int g = 1; g < MAX_GROUPS && r->field[g]; g++)
			if (ov[2 * g] != PCRE2_UNSET)
				field_set(e, (enum field)r->field[g], m.p + ov[2 * g],
					  ov[2 * g + 1] - ov[2 * g], &ps->opts.tctx);
		at = ov[1] > at ? ov[1] : at + 1;
	}
}

static void enrich(struct parser *ps, struct event *e)
{
	struct span m = e->msg;

	if (!m.len)
		return;
	if (bytes_find(m.p, m.len, ", client: ", 10))
		match_all(ps, &ps->ctx, m, e);
	if (!e->status && bytes_find(m.p, m.len, "HTTP/", 5))
		match_into(ps, &ps->req, m.p, m.len, e);
	if (!e->status && (bytes_find(m.p, m.len, " responded ", 11) ||
			   bytes_find(m.p, m.len, "Request finished ", 17)))
		match_into(ps, &ps->aspnet, m.p, m.len, e);
	if (!e->ip.len && (bytes_find(m.p, m.len, "from", 4) || bytes_find(m.p, m.len, "rhost=", 6) ||
			   bytes_find(m.p, m.len, "client", 6) || scan_is_digit(m.p[0])))
		match_into(ps, &ps->ip, m.p, m.len, e);
}

/*
 * The generic leveled line: a level word among the first words of s, as
 * "[ERROR]", "ERROR:", "<E>", "level=error", "[E]", or a bare "ERROR"
 * written in capitals (a capitalised "Error" opens many messages and is
 * not a level).  Words before it are separators ("-", "|") or at most two
 * fields (a logger, a thread, a correlation id).  Sets e->level and
 * returns where the message starts, or s when no level is found.
 */
static const char *level_words(const char *s, const char *end, struct event *e)
{
	const char *p = s;

	for (int fields = 0; p < end && fields <= 2;) {
		const char *w, *we, *a, *b;
		bool bracketed, caps = true;
		enum level lv;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		w = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		we = p;
		if (w == we)
			break;
		a = w;
		b = we;
		while (a < b && strchr("[(<{", *a))
			a++;
		bracketed = a > w;
		while (b > a && strchr("]):>},|", b[-1]))
			b--;
		if (a == b) /* "-", "|", "::" */
			continue;
		if (b - a > 6 && (!memcmp(a, "level=", 6) || !memcmp(a, "lvl=", 4))) {
			const char *v = (const char *)memchr(a, '=', (size_t)(b - a)) + 1;
			if ((lv = level_parse(v, (size_t)(b - v))) != LEVEL_NONE) {
				e->level = lv;
				return we;
			}
		}
		for (const char *c = a; c < b; c++)
			caps &= !scan_is_alpha(*c) || (*c >= 'A' && *c <= 'Z');
		lv = level_parse(a, (size_t)(b - a));
		if (lv != LEVEL_NONE && (bracketed || caps) && (b - a > 1 || bracketed)) {
			e->level = lv;
			return we;
		}
		fields++;
	}
	return s;
}

static const char *skip_separators(const char *p, const char *end)
{
	while (p < end && strchr(" \t:|-", *p))
		p++;
	return p;
}

/* K_STAMPED: "[TIME] rest", "TIME rest", "PID TIME rest"; the time must
 * have a clock (a bare number is not a time here). */
static int stamped_parse(struct parser *ps, const char *line, size_t len, struct event *e)
{
	const char *p = line, *end = line + len;
	bool bracket = false;
	size_t n;

	if (p < end && *p == '[') {
		bracket = true;
		p++;
	} else {
		const char *d = p;
		while (d < end && d - p < 10 && scan_is_digit(*d))
			d++;
		if (d > p && d < end && *d == ' ' && d + 1 < end && scan_is_digit(d[1]) &&
		    (d + 5 >= end || d[5] == '-' || d[5] == '/'))
			p = d + 1; /* a PID before an ISO date */
	}
	n = tstamp_parse(p, (size_t)(end - p), &ps->opts.tctx, &e->ts_ms);
	if (!n || (!memchr(p, ':', n) && *p != '@')) /* a clock, or TAI64N */
		return -1;
	e->has_ts = true;
	p += n;
	if (bracket) {
		if (p >= end || *p != ']')
			return -1;
		p++;
	}
	if (p < end && *p != ' ' && *p != '\t' && *p != ':' && *p != '|')
		return -1; /* "12:00:00abc": not a time and a separator */
	/* the rest, its indentation kept (a stack trace's line under a
	 * kubectl time): unwrap reads it as a line, or for a level */
	if (p < end && (*p == ':' || *p == '|'))
		p = skip_separators(p, end);
	else if (p < end && *p == ' ')
		p++;
	e->msg = (struct span){ p, (size_t)(end - p) };
	return 0;
}

static void copy_span(char *dst, size_t cap, struct span v)
{
	size_t n = v.len < cap - 1 ? v.len : cap - 1;

	memcpy(dst, v.p ? v.p : "", n);
	dst[n] = '\0';
}

/* A start line is kept (in the slot of its id, else the oldest); an end
 * line gets its start's method, path and client (by id, or untagged the
 * latest start), valid until that slot is reused, and its time when it has
 * none of its own (Rails' plain production.log times only the start). */
static void join_request(struct parser *ps, struct event *e)
{
	struct join *j = NULL, *oldest = &ps->join[0];

	for (int i = 0; i < JOIN_SLOTS; i++) {
		struct join *c = &ps->join[i];
		if (c->stamp && c->idlen == e->request_id.len &&
		    (!c->idlen || !memcmp(c->id, e->request_id.p, c->idlen)) &&
		    (!j || c->stamp > j->stamp))
			j = c;
		if (c->stamp < oldest->stamp)
			oldest = c;
	}
	if (!e->status) { /* a start */
		if (!j)
			j = oldest;
		copy_span(j->id, sizeof j->id, e->request_id);
		j->idlen = strlen(j->id);
		copy_span(j->method, sizeof j->method, e->method);
		copy_span(j->path, sizeof j->path, e->path);
		copy_span(j->ip, sizeof j->ip, e->ip);
		j->has_ts = e->has_ts;
		j->ts_ms = e->ts_ms;
		j->stamp = ++ps->joins;
		return;
	}
	if (!j)
		return;
	if (!e->has_ts && j->has_ts) { /* an untimed end line: its start's time */
		e->has_ts = true;
		e->ts_ms = j->ts_ms;
	}
	e->method = (struct span){ j->method, strlen(j->method) };
	e->path = (struct span){ j->path, strlen(j->path) };
	if (j->ip[0])
		e->ip = (struct span){ j->ip, strlen(j->ip) };
	j->stamp = 0; /* one end a start */
}

static int parse_with(struct parser *ps, struct json_state *js, int fmt,
		      const char *line, size_t len, struct event *e)
{
	const struct format *f = fmt < NFORMATS ? &formats[fmt] : NULL;

	if (f && f->first && (len == 0 || !strchr(f->first, line[0])))
		return -1;
	event_reset(e);
	if (f && f->kind == K_JSON)
		return json_parse_line(js, line, len, e);
	if (f && f->kind == K_LOGFMT)
		return logfmt_parse_line(js, line, len, e);
	if (f && f->kind == K_STAMPED)
		return stamped_parse(ps, line, len, e);
	int rc = match_into(ps, &ps->re[fmt], line, len, e);

	if (rc)
		return rc; /* -1, or PARSE_MORE */
	if (fmt == ps->rails)
		join_request(ps, e);
	return 0;
}

/* Fills e from the inner event: what the inner line says wins, the
 * envelope keeps what only it knows (its time when the line has none, the
 * stream, host, unit, program). */
static void merge_inner(struct event *e, const struct event *in)
{
	if (in->has_ts) {
		e->has_ts = true;
		e->ts_ms = in->ts_ms;
	}
	if (in->level)
		e->level = in->level;
	if (in->status)
		e->status = in->status;
	if (in->has_bytes) {
		e->has_bytes = true;
		e->bytes = in->bytes;
	}
	if (in->has_latency) {
		e->has_latency = true;
		e->latency_ms = in->latency_ms;
	}
	for (size_t i = 0; i < EF_COUNT; i++) {
		const struct event_field *f = &event_fields[i];
		const struct span *v;

		if (f->type != EVT_SPAN || (f->flags & EVF_ORIGIN))
			continue;
		v = event_span((struct event *)in, f);
		if (v->len || (i == EF_MSG && (in->status || in->has_latency)))
			*event_span(e, f) = *v; /* a request's line is its own message */
	}
}

/* The envelope's message parsed as a line of its own. */
static void unwrap(struct parser *ps, int fmt, struct event *e)
{
	struct span m = e->msg;
	struct event in;

	ps->inner = -1;
	ps->inner_continues = false;
	if (fmt == PARSE_FMT_JSON && !json_is_envelope(ps->js))
		return;
	/* Docker's "log" ends with the line's newline */
	while (m.len && (m.p[m.len - 1] == '\n' || m.p[m.len - 1] == '\r'))
		m.len--;
	e->msg = m;
	if (!m.len)
		return;
	for (int i = 0; i < NFORMATS; i++) {
		int rc;

		if (formats[i].envelope && formats[i].kind != K_JSON)
			continue;
		if ((rc = parse_with(ps, ps->js_inner, i, m.p, m.len, &in)) == PARSE_MORE) {
			ps->inner_continues = true;
			return;
		}
		if (rc == 0) {
			if (formats[i].enrich)
				enrich(ps, &in);
			merge_inner(e, &in);
			ps->inner = i;
			return;
		}
	}
	if (formats[fmt].envelope != ENV_OUTPUT)
		goto plain;
	ps->inner_continues = trace_is_trace_line(m.p, m.len);
	if (!e->level) { /* "ERROR: ...", "[WARN] ..." with no time of its own */
		const char *p = level_words(m.p, m.p + m.len, e);
		if (p != m.p)
			p = skip_separators(p, m.p + m.len);
		else /* "- msg", "| msg" after a time */
			while (p < m.p + m.len && (*p == '-' || *p == '|') && p + 1 < m.p + m.len &&
			       p[1] == ' ')
				p += 2;
		e->msg = (struct span){ p, (size_t)(m.p + m.len - p) };
	}
plain:
	if (formats[fmt].enrich)
		enrich(ps, e);
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
		{ "host", "(?<vhost>\\S+)" }, /* the request's Host */
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
	ps->opts.tctx.memo = &ps->memo;
	ps->nformats = NFORMATS;
	ps->inner = -1;
	ps->rails = -1;
	for (int i = 0; i < NFORMATS; i++) {
		if (formats[i].pattern && compile(&ps->re[i], formats[i].pattern, err, errlen))
			goto fail; /* a bug: caught by every test run */
		if (!strcmp(formats[i].name, "access")) /* its twin, held to it by a test */
			ps->re[i].scan = access_scan;
		k += (size_t)snprintf(ps->names + k, sizeof ps->names - k, "%s%s",
				      i ? ", " : "", formats[i].name);
		if (!strcmp(formats[i].name, "rails"))
			ps->rails = i;
		for (int j = 0; j < NFORMATS; j++)
			snprintf(ps->pair[i][j], sizeof ps->pair[i][j], "%s/%s", formats[i].name,
				 formats[j].name);
	}
	if (compile(&ps->req, enrich_request, err, errlen) ||
	    compile(&ps->ip, enrich_ip, err, errlen) ||
	    compile(&ps->ctx, enrich_context, err, errlen) ||
	    compile(&ps->aspnet, enrich_aspnet, err, errlen))
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
	ps->js_inner = json_state_new(o);
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
	pcre2_code_free(ps->ctx.code);
	pcre2_code_free(ps->aspnet.code);
	pcre2_match_data_free(ps->md);
	json_state_free(ps->js);
	json_state_free(ps->js_inner);
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

const char *parser_record_name(const struct parser *ps, int fmt)
{
	if (fmt < NFORMATS && ps->inner >= 0)
		return ps->pair[fmt][ps->inner];
	return parser_name(ps, fmt);
}

bool parser_multiline(const struct parser *ps, int fmt)
{
	if (fmt < NFORMATS && formats[fmt].envelope && ps->inner >= 0)
		return formats[ps->inner].multiline;
	return fmt < NFORMATS && formats[fmt].multiline;
}

bool parser_continues(const struct parser *ps)
{
	return ps->inner_continues;
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
	int rc = parse_with(ps, ps->js, fmt, line, len, e);

	ps->inner = -1;
	ps->inner_continues = false;
	if (rc != 0 || !f)
		return rc;
	if (f->envelope)
		unwrap(ps, fmt, e);
	else if (f->enrich)
		enrich(ps, e);
	return 0;
}

int parser_parse_any(struct parser *ps, int prefer, const char *line,
		     size_t len, struct event *e)
{
	int rc;

	if (prefer >= 0 && (rc = parser_parse(ps, prefer, line, len, e)) != -1)
		return rc == 0 ? prefer : rc;
	/* a custom --log-format is the user's word: try it first */
	if (ps->nformats > NFORMATS && prefer != NFORMATS &&
	    parser_parse(ps, NFORMATS, line, len, e) == 0)
		return NFORMATS;
	for (int i = 0; i < NFORMATS; i++)
		if (i != prefer && (rc = parser_parse(ps, i, line, len, e)) != -1)
			return rc == 0 ? i : rc;
	return -1;
}
