/*
 * parse_json: JSON lines (yajl callbacks) and logfmt onto the event, through
 * one alias table: the field names common loggers use (bunyan, pino, zap,
 * ECS, Python json loggers, the AI-DIY runbook's details.client_ip...).
 * --map FIELD=PATH[/N|*N] adds aliases that win over the built-in ones.
 *
 * Values are copied into a per-parser scratch buffer (yajl hands out
 * pointers into its own buffers for strings with escapes), so the event's
 * spans stay valid until the next line.  Values inside arrays are ignored;
 * nesting deeper than MAX_DEPTH is refused (hostile input).
 */
#include "parser.h"

#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* free, strtod */
#include <string.h> /* memcmp, strlen */
#include <yajl_parse.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "fields.h"
#include "hash.h"
#include "mem.h"
#include "scan.h"

#define MAX_DEPTH 32
#define ARENA_SIZE 16384
#define MAX_MAPS_IN_TABLE 64

/* The built-in aliases: per field (and, for latencies, the unit of the
 * value), the keys that feed it, blank-separated, the best first: when a
 * line has several, the earliest listed wins. */
static const struct {
	enum field f;
	enum field unit;
	const char *paths;
} aliases[] = {
	{ F_TS, 0, "timestamp time ts @timestamp asctime datetime date t "
		   "__REALTIME_TIMESTAMP StartUTC" },
	{ F_LEVEL, 0, "level levelname severity lvl log.level loglevel level_name" },
	{ F_SEVERITY_NUM, 0, "PRIORITY" },
	{ F_MSG, 0, "message msg log MESSAGE" },
	{ F_LATENCY_MS, F_LATENCY_MS, "duration_ms latency_ms response_time response_time_ms "
				      "elapsed elapsed_ms took duration responseTime" },
	{ F_LATENCY_MS, F_LATENCY_S, "request_time duration_s" },
	{ F_LATENCY_MS, F_LATENCY_US, "latency_us duration_us" },
	/* Traefik's Duration; Echo's latency (only beside its latency_human) */
	{ F_LATENCY_MS, F_LATENCY_NS, "Duration latency" },
	{ F_IP, 0, "client_ip remote_addr ip clientip remote_ip client.ip source.ip "
		   "details.client_ip ClientHost request.client_ip request.remote_ip" },
	{ F_METHOD, 0, "method http_method request_method http.request.method req.method "
		       "RequestMethod request.method" },
	{ F_PATH, 0, "path url uri request_uri url.path req.url endpoint RequestPath "
		     "request.uri" },
	{ F_PROTO, 0, "proto protocol RequestProtocol request.proto" },
	{ F_STATUS, 0, "status status_code http_status statusCode http.response.status_code "
		       "res.statusCode DownstreamStatus" },
	{ F_UPSTREAM, 0, "upstream upstream_addr ServiceName RouterName" },
	/* the logger's own service: Datadog's service, ECS and OpenTelemetry's
	 * service.name */
	{ F_SERVICE, 0, "service service.name service_name" },
	{ F_REQUEST_ID, 0, "request_id requestId req_id RequestId" },
	{ F_LOGGER, 0, "logger logger_name log.logger name" },
	{ F_UA, 0, "user_agent http_user_agent user_agent.original ua userAgent "
		   "request_User-Agent" },
	{ F_BYTES, 0, "bytes bytes_sent body_bytes_sent response_size DownstreamContentSize "
		      "size bytes_out" },
	{ F_HOST, 0, "hostname host _HOSTNAME" },
	{ F_PROGRAM, 0, "SYSLOG_IDENTIFIER _COMM" },
	{ F_UNIT, 0, "_SYSTEMD_UNIT UNIT" },
	{ F_STREAM, 0, "stream" },
	{ F_USER, 0, "user username" },
	{ F_REFERER, 0, "referer http_referer" },
	{ F_APP_EVENT, 0, "event event_type" },
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

struct val {
	const char *key;  /* the key that fed it (not NUL-terminated) */
	size_t keylen;
	enum field f;     /* target field */
	enum field unit;  /* latency unit */
	double scale;     /* from --map, else 1 */
	unsigned prio;    /* lower wins: maps first, then table order */
	size_t off, len;  /* the value in scratch */
	bool number;      /* a JSON number */
};

/* One entry of the key table: a dotted path and what it feeds. */
struct alias {
	const char *path;
	size_t len;
	struct val v;     /* f, unit, scale, prio */
};

#define TABLE_SIZE 512 /* power of two, > 4 x (aliases + maps) */
#define PLACES 16      /* scalars of a line whose table answer is remembered */
#define PLACE_PATH 40  /* their paths' length, at most */

struct json_state {
	struct alias table[TABLE_SIZE]; /* open addressing by hash of path */
	const struct json_map *maps;
	size_t nmaps;
	struct tstamp_ctx tctx;
	struct tstamp_memo memo;   /* tctx's */
	yajl_callbacks cb;
	struct buf path;                 /* dotted key path of the value */
	size_t stack[MAX_DEPTH + 1];     /* path length at each map level */
	int depth;                       /* maps open */
	int arrays;                      /* arrays open */
	bool top_map;                    /* the line's value is an object */
	bool too_deep;
	struct buf scratch;              /* copies of the kept values */
	/* what the table said of the line's first scalars' paths, by place:
	 * a log's lines repeat their keys in order (place_alias) */
	struct {
		const struct alias *a;   /* NULL: not in the table */
		size_t len;              /* SIZE_MAX: nothing here yet */
		char path[PLACE_PATH];
	} place[PLACES];
	unsigned places;                 /* scalars looked up in this line */
	struct val vals[F_COUNT];        /* best value per field (f 0: none) */
	uint64_t kept[(F_COUNT + 63) / 64]; /* the fields whose val was set: a
					       line sets a few of some seventy,
					       so reset and finish visit those */
	bool msg_wrapped;                /* the message came from "log" or "MESSAGE" */
	bool latency_human;              /* Echo's "latency_human" was seen */
	yajl_alloc_funcs yajl_mem;       /* yajl's memory: the arena below */
	size_t arena_used;
	_Alignas(16) char arena[ARENA_SIZE];
};

/* yajl makes its handle, lexer and stacks for every line and frees them
 * after it: from glibc that was a tenth of a JSON line's cost.  They are
 * taken from an arena instead, emptied at each line once the handle is
 * freed; what does not fit (a line nested deep, a long escaped string)
 * comes from malloc as before.  A block's size is kept before it, for
 * realloc. */
static void *arena_malloc(void *ctx, size_t sz)
{
	struct json_state *js = ctx;
	size_t need = 16 + ((sz + 15) & ~(size_t)15);
	char *b;

	if (need < sz || ARENA_SIZE - js->arena_used < need)
		return xmalloc(sz);
	b = js->arena + js->arena_used;
	memcpy(b, &sz, sizeof sz);
	js->arena_used += need;
	return b + 16;
}

static bool in_arena(const struct json_state *js, const void *ptr)
{
	return (const char *)ptr >= js->arena && (const char *)ptr < js->arena + ARENA_SIZE;
}

static void arena_free(void *ctx, void *ptr)
{
	if (!in_arena(ctx, ptr))
		free(ptr);
}

static void *arena_realloc(void *ctx, void *ptr, size_t sz)
{
	size_t old;
	void *p;

	if (!ptr)
		return arena_malloc(ctx, sz);
	if (!in_arena(ctx, ptr))
		return xrealloc(ptr, sz);
	memcpy(&old, (char *)ptr - 16, sizeof old);
	if (sz <= old)
		return ptr;
	p = arena_malloc(ctx, sz);
	memcpy(p, ptr, old);
	return p;
}

static uint32_t hash(const char *p, size_t n)
{
	return (uint32_t)hash_bytes(p, n);
}

/* Adds path to the table unless a better (lower prio) entry holds it. */
static void table_add(struct json_state *js, const char *path, size_t n, struct val v)
{
	uint32_t i = hash(path, n) & (TABLE_SIZE - 1);

	while (js->table[i].path) {
		if (js->table[i].len == n && !memcmp(js->table[i].path, path, n))
			return; /* added earlier, so with a better priority */
		i = (i + 1) & (TABLE_SIZE - 1);
	}
	js->table[i] = (struct alias){ path, n, v };
}

static const struct alias *table_find(const struct json_state *js,
				      const char *p, size_t n)
{
	uint32_t i = hash(p, n) & (TABLE_SIZE - 1);

	while (js->table[i].path) {
		if (js->table[i].len == n && !memcmp(js->table[i].path, p, n))
			return &js->table[i];
		i = (i + 1) & (TABLE_SIZE - 1);
	}
	return NULL;
}

/* The table's entry for the path of the line's next scalar.  The same
 * place in the line before most often had the same path: compared with
 * it first, the path is neither hashed nor probed for. */
static const struct alias *place_alias(struct json_state *js, const char *p, size_t n)
{
	unsigned k = js->places++;
	const struct alias *a;

	if (k >= PLACES || n > PLACE_PATH)
		return table_find(js, p, n);
	if (js->place[k].len == n && !memcmp(js->place[k].path, p, n))
		return js->place[k].a;
	a = table_find(js, p, n);
	js->place[k].a = a;
	js->place[k].len = n;
	memcpy(js->place[k].path, p, n);
	return a;
}

/* Keeps a scalar if its path feeds a field better than what is kept. */
static void keep(struct json_state *js, const char *v, size_t len, bool number)
{
	const struct alias *a;
	struct val cand;

	if (js->arrays || js->path.err)
		return;
	if (js->path.len == 13 && !memcmp(js->path.p, "latency_human", 13))
		js->latency_human = true;
	a = place_alias(js, js->path.p, js->path.len);
	if (!a)
		return;
	cand = a->v;
	cand.key = a->path;
	cand.keylen = a->len;
	/* "status":"error" is an application status, "status":500 is HTTP */
	if (cand.f == F_STATUS && (len == 0 || v[0] < '0' || v[0] > '9'))
		cand.f = F_APP_STATUS;
	struct val *slot = &js->vals[cand.f];
	if (slot->f && slot->prio <= cand.prio)
		return;
	if (cand.f == F_MSG)
		js->msg_wrapped = !number && ((js->path.len == 3 && !memcmp(js->path.p, "log", 3)) ||
					      (js->path.len == 7 && !memcmp(js->path.p, "MESSAGE", 7)));
	cand.off = js->scratch.len;
	cand.len = len;
	cand.number = number;
	buf_add(&js->scratch, v, len);
	*slot = cand;
	js->kept[cand.f / 64] |= 1ULL << (cand.f % 64);
}

static int on_null(void *ctx)
{
	(void)ctx;
	return 1;
}

static int on_bool(void *ctx, int b)
{
	(void)ctx;
	(void)b;
	return 1;
}

static int on_number(void *ctx, const char *s, size_t len)
{
	keep(ctx, s, len, true);
	return 1;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
	keep(ctx, (const char *)s, len, false);
	return 1;
}

static int on_start_map(void *ctx)
{
	struct json_state *js = ctx;

	if (js->depth == 0 && js->arrays == 0)
		js->top_map = true;
	if (js->depth >= MAX_DEPTH) {
		js->too_deep = true;
		return 0;
	}
	js->stack[++js->depth] = js->path.len;
	return 1;
}

static int on_map_key(void *ctx, const unsigned char *k, size_t len)
{
	struct json_state *js = ctx;
	size_t base = js->stack[js->depth];

	buf_truncate(&js->path, base);
	js->path.err = false;
	if (base)
		buf_addc(&js->path, '.');
	buf_add(&js->path, k, len);
	return 1;
}

static int on_end_map(void *ctx)
{
	struct json_state *js = ctx;

	buf_truncate(&js->path, js->stack[js->depth]);
	js->depth--;
	return 1;
}

static int on_start_array(void *ctx)
{
	struct json_state *js = ctx;

	if (++js->arrays > MAX_DEPTH) {
		js->too_deep = true;
		return 0;
	}
	return 1;
}

static int on_end_array(void *ctx)
{
	((struct json_state *)ctx)->arrays--;
	return 1;
}

struct json_state *json_state_new(const struct parser_opts *o)
{
	struct json_state *js = xcalloc(1, sizeof *js);

	js->maps = o->maps;
	js->nmaps = o->nmaps;
	for (size_t i = 0; i < PLACES; i++)
		js->place[i].len = SIZE_MAX;
	/* --map entries first: the table keeps the first entry of a path */
	for (size_t i = 0; i < o->nmaps && i < MAX_MAPS_IN_TABLE; i++)
		table_add(js, o->maps[i].path, strlen(o->maps[i].path),
			  (struct val){ .f = (enum field)o->maps[i].field,
					.unit = (enum field)o->maps[i].field,
					.scale = o->maps[i].scale, .prio = (unsigned)i });
	for (size_t i = 0, prio = o->nmaps; i < NALIASES; i++)
		for (const char *p = aliases[i].paths; *p;) {
			size_t n = strcspn(p, " ");

			table_add(js, p, n, (struct val){ .f = aliases[i].f, .unit = aliases[i].unit,
							  .scale = 1, .prio = (unsigned)prio++ });
			p += n + (p[n] == ' ');
		}
	js->tctx = o->tctx;
	js->tctx.memo = &js->memo;
	buf_init(&js->path, 1024);
	buf_init(&js->scratch, 0);
	js->cb.yajl_null = on_null;
	js->cb.yajl_boolean = on_bool;
	js->cb.yajl_number = on_number;
	js->cb.yajl_string = on_string;
	js->cb.yajl_start_map = on_start_map;
	js->cb.yajl_map_key = on_map_key;
	js->cb.yajl_end_map = on_end_map;
	js->cb.yajl_start_array = on_start_array;
	js->cb.yajl_end_array = on_end_array;
	js->yajl_mem = (yajl_alloc_funcs){ arena_malloc, arena_realloc, arena_free, js };
	return js;
}

void json_state_free(struct json_state *js)
{
	if (!js)
		return;
	buf_release(&js->path);
	buf_release(&js->scratch);
	free(js);
}

static void reset(struct json_state *js)
{
	buf_reset(&js->path);
	buf_reset(&js->scratch);
	for (size_t w = 0; w < sizeof js->kept / sizeof *js->kept; w++) {
		for (uint64_t m = js->kept[w]; m; m &= m - 1)
			js->vals[w * 64 + (size_t)__builtin_ctzll(m)].f = F_NONE;
		js->kept[w] = 0;
	}
	js->depth = js->arrays = 0;
	js->places = 0;
	js->top_map = js->too_deep = js->msg_wrapped = js->latency_human = false;
	js->stack[0] = 0;
}

bool json_is_envelope(const struct json_state *js)
{
	return js->msg_wrapped && (js->vals[F_STREAM].f || js->vals[F_SEVERITY_NUM].f ||
				   js->vals[F_UNIT].f || js->vals[F_PROGRAM].f);
}

static bool key_is(const struct val *v, const char *k)
{
	return v->keylen == strlen(k) && !memcmp(v->key, k, v->keylen);
}

/* Keys whose unit depends on who wrote the line: Caddy's access logger
 * writes "duration" in seconds; "latency" is Echo's nanoseconds only beside
 * its "latency_human", and no latency otherwise. */
static void producer_units(struct json_state *js)
{
	struct val *lat = &js->vals[F_LATENCY_MS], *lg = &js->vals[F_LOGGER];

	if (!lat->f)
		return;
	if (key_is(lat, "duration") && lg->f && lg->len >= 15 &&
	    !memcmp(js->scratch.p + lg->off, "http.log.access", 15))
		lat->unit = F_LATENCY_S;
	if (key_is(lat, "latency") && !js->latency_human)
		lat->f = F_NONE;
}

/* Moves the kept values into the event (scratch no longer grows). */
static int finish(struct json_state *js, struct event *e)
{
	producer_units(js);
	for (size_t w = 0; w < sizeof js->kept / sizeof *js->kept; w++) {
		for (uint64_t m = js->kept[w]; m; m &= m - 1) {
			struct val *v = &js->vals[w * 64 + (size_t)__builtin_ctzll(m)];
			const char *s = js->scratch.p + v->off;

			if (!v->f)
				continue;
			if (v->f == F_LATENCY_MS || v->scale != 1) {
				char num[64];
				double d;
				char *end;
				if (v->len >= sizeof num)
					continue;
				if (scan_json_double(s, v->len, &d)) { /* most: no call to strtod */
					memcpy(num, s, v->len);
					num[v->len] = '\0';
					d = strtod(num, &end);
					if (end == num || *end)
						continue;
				}
				d *= v->scale;
				if (v->f == F_LATENCY_MS) {
					field_set_latency(e, v->unit ? v->unit : F_LATENCY_MS, d);
					continue;
				}
				int n = snprintf(num, sizeof num, "%.17g", d);
				/* a scaled value other than latency: store the scaled text */
				size_t off = js->scratch.len;
				buf_add(&js->scratch, num, (size_t)n);
				s = js->scratch.p + off;
				v->len = (size_t)n;
			}
			field_set(e, v->f, s, v->len, &js->tctx);
		}
	}
	if (!e->msg.len && e->app_event.len)
		e->msg = e->app_event;
	return 0;
}

/*
 * The fast reader: the JSON most log lines are (an object of strings
 * without escapes, numbers, true, false, null, nested objects and arrays,
 * blanks between), read in one pass that calls the same callbacks yajl
 * would, in the same order.  Anything else, an escape, a control byte, a
 * number or a blank JSON does not write, what follows the object, is
 * FAST_NO and the line goes to yajl from the start: what the fast reader
 * takes is always well formed, so yajl would take it too and call the
 * same callbacks.  A callback that stops (nesting too deep) ends the line
 * as it ends yajl's.  fuzz_parse holds the two to the same events.
 */
enum { FAST_STOP = -1, FAST_NO = 0, FAST_OK = 1 };

static const char *blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* The first '"', '\\' or control byte (< 0x20) in [p, end), or end. */
static const char *string_stop(const char *p, const char *end)
{
#ifdef __SSE2__
	/* unsigned x < 0x20 is signed (x ^ 0x80) < (0x20 ^ 0x80) */
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
	const __m128i flip = _mm_set1_epi8((char)0x80), below = _mm_set1_epi8((char)(0x20 ^ 0x80));

	for (; end - p >= 16; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
					 _mm_cmplt_epi8(_mm_xor_si128(x, flip), below));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);

		if (bits)
			return p + __builtin_ctz(bits);
	}
