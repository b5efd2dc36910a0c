/*
 * analyze: folds an event stream (ingest's output) into one summary
 * document, or with --merge combines summaries.  Options in, file loop,
 * summary out; the definitions live in agg.c, the document in summary_json.c.
 */
#include <errno.h>
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* strtoul */
#include <string.h> /* strcmp, strchr */
#include <time.h>   /* time */
#include <unistd.h> /* gethostname */

#include "agg.h"
#include "buf.h"
#include "bytes.h"
#include "diag.h"
#include "event.h"
#include "input.h"
#include "lines.h"
#include "mem.h"
#include "opts.h"
#include "outfile.h"
#include "period.h"
#include "pgstore.h"
#include "progress.h"
#include "summary.h"
#include "topk.h"
#include "tstamp.h"
#include "tz.h"
#include "when.h"

#define MALFORMED_WARNINGS 5
#define STR_(x) #x
#define STR(x) STR_(x) /* a default in the help text */

struct cli {
	bool merge;
	const char *output;
	const char *source;        /* --source: the summary's label (a host) */
	/* the PostgreSQL store (docs/postgresql.md): --pg CONNINFO, and what
	 * to do there: store the summary (the default), --load a selection
	 * (--source globs, a period) or --prune AGE */
	const char *pg;
	bool load;
	const char *prune;
	struct pgstore_sel sel;
	enum period_kind kind;
	const char *when, *from, *to, *tz;
	struct thresholds limits;
	int brute_window_s;
	double slow_ms;
	bool slow_given;
	unsigned long brute_threshold;
	bool limits_given;       /* --threshold(s) used */
	bool limits_taken;       /* limits taken from the first merged summary */
	int status;              /* exit status so far */
	uint64_t warned;         /* malformed lines reported on stderr */
	bool quiet;                /* -q */
	struct ratio_def ratios[SUMMARY_RATIOS]; /* --ratio */
	size_t nratios;
};

enum { OPT_THRESHOLD = 0x100, OPT_THRESHOLDS, OPT_BRUTE, OPT_MERGE, OPT_SLOW, OPT_RATIO,
       OPT_SOURCE, OPT_PG, OPT_LOAD, OPT_PRUNE, OPT_DAILY, OPT_WEEKLY, OPT_FROM, OPT_TO,
       OPT_LAST, OPT_TZ };

static const struct opt options[] = {
	{ OPT_MERGE, "merge", NULL, "the FILEs are summaries: combine them into one" },
	{ 'o', "output", "FILE", "write the summary to FILE atomically (default: stdout)" },
	{ 'q', "quiet", NULL, "no warnings and no progress line (errors are still shown)" },
	{ OPT_THRESHOLD, "threshold", "NAME=W:C", "warning and critical limits of a check (repeatable)" },
	{ OPT_THRESHOLDS, "thresholds", "FILE", "read NAME=W:C lines from FILE" },
	{ OPT_BRUTE, "brute-force", "N/SECONDS", "flag an IP with more than N failed logins within SECONDS (default " STR(SUMMARY_BRUTE_THRESHOLD) "/" STR(SUMMARY_BRUTE_WINDOW_S) ")" },
	{ OPT_RATIO, "ratio", "NAME=GOOD/ALL", "count events matching GOOD and ALL (an app event name, or words of the message) per hour: a success rate, NAME.rate in checks (repeatable, 4)" },
	{ OPT_SOURCE, "source", "NAME", "label the summary as one source's (a host; with --pg, default: the host name); with --load, the sources to read (* and ? match; repeatable)" },
	{ OPT_PG, "pg", "CONNINFO", "also store the summary in PostgreSQL, once per input (docs/postgresql.md)" },
	{ OPT_LOAD, "load", NULL, "with --pg: write the stored summaries of a period merged, instead of reading events" },
	{ OPT_DAILY, "daily", NULL, "with --load: a day (YYYY-MM-DD), or the last stored" },
	{ OPT_WEEKLY, "weekly", NULL, "with --load: an ISO week (YYYY-Www or a date), or the last" },
	{ OPT_FROM, "from", "DATE", "with --load and --to: the days from DATE to --to's, inclusive" },
	{ OPT_TO, "to", "DATE", "the last day of --from's range" },
	{ OPT_LAST, "last", "DURATION", "with --load: the DURATION (7d, 24h) up to the last hour stored" },
	{ OPT_TZ, "tz", "ZONE", "with --load: cut days in ZONE (default: local)" },
	{ OPT_PRUNE, "prune", "AGE", "with --pg: drop the stored months older than AGE (90d), and nothing else" },
	{ OPT_SLOW, "slow", "MS", "count requests slower than MS milliseconds (default " STR(SUMMARY_SLOW_MS) ")" },
	{ 0, NULL, NULL, NULL },
};

