/*
 * modsec_verdict: the reference beside ingest --crs.  Reads access-log
 * lines (combined, or Apache's vhost_combined with the Host first) on
 * stdin, sends each request to ModSecurity v3 (libmodsecurity, the engine
 * the CRS is written for) with the CRS loaded as Debian installs it, and
 * prints one line per input line: the ids of the CRS rules that matched,
 * space-separated (empty when none did; "-" for a line it could not read).
 *
 *     modsec_verdict CRS_SETUP RULES_DIR [BEFORE [AFTER]] <access.log
 *
 * BEFORE and AFTER: the site's rule exclusions, included before and
 * after the rules as Debian's owasp-crs.load includes its REQUEST-900
 * and RESPONSE-999 files ("-": none).
 *
 * The request is what the line holds: method, URI, protocol, and the
 * Host, User-Agent and Referer headers ("-" is no header).  Only the
 * request rules of REQUEST-913..944 are reported: the ones ingest --crs
 * translates.  Used by tests/crs-reference.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <modsecurity/modsecurity.h>
#include <modsecurity/rules_set.h>
#include <modsecurity/transaction.h>

#define MAX_IDS 64

struct verdict {
	long ids[MAX_IDS];
	int n;
};

/* ModSecurity's message for each rule that matched: '[id "942100"]'. */
static void on_log(void *data, const void *message)
{
	struct verdict *v = data;
	const char *s = message ? strstr(message, "[id \"") : NULL;
	long id;

	if (!s || !v)
		return;
	id = strtol(s + 5, NULL, 10);
	if (id < 913000 || id >= 945000 || (id >= 914000 && id < 921000) ||
	    (id >= 922000 && id < 930000))
		return;
	for (int i = 0; i < v->n; i++)
		if (v->ids[i] == id)
			return;
	if (v->n < MAX_IDS)
		v->ids[v->n++] = id;
}

/* A quoted field of the line at *p, its nginx/Apache escapes (\xHH, \",
 * \\) undone, into out; advances *p past the closing quote. */
static int quoted(char **p, char *out, size_t cap)
{
	char *s = *p;
	size_t n = 0;

	if (*s != '"')
		return -1;
	for (s++; *s && *s != '"'; s++) {
		int ch = (unsigned char)*s;

		if (*s == '\\' && s[1] == 'x' && s[2] && s[3]) {
			char hex[3] = { s[2], s[3], 0 };
			ch = (int)strtol(hex, NULL, 16);
			s += 3;
		} else if (*s == '\\' && s[1]) {
			ch = (unsigned char)*++s;
		}
		if (n + 1 < cap)
			out[n++] = (char)ch;
	}
	if (*s != '"')
		return -1;
	out[n] = 0;
	*p = s + 1;
	return 0;
}

static int by_value(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Sends the request of one line; prints its verdict. */
static void judge(ModSecurity *ms, RulesSet *rules, char *line)
{
	static char request[1 << 16], referer[1 << 16], ua[1 << 16];
	char host[256] = "localhost";
	char *p = strstr(line, " ["), *method, *uri, *proto, *sp;
	struct verdict v = { .n = 0 };
	Transaction *t;
	int fields = 0;

	if (!p) {
		puts("-");
		return;
	}
	for (char *s = line; s < p; s++) /* vhost_combined: four fields before the time */
		fields += *s == ' ';
	if (fields == 3) {
		size_t n = strcspn(line, " ");
		char *colon;

		snprintf(host, sizeof host, "%.*s", (int)n, line);
		if ((colon = strrchr(host, ':')) && colon[1] != ']')
			*colon = 0;
	}
	p = strchr(p, ']');
	if (!p || p[1] != ' ' || (p += 2, quoted(&p, request, sizeof request))) {
		puts("-");
		return;
	}
	method = request;
	uri = (sp = strchr(method, ' ')) ? (*sp = 0, sp + 1) : NULL;
	proto = uri && (sp = strchr(uri, ' ')) ? (*sp = 0, sp + 1) : "HTTP/1.1";
	if (!uri) {
		puts("-");
		return;
	}
	referer[0] = ua[0] = 0;
	p = strchr(p, '"'); /* after status and bytes */
	if (p && !quoted(&p, referer, sizeof referer) && *p == ' ')
		p++, quoted(&p, ua, sizeof ua);
	t = msc_new_transaction(ms, rules, &v);
	msc_process_connection(t, "192.0.2.1", 40000, "127.0.0.1", 80);
	msc_process_uri(t, uri, method, strncmp(proto, "HTTP/", 5) ? "1.1" : proto + 5);
	msc_add_request_header(t, (const unsigned char *)"Host", (const unsigned char *)host);
	if (ua[0] && strcmp(ua, "-"))
		msc_add_request_header(t, (const unsigned char *)"User-Agent",
				       (const unsigned char *)ua);
	if (referer[0] && strcmp(referer, "-"))
		msc_add_request_header(t, (const unsigned char *)"Referer",
				       (const unsigned char *)referer);
	msc_process_request_headers(t);
	msc_process_request_body(t);
	msc_transaction_cleanup(t);
	qsort(v.ids, (size_t)v.n, sizeof v.ids[0], by_value);
	for (int i = 0; i < v.n; i++)
		printf("%s%ld", i ? " " : "", v.ids[i]);
	putchar('\n');
}

int main(int argc, char **argv)
{
	static char line[1 << 17];
	char conf[8192], before[2100] = "", after[2100] = "";
	const char *error = NULL;
	ModSecurity *ms;
	RulesSet *rules;

	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: modsec_verdict CRS_SETUP RULES_DIR [BEFORE [AFTER]] <access.log\n");
		return 2;
	}
	if (argc > 3 && strcmp(argv[3], "-"))
		snprintf(before, sizeof before, "Include %s\n", argv[3]);
	if (argc > 4 && strcmp(argv[4], "-"))
		snprintf(after, sizeof after, "Include %s\n", argv[4]);
	ms = msc_init();
	msc_set_connector_info(ms, "logsift modsec_verdict");
	msc_set_log_cb(ms, on_log);
	rules = msc_create_rules_set();
	snprintf(conf, sizeof conf,
		 "SecRuleEngine DetectionOnly\n"
		 "SecRequestBodyAccess On\n"
		 "Include %s\n"
		 "%s"
		 "Include %s/*.conf\n"
		 "%s", argv[1], before, argv[2], after);
	if (msc_rules_add(rules, conf, &error) < 0) {
		fprintf(stderr, "modsec_verdict: %s\n", error ? error : "rules not loaded");
		return 1;
	}
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = 0;
		judge(ms, rules, line);
	}
	msc_rules_cleanup(rules);
	msc_cleanup(ms);
	return 0;
}
