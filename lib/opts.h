/*
 * opts: table-driven command-line parsing over getopt_long.  One table per
 * program gives each option's id, long name, argument name and help line;
 * the same table generates --help, so the help can never drift from what is
 * parsed.  --help and --version are handled here for every program.
 */
#ifndef LOGSIFT_OPTS_H
#define LOGSIFT_OPTS_H

struct opt {
	int id;           /* a printable ASCII id doubles as the short option */
	const char *name; /* long name, without "--" */
	const char *arg;  /* argument name shown in help; NULL for a flag */
	const char *help; /* one line */
};

struct opts_spec {
	const char *usage;      /* "[OPTIONS] [FILE...]" */
	const char *purpose;    /* one sentence under the usage line */
	const struct opt *opts; /* terminated by an entry with id 0 */
	const char *epilogue;   /* text after the option list, or NULL */
};

/* Called for each option found; arg is NULL for flags.  Returns 0, or -1
 * after printing a diagnostic, which makes opts_parse exit with usage. */
typedef int opts_fn(void *ctx, int id, const char *arg);

/* Parses argv.  Prints help or the version and exits 0 for --help and
 * --version; prints a usage error and exits 2 for an unknown option, a
 * missing argument or a handler failure.  Returns the index of the first
 * operand. */
int opts_parse(int argc, char **argv, const struct opts_spec *spec,
	       opts_fn *fn, void *ctx);

/* Writes the help text generated from spec to stdout. */
void opts_help(const struct opts_spec *spec);

#endif
