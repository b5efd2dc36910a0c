/*
 * ingest: reads logs of any common format (plain or gzip) and writes one
 * JSON event per record, or the original lines (--raw), or a count; with
 * filters it is the incident grep.  Options in, file loop, exit status.
 */
#include <errno.h>  /* errno */
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* strtoull */
#include <unistd.h> /* isatty */
#include <string.h> /* strcmp, strerror */
#include <time.h>   /* clock_gettime */

#include "diag.h"
#include "fields.h"
#include "ingest.h"
#include "lines.h"
#include "mem.h"
#include "opts.h"
#include "out.h"
#include "parser.h"
#include "rawout.h"
#include "crs.h"
#include "rules.h"
#include "tz.h"
#include "when.h"

#define MAX_MAPS 16
#define MAX_RULE_FILES 16

struct cli {
	struct ingest_opts o;
	const char *format, *log_format, *tz, *now, *since, *until, *grep;
	bool caseless;
	struct json_map maps[MAX_MAPS];
	size_t nmaps;
	char metric[EVENT_MAX_METRICS][EVENT_METRIC_NAME]; /* --metric names */
	size_t nmetrics;
	const char *rule_files[MAX_RULE_FILES];
	size_t nrule_files;
	bool no_default_rules;
	bool crs, list_skipped;    /* --crs, --crs-dir, --list-skipped */
	const char *crs_dir;
	const char *crs_exclusions[MAX_RULE_FILES]; /* --crs-exclusions(-after) */
	bool crs_after[MAX_RULE_FILES];
	size_t ncrs_exclusions;
	struct rawout_opts raw;    /* -H -n -A -B -C -l -q --color */
	int filename;              /* -H 1, --no-filename 0, default -1 */
	int merge;                 /* --merge-time 1, --no-merge-time 0, default -1 */
	const char *color;
};

/* --metric NAME[=PATH]: the name kept for the events, the path a --map
 * entry feeding it (so --map's paths and precedence apply). */
static int metric_option(struct cli *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	const char *path = eq ? eq + 1 : arg;
	struct json_map *m;

	if (!event_metric_name_ok(arg, n) || !*path || strlen(path) >= sizeof m->path)
		return diag_error(NULL, "invalid --metric '%s' (NAME[=PATH]; a NAME of letters, "
				  "digits, '_', '.', '-', at most %d)", arg, EVENT_METRIC_NAME - 1);
	if (c->nmetrics == EVENT_MAX_METRICS || c->nmaps == MAX_MAPS)
		return diag_error(NULL, "--metric '%s': at most %d metrics", arg, EVENT_MAX_METRICS);
	memcpy(c->metric[c->nmetrics], arg, n);
	c->metric[c->nmetrics][n] = '\0';
	m = &c->maps[c->nmaps++];
	m->field = F_METRIC + (int)c->nmetrics++;
	snprintf(m->path, sizeof m->path, "%s", path);
	m->scale = 1;
	return 0;
}

enum {
	OPT_MAX_LINE = 0x100, OPT_FORMAT, OPT_LOG_FORMAT, OPT_MAP, OPT_TZ,
	OPT_NOW, OPT_SINCE, OPT_UNTIL, OPT_LEVEL, OPT_FIELD, OPT_GREP,
	OPT_RULES, OPT_NO_DEFAULT_RULES, OPT_CRS, OPT_CRS_DIR, OPT_CRS_EXCLUSIONS, OPT_CRS_EXCLUSIONS_AFTER, OPT_LIST_SKIPPED, OPT_REDACT, OPT_NO_FILENAME, OPT_COLOR,
	OPT_MERGE_TIME, OPT_NO_MERGE_TIME, OPT_SERVICE, OPT_METRIC,
};

