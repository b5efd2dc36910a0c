/* fuzz_lines: the input layer (gzip by magic, multi-member, faults) and
 * the line splitter, at a small line limit and read block so that every
 * boundary case is reached. */
#include "fuzz.h"

#include <string.h>
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

	/* again, passing over buffered lines now and then (lines_skip, as the
	 * incident grep does, where no line there is too long or ends in
	 * "\r\n"): the same lines counted, the same bytes, numbers in step */
	{
		uint64_t seen = 0, step = 0, every = size ? data[0] % 4 + 1 : 1;

		if (lseek(fileno(tmp), 0, SEEK_SET) != 0)
			abort();
		in = input_open_fd(fileno(tmp), "fuzz");
		lr = lines_new_sized(in, 64, 7);
		for (;;) {
			const char *p;
			size_t have;

			if (++step % every == 0 && (have = lines_buffered(lr, &p)) > 0) {
				const char *nl = memchr(p, '\n', have);
				size_t len = (size_t)(nl - p);

				FUZZ_ASSERT(nl && p[have - 1] == '\n');
				if (len <= 64 && !(len && p[len - 1] == '\r')) {
					seen += lines_skip(lr, len + 1);
					continue;
				}
			}
			if (lines_next(lr, &l) <= 0)
				break;
			FUZZ_ASSERT(l.no == ++seen);
		}
		FUZZ_ASSERT(lines_stats(lr)->lines == n && seen == n);
		lines_free(lr);
		input_free(in);
	}
	return 0;
}