static const struct opts_spec spec = {
	"[OPTIONS] [FILE...]\n"
	"       analyze --pg CONNINFO --load [--source NAME...] [--daily [DATE] | --weekly [WEEK] |\n"
	"               --from DATE --to DATE | --last DURATION]\n"
	"       analyze --pg CONNINFO --prune AGE",
	"Read events (ingest's output; FILE '-' or none: stdin) and write one\n"
	"summary: hourly counts, error rates, latency percentiles, top lists,\n"
	"security and auth figures, threshold checks.  See docs/summary.md.",
	options,
	"checks: error_rate avg_latency p95_latency error_lines_per_day\n"
	"        rate_limit_per_hour security_per_day ('-' or empty turns a limit off)\n"
	"exit status: 0 ok, 1 some input was bad (summary still written), 2 usage,\n"
	"             3 system error (the PostgreSQL store too: the summary is still written)\n",
};

static int on_option(void *ctx, int id, const char *arg)
{
	struct cli *c = ctx;
	char *end;
	const char *slash;

	switch (id) {
	case OPT_MERGE: c->merge = true; return 0;
	case 'o': c->output = arg; return 0;
	case OPT_SOURCE:
		if (!*arg || strlen(arg) >= SUMMARY_SOURCE_NAME)
			return diag_error(NULL, "invalid --source '%s' (1..%d bytes)", arg,
					  SUMMARY_SOURCE_NAME - 1);
		if (c->sel.nglobs == PGSTORE_SOURCES)
			return diag_error(NULL, "at most %d --source", PGSTORE_SOURCES);
		c->sel.globs[c->sel.nglobs++] = c->source = arg;
		return 0;
	case OPT_PG: c->pg = arg; return 0;
	case OPT_LOAD: c->load = true; return 0;
	case OPT_PRUNE: c->prune = arg; return 0;
	case OPT_DAILY: c->kind = PERIOD_DAY; return 0;
	case OPT_WEEKLY: c->kind = PERIOD_WEEK; return 0;
	case OPT_FROM: c->kind = PERIOD_RANGE; c->from = arg; return 0;
	case OPT_TO: c->kind = PERIOD_RANGE; c->to = arg; return 0;
	case OPT_LAST: c->kind = PERIOD_LAST; c->when = arg; return 0;
	case OPT_TZ: c->tz = arg; return 0;
	case 'q': c->quiet = true; diag_quiet(true); return 0;
	case OPT_THRESHOLD:
	case OPT_THRESHOLDS:
		c->limits_given = true;
		return thresholds_option(&c->limits, id == OPT_THRESHOLDS, arg);
	case OPT_RATIO: {
		char err[256];
		if (c->nratios == SUMMARY_RATIOS)
			return diag_error(NULL, "--ratio '%s': at most %d ratios", arg, SUMMARY_RATIOS);
		if (ratio_parse(arg, &c->ratios[c->nratios], err, sizeof err))
			return diag_error(NULL, "invalid --ratio %s", err);
		c->nratios++;
		return 0;
	}
	case OPT_SLOW:
		errno = 0;
		c->slow_ms = strtod(arg, &end);
		if (errno || end == arg || *end || !(c->slow_ms >= 0) || c->slow_ms > SUMMARY_SLOW_MAX)
			return diag_error(NULL, "invalid --slow '%s' (milliseconds)", arg);
		c->slow_given = true;
		return 0;
	case OPT_BRUTE:
		slash = strchr(arg, '/');
		errno = 0;
		c->brute_threshold = strtoul(arg, &end, 10);
		if (!slash || end != slash || errno || c->brute_threshold < 1 ||
		    c->brute_threshold >= AUTH_RECENT)
			return diag_error(NULL, "invalid --brute-force '%s' (N/SECONDS, N 1..%d)",
					  arg, AUTH_RECENT - 1);
		c->brute_window_s = (int)strtoul(slash + 1, &end, 10);
		if (*end || c->brute_window_s < 1 || c->brute_window_s > SUMMARY_BRUTE_WINDOW_MAX)
			return diag_error(NULL, "invalid --brute-force '%s' (SECONDS 1..%d)", arg,
					  SUMMARY_BRUTE_WINDOW_MAX);
		return 0;
	}
	return -1;
}