static const struct opt options[] = {
	{ OPT_FORMAT, "format", "NAME", "parse every file as NAME (default: detect per line)" },
	{ OPT_LOG_FORMAT, "log-format", "FMT", "an nginx log_format string for custom access logs" },
	{ OPT_MAP, "map", "F=PATH[/N]", "take event field F from JSON key PATH (divided by N)" },
	{ OPT_METRIC, "metric", "NAME[=PATH]", "a number to aggregate: JSON or logfmt key PATH (default NAME) as metric NAME (repeatable, 4)" },
	{ OPT_SERVICE, "service", "NAME", "the service of events whose line names none (default: upstream, unit, program, logger)" },
	{ OPT_TZ, "tz", "ZONE", "zone of timestamps without one (default: local)" },
	{ OPT_NOW, "now", "TIME", "the current time, for relative times and syslog years" },
	{ OPT_SINCE, "since", "TIME", "records at or after TIME (2026-11-16, 2h, 7d, today)" },
	{ OPT_UNTIL, "until", "TIME", "records before TIME" },
	{ OPT_LEVEL, "level", "LEVEL", "records of LEVEL or worse (debug info warn error ...)" },
	{ OPT_FIELD, "field", "F=VALUE", "records whose field F is VALUE: = != < <= > >=, a,b,c (repeatable)" },
	{ OPT_GREP, "grep", "REGEX", "records with a line matching the PCRE2 REGEX" },
	{ 'i', "ignore-case", NULL, "--grep ignores case" },
	{ 'v', "invert", NULL, "records with no line matching --grep" },
	{ 'r', "raw", NULL, "write the original lines instead of events" },
	{ 'c', "count", NULL, "write only the number of matching records" },
	{ 'H', "with-filename", NULL, "--raw: the file name before each line (default with several files)" },
	{ OPT_NO_FILENAME, "no-filename", NULL, "--raw: no file names" },
	{ 'n', "line-number", NULL, "--raw: the line number before each line" },
	{ 'A', "after-context", "N", "--raw: N records after each match" },
	{ 'B', "before-context", "N", "--raw: N records before each match" },
	{ 'C', "context", "N", "--raw: N records before and after each match" },
	{ OPT_MERGE_TIME, "merge-time", NULL, "--raw: interleave the files' records by time (default with several files)" },
	{ OPT_NO_MERGE_TIME, "no-merge-time", NULL, "--raw: one file after another" },
	{ 'l', "files-with-matches", NULL, "only the names of files with a matching record" },
	{ 'q', "quiet", NULL, "write nothing, warn of nothing: the exit status says whether a record matched" },
	{ OPT_COLOR, "color", "WHEN", "--raw: colour matches, names, numbers: auto (a terminal, no NO_COLOR), always, never" },
	{ 's', "stats", NULL, "print per-file accounting to stderr" },
	{ OPT_RULES, "rules", "FILE", "add rules from FILE (same id: replaces) (repeatable)" },
	{ OPT_NO_DEFAULT_RULES, "no-default-rules", NULL, "drop the built-in rules" },
	{ OPT_CRS, "crs", NULL, "also the OWASP CRS's level-1 request rules (" CRS_DEFAULT_DIR ", Debian's modsecurity-crs): tags crs.ID" },
	{ OPT_CRS_DIR, "crs-dir", "DIR", "--crs, with the CRS rule files of DIR" },
	{ OPT_CRS_EXCLUSIONS, "crs-exclusions", "FILE", "--crs, with the site's rule exclusions of FILE "
	  "(repeatable; default: Debian's, in /etc/modsecurity/crs)" },
	{ OPT_CRS_EXCLUSIONS_AFTER, "crs-exclusions-after", "FILE", "the same, of a file included "
	  "after the rules (as RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf)" },
	{ OPT_LIST_SKIPPED, "list-skipped", NULL, "with --crs: list the CRS rules a log cannot answer, and why, then exit" },
	{ OPT_REDACT, "redact", NULL, "mask PII and secrets in events and --raw lines" },
	{ OPT_MAX_LINE, "max-line", "BYTES", "cut longer lines (default 1048576)" },
	{ 0, NULL, NULL, NULL },
};

