/*
 * opts: builds getopt_long's short string and long table from the option
 * table at each call; the tables are a few dozen entries, parsed once.
 */
#include "opts.h"

#include <getopt.h> /* getopt_long (a GNU/BSD extension: see Makefile) */
#include <stdio.h>  /* printf */
#include <errno.h>
#include <stdlib.h> /* exit, free */
#include <string.h> /* strlen */

#include "diag.h"
#include "mem.h"

#ifndef LOGSIFT_VERSION
#define LOGSIFT_VERSION "unknown"
#endif

enum { OPT_HELP = 0x10000, OPT_VERSION };

static size_t count(const struct opt *o)
{
	size_t n = 0;

	while (o[n].id)
		n++;
	return n;
}

void opts_help(const struct opts_spec *spec)
{
	const struct opt *o;

	printf("usage: %s %s\n%s\n\noptions:\n", diag_prog(), spec->usage,
	       spec->purpose);
	for (o = spec->opts; o->id; o++) {
		char lhs[64];
		int shortopt = o->id > ' ' && o->id < 127;

		snprintf(lhs, sizeof lhs, "%c%c%s--%s%s%s",
			 shortopt ? '-' : ' ', shortopt ? o->id : ' ',
			 shortopt ? ", " : "  ", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
		printf("  %-28s %s\n", lhs, o->help);
	}
	printf("  %-28s %s\n", "-h, --help", "show this help and exit");
	printf("  %-28s %s\n", "-V, --version", "show the version and exit");
	if (spec->epilogue)
		printf("\n%s", spec->epilogue);
}

int opts_parse(int argc, char **argv, const struct opts_spec *spec,
	       opts_fn *fn, void *ctx)
{
	size_t n = count(spec->opts), i, k = 0;
	struct option *lo = xcalloc(n + 3, sizeof *lo);
	char *so = xmalloc(2 * n + 5);
	int c = 0, rc = 0;

	so[k++] = ':'; /* report a missing argument as ':' */
	for (i = 0; i < n; i++) {
		const struct opt *o = &spec->opts[i];
		lo[i].name = o->name;
		lo[i].has_arg = o->arg ? required_argument : no_argument;
		lo[i].val = o->id;
		if (o->id > ' ' && o->id < 127) {
			so[k++] = (char)o->id;
			if (o->arg)
				so[k++] = ':';
		}
	}
	so[k++] = 'h'; /* -h and -V: what everyone types first */
	so[k++] = 'V';
	so[k] = '\0';
	lo[n].name = "help";
	lo[n].val = OPT_HELP;
	lo[n + 1].name = "version";
	lo[n + 1].val = OPT_VERSION;

	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (c == 'h' || c == 'V')
			c = c == 'h' ? OPT_HELP : OPT_VERSION;
		if (c == OPT_HELP || c == OPT_VERSION)
			break;
		/* a short option is named by optopt: in a cluster ("-C2"),
		 * argv[optind - 1] may be another word altogether */
		else if (c == '?' && optopt && optopt < 256)
			rc = diag_error(NULL, "unknown option '-%c'", optopt);
		else if (c == '?')
			rc = diag_error(NULL, "unknown option '%s'", argv[optind - 1]);
		else if (c == ':' && optopt && optopt < 256)
			rc = diag_error(NULL, "option '-%c' needs an argument", optopt);
		else if (c == ':')
			rc = diag_error(NULL, "option '%s' needs an argument",
					argv[optind - 1]);
		else
			rc = fn(ctx, c, optarg);
	}
	free(lo);
	free(so);
	if (rc == 0 && (c == OPT_HELP || c == OPT_VERSION)) {
		if (c == OPT_HELP)
			opts_help(spec);
		else
			printf("%s (logsift) %s\n", diag_prog(), LOGSIFT_VERSION);
		/* a help nobody could read is not a success (> /dev/full) */
		if (fflush(stdout) || ferror(stdout)) {
			diag_error(NULL, "cannot write to standard output: %s", strerror(errno));
			exit(LS_EXIT_SYSTEM);
		}
		exit(LS_EXIT_OK);
	}
	if (rc) {
		fprintf(stderr, "Try '%s --help' for more information.\n",
			diag_prog());
		exit(LS_EXIT_USAGE);
	}
	return optind;
}
