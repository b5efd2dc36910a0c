/*
 * fuzz: what every fuzz target shares.  Each tests/fuzz/fuzz_<name>.c
 * defines LLVMFuzzerTestOneInput over one entry point that reads untrusted
 * bytes; clang's libFuzzer drives it (make fuzz), and replay.c, a plain
 * main(), feeds it the files of tests/fuzz/corpus/<name>/ under gcc and the
 * sanitizers in make check, so the targets build and pass on every run.
 * A target checks what must hold for any input (the fast and the general
 * event reader agree, what is written reads back the same) with FUZZ_ASSERT,
 * which aborts: a finding, like a crash.
 */
#ifndef LOGSIFT_FUZZ_H
#define LOGSIFT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(c)                                                                  \
	do {                                                                            \
		if (!(c)) {                                                             \
			fprintf(stderr, "%s:%d: fuzz: %s does not hold\n", __FILE__,    \
				__LINE__, #c);                                          \
			abort();                                                        \
		}                                                                       \
	} while (0)

/* A copy of exactly n bytes of p, for a reader given text from a buffer
 * with room after it: what it reads past the end is then caught by the
 * sanitizers, not handed the bytes an earlier, longer text left there.
 * The caller frees it. */
static inline char *fuzz_exact_copy(const char *p, size_t n)
{
	char *c = malloc(n ? n : 1);

	FUZZ_ASSERT(c);
	return memcpy(c, p, n);
}

#endif