static const struct opts_spec spec = {
	"[OPTIONS] [FILE...]",
	"Read plain or gzipped logs (FILE '-' or none: stdin) and write one JSON\n"
	"event per record; see ingest(1) and docs/events.md.",
	options,
	"formats (tried in this order; docs/events.md has an example of each):\n"
	"  json (Docker's json-file and journald's JSON unwrapped), cri, access,\n"
	"  access_vhost, syslog5424, syslog, haproxy, gin, envoy, alb, cloudfront,\n"
	"  morgan, rails, uwsgi, nginx_error, apache_error, postgresql, ruby, klog,\n"
	"  text, levelfirst, logfmt, compose, stamped (any line that starts with a\n"
	"  time), custom\n"
	"exit status: 0 ok, 1 some input was bad, 2 usage, 3 system error;\n"
	"with --grep, -l or -q as grep: 0 a record matched, 1 none did, 2 an error\n",
};

static int parse_size(const char *arg, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || v < 16 || v > (1ULL << 30))
		return diag_error(NULL, "invalid size '%s' (16..1073741824)", arg);
	*out = (size_t)v;
	return 0;
}

static int parse_context(const char *arg, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || v > RAWOUT_MAX_CONTEXT)
		return diag_error(NULL, "invalid context '%s' (records, 0..%d)", arg,
				  RAWOUT_MAX_CONTEXT);
	*out = (unsigned)v;
	return 0;
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct cli *c = ctx;

	switch (id) {
	case 'r': c->o.mode = MODE_RAW; return 0;
	case 'H': c->filename = 1; return 0;
	case OPT_NO_FILENAME: c->filename = 0; return 0;
	case OPT_MERGE_TIME: c->merge = 1; return 0;
	case OPT_NO_MERGE_TIME: c->merge = 0; return 0;
	case 'n': c->raw.line_numbers = true; return 0;
	case 'l': c->raw.list = true; return 0;
	case 'q': c->raw.quiet = true; diag_quiet(true); return 0;
	case 'A': return parse_context(arg, &c->raw.after);
	case 'B': return parse_context(arg, &c->raw.before);
	case 'C':
		if (parse_context(arg, &c->raw.after))
			return -1;
		c->raw.before = c->raw.after;
		return 0;
	case OPT_COLOR:
		if (!strcmp(arg, "auto") || !strcmp(arg, "always") || !strcmp(arg, "never")) {
			c->color = arg;
			return 0;
		}
		return diag_error(NULL, "invalid --color '%s' (auto, always or never)", arg);
	case 'c': c->o.mode = MODE_COUNT; return 0;
	case 's': c->o.stats = true; return 0;
	case 'i': c->caseless = true; return 0;
	case 'v': c->o.filter.invert = true; return 0;
	case OPT_MAX_LINE: return parse_size(arg, &c->o.max_line);
	case OPT_FORMAT: c->format = arg; return 0;
	case OPT_SERVICE: c->o.service = arg; return 0;
	case OPT_LOG_FORMAT: c->log_format = arg; return 0;
	case OPT_TZ: c->tz = arg; return 0;
	case OPT_NOW: c->now = arg; return 0;
	case OPT_SINCE: c->since = arg; return 0;
	case OPT_UNTIL: c->until = arg; return 0;
	case OPT_GREP: c->grep = arg; return 0;
	case OPT_NO_DEFAULT_RULES: c->no_default_rules = true; return 0;
	case OPT_CRS: c->crs = true; return 0;
	case OPT_CRS_DIR: c->crs = true; c->crs_dir = arg; return 0;
	case OPT_CRS_EXCLUSIONS:
	case OPT_CRS_EXCLUSIONS_AFTER:
		if (c->ncrs_exclusions == MAX_RULE_FILES)
			return diag_error(NULL, "at most %d --crs-exclusions files", MAX_RULE_FILES);
		c->crs = true;
		c->crs_after[c->ncrs_exclusions] = id == OPT_CRS_EXCLUSIONS_AFTER;
		c->crs_exclusions[c->ncrs_exclusions++] = arg;
		return 0;
	case OPT_LIST_SKIPPED: c->list_skipped = true; return 0;
	case OPT_REDACT: c->o.redact = true; return 0;
	case OPT_RULES:
		if (c->nrule_files == MAX_RULE_FILES)
			return diag_error(NULL, "at most %d --rules files", MAX_RULE_FILES);
		c->rule_files[c->nrule_files++] = arg;
		return 0;
	case OPT_LEVEL:
		c->o.filter.min_level = level_parse(arg, strlen(arg));
		if (!c->o.filter.min_level)
			return diag_error(NULL, "unknown level '%s'", arg);
		return 0;
	case OPT_FIELD:
		if (filter_add_field(&c->o.filter, arg)) {
			char names[256];

			filter_field_names(names, sizeof names);
			return diag_error(NULL, "invalid --field '%s' (NAME=VALUE; names: %s)",
					  arg, names);
		}
		return 0;
	case OPT_MAP:
		if (c->nmaps == MAX_MAPS || json_map_parse(arg, &c->maps[c->nmaps]))
			return diag_error(NULL, "invalid --map '%s' (FIELD=PATH[/N|*N])", arg);
		c->nmaps++;
		return 0;
	case OPT_METRIC:
		return metric_option(c, arg);
	}
	return -1;
}

