/*
 * report: renders a summary (or several, merged) as a daily, weekly or
 * whole-window report in text, HTML, Markdown or JSON; with --check it
 * prints a one-line status first and exits with the Nagios code of the
 * worst check.  Options in, period chosen, document built, rendered out.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* getenv, strtoul */
#include <string.h> /* strcmp, strlen */
#include <unistd.h> /* isatty */

#include "buf.h"
#include "build.h"
#include "diag.h"
#include "doc.h"
#include "mem.h"
#include "opts.h"
#include "outfile.h"
#include "period.h"
#include "pgstore.h"
#include "render.h"
#include "rules.h"
#include "summary.h"
#include "tstamp.h"
#include "tz.h"

enum format { FMT_TEXT, FMT_HTML, FMT_MARKDOWN, FMT_JSON };

/* Nagios plugin exit codes, for --check */
enum { NAGIOS_OK = 0, NAGIOS_WARNING = 1, NAGIOS_CRITICAL = 2, NAGIOS_UNKNOWN = 3 };

struct cli {
	enum format format;
	enum period_kind kind;
	const char *when;          /* DATE or WEEK, if given */
	const char *output, *tz;
	const char *pg;            /* --pg CONNINFO: read the PostgreSQL store */
	struct pgstore_sel sel;    /* --source GLOB... */
	const char *from, *to;     /* --from DATE --to DATE */
	bool check, limits_given, show_samples;
	const char *title;
	size_t width;
	struct thresholds limits;
	size_t top;
	/* limits and --top as given, judged once the options are read: with
	 * --check, wherever it stands, a bad one must be UNKNOWN, not usage */
	int later_id[64];
	const char *later_arg[64];
	int nlater;
};

enum { OPT_HTML = 0x100, OPT_MD, OPT_JSON, OPT_TEXT, OPT_DAILY, OPT_WEEKLY, OPT_TZ,
       OPT_CHECK, OPT_THRESHOLD, OPT_THRESHOLDS, OPT_TOP, OPT_SHOW_SAMPLES, OPT_TITLE, OPT_WIDTH, OPT_LAST,
       OPT_PG, OPT_SOURCE, OPT_FROM, OPT_TO };

static const struct opt options[] = {
	{ OPT_TEXT, "text", NULL, "plain text (the default)" },
	{ OPT_HTML, "html", NULL, "one self-contained HTML page" },
	{ OPT_MD, "markdown", NULL, "Markdown, for tickets and chat" },
	{ OPT_JSON, "json", NULL, "the summary again, cut to the period" },
	{ 'o', "output", "FILE", "write to FILE atomically (default: stdout)" },
	{ OPT_DAILY, "daily", NULL, "a day: the one after it (YYYY-MM-DD), or the last day" },
	{ OPT_WEEKLY, "weekly", NULL, "an ISO week: the one after it (YYYY-Www or a date), or the last" },
	{ OPT_TZ, "tz", "ZONE", "cut days in ZONE (default: local)" },
	{ OPT_CHECK, "check", NULL, "status line first; exit 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN" },
	{ OPT_THRESHOLD, "threshold", "NAME=W:C", "override a check's limits (repeatable)" },
	{ OPT_THRESHOLDS, "thresholds", "FILE", "read NAME=W:C lines from FILE" },
	{ OPT_TOP, "top", "N", "rows of each top list (default 10)" },
	{ OPT_SHOW_SAMPLES, "show-samples", NULL, "show samples as logged (default: PII and secrets masked)" },
	{ 'q', "quiet", NULL, "no warnings (errors are still shown)" },
	{ OPT_LAST, "last", "DURATION", "the DURATION (7d, 24h) up to the summary's last event, rolling" },
	{ OPT_FROM, "from", "DATE", "with --to: the days from DATE to --to's, inclusive" },
	{ OPT_TO, "to", "DATE", "the last day of --from's range" },
	{ OPT_PG, "pg", "CONNINFO", "read the summaries stored in PostgreSQL (docs/postgresql.md) for the period (default: the last day stored)" },
	{ OPT_SOURCE, "source", "NAME", "with --pg: only this source; * and ? match (repeatable; default: all)" },
	{ OPT_TITLE, "title", "TEXT", "name the report (a host, a service) instead of \"logsift\"" },
	{ OPT_WIDTH, "width", "COLUMNS", "text: fit lines to COLUMNS (default 100; 0: no limit)" },
	{ 0, NULL, NULL, NULL },
};