static void note_malformed(struct cli *c, struct summary *s, const char *file, uint64_t line,
			   const char *what)
{
	struct diag_where w = { file, line };

	if (s->malformed < SOURCE_SAMPLES)
		s->malformed_at[s->malformed] = line;
	s->malformed++;
	if (c->warned++ < MALFORMED_WARNINGS)
		diag_warn(&w, "%s (counted as malformed)", what);
	c->status = LS_EXIT_DATA;
}

/* Reports an input fault; the lines before it were used. */
static void note_fault(struct cli *c, struct input *in)
{
	struct diag_where w = { input_name(in), 0 };

	if (input_fault(in) == INPUT_FAULT_NONE)
		return;
	diag_error(&w, "%s", input_error(in));
	c->status = LS_EXIT_DATA;
}

static void read_events(struct cli *c, struct agg *a, const char *path)
{
	struct input *in = input_open(path);
	struct lines *lr = lines_new(in, EVENT_LINE_MAX); /* the longest event ingest writes */
	struct buf scratch;
	struct event e;
	struct line l;
	bool hinted = false;
	struct progress prog;

	buf_init(&scratch, 0);
	progress_start(&prog, !c->quiet);
	while (lines_next(lr, &l) > 0) {
		progress_update(&prog, input_name(in), input_offset_raw(in), input_size(in));
		if (l.truncated) {
			note_malformed(c, a->s, input_name(in), l.no, "event line too long");
			continue;
		}
		if (l.len == 0)
			continue;
		hinted = hinted || l.no > 1; /* only a file's first line is hinted */
		switch (event_decode(l.p, l.len, &scratch, &e)) {
		case EVENT_IS_EVENT:
			agg_event(a, &e);
			break;
		case EVENT_IS_SOURCE:
			if (agg_source(a, l.p, l.len))
				note_malformed(c, a->s, input_name(in), l.no, "unreadable source record");
			break;
		case EVENT_IS_OTHER:
			a->s->other_records++;
			if (!hinted && bytes_find(l.p, l.len, "\"type\":\"summary\"", 18)) {
				struct diag_where w = { input_name(in), 0 };
				diag_error(&w, "a summary, not events: combine summaries with "
					   "analyze --merge");
				c->status = LS_EXIT_DATA;
			}
			break;
		case EVENT_MALFORMED:
			if (!hinted) { /* at a file's first line: say what it is instead */
				struct diag_where w = { input_name(in), l.no };

				if (l.p[0] != '{')
					diag_error(&w, "not an event stream (a raw log?): run it "
						   "through ingest first (ingest FILE | analyze)");
				else if (l.len == 1)
					diag_error(&w, "JSON, but not one event a line (a summary? "
						   "combine summaries with analyze --merge)");
			}
			note_malformed(c, a->s, input_name(in), l.no, "not an event");
			break;
		}
	}
	progress_end(&prog);
	note_fault(c, in);
	buf_release(&scratch);
	lines_free(lr);
	input_free(in);
}