#endif
	while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
		p++;
	return p;
}

/* A string without escapes at *pp ('"'): its bytes in *s, *n. */
static int fast_string(const char **pp, const char *end, const char **s, size_t *n)
{
	const char *q = string_stop(*pp + 1, end);

	if (q == end || *q != '"')
		return FAST_NO;
	*s = *pp + 1;
	*n = (size_t)(q - *s);
	*pp = q + 1;
	return FAST_OK;
}

/* A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static const char *number_end(const char *p, const char *end)
{
	const char *d;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && scan_is_digit(*p))
			p++;
	else
		return NULL;
	if (p < end && *p == '.') {
		for (d = ++p; p < end && scan_is_digit(*p);)
			p++;
		if (p == d)
			return NULL;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		if (++p < end && (*p == '+' || *p == '-'))
			p++;
		for (d = p; p < end && scan_is_digit(*p);)
			p++;
		if (p == d)
			return NULL;
	}
	return p;
}

static int fast_container(struct json_state *js, const char **pp, const char *end, char close);

static int fast_value(struct json_state *js, const char **pp, const char *end)
{
	const char *p = *pp, *s, *q;
	size_t n;

	if (p >= end)
		return FAST_NO;
	switch (*p) {
	case '"':
		if (fast_string(pp, end, &s, &n) != FAST_OK)
			return FAST_NO;
		return on_string(js, (const unsigned char *)s, n) ? FAST_OK : FAST_STOP;
	case '{':
		return fast_container(js, pp, end, '}');
	case '[':
		return fast_container(js, pp, end, ']');
	case 't':
	case 'f':
	case 'n':
		n = *p == 'f' ? 5 : 4;
		if ((size_t)(end - p) < n || memcmp(p, *p == 't' ? "true" : *p == 'f' ? "false" : "null", n))
			return FAST_NO;
		*pp = p + n;
		if (*p == 'n')
			return on_null(js) ? FAST_OK : FAST_STOP;
		return on_bool(js, *p == 't') ? FAST_OK : FAST_STOP;
	default:
		if (!(q = number_end(p, end)))
			return FAST_NO;
		*pp = q;
		return on_number(js, p, (size_t)(q - p)) ? FAST_OK : FAST_STOP;
	}
}

/* What may follow a value in an object or array: the reader checks the
 * byte itself; a word run into the next ("truex", "12a") is not JSON. */