static const struct opts_spec spec = {
	"[OPTIONS] [--daily [DATE] | --weekly [WEEK] | --from DATE --to DATE] [SUMMARY...]\n"
	"       report --pg CONNINFO [--source NAME...] [OPTIONS]",
	"Render a summary (analyze's output; SUMMARY '-' or none: stdin; several\n"
	"are merged) as a report.  Without --daily or --weekly the report covers\n"
	"the summary's whole window.",
	options,
	"exit status: 0 ok, 1 unreadable summary, 2 usage, 3 system error;\n"
	"with --check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (no data or no summary)\n",
};

static int on_option(void *ctx, int id, const char *arg)
{
	struct cli *c = ctx;

	switch (id) {
	case OPT_TEXT: c->format = FMT_TEXT; return 0;
	case OPT_HTML: c->format = FMT_HTML; return 0;
	case OPT_MD: c->format = FMT_MARKDOWN; return 0;
	case OPT_JSON: c->format = FMT_JSON; return 0;
	case 'o': c->output = arg; return 0;
	case 'q': diag_quiet(true); return 0;
	case OPT_DAILY: c->kind = PERIOD_DAY; return 0;
	case OPT_WEEKLY: c->kind = PERIOD_WEEK; return 0;
	case OPT_LAST: c->kind = PERIOD_LAST; c->when = arg; return 0;
	case OPT_TZ: c->tz = arg; return 0;
	case OPT_PG: c->pg = arg; return 0;
	case OPT_FROM: c->kind = PERIOD_RANGE; c->from = arg; return 0;
	case OPT_TO: c->kind = PERIOD_RANGE; c->to = arg; return 0;
	case OPT_SOURCE:
		if (c->sel.nglobs == PGSTORE_SOURCES)
			return diag_error(NULL, "at most %d --source", PGSTORE_SOURCES);
		c->sel.globs[c->sel.nglobs++] = arg;
		return 0;
	case OPT_CHECK: c->check = true; return 0;
	case OPT_SHOW_SAMPLES: c->show_samples = true; return 0;
	case OPT_TITLE: c->title = arg; return 0;
	case OPT_THRESHOLD:
	case OPT_THRESHOLDS:
	case OPT_TOP:
	case OPT_WIDTH:
		if (c->nlater == (int)(sizeof c->later_id / sizeof c->later_id[0]))
			return diag_error(NULL, "too many --threshold, --thresholds and --top options");
		c->later_id[c->nlater] = id;
		c->later_arg[c->nlater++] = arg;
		return 0;
	}
	return -1;
}

static _Noreturn void give_up(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The options judged after all were read (see struct cli). */
static void apply_later(struct cli *c)
{
	for (int i = 0; i < c->nlater; i++) {
		const char *arg = c->later_arg[i];
		char err[300], *end;
		unsigned long n;

		switch (c->later_id[i]) {
		case OPT_TOP:
			errno = 0;
			n = strtoul(arg, &end, 10);
			if (errno || *end || n < 1 || n > 100)
				give_up(c, "invalid --top '%s' (1..100)", arg);
			c->top = n;
			break;
		case OPT_WIDTH:
			errno = 0;
			n = strtoul(arg, &end, 10);
			if (errno || *end || end == arg || (n && (n < 40 || n > 1000)))
				give_up(c, "invalid --width '%s' (0, or 40..1000 columns)", arg);
			c->width = n;
			break;
		case OPT_THRESHOLD:
			if (thresholds_set(&c->limits, arg, err, sizeof err))
				give_up(c, "--threshold %s", err);
			c->limits_given = true;
			break;
		case OPT_THRESHOLDS:
			if (thresholds_load(&c->limits, arg, err, sizeof err))
				give_up(c, "%s", err);
			c->limits_given = true;
			break;
		}
	}
}

/* Gives up: with --check, as UNKNOWN on stdout (a monitoring system reads
 * 3, not a usage error); otherwise as a usage error. */
static _Noreturn void give_up(const struct cli *c, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->check) {
		printf("UNKNOWN - %s\n", msg);
		fflush(stdout);
		diag_die(LS_EXIT_SYSTEM, "%s", msg); /* 3: UNKNOWN to Nagios too */
	}
	diag_die(LS_EXIT_USAGE, "%s", msg);
}

/* Reads and merges the summaries; returns 0, or -1 after a message. */
static int load(struct summary *s, char **paths, int n)
{
	static char *stdin_only[] = { "-" };
	char err[400];
	int rc = 0;
	bool first = true;

	if (n == 0) {
		paths = stdin_only;
		n = 1;
	}
	for (int i = 0; i < n; i++) {
		/* the first straight into s: a large summary is not held twice */
		if (first ? summary_read_file(s, paths[i], err, sizeof err)
			  : summary_merge_file(s, paths[i], first, err, sizeof err))
			rc = diag_error(NULL, "%s", err);
		else
			first = false; /* settings come from the first summary read */
	}
	return rc;
}

