/* fuzz_lines: the input layer (gzip by magic, multi-member, faults) and
 * the line splitter, at a small line limit and read block so that every
 * boundary case is reached. */
#include "fuzz.h"

#include <unistd.h>

#include "input.h"
#include "lines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *tmp;
	struct input *in;
	struct lines *lr;
	struct line l;
	uint64_t n = 0;

	if (!tmp && !(tmp = tmpfile()))
		abort();
	if (ftruncate(fileno(tmp), 0) || pwrite(fileno(tmp), data, size, 0) != (ssize_t)size ||
	    lseek(fileno(tmp), 0, SEEK_SET) != 0)
		abort();
	in = input_open_fd(fileno(tmp), "fuzz");
	lr = lines_new_sized(in, 64, 7);
	while (lines_next(lr, &l) > 0) {
		FUZZ_ASSERT(l.len <= 64);
		FUZZ_ASSERT(l.no == ++n);
	}
	FUZZ_ASSERT(lines_stats(lr)->lines == n);
	lines_free(lr);
	input_free(in);
	return 0;
}
