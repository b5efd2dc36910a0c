/*
 * analyze: not built yet (see the project's issues); it already answers --help
 * and --version so scripts and packaging can rely on the binary existing.
 */
#include "diag.h"
#include "opts.h"

static const struct opt options[] = {
	{ 0, 0, 0, 0 },
};

static const struct opts_spec spec = {
	"[OPTIONS] [FILE...]",
	"Aggregate events into a summary (not built yet).",
	options,
	0,
};

static int on_option(void *ctx, int id, const char *arg)
{
	(void)ctx;
	(void)id;
	(void)arg;
	return -1;
}

int main(int argc, char **argv)
{
	diag_init(argv[0]);
	opts_parse(argc, argv, &spec, on_option, 0);
	diag_die(LS_EXIT_USAGE, "not implemented yet");
}