/* Reads the store's summaries for the period; false after a message
 * (with --check, UNKNOWN is printed by the caller). */
static bool load_pg(const struct cli *c, struct summary *s, struct tz *zone, struct period *p)
{
	char err[400];
	struct pgstore *st = pgstore_open(c->pg, err, sizeof err);
	long n;

	if (!st) {
		diag_error(NULL, "%s", err);
		return false;
	}
	n = pgstore_load_period(st, s, &c->sel, c->kind, c->when, zone, p, err, sizeof err);
	pgstore_close(st);
	if (n < 0) {
		diag_error(NULL, "%s", err);
		return false;
	}
	if (n == 0)
		diag_warn(NULL, "the store holds no summary %sfor %s", c->sel.nglobs ?
			  "of those sources " : "", p->name);
	return true;
}

int main(int argc, char **argv)
{
	struct cli c = { .top = 10, .width = 100 };
	struct summary s;
	struct period p;
	struct tz *zone;
	struct check checks[CHECKS_MAX];
	struct buf out;
	char err[300], zone_name[96], range[96];
	int first, rc = LS_EXIT_OK;
	bool loaded;

	diag_init(argv[0]);
	mem_keep_freed(); /* summaries read one after another (mem.h) */
	thresholds_defaults(&c.limits);
	first = opts_parse(argc, argv, &spec, on_option, &c);
	apply_later(&c);
	if ((c.kind == PERIOD_DAY || c.kind == PERIOD_WEEK) && first < argc && period_is_when(argv[first]))
		c.when = argv[first++];
	zone = tz_new(c.tz);
	if (!zone)
		give_up(&c, "unknown time zone '%s'", c.tz);

	if (c.kind == PERIOD_RANGE) {
		if (!c.from || !c.to)
			give_up(&c, "--from and --to go together");
		snprintf(range, sizeof range, "%.40s/%.40s", c.from, c.to);
		c.when = range;
	}
	if (c.sel.nglobs && !c.pg)
		give_up(&c, "--source selects stored summaries: give --pg CONNINFO");
	if (c.pg && first < argc)
		give_up(&c, "--pg reads the store: no SUMMARY files with it");

	summary_init(&s);
	if (c.pg)
		loaded = load_pg(&c, &s, zone, &p);
	else
		loaded = load(&s, argv + first, argc - first) == 0;
	if (!loaded) {
		if (c.check) {
			printf("UNKNOWN - cannot read the %s\n", c.pg ? "PostgreSQL store" : "summary");
			rc = NAGIOS_UNKNOWN;
		} else {
			rc = c.pg ? LS_EXIT_SYSTEM : LS_EXIT_DATA; /* the store, as any system */
		}
		goto done;
	}
	if (c.limits_given)
		s.limits = c.limits;
	if (!c.pg && period_select(&p, c.kind, c.when, &s, zone, err, sizeof err))
		give_up(&c, "%s", err);

	report_checks(&s, &p, &s.limits, zone, checks);
	tz_describe(zone, zone_name, sizeof zone_name);
	buf_init(&out, 0);
	if (c.check) {
		static const int code[] = { NAGIOS_UNKNOWN, NAGIOS_OK, NAGIOS_WARNING, NAGIOS_CRITICAL };

		report_check_line(&out, &s, &p, checks, &s.limits);
		printf("%.*s\n", (int)out.len, out.p);
		buf_reset(&out);
		fflush(stdout);
		rc = code[report_status(&s, &p, &s.limits, checks)];
	}
	if (c.format == FMT_JSON) {
		if (p.kind != PERIOD_WINDOW)
			summary_cut(&s, p.start_ms, p.end_ms);
		summary_encode(&s, &out);
	} else {
		struct report_opts o = { zone, zone_name, c.top,
					 c.show_samples ? NULL : rules_new(false), c.title,
					 c.check && !c.output };
		struct doc d;

		doc_init(&d);
		report_build(&d, &s, &p, &s.limits, &o);
		if (c.format == FMT_HTML)
			render_html(&d, &out);
		else if (c.format == FMT_MARKDOWN)
			render_markdown(&d, &out);
		else
			render_text(&d, &out, !c.output && isatty(1) && !getenv("NO_COLOR"), c.width);
		doc_release(&d);
		rules_free(o.mask);
	}
	if (out.err)
		diag_die(LS_EXIT_SYSTEM, "out of memory rendering the report");
	if (outfile_write(c.output ? c.output : "-", out.p, out.len, err, sizeof err))
		diag_die(LS_EXIT_SYSTEM, "%s", err);
	buf_release(&out);
done:
	summary_release(&s);
	tz_free(zone);
	return rc;
}