static int fast_after(const char **pp, const char *end, char close)
{
	const char *p = blanks(*pp, end);

	*pp = p;
	return p < end && (*p == ',' || *p == close) ? FAST_OK : FAST_NO;
}

/* An object ('{' at *pp, close '}') or an array ('[', ']'): one piece
 * for both, an object's members having a key before their value. */
static int fast_container(struct json_state *js, const char **pp, const char *end, char close)
{
	bool object = close == '}';
	const char *p = *pp + 1, *k;
	size_t kn;
	int rc;

	if (!(object ? on_start_map(js) : on_start_array(js)))
		return FAST_STOP;
	p = blanks(p, end);
	if (p < end && *p == close) {
		p++;
	} else {
		for (;;) {
			if (object) {
				if (p >= end || *p != '"' || fast_string(&p, end, &k, &kn) != FAST_OK)
					return FAST_NO;
				if (!on_map_key(js, (const unsigned char *)k, kn))
					return FAST_STOP;
				p = blanks(p, end);
				if (p >= end || *p != ':')
					return FAST_NO;
				p = blanks(p + 1, end);
			}
			if ((rc = fast_value(js, &p, end)) != FAST_OK)
				return rc;
			if (fast_after(&p, end, close) != FAST_OK)
				return FAST_NO;
			if (*p++ == close)
				break;
			p = blanks(p, end);
		}
	}
	*pp = p;
	return (object ? on_end_map(js) : on_end_array(js)) ? FAST_OK : FAST_STOP;
}