static int64_t clock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The site's CRS exclusions: those given, or with Debian's rules
 * (--crs alone) Debian's files of them, as its owasp-crs.load includes
 * them, when they are there.  One that cannot be applied is warned of:
 * the events would count what the site's WAF was told to let pass. */
static int load_exclusions(struct cli *c)
{
	static const char *const site[] = { CRS_SITE_BEFORE, CRS_SITE_AFTER };
	char err[512];
	size_t unapplied = 0;

	bool defaults = !c->ncrs_exclusions && !c->crs_dir;

	for (size_t i = 0; defaults && i < 2; i++)
		if (access(site[i], F_OK) == 0) {
			c->crs_after[c->ncrs_exclusions] = i == 1;
			c->crs_exclusions[c->ncrs_exclusions++] = site[i];
		}
	for (size_t i = 0; i < c->ncrs_exclusions; i++)
		if (crs_exclude(c->o.crs, c->crs_exclusions[i], c->crs_after[i], err, sizeof err))
			return diag_error(NULL, "%s%s", err, defaults ? " (the site's CRS exclusions, "
					  "read with --crs; --crs-exclusions /dev/null reads none)" : "");
	crs_exclusions(c->o.crs, &unapplied);
	if (unapplied && !c->list_skipped)
		diag_warn(NULL, "%zu CRS exclusion%s cannot be applied: the rules %s excludes still "
			  "tag events (ingest --crs --list-skipped says which and why)", unapplied,
			  unapplied == 1 ? "" : "s", unapplied == 1 ? "it" : "they");
	return 0;
}

