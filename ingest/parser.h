/*
 * parser: every format ingest understands, behind one call.
 *
 * Formats are a table (format.c): most are one PCRE2 pattern whose named
 * groups are event field names (fields.h), mapped by one generic function;
 * JSON lines (yajl) and logfmt have code of their own (parse_json.c), and
 * every format is reached through parser_parse.  A parser holds the compiled patterns (JIT) and the
 * per-line scratch space, so parsing a line allocates nothing once warm.
 */
#ifndef LOGSIFT_PARSER_H
#define LOGSIFT_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"
#include "tstamp.h"

struct parser;

struct json_map;

struct parser_opts {
	struct tstamp_ctx tctx;      /* zone and clock for timestamps */
	const char *log_format;      /* nginx log_format string, or NULL */
	const struct json_map *maps; /* --map overrides, or NULL */
	size_t nmaps;
};

/* Compiles everything; on failure returns NULL with a message in err
 * (a bad --log-format). */
struct parser *parser_new(const struct parser_opts *o, char *err, size_t errlen);
void parser_free(struct parser *ps);

/* Number of formats and their properties, by index. */
int parser_count(const struct parser *ps);
const char *parser_name(const struct parser *ps, int fmt);
/* Records of this format may continue on following lines (stack traces). */
bool parser_multiline(const struct parser *ps, int fmt);
/* The last parsed line's format as an event names it: "cri/text" for a
 * text line inside a CRI envelope, else the format's name. */
const char *parser_record_name(const struct parser *ps, int fmt);
/* The last parsed line was an envelope whose message looked like a stack
 * trace's line: it continues the open record. */
bool parser_continues(const struct parser *ps);
/* Index of a format name, or -1. */
int parser_find(const struct parser *ps, const char *name);
/* The format names, comma-separated, for --help and errors. */
const char *parser_names(const struct parser *ps);

/* parser_parse's answer for a line of format fmt that continues the
 * record before it (PostgreSQL's DETAIL lines). */
#define PARSE_MORE (-2)

/* Parses line as format fmt: 0, PARSE_MORE, or -1 if not that format.
 * An envelope (CRI, Docker's and journald's JSON, syslog, a time prefix)
 * has its message parsed as a line of its own, whose fields win. */
int parser_parse(struct parser *ps, int fmt, const char *line, size_t len,
		 struct event *e);
/* Tries `prefer` first (if >= 0), then every format; returns the index of
 * the format that parsed the line, PARSE_MORE, or -1. */
int parser_parse_any(struct parser *ps, int prefer, const char *line,
		     size_t len, struct event *e);

/* JSON and logfmt (both in parse_json.c: they share the alias table);
 * like every parser, 0 and e filled (spans into line or the parser's
 * scratch, valid until the next call), or -1 if not in the format. */
struct json_state;
struct json_state *json_state_new(const struct parser_opts *o);
void json_state_free(struct json_state *js);
int json_parse_line(struct json_state *js, const char *line, size_t len,
		    struct event *e);
/* The same through yajl alone, without the fast reader of the common
 * shapes: the definition fuzz_parse and the tests hold that reader to. */
int json_parse_line_general(struct json_state *js, const char *line, size_t len,
			    struct event *e);
int logfmt_parse_line(struct json_state *js, const char *line, size_t len,
		      struct event *e);
/* The last JSON line was an envelope: Docker's json-file ("log" with
 * "stream") or journald's ("MESSAGE"). */
bool json_is_envelope(const struct json_state *js);

/* --map FIELD=PATH[/N|*N]: parsed by json_map_parse (0 or -1). */
struct json_map {
	int field;        /* enum field */
	char path[128];   /* dotted key path, e.g. details.elapsed_us */
	double scale;     /* multiply the value by this (1 unless /N or *N) */
};
int json_map_parse(const char *arg, struct json_map *m);

#endif