static void read_summary(struct cli *c, struct summary *dst, const char *path)
{
	char err[400];

	/* settings come from the first summary read, unless given */
	if (summary_merge_file(dst, path, !c->limits_taken, err, sizeof err)) {
		diag_error(NULL, "%s; skipped", err);
		c->status = LS_EXIT_DATA;
		return;
	}
	c->limits_taken = true;
}

/* --pg CONNINFO --prune AGE: drops the months older than AGE. */
static int pg_prune(const struct cli *c)
{
	char err[400];
	int64_t age = when_duration(c->prune);
	struct pgstore *st;
	long n;

	if (age <= 0)
		diag_die(LS_EXIT_USAGE, "invalid --prune '%s' (an age: 90d, 12w)", c->prune);
	st = pgstore_open(c->pg, err, sizeof err);
	if (!st)
		diag_die(LS_EXIT_SYSTEM, "%s", err);
	n = pgstore_prune(st, (int64_t)time(NULL) * 1000 - age, err, sizeof err);
	pgstore_close(st);
	if (n < 0)
		diag_die(LS_EXIT_SYSTEM, "%s", err);
	if (!c->quiet)
		diag_note("dropped %ld monthly partition%s older than %s", n, n == 1 ? "" : "s",
			  c->prune);
	return LS_EXIT_OK;
}

/* --pg CONNINFO --load: the selection's stored summaries of the period,
 * merged into s and cut to the period, as report --pg --json writes it. */
static void pg_load(const struct cli *c, struct summary *s)
{
	char err[400];
	struct tz *zone = tz_new(c->tz);
	struct pgstore *st;
	struct period p;
	long n;

	if (!zone)
		diag_die(LS_EXIT_USAGE, "unknown time zone '%s'", c->tz);
	st = pgstore_open(c->pg, err, sizeof err);
	if (!st)
		diag_die(LS_EXIT_SYSTEM, "%s", err);
	n = pgstore_load_period(st, s, &c->sel, c->kind, c->when, zone, &p, err, sizeof err);
	pgstore_close(st);
	tz_free(zone);
	if (n < 0)
		diag_die(LS_EXIT_SYSTEM, "%s", err);
	if (n == 0)
		diag_warn(NULL, "the store holds no summary %sfor %s", c->sel.nglobs ?
			  "of those sources " : "", p.name);
	summary_cut(s, p.start_ms, p.end_ms);
}

/* Stores s in the store as the source's (--source, else the one source a
 * summary was labelled with, else the host name);
 * the exit status: 0, or 3 after a message. */
