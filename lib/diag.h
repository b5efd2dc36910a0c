/*
 * diag: every message a logsift program prints about itself, in one format:
 *
 *     ingest: logs/a.log.gz:1234: line truncated at 1048576 bytes
 *
 * Messages go to stderr with a single write(2), so lines from parallel
 * programs in a pipe do not interleave.  Control bytes in the formatted text
 * (file names and log excerpts are attacker-controlled) are replaced with '?'
 * so a message can never drive the terminal.
 *
 * The exit codes of all programs are defined here once and documented in
 * docs/exit-codes.md and the man pages.
 */
#ifndef LOGSIFT_DIAG_H
#define LOGSIFT_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ls_exit {
	LS_EXIT_OK = 0,     /* everything read and written */
	LS_EXIT_DATA = 1,   /* finished, but some input was bad: unreadable or
			       corrupt file, unparsed records, truncated lines */
	LS_EXIT_USAGE = 2,  /* bad command line; nothing was done */
	LS_EXIT_SYSTEM = 3, /* out of memory, write error, internal error */
};

/* Where a message is about: a file name (NULL for none) and a line number
 * (0 for none). */
struct diag_where {
	const char *file;
	uint64_t line;
};

/* Sets the program name used as the prefix (the basename of argv0). */
void diag_init(const char *argv0);
const char *diag_prog(void);

/* "prog: [file:[line:]] error message"; returns -1 for `return diag_error(...)`. */
int diag_error(const struct diag_where *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Same format with "warning: " before the message; returns 0. */
/* -q: warnings are not shown (errors still are). */
void diag_quiet(bool quiet);
int diag_warn(const struct diag_where *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An informational line ("prog: message"), used for --stats. */
void diag_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "prog: message" and exits with code. */
_Noreturn void diag_die(enum ls_exit code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The formatter behind all of the above, exposed for tests: writes the
 * message (with prefix and '\n') into dst of size cap, sanitised; returns the
 * length written (at most cap - 1). */
size_t diag_format(char *dst, size_t cap, const struct diag_where *w,
		   const char *kind, const char *fmt, va_list ap);

#endif