/* Resolves the options that need the zone, clock or parser. */
static int setup(struct cli *c, struct parser_opts *po, struct tz **zone)
{
	char err[256] = "";
	struct filter *f = &c->o.filter;

	*zone = tz_new(c->tz);
	if (!*zone)
		return diag_error(NULL, "unknown time zone '%s'", c->tz);
	po->tctx.zone = *zone;
	po->tctx.now_ms = clock_now_ms();
	if (c->now && when_parse(c->now, &po->tctx, &po->tctx.now_ms))
		return diag_error(NULL, "cannot read --now '%s' (one of: " WHEN_FORMS ")", c->now);
	if (c->since && when_parse(c->since, &po->tctx, &f->since_ms))
		return diag_error(NULL, "cannot read --since '%s' (one of: " WHEN_FORMS ")", c->since);
	if (c->until && when_parse(c->until, &po->tctx, &f->until_ms))
		return diag_error(NULL, "cannot read --until '%s' (one of: " WHEN_FORMS ")", c->until);
	f->has_since = c->since != NULL;
	f->has_until = c->until != NULL;
	if (f->has_since && f->has_until && f->since_ms >= f->until_ms)
		return diag_error(NULL, "--since '%s' is not before --until '%s': nothing could match",
				  c->since, c->until);
	if (c->grep && filter_set_grep(f, c->grep, c->caseless, err, sizeof err))
		return diag_error(NULL, "%s", err);
	if (!c->grep && f->invert)
		return diag_error(NULL, "--invert needs --grep");
	c->o.rules = rules_new(c->no_default_rules);
	for (size_t i = 0; i < c->nrule_files; i++)
		if (rules_load(c->o.rules, c->rule_files[i], err, sizeof err))
			return diag_error(NULL, "%s", err);
	if (c->list_skipped && !c->crs)
		return diag_error(NULL, "--list-skipped lists the CRS rules --crs skips: give --crs");
	if (c->crs && !(c->o.crs = crs_load(c->crs_dir, err, sizeof err)))
		return diag_error(NULL, "%s", err);
	if (c->crs && load_exclusions(c))
		return -1;
	po->log_format = c->log_format;
	po->maps = c->maps;
	po->nmaps = c->nmaps;
	{
		const char *names[EVENT_MAX_METRICS];
		for (size_t i = 0; i < c->nmetrics; i++)
			names[i] = c->metric[i];
		field_metric_names(names, c->nmetrics);
	}
	return 0;
}

#define MERGE_MAX_FILES 256 /* files open at once for --merge-time */

/* --merge-time: a k-way merge of the files' records by time, one record
 * held per file (two at most), so memory does not grow with the files'
 * length; equal times keep the files' order.  Returns 0, or -1 when a file
 * had a fault (reported). */
