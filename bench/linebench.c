/*
 * linebench: reads files through lib/input + lib/lines and prints the line
 * count, the bytes and the peak RSS, so scripts/bench.sh can put the line
 * reader next to `wc -l` and `zcat` on the same file.  It touches every line
 * (sums their lengths) so the work cannot be optimised away.
 */
#include <stdio.h>        /* printf */
#include <sys/resource.h> /* getrusage */

#include "diag.h"
#include "input.h"
#include "lines.h"

int main(int argc, char **argv)
{
	int status = LS_EXIT_OK;

	diag_init(argv[0]);
	for (int i = 1; i < argc; i++) {
		struct input *in = input_open(argv[i]);
		struct lines *lr = lines_new(in, 0);
		struct line l;
		unsigned long long n = 0, sum = 0;
		int rc;
		struct diag_where w = { argv[i], 0 };

		while ((rc = lines_next(lr, &l)) > 0) {
			n++;
			sum += l.len;
		}
		if (rc < 0) {
			diag_error(&w, "%s", input_error(in));
			status = LS_EXIT_DATA;
		}
		printf("%s: %llu lines %llu bytes %llu line-bytes\n", argv[i], n,
		       (unsigned long long)lines_stats(lr)->bytes, sum);
		lines_free(lr);
		input_free(in);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("maxrss_kib %ld\n", ru.ru_maxrss);
	return status;
}