/* The whole line: an object, blanks around it. */
static int fast_line(struct json_state *js, const char *line, size_t len)
{
	const char *p = blanks(line, line + len), *end = line + len;
	int rc;

	if (p >= end || *p != '{')
		return FAST_NO;
	if ((rc = fast_container(js, &p, end, '}')) != FAST_OK)
		return rc;
	return blanks(p, end) == end ? FAST_OK : FAST_NO;
}

/* The line through yajl, the reader of every JSON the fast one leaves. */
static int parse_with_yajl(struct json_state *js, const char *line, size_t len, struct event *e)
{
	yajl_handle h;
	yajl_status st;

	js->arena_used = 0; /* the last line's handle is freed */
	h = yajl_alloc(&js->cb, &js->yajl_mem, js);
	yajl_config(h, yajl_dont_validate_strings, 1);
	st = yajl_parse(h, (const unsigned char *)line, len);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	yajl_free(h);
	if (st != yajl_status_ok || !js->top_map || js->too_deep)
		return -1;
	return finish(js, e);
}

int json_parse_line(struct json_state *js, const char *line, size_t len,
		    struct event *e)
{
	int rc;

	reset(js);
	/* scratch must not move while spans point into it: reserve it all */
	if (buf_grow(&js->scratch, len + 256))
		return -1;
	if ((rc = fast_line(js, line, len)) != FAST_NO)
		return rc != FAST_OK || !js->top_map || js->too_deep ? -1 : finish(js, e);
	reset(js); /* what the fast reader began, yajl begins again */
	return parse_with_yajl(js, line, len, e);
}