static int pg_store(const struct cli *c, const struct summary *s)
{
	char err[400], host[SUMMARY_SOURCE_NAME];
	const char *source = c->source;
	struct pgstore *st;
	int rc;

	if (!source && topk_size(s->hosts) == 1) /* a summary labelled before */
		source = topk_entry(s->hosts, 0)->key;
	if (!source) {
		if (gethostname(host, sizeof host) || !host[0])
			snprintf(host, sizeof host, "localhost");
		host[sizeof host - 1] = 0;
		source = host;
	}
	st = pgstore_open(c->pg, err, sizeof err);
	if (!st) {
		diag_error(NULL, "%s; the summary was not stored", err);
		return LS_EXIT_SYSTEM;
	}
	rc = pgstore_put(st, s, source, err, sizeof err);
	pgstore_close(st);
	if (rc < 0) {
		diag_error(NULL, "%s; the summary was not stored", err);
		return LS_EXIT_SYSTEM;
	}
	if (!c->quiet)
		diag_note(rc ? "stored the summary as %s's" : "the store already holds this "
			  "summary of %s: nothing changed", source);
	return LS_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct cli c = { .brute_window_s = SUMMARY_BRUTE_WINDOW_S,
			 .brute_threshold = SUMMARY_BRUTE_THRESHOLD, .slow_ms = SUMMARY_SLOW_MS };
	struct summary s;
	struct agg a;
	struct buf doc;
	char err[300], range[96];
	int first;

	diag_init(argv[0]);
	thresholds_defaults(&c.limits);
	first = opts_parse(argc, argv, &spec, on_option, &c);
	if ((c.kind == PERIOD_DAY || c.kind == PERIOD_WEEK) && first < argc &&
	    period_is_when(argv[first]))
		c.when = argv[first++];
	if (c.kind == PERIOD_RANGE) {
		if (!c.from || !c.to)
			diag_die(LS_EXIT_USAGE, "--from and --to go together");
		snprintf(range, sizeof range, "%.40s/%.40s", c.from, c.to);
		c.when = range;
	}
	if ((c.load || c.prune) && !c.pg)
		diag_die(LS_EXIT_USAGE, "--%s works on the store: give --pg CONNINFO",
			 c.load ? "load" : "prune");
	if ((c.kind != PERIOD_WINDOW || c.tz) && !c.load)
		diag_die(LS_EXIT_USAGE, "a period (--daily, --weekly, --from, --last, --tz) "
			 "selects stored summaries: give --pg CONNINFO --load");
	if ((c.load || c.prune) && (first < argc || c.merge))
		diag_die(LS_EXIT_USAGE, "--%s reads the store, not FILEs", c.load ? "load" : "prune");
	if (c.load && c.prune)
		diag_die(LS_EXIT_USAGE, "--load or --prune, not both");
	if (!c.load && c.sel.nglobs > 1)
		diag_die(LS_EXIT_USAGE, "one --source names a summary (several select with --load)");
	if (c.prune)
		return pg_prune(&c);
	if (c.merge || c.load)
		mem_keep_freed(); /* summaries read one after another (mem.h); not for
				   * events, whose tables grow and would keep their old copies */
	summary_init(&s);
	s.limits = c.limits;
	s.brute_window_s = c.brute_window_s;
	s.brute_threshold = c.brute_threshold;
	s.slow_ms = c.slow_ms;
	for (size_t i = 0; i < c.nratios; i++)
		if (summary_ratio(&s, &c.ratios[i]) < 0)
			diag_die(LS_EXIT_USAGE, "--ratio %s is given twice with other sides",
				 c.ratios[i].name);
	agg_init(&a, &s);
	if (c.load) {
		pg_load(&c, &s);
	} else if (first >= argc) {
		if (c.merge)
			diag_die(LS_EXIT_USAGE, "--merge needs summary files");
		read_events(&c, &a, "-");
	}
	for (int i = first; i < argc && !c.load; i++) {
		if (c.merge)
			read_summary(&c, &s, argv[i]);
		else
			read_events(&c, &a, argv[i]);
	}
	/* command-line limits win over those carried by merged summaries */
	if (c.limits_given)
		s.limits = c.limits;
	if (c.source && !c.load)
		summary_label(&s, c.source);
	if (c.slow_given && c.merge && s.slow_ms != c.slow_ms)
		diag_warn(NULL, "--slow does not change the slow counts of merged summaries");
	buf_init(&doc, 0);
	summary_encode(&s, &doc);
	if (doc.err)
		diag_die(LS_EXIT_SYSTEM, "out of memory encoding the summary");
	if (outfile_write(c.output ? c.output : "-", doc.p, doc.len, err, sizeof err))
		diag_die(LS_EXIT_SYSTEM, "%s", err);
	buf_release(&doc);
	if (c.pg && !c.load) { /* after the summary is written: a store down loses nothing */
		int rc = pg_store(&c, &s);
		if (rc > c.status)
			c.status = rc;
	}
	agg_release(&a);
	summary_release(&s);
	return c.status;
}
