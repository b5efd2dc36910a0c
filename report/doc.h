/*
 * doc: the report as a medium-free document — title, status line,
 * headings, paragraphs, tables and charts — built once from a summary and
 * rendered as text, Markdown or HTML (render.h).  Cell and paragraph text
 * is stored raw; the renderers escape all of it for their medium, so no
 * builder code has to remember which strings came from a log.
 */
#ifndef LOGSIFT_DOC_H
#define LOGSIFT_DOC_H

#include <stdbool.h>
#include <stddef.h>

enum doc_kind { DOC_STATUS, DOC_HEADING, DOC_TEXT, DOC_TABLE, DOC_CHART };

/* How a cell or paragraph is emphasised (colour in a terminal, a class in
 * HTML); statuses follow enum check_status. */
enum doc_style { STY_NONE, STY_OK, STY_WARN, STY_CRIT, STY_NODATA, STY_MUTED, STY_CODE };

#define DOC_MAX_COLS 12

struct doc_table {
	size_t ncols, nrows, cap;
	size_t filled;             /* cells written */
	const char *head[DOC_MAX_COLS];
	unsigned numeric;          /* bit i: column i holds numbers (right-aligned) */
	size_t max;                /* code points shown per cell (0: all) */
	char **cells;              /* nrows * ncols, owned */
	unsigned char *style;      /* per cell */
};

struct doc_chart {
	size_t n;                  /* points */
	char **labels;             /* n x labels, owned */
	double *a, *b;             /* series a (< 0: no data), and b drawn over it (NULL: none) */
	const char *name_a, *name_b, *unit;
	char *xlabel;              /* what the x axis is ("hour, UTC"), owned */
	bool line;                 /* a line (latency) rather than bars (counts) */
};

struct doc_el {
	enum doc_kind kind;
	enum doc_style style;
	char *text;                /* status, heading, paragraph, table or chart title */
	int level;                 /* heading: 1 page title, 2 section */
	struct doc_table t;
	struct doc_chart c;
};

struct doc {
	struct doc_el *el;
	size_t n, cap;
};

void doc_init(struct doc *d);
void doc_release(struct doc *d);

void doc_status(struct doc *d, enum doc_style s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void doc_heading(struct doc *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void doc_text(struct doc *d, enum doc_style s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A table with ncols columns named by head (NULL-terminated); numeric is
 * the bit set of right-aligned columns. */
struct doc_table *doc_table(struct doc *d, const char *title, const char *const *head,
			    unsigned numeric, size_t max);
/* Appends the next cell (rows fill left to right). */
void doc_cell(struct doc_table *t, enum doc_style s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A raw string cell of len bytes (log text, possibly with NULs). */
void doc_cell_raw(struct doc_table *t, enum doc_style s, const char *p, size_t len);
struct doc_chart *doc_chart(struct doc *d, const char *title, size_t n, const char *unit,
			    bool line);
/* Says what the x axis is. */
void doc_chart_xlabel(struct doc_chart *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Sets x label i of a chart. */
void doc_chart_label(struct doc_chart *c, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