int json_parse_line_general(struct json_state *js, const char *line, size_t len,
			    struct event *e)
{
	reset(js);
	if (buf_grow(&js->scratch, len + 256))
		return -1;
	return parse_with_yajl(js, line, len, e);
}

/* logfmt: key=value and key="quoted value" pairs.  A line is logfmt when it
 * has at least two pairs and one of them names a time, level or message. */
int logfmt_parse_line(struct json_state *js, const char *line, size_t len,
		      struct event *e)
{
	const char *p = line, *end = line + len;
	int pairs = 0;

	reset(js);
	if (buf_grow(&js->scratch, len + 256))
		return -1;
	while (p < end) {
		const char *k, *v;
		size_t vlen;

		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		k = p;
		while (p < end && *p != '=' && *p != ' ' && *p != '"')
			p++;
		if (p == end || *p != '=' || p == k)
			return -1;
		buf_reset(&js->path);
		buf_add(&js->path, k, (size_t)(p - k));
		p++;
		if (p < end && *p == '"') {
			v = ++p;
			while (p < end && *p != '"')
				p += (*p == '\\' && p + 1 < end) ? 2 : 1;
			if (p >= end)
				return -1;
			vlen = (size_t)(p - v);
			p++;
		} else {
			v = p;
			while (p < end && *p != ' ')
				p++;
			vlen = (size_t)(p - v);
		}
		keep(js, v, vlen, false);
		pairs++;
	}
	if (pairs < 2 || !(js->vals[F_TS].f || js->vals[F_LEVEL].f || js->vals[F_MSG].f))
		return -1;
	return finish(js, e);
}

int json_map_parse(const char *arg, struct json_map *m)
{
	const char *eq = strchr(arg, '='), *path, *op;
	size_t plen;

	memset(m, 0, sizeof *m);
	m->scale = 1;
	if (!eq)
		return -1;
	m->field = (int)field_by_name(arg, (size_t)(eq - arg));
	if (m->field == F_NONE || m->field == F_REQUEST || m->field == F_EXTRA)
		return -1;
	path = eq + 1;
	op = strpbrk(path, "/*");
	plen = op ? (size_t)(op - path) : strlen(path);
	if (plen == 0 || plen >= sizeof m->path)
		return -1;
	memcpy(m->path, path, plen);
	if (op) {
		char *end;
		double n = strtod(op + 1, &end);
		if (end == op + 1 || *end || n <= 0)
			return -1;
		m->scale = *op == '/' ? 1 / n : n;
	}
	return 0;
}
