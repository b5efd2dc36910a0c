/*
 * ingest: reads log files (plain or gzip, by content) line by line and
 * writes them on.  This first version passes lines through (--raw), counts
 * them (-c) and accounts for every file (--stats); format detection and the
 * event stream come with the parsers.
 */
#include <errno.h>  /* errno */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>  /* printf */
#include <stdlib.h> /* strtoull */
#include <string.h> /* strerror */

#include "diag.h"
#include "input.h"
#include "lines.h"
#include "opts.h"
#include "out.h"

struct ingest_opts {
	bool raw;          /* write the original lines */
	bool count;        /* write only the number of lines */
	bool stats;        /* per-file accounting on stderr */
	size_t max_line;   /* longest line kept whole */
};

enum { OPT_MAX_LINE = 0x100 };

static const struct opt options[] = {
	{ 'r', "raw", NULL, "write the original lines" },
	{ 'c', "count", NULL, "write only the number of lines" },
	{ 's', "stats", NULL, "print per-file accounting to stderr" },
	{ OPT_MAX_LINE, "max-line", "BYTES", "cut longer lines (default 1048576)" },
	{ 0, NULL, NULL, NULL },
};

static const struct opts_spec spec = {
	"[OPTIONS] [FILE...]",
	"Read plain or gzipped logs (FILE '-' or none: stdin).",
	options,
	"exit status: 0 ok, 1 some input was bad, 2 usage, 3 system error\n",
};

static int parse_size(const char *arg, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || v == 0 || v > (1ULL << 30))
		return diag_error(NULL, "invalid size '%s' (1..1073741824)", arg);
	*out = (size_t)v;
	return 0;
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct ingest_opts *o = ctx;

	switch (id) {
	case 'r': o->raw = true; return 0;
	case 'c': o->count = true; return 0;
	case 's': o->stats = true; return 0;
	case OPT_MAX_LINE: return parse_size(arg, &o->max_line);
	}
	return -1;
}

static void report_stats(const char *name, const struct lines_stats *st,
			 const struct input *in)
{
	diag_note("%s: %llu lines, %llu bytes%s, %llu truncated, %llu crlf, "
		  "%llu bytes of an incomplete last line dropped",
		  name, (unsigned long long)st->lines,
		  (unsigned long long)st->bytes,
		  input_is_gzip(in) ? " (gzip)" : "",
		  (unsigned long long)st->truncated,
		  (unsigned long long)st->crlf,
		  (unsigned long long)st->partial_bytes);
}

/* Reads one file to the end.  Returns 0, or -1 if it was bad (reported). */
static int ingest_file(const struct ingest_opts *o, const char *path,
		       struct out *out, uint64_t *total)
{
	struct input *in = input_open(path);
	struct lines *lr = lines_new(in, o->max_line);
	struct diag_where w = { input_name(in), 0 };
	struct line l;
	int rc;

	while ((rc = lines_next(lr, &l)) > 0) {
		if (l.truncated) {
			w.line = l.no;
			diag_warn(&w, "line truncated at %zu bytes", l.len);
		}
		if (o->raw && !o->count) {
			out_add(out, l.p, l.len);
			out_addc(out, '\n');
		}
		(*total)++;
	}
	if (rc < 0) {
		w.line = 0;
		diag_error(&w, "%s", input_error(in));
	}
	/* on a fault, say what was kept, unless nothing was read at all */
	if (o->stats || (rc < 0 && input_offset_out(in) > 0))
		report_stats(input_name(in), lines_stats(lr), in);
	lines_free(lr);
	input_free(in);
	return rc;
}

int main(int argc, char **argv)
{
	struct ingest_opts o = { .max_line = LINES_DEFAULT_MAX };
	struct out out;
	uint64_t total = 0;
	int first, i, status = LS_EXIT_OK;

	diag_init(argv[0]);
	first = opts_parse(argc, argv, &spec, on_option, &o);
	if (!o.raw && !o.count)
		diag_die(LS_EXIT_USAGE, "event output is not built yet: use --raw or --count");
	out_init(&out, 1);
	if (first == argc && ingest_file(&o, "-", &out, &total) < 0)
		status = LS_EXIT_DATA;
	for (i = first; i < argc; i++)
		if (ingest_file(&o, argv[i], &out, &total) < 0)
			status = LS_EXIT_DATA;
	if (o.count) {
		char num[32];
		int n = snprintf(num, sizeof num, "%llu\n", (unsigned long long)total);
		out_add(&out, num, (size_t)n);
	}
	if (out_release(&out) < 0)
		diag_die(LS_EXIT_SYSTEM, "write error: %s", strerror(out.err));
	return status;
}
