/*
 * rawout: --raw output as an incident grep shows it.  Records (a line, or
 * a stack trace's lines) arrive in file order, selected or not; selected
 * ones are written with grep's conventions:
 *   -H  the file name before each line, -n its line number ("file:12:"
 *       for selected records, "file-13-" for context, "--" between groups),
 *   -A/-B/-C N  records of context after and before,
 *   -l  only the names of files with a selected record, -q  nothing,
 *   colour  on a terminal: names, numbers and the --grep matches.
 * The before-context is a ring of at most `before` records and RECORD
 * bytes: memory stays bounded whatever the input.
 */
#ifndef LOGSIFT_RAWOUT_H
#define LOGSIFT_RAWOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct filter;
struct out;

struct rawout_opts {
	bool filename;             /* -H */
	bool line_numbers;         /* -n */
	bool list;                 /* -l */
	bool quiet;                /* -q */
	bool color;                /* highlight (a terminal, no NO_COLOR) */
	unsigned before, after;    /* -B, -A (records) */
	const struct filter *grep; /* its matches are highlighted, or NULL */
};

#define RAWOUT_MAX_CONTEXT 1000 /* records of -A/-B/-C */

struct rawout;

struct rawout *rawout_new(const struct rawout_opts *o, struct out *out);
void rawout_free(struct rawout *r);
/* A file begins (context does not cross files). */
void rawout_file(struct rawout *r, const char *name);
/* A record of the current file: text is its lines, each ending in '\n';
 * first its first line number.  A selected record is written with its
 * context; another is kept as possible context. */
void rawout_record(struct rawout *r, const char *text, size_t len, uint64_t first,
		   bool selected);
/* Lines of a selected record too long to hold, written as they come; the
 * record is then given to rawout_record with what is left (maybe none). */
void rawout_piece(struct rawout *r, const char *text, size_t len, uint64_t first);
/* Names the current file without a new start (records merged by time
 * come from several files, one after another). */
void rawout_name(struct rawout *r, const char *name);
/* The current file ends (-l names it if it had a selected record). */
void rawout_file_end(struct rawout *r);
/* Records selected so far. */
uint64_t rawout_selected(const struct rawout *r);

#endif