static int merge_by_time(const struct ingest_opts *o, struct parser *ps, struct out *out,
			 char **paths, int n, uint64_t *written)
{
	struct ingest **igs = xcalloc((size_t)n, sizeof *igs);
	int rc = 0;

	for (int i = 0; i < n; i++) {
		igs[i] = ingest_new(o, ps, out);
		ingest_open(igs[i], paths[i]);
	}
	for (;;) {
		int best = -1;
		int64_t best_ts = 0, ts;

		for (int i = 0; i < n; i++)
			if (ingest_next(igs[i], &ts) && (best < 0 || ts < best_ts))
				best = i, best_ts = ts;
		if (best < 0)
			break;
		ingest_write_next(igs[best]);
	}
	for (int i = 0; i < n; i++) {
		if (ingest_close(igs[i]) < 0)
			rc = -1;
		*written += ingest_written(igs[i]);
		ingest_free(igs[i]);
	}
	free(igs);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli c = { .o = { .max_line = LINES_DEFAULT_MAX, .format = -1 }, .filename = -1,
			 .merge = -1 };
	struct parser_opts po = { 0 };
	struct parser *ps = NULL;
	struct ingest *ig = NULL;
	struct tz *zone = NULL;
	struct out out;
	char err[256] = "";
	int first, status = LS_EXIT_OK;
	uint64_t written = 0;

	diag_init(argv[0]);
	first = opts_parse(argc, argv, &spec, on_option, &c);
	if (setup(&c, &po, &zone) < 0 || !(ps = parser_new(&po, err, sizeof err)) ||
	    (c.format && (c.o.format = parser_find(ps, c.format)) < 0)) {
		if (*err)
			diag_error(NULL, "%s", err);
		else if (ps)
			diag_error(NULL, "unknown format '%s' (one of: %s)", c.format,
				   parser_names(ps));
		fprintf(stderr, "Try '%s --help' for more information.\n", diag_prog());
		parser_free(ps);
		tz_free(zone);
		filter_release(&c.o.filter);
		rules_free(c.o.rules);
		crs_free(c.o.crs);
		return LS_EXIT_USAGE;
	}
	if (c.list_skipped) { /* what --crs could not translate, and why */
		for (size_t i = 0; i < crs_nskipped(c.o.crs); i++) {
			const char *id, *why;
			crs_skipped(c.o.crs, i, &id, &why);
			printf("%s\t%s\n", id, why);
		}
		{
			size_t unapplied, applied = crs_exclusions(c.o.crs, &unapplied);

			printf("# %zu CRS rules translated, %zu skipped\n", crs_count(c.o.crs),
			       crs_nskipped(c.o.crs) - unapplied);
			for (size_t i = 0; i < c.ncrs_exclusions; i++)
				printf("# the site's exclusions read from %s\n", c.crs_exclusions[i]);
			if (c.ncrs_exclusions)
				printf("# %zu exclusions applied, %zu not\n", applied, unapplied);
		}
		parser_free(ps);
		tz_free(zone);
		filter_release(&c.o.filter);
		rules_free(c.o.rules);
		crs_free(c.o.crs);
		return fflush(stdout) ? LS_EXIT_SYSTEM : LS_EXIT_OK;
	}
	out_init(&out, 1);
	if (c.raw.list || c.raw.quiet)
		c.o.mode = MODE_RAW; /* grep's -l and -q: records selected, not written */
	if (c.o.mode == MODE_RAW) {
		c.raw.filename = c.filename < 0 ? argc - first > 1 : c.filename;
		c.raw.color = c.color ? !strcmp(c.color, "always")
				      || (!strcmp(c.color, "auto") && isatty(1) && !getenv("NO_COLOR"))
				      : isatty(1) && !getenv("NO_COLOR");
		c.raw.grep = &c.o.filter;
		c.o.context = c.raw.before || c.raw.after;
		c.o.rawout = rawout_new(&c.raw, &out);
		c.o.merge_time = !c.raw.list && !c.raw.quiet && argc - first > 1 &&
				 (c.merge < 0 || c.merge);
		if (c.o.merge_time && argc - first > MERGE_MAX_FILES) {
			diag_warn(NULL, "more than %d files: written one after another, not merged "
				  "by time", MERGE_MAX_FILES);
			c.o.merge_time = false;
		}
	}
	c.o.progress = !c.raw.quiet && !c.o.merge_time; /* one line cannot show k files */
	ig = ingest_new(&c.o, ps, &out);
	if (c.o.merge_time) {
		if (merge_by_time(&c.o, ps, &out, argv + first, argc - first, &written) < 0)
			status = LS_EXIT_DATA;
	} else {
		if (first == argc && ingest_file(ig, "-") < 0)
			status = LS_EXIT_DATA;
		for (int i = first; i < argc; i++)
			if (ingest_file(ig, argv[i]) < 0)
				status = LS_EXIT_DATA;
	}
	if (c.o.mode == MODE_COUNT) {
		char num[32];
		int n = snprintf(num, sizeof num, "%llu\n",
				 (unsigned long long)ingest_written(ig));
		out_add(&out, num, (size_t)n);
	}
	/* with --grep, -l or -q the status is grep's: 0 a record was selected,
	 * 1 none was, 2 an error (0 all the same for -q with a match) */
	if (c.grep || c.raw.list || c.raw.quiet) {
		uint64_t hits = c.o.rawout ? rawout_selected(c.o.rawout) : ingest_written(ig) + written;

		status = c.raw.quiet && hits ? LS_EXIT_OK : status != LS_EXIT_OK ? LS_EXIT_USAGE
			 : hits ? LS_EXIT_OK : LS_EXIT_DATA;
	}
	rawout_free(c.o.rawout);
	ingest_free(ig);
	parser_free(ps);
	tz_free(zone);
	filter_release(&c.o.filter);
	rules_free(c.o.rules);
	crs_free(c.o.crs);
	if (out_release(&out) < 0)
		diag_die(LS_EXIT_SYSTEM, "write error: %s", strerror(out.err));
	return status;
}
