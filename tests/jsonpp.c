/*
 * jsonpp: pretty-prints JSON documents from stdin, one member per line, so
 * that the golden files of single-line JSON outputs (summaries, report
 * --json) show a change as a readable diff.  Numbers and strings are
 * passed through as written (yajl's number callback hands us the text),
 * so the printed value is exactly the program's.  Test tool only.
 */
#include <stdio.h>
#include <stdlib.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

static int on_null(void *g) { return yajl_gen_null(g) == yajl_gen_status_ok; }
static int on_bool(void *g, int v) { return yajl_gen_bool(g, v) == yajl_gen_status_ok; }
static int on_num(void *g, const char *s, size_t n)
{
	return yajl_gen_number(g, s, n) == yajl_gen_status_ok;
}
static int on_str(void *g, const unsigned char *s, size_t n)
{
	return yajl_gen_string(g, s, n) == yajl_gen_status_ok;
}
static int on_map_open(void *g) { return yajl_gen_map_open(g) == yajl_gen_status_ok; }
static int on_map_close(void *g) { return yajl_gen_map_close(g) == yajl_gen_status_ok; }
static int on_arr_open(void *g) { return yajl_gen_array_open(g) == yajl_gen_status_ok; }
static int on_arr_close(void *g) { return yajl_gen_array_close(g) == yajl_gen_status_ok; }

static const yajl_callbacks callbacks = {
	on_null, on_bool, NULL, NULL, on_num, on_str,
	on_map_open, on_str, on_map_close, on_arr_open, on_arr_close,
};

int main(void)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	yajl_handle h = yajl_alloc(&callbacks, NULL, g);
	unsigned char chunk[65536];
	size_t n;
	int rc = 0;

	yajl_gen_config(g, yajl_gen_beautify, 1);
	yajl_gen_config(g, yajl_gen_indent_string, " ");
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0 && !rc) {
		if (yajl_parse(h, chunk, n) != yajl_status_ok)
			rc = 1;
	}
	if (!rc && yajl_complete_parse(h) != yajl_status_ok)
		rc = 1;
	if (rc) {
		unsigned char *e = yajl_get_error(h, 0, NULL, 0);
		fprintf(stderr, "jsonpp: %s\n", (char *)e);
		yajl_free_error(h, e);
	} else {
		const unsigned char *out;
		size_t len;
		yajl_gen_get_buf(g, &out, &len);
		fwrite(out, 1, len, stdout);
	}
	yajl_free(h);
	yajl_gen_free(g);
	return rc;
}
