/*
 * pgstore: summaries kept in PostgreSQL; see pgstore.h and
 * docs/postgresql.md.  The schema's text is here, as migrations applied in
 * order under an advisory lock, so several hosts starting at once make it
 * once.
 */
#include "pgstore.h"

#include <inttypes.h> /* PRId64 */
#include <stdio.h>    /* snprintf */
#include <stdlib.h>   /* strtoll */
#include <string.h>   /* strlen, strchr */

#include <libpq-fe.h>

#include "buf.h"
#include "hist.h"
#include "mem.h"
#include "period.h"
#include "scan.h"
#include "source.h"
#include "summary.h"
#include "tstamp.h"

/* pg_advisory_xact_lock keys: the schema's migrations, and the making of
 * partitions (two hosts making the same month at once would collide) */
#define LOCK_SCHEMA 0x6c6f6773LL     /* "logs" */
#define LOCK_PARTITIONS 0x69667470LL /* "iftp" */

struct pgstore {
	PGconn *conn;
};

/* The views, one text for both grains: per source and UTC hour or day
 * (a table of each: a day's figures are merged when stored, so a view of
 * a fleet's month reads thirty rows a source, not seven hundred), the
 * figures a person charts, p50/p95 from the stored histogram bins by the
 * same nearest rank as hist_quantile, so within its 1 %.  Several batches
 * of one hour or day (a rotated log stored in two runs) add up. */
#define FIGURES_VIEW(name, table, col)                                                 \
	"CREATE VIEW logsift." name " AS\n"                                               \
	"WITH f AS (SELECT source, " col " AS t,\n"                                        \
	"  sum(events) AS events, sum(requests) AS requests, sum(errors) AS errors,\n"    \
	"  sum(error_lines) AS error_lines, sum(rate_limited) AS rate_limited,\n"         \
	"  sum(auth_failures) AS auth_failures, sum(security) AS security,\n"             \
	"  sum(bytes) AS bytes, sum(lat_count) AS lat_count, sum(lat_sum) AS lat_sum,\n"  \
	"  sum(lat_zero) AS lat_zero, min(lat_min) AS lat_min, max(lat_max) AS lat_max\n" \
	"  FROM logsift." table " GROUP BY 1, 2),\n"                                       \
	"b AS (SELECT source, " col " AS t, array_agg(u.i) AS i, array_agg(u.c) AS c\n"   \
	"  FROM logsift." table ", unnest(lat_index, lat_counts) AS u(i, c) GROUP BY 1, 2)\n" \
	"SELECT f.source, f.t AS " col ", f.events, f.requests, f.errors,\n"              \
	"  round(100.0 * f.errors / nullif(f.requests, 0), 3) AS error_rate,\n"           \
	"  f.error_lines, f.rate_limited, f.auth_failures, f.security, f.bytes,\n"        \
	"  f.lat_sum / nullif(f.lat_count, 0) AS avg_ms,\n"                               \
	"  logsift.hist_quantile(0.5, f.lat_count, f.lat_zero, f.lat_min, f.lat_max, b.i, b.c) AS p50_ms,\n" \
	"  logsift.hist_quantile(0.95, f.lat_count, f.lat_zero, f.lat_min, f.lat_max, b.i, b.c) AS p95_ms\n" \
	"FROM f LEFT JOIN b USING (source, t);\n"

/* The figures of an hour or a day, one row each. */
#define FIGURES_TABLE(table, col)                                                      \
	"CREATE TABLE logsift." table " (\n"                                              \
	"  source text NOT NULL,\n"                                                       \
	"  " col " timestamptz NOT NULL,\n"                                               \
	"  batch_id bigint NOT NULL,\n"                                                   \
	"  events bigint NOT NULL, requests bigint NOT NULL, errors bigint NOT NULL,\n"   \
	"  error_lines bigint NOT NULL, rate_limited bigint NOT NULL,\n"                  \
	"  auth_failures bigint NOT NULL, security bigint NOT NULL, bytes bigint NOT NULL,\n" \
	"  lat_count bigint NOT NULL, lat_sum float8 NOT NULL, lat_min float8, lat_max float8,\n" \
	"  lat_zero bigint NOT NULL, lat_index integer[] NOT NULL, lat_counts bigint[] NOT NULL\n" \
	") PARTITION BY RANGE (" col ");\n"                                                \
	"CREATE INDEX " table "_source ON logsift." table " (source, " col ");\n"

/* Migration i brings the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 1: batches (a stored summary, whole), rollups (the batches of one
	 * window merged, every source's: what a fleet's report reads, made
	 * by the first read after a store), hours and days (the batches'
	 * figures for SQL), partitioned by month; the views */
	"CREATE SEQUENCE logsift.batch_ids;\n"
	"CREATE TABLE logsift.batches (\n"
	"  batch_id bigint NOT NULL DEFAULT nextval('logsift.batch_ids'),\n"
	"  source text NOT NULL,\n"
	"  first_hour timestamptz NOT NULL,\n"
	"  last_hour timestamptz NOT NULL,\n"
	"  fingerprint text NOT NULL,\n"
	"  stored_at timestamptz NOT NULL DEFAULT now(),\n"
	"  events bigint NOT NULL,\n"
	"  summary json NOT NULL,\n"
	"  PRIMARY KEY (source, fingerprint, first_hour)\n"
	") PARTITION BY RANGE (first_hour);\n"
	"CREATE INDEX batches_range ON logsift.batches (first_hour, last_hour);\n"
	"CREATE TABLE logsift.rollups (\n"
	"  first_hour timestamptz NOT NULL,\n"
	"  last_hour timestamptz NOT NULL,\n"
	"  batches bigint NOT NULL,\n"
	"  max_batch bigint NOT NULL,\n"
	"  summary json NOT NULL,\n"
	"  PRIMARY KEY (first_hour, last_hour)\n"
	") PARTITION BY RANGE (first_hour);\n"
	FIGURES_TABLE("hours", "hour")
	FIGURES_TABLE("days", "day")
	"CREATE FUNCTION logsift.hist_quantile(q float8, n numeric, zero numeric, vmin float8,\n"
	"  vmax float8, idx integer[], cnt bigint[]) RETURNS float8 LANGUAGE sql IMMUTABLE AS $f$\n"
	"SELECT CASE\n"
	"  WHEN n IS NULL OR n = 0 THEN NULL\n"
	"  WHEN greatest(ceil(q * n), 1) >= n THEN vmax\n"
	"  WHEN zero >= greatest(ceil(q * n), 1) THEN vmin\n"
	"  ELSE coalesce((\n"
	"    SELECT least(greatest(2 * power(1.01::float8 / 0.99, r.i) / (1.01::float8 / 0.99 + 1),\n"
	"                          vmin), vmax)\n"
	"    FROM (SELECT g.i, zero + sum(g.c) OVER (ORDER BY g.i) AS seen\n"
	"          FROM (SELECT u.i, sum(u.c) AS c FROM unnest(idx, cnt) AS u(i, c) GROUP BY u.i) g) r\n"
	"    WHERE r.seen >= greatest(ceil(q * n), 1) ORDER BY r.i LIMIT 1), vmax)\n"
	"END $f$;\n"
	FIGURES_VIEW("hourly", "hours", "hour")
	FIGURES_VIEW("daily", "days", "day"),
};
#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

_Static_assert(NMIGRATIONS == PGSTORE_SCHEMA_VERSION, "one migration per schema version");

/* The server's message, first line, for err. */
static void pg_message(char *err, size_t errlen, const char *what, const PGconn *c,
		       const PGresult *r)
{
	const char *m = r ? PQresultErrorMessage(r) : "";
	size_t n;

	if (!*m)
		m = PQerrorMessage(c);
	n = strcspn(m, "\n");
	snprintf(err, errlen, "PostgreSQL: %s: %.*s", what, (int)n, *m ? m : "failed");
}

/* Runs sql (no parameters); 0, or -1 with a message. */
static int exec(struct pgstore *st, const char *sql, const char *what, char *err, size_t errlen)
{
	PGresult *r = PQexec(st->conn, sql);
	ExecStatusType t = PQresultStatus(r);
	int rc = 0;

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		pg_message(err, errlen, what, st->conn, r);
		rc = -1;
	}
	PQclear(r);
	return rc;
}

static void rollback(struct pgstore *st)
{
	PQclear(PQexec(st->conn, "ROLLBACK"));
}

/* Runs a query with text parameters; the result (to PQclear), or NULL
 * with a message. */
static PGresult *query(struct pgstore *st, const char *sql, int n, const char *const *params,
		       const char *what, char *err, size_t errlen)
{
	PGresult *r = PQexecParams(st->conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType t = PQresultStatus(r);

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		pg_message(err, errlen, what, st->conn, r);
		PQclear(r);
		return NULL;
	}
	return r;
}

/* The schema's version: 0 when there is none yet; -1 on error. */
static long schema_version(struct pgstore *st, char *err, size_t errlen)
{
	PGresult *r = query(st, "SELECT to_regclass('logsift.schema_version') IS NOT NULL", 0, NULL,
			    "reading the schema version", err, errlen);
	long v = 0;

	if (!r)
		return -1;
	if (PQgetvalue(r, 0, 0)[0] == 't') {
		PQclear(r);
		r = query(st, "SELECT coalesce(max(version), 0) FROM logsift.schema_version", 0, NULL,
			  "reading the schema version", err, errlen);
		if (!r)
			return -1;
		v = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	}
	PQclear(r);
	return v;
}

/* Brings the schema to this version, under the schema lock. */
static int migrate(struct pgstore *st, char *err, size_t errlen)
{
	char sql[160];
	long v = schema_version(st, err, errlen);

	if (v == PGSTORE_SCHEMA_VERSION)
		return 0;
	if (v < 0)
		return -1;
	if (exec(st, "BEGIN", "starting a transaction", err, errlen))
		return -1;
	snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%lld)", LOCK_SCHEMA);
	if (exec(st, sql, "locking the schema", err, errlen) ||
	    exec(st, "CREATE SCHEMA IF NOT EXISTS logsift", "making schema logsift", err, errlen) ||
	    exec(st, "CREATE TABLE IF NOT EXISTS logsift.schema_version (version integer NOT NULL, "
		 "applied_at timestamptz NOT NULL DEFAULT now())", "making the version table",
		 err, errlen))
		goto fail;
	v = schema_version(st, err, errlen); /* another host may have migrated meanwhile */
	if (v < 0)
		goto fail;
	if (v > PGSTORE_SCHEMA_VERSION) {
		snprintf(err, errlen, "PostgreSQL: the store's schema is version %ld, newer than this "
			 "logsift's (%d): upgrade logsift", v, PGSTORE_SCHEMA_VERSION);
		goto fail;
	}
	for (size_t i = (size_t)v; i < NMIGRATIONS; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO logsift.schema_version (version) VALUES (%zu)",
			 i + 1);
		if (exec(st, migrations[i], "migrating the schema", err, errlen) ||
		    exec(st, sql, "recording the schema version", err, errlen))
			goto fail;
	}
	return exec(st, "COMMIT", "committing the schema", err, errlen);
fail:
	rollback(st);
	return -1;
}

static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "relation already exists, skipping" and the like */
}

struct pgstore *pgstore_open(const char *conninfo, char *err, size_t errlen)
{
	struct pgstore *st;
	char *perr = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);

	/* libpq's parse errors quote the string, which may hold a password */
	if (!opts) {
		PQfreemem(perr);
		snprintf(err, errlen, "PostgreSQL: the connection string is not valid (libpq's "
			 "key=value pairs or a postgresql:// URI)");
		return NULL;
	}
	PQconninfoFree(opts);
	st = xcalloc(1, sizeof *st);
	st->conn = PQconnectdb(conninfo);
	if (PQstatus(st->conn) != CONNECTION_OK) {
		pg_message(err, errlen, "cannot connect", st->conn, NULL);
		pgstore_close(st);
		return NULL;
	}
	PQsetNoticeProcessor(st->conn, quiet_notices, NULL);
	if (exec(st, "SET client_min_messages = warning", "setting up", err, errlen) ||
	    exec(st, "SET TIME ZONE 'UTC'", "setting up", err, errlen) ||
	    migrate(st, err, errlen)) {
		pgstore_close(st);
		return NULL;
	}
	return st;
}

void pgstore_close(struct pgstore *st)
{
	if (!st)
		return;
	PQfinish(st->conn);
	free(st);
}

void pgstore_month(int64_t ms, char dst[8])
{
	char t[25];

	tstamp_format(ms, t);
	snprintf(dst, 8, "%.4s_%.2s", t, t + 5);
}

/* The start of the month holding ms, plus `later` months. */
static int64_t month_start(int64_t ms, int later)
{
	char t[25];
	int y = 1970, m = 1;

	tstamp_format(ms, t);
	scan_digits(t, 4, &y);
	scan_digits(t + 5, 2, &m);
	m += later;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	return tstamp_days_from_civil(y, m, 1) * TSTAMP_DAY_MS;
}

/* Makes table's partition for the month holding ms, if missing.  The
 * statement is built from the table's name (ours) and digits only. */
static int ensure_partition(struct pgstore *st, const char *table, int64_t ms, char *err,
			    size_t errlen)
{
	char month[8], sql[400], from[25], to[25], name[64];
	const char *param[1] = { name };
	PGresult *r;
	bool have;

	pgstore_month(ms, month);
	snprintf(name, sizeof name, "logsift.%s_%s", table, month);
	r = query(st, "SELECT to_regclass($1) IS NOT NULL", 1, param, "looking for a partition",
		  err, errlen);
	if (!r)
		return -1;
	have = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	if (have)
		return 0;
	snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%lld)", LOCK_PARTITIONS);
	if (exec(st, sql, "locking the partitions", err, errlen))
		return -1;
	tstamp_format(month_start(ms, 0), from);
	tstamp_format(month_start(ms, 1), to);
	snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS %s PARTITION OF logsift.%s "
		 "FOR VALUES FROM ('%s') TO ('%s')", name, table, from, to);
	return exec(st, sql, "making a partition", err, errlen);
}

static int64_t hour_of(int64_t ms)
{
	return scan_floor_div(ms, TSTAMP_HOUR_MS) * TSTAMP_HOUR_MS;
}

/* What identifies a batch's input, whatever the settings it was analysed
 * with (limits, --slow): the files read with their accounting, the window
 * to the millisecond, the events of every hour.  Its md5 is the batch's
 * fingerprint. */
static void identity(struct buf *b, const struct summary *s)
{
	buf_addf(b, "%d %" PRId64 " %" PRId64 "\n", s->has_window, s->first_ms, s->last_ms);
	for (size_t i = 0; i < s->nsources; i++) {
		source_encode_all(b, &s->sources[i]);
		buf_addc(b, '\n');
	}
	for (size_t i = 0; i < s->nhours; i++)
		buf_addf(b, "%" PRId64 " %" PRIu64 "\n", s->hours[i].start_ms, s->hours[i].events);
	buf_addf(b, "undated %" PRIu64 "\n", s->undated.events);
}

/* The histogram's bins as two array literals: "{1,2}" and "{5,7}". */
static void bins(const struct hist *h, struct buf *idx, struct buf *cnt)
{
	buf_reset(idx);
	buf_reset(cnt);
	buf_addc(idx, '{');
	buf_addc(cnt, '{');
	for (int i = 0; i < h->n; i++)
		if (h->counts[i]) {
			if (idx->len > 1) {
				buf_addc(idx, ',');
				buf_addc(cnt, ',');
			}
			buf_addf(idx, "%d", h->lo + i);
			buf_addf(cnt, "%" PRIu64, h->counts[i]);
		}
	buf_addc(idx, '}');
	buf_addc(cnt, '}');
}

/* Inserts one row of figures into table (hours or days, whose time
 * column is col) for each of the n buckets. */
static int put_figures(struct pgstore *st, const char *table, const char *col,
		       const struct bucket *buckets, size_t n, const char *source,
		       const char *batch, char *err, size_t errlen)
{
	struct buf idx, cnt;
	char sql[600];
	int rc = 0;
	PGresult *r;

	snprintf(sql, sizeof sql, "INSERT INTO logsift.%s (source, %s, batch_id, events, requests, "
		 "errors, error_lines, rate_limited, auth_failures, security, bytes, lat_count, "
		 "lat_sum, lat_min, lat_max, lat_zero, lat_index, lat_counts) VALUES ($1, "
		 "to_timestamp($2::bigint / 1000.0), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
		 "$14, $15, $16, $17, $18)", table, col);
	r = PQprepare(st->conn, "", sql, 18, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pg_message(err, errlen, "preparing", st->conn, r);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	buf_init(&idx, 0);
	buf_init(&cnt, 0);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct bucket *b = &buckets[i];
		const struct hist *h = &b->latency;
		char v[14][32];
		const char *p[18];

		snprintf(v[0], 32, "%" PRId64, b->start_ms);
		snprintf(v[1], 32, "%" PRIu64, b->events);
		snprintf(v[2], 32, "%" PRIu64, b->requests);
		snprintf(v[3], 32, "%" PRIu64, b->errors);
		snprintf(v[4], 32, "%" PRIu64, b->error_lines);
		snprintf(v[5], 32, "%" PRIu64, bucket_rate_limited(b));
		snprintf(v[6], 32, "%" PRIu64, b->auth_failures);
		snprintf(v[7], 32, "%" PRIu64, b->security);
		snprintf(v[8], 32, "%" PRIu64, b->bytes);
		snprintf(v[9], 32, "%" PRIu64, h->count);
		snprintf(v[10], 32, "%.17g", h->sum);
		snprintf(v[11], 32, "%.17g", h->min);
		snprintf(v[12], 32, "%.17g", h->max);
		snprintf(v[13], 32, "%" PRIu64, h->zero);
		bins(h, &idx, &cnt);
		p[0] = source;
		p[1] = v[0];
		p[2] = batch;
		for (int k = 1; k <= 10; k++)
			p[2 + k] = v[k];
		p[13] = h->count ? v[11] : NULL; /* no latency: no extremes */
		p[14] = h->count ? v[12] : NULL;
		p[15] = v[13];
		p[16] = idx.p;
		p[17] = cnt.p;
		if (idx.err || cnt.err) {
			snprintf(err, errlen, "out of memory");
			rc = -1;
			break;
		}
		r = PQexecPrepared(st->conn, "", 18, p, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			pg_message(err, errlen, "storing figures", st->conn, r);
			rc = -1;
		}
		PQclear(r);
	}
	buf_release(&idx);
	buf_release(&cnt);
	return rc;
}

/* The batch's UTC days, each the merge of its hours; returns how many
 * (at most its hours'), the caller releasing and freeing them. */
static size_t days_of(const struct summary *s, struct bucket **out)
{
	struct bucket *days = xcalloc(s->nhours ? s->nhours : 1, sizeof *days);
	size_t n = 0;

	for (size_t i = 0; i < s->nhours; i++) {
		int64_t day = scan_floor_div(s->hours[i].start_ms, TSTAMP_DAY_MS) * TSTAMP_DAY_MS;

		if (!n || days[n - 1].start_ms != day) {
			bucket_init(&days[n]);
			days[n++].start_ms = day;
		}
		bucket_merge(&days[n - 1], &s->hours[i]);
	}
	*out = days;
	return n;
}

/* The batch's figures: its hours, and its days merged from them. */
static int put_hours(struct pgstore *st, const struct summary *s, const char *source,
		     const char *batch, char *err, size_t errlen)
{
	struct bucket *days;
	size_t n = days_of(s, &days);
	int rc = put_figures(st, "hours", "hour", s->hours, s->nhours, source, batch, err, errlen);

	for (size_t i = 0; i < n; i++) {
		if (!rc && (ensure_partition(st, "days", days[i].start_ms, err, errlen) ||
			    put_figures(st, "days", "day", &days[i], 1, source, batch, err, errlen)))
			rc = -1;
		bucket_release(&days[i]);
	}
	free(days);
	return rc;
}

#define WINDOW_IS "first_hour = to_timestamp($1::bigint / 1000.0) AND " \
		  "last_hour = to_timestamp($2::bigint / 1000.0)"

int pgstore_put(struct pgstore *st, const struct summary *s, const char *source, char *err,
		size_t errlen)
{
	struct buf doc, id;
	char first[32], last[32], events[32];
	const char *p[6];
	PGresult *r = NULL;
	uint64_t n = s->undated.events;
	int64_t first_hour = s->has_window ? hour_of(s->first_ms) : 0;
	int rc = -1;

	for (size_t i = 0; i < s->nhours; i++)
		n += s->hours[i].events;
	snprintf(first, sizeof first, "%" PRId64, first_hour);
	snprintf(last, sizeof last, "%" PRId64, s->has_window ? hour_of(s->last_ms) : 0);
	snprintf(events, sizeof events, "%" PRIu64, n);
	buf_init(&doc, 0);
	buf_init(&id, 0);
	summary_encode(s, &doc);
	identity(&id, s);
	if (doc.err || id.err) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	p[0] = source;
	p[1] = first;
	p[2] = last;
	p[3] = id.p;
	p[4] = events;
	p[5] = doc.p;
	if (exec(st, "BEGIN", "starting a transaction", err, errlen))
		goto out;
	if (ensure_partition(st, "batches", first_hour, err, errlen) ||
	    ensure_partition(st, "rollups", first_hour, err, errlen))
		goto fail;
	for (size_t i = 0; i < s->nhours; i++)
		if (i == 0 || month_start(s->hours[i - 1].start_ms, 1) <= s->hours[i].start_ms)
			if (ensure_partition(st, "hours", s->hours[i].start_ms, err, errlen))
				goto fail;
	r = query(st, "INSERT INTO logsift.batches (source, first_hour, last_hour, fingerprint, "
		  "events, summary) VALUES ($1, to_timestamp($2::bigint / 1000.0), "
		  "to_timestamp($3::bigint / 1000.0), md5($4), $5, $6) "
		  "ON CONFLICT DO NOTHING RETURNING batch_id", 6, p, "storing the summary", err,
		  errlen);
	if (!r)
		goto fail;
	if (PQntuples(r) == 0) { /* stored before: nothing changes */
		rollback(st);
		rc = 0;
		goto out;
	}
	if (put_hours(st, s, source, PQgetvalue(r, 0, 0), err, errlen) ||
	    exec(st, "COMMIT", "committing", err, errlen))
		goto fail;
	rc = 1;
	goto out;
fail:
	rollback(st);
out:
	PQclear(r);
	buf_release(&doc);
	buf_release(&id);
	return rc;
}

bool pgstore_like(const char *glob, char *dst, size_t cap)
{
	size_t n = 0;

	for (const char *g = glob; *g; g++) {
		const char *add = *g == '*' ? "%" : *g == '?' ? "_" : NULL;
		char esc[3] = { '\\', *g, 0 };

		if (!add)
			add = strchr("%_\\", *g) ? esc : esc + 1;
		if (n + strlen(add) >= cap)
			return false;
		memcpy(dst + n, add, strlen(add));
		n += strlen(add);
	}
	if (n >= cap)
		return false;
	dst[n] = 0;
	return true;
}

/* The selection as a parameter: a text[] literal of LIKE patterns, each
 * quoted ("a\\"b"), or NULL (every source) when there are none. */
static int sel_param(const struct pgstore_sel *sel, struct buf *b, char *err, size_t errlen)
{
	char like[2 * SUMMARY_SOURCE_NAME + 2];

	buf_reset(b);
	if (!sel || !sel->nglobs)
		return 0;
	buf_addc(b, '{');
	for (size_t i = 0; i < sel->nglobs; i++) {
		if (!pgstore_like(sel->globs[i], like, sizeof like)) {
			snprintf(err, errlen, "--source '%s' is too long", sel->globs[i]);
			return -1;
		}
		if (i)
			buf_addc(b, ',');
		buf_addc(b, '"');
		for (const char *c = like; *c; c++) {
			if (*c == '"' || *c == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *c);
		}
		buf_addc(b, '"');
	}
	buf_addc(b, '}');
	return b->err ? -1 : 0;
}

#define SELECTED "($1::text[] IS NULL OR source LIKE ANY ($1::text[]))"

int pgstore_last(struct pgstore *st, const struct pgstore_sel *sel, int64_t *last_ms, char *err,
		 size_t errlen)
{
	struct buf globs;
	const char *p[1];
	PGresult *r;
	int rc = -1;

	buf_init(&globs, 0);
	if (sel_param(sel, &globs, err, errlen))
		goto out;
	p[0] = globs.len ? globs.p : NULL;
	r = query(st, "SELECT (extract(epoch FROM max(last_hour)) * 1000)::bigint "
		  "FROM logsift.batches WHERE " SELECTED " AND first_hour > 'epoch'", 1, p,
		  "finding the last hour", err, errlen);
	if (r) {
		rc = PQgetisnull(r, 0, 0) ? 1 : 0;
		if (!rc)
			*last_ms = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
	}
out:
	buf_release(&globs);
	return rc;
}

/* Runs sql row by row (a month of a fleet is thousands of summaries, and
 * memory stays that of one), merging column 1 of each row into dst,
 * labelled by column 0 unless NULL; with first set the first row also
 * gives dst its settings.  Counts the rows in *n and keeps the largest
 * column 2 (a batch id) in *max_batch.  0, or -1 with a message. */
static int merge_rows(struct pgstore *st, const char *sql, int nparams, const char *const *p,
		      struct summary *dst, bool first, long *n, long long *max_batch, char *err,
		      size_t errlen)
{
	char msg[300];
	PGresult *r;
	bool failed = false;

	if (!PQsendQueryParams(st->conn, sql, nparams, NULL, p, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(st->conn)) {
		pg_message(err, errlen, "reading summaries", st->conn, NULL);
		return -1;
	}
	while ((r = PQgetResult(st->conn))) {
		ExecStatusType t = PQresultStatus(r);

		if (t == PGRES_SINGLE_TUPLE && !failed) {
			const char *label = PQgetisnull(r, 0, 0) ? NULL : PQgetvalue(r, 0, 0);
			long long id = PQnfields(r) > 2 ? strtoll(PQgetvalue(r, 0, 2), NULL, 10) : 0;

			if (summary_merge_doc(dst, PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1),
					      first && *n == 0, label, msg, sizeof msg)) {
				snprintf(err, errlen, "a stored summary%s%s: %s", label ? " of " : "",
					 label ? label : "", msg);
				failed = true;
			}
			if (id > *max_batch)
				*max_batch = id;
			(*n)++;
		} else if (t != PGRES_SINGLE_TUPLE && t != PGRES_TUPLES_OK && !failed) {
			pg_message(err, errlen, "reading summaries", st->conn, r);
			failed = true;
		}
		PQclear(r);
	}
	return failed ? -1 : 0;
}

/* Merges the rollup of the window first..last (epoch ms as text) into
 * dst: the stored one when it holds exactly the window's batches now
 * (their count and largest id), else one made from the batches and
 * stored for the next read.  A store the reader may not write to is only
 * slower. */
static int merge_window(struct pgstore *st, struct summary *dst, bool first_window,
			const char *first, const char *last, bool fresh, char *err, size_t errlen)
{
	const char *p[5] = { first, last, NULL, NULL, NULL };
	char nb[32], mb[32];
	struct summary w;
	struct buf doc;
	long n = 0;
	long long max_batch = 0;
	int rc = -1;

	if (fresh)
		return merge_rows(st, "SELECT NULL, summary FROM logsift.rollups WHERE " WINDOW_IS, 2,
				  p, dst, first_window, &n, &max_batch, err, errlen);
	summary_init(&w);
	buf_init(&doc, 0);
	if (merge_rows(st, "SELECT source, summary, batch_id FROM logsift.batches WHERE " WINDOW_IS
		       " ORDER BY source, batch_id", 2, p, &w, true, &n, &max_batch, err, errlen))
		goto out;
	summary_encode(&w, &doc);
	if (doc.err) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	snprintf(nb, sizeof nb, "%ld", n);
	snprintf(mb, sizeof mb, "%lld", max_batch);
	p[2] = nb;
	p[3] = mb;
	p[4] = doc.p;
	PQclear(PQexecParams(st->conn, "INSERT INTO logsift.rollups (first_hour, last_hour, batches, "
			     "max_batch, summary) VALUES (to_timestamp($1::bigint / 1000.0), "
			     "to_timestamp($2::bigint / 1000.0), $3, $4, $5) ON CONFLICT "
			     "(first_hour, last_hour) DO UPDATE SET batches = EXCLUDED.batches, "
			     "max_batch = EXCLUDED.max_batch, summary = EXCLUDED.summary",
			     5, NULL, p, NULL, NULL, 0));
	{
		char msg[300];

		rc = summary_merge_doc(dst, doc.p, doc.len, first_window, NULL, msg, sizeof msg);
		if (rc)
			snprintf(err, errlen, "a rollup: %s", msg);
	}
out:
	buf_release(&doc);
	summary_release(&w);
	return rc;
}

#define MEETS " first_hour < to_timestamp($2::bigint / 1000.0)" \
	      " AND last_hour + interval '1 hour' > to_timestamp($1::bigint / 1000.0)"

/* Every source: the rollups of the windows that meet the period. */
static long load_all(struct pgstore *st, struct summary *dst, const char *const *p, char *err,
		     size_t errlen)
{
	static const char sql[] =
		"SELECT (extract(epoch FROM w.first_hour) * 1000)::bigint, "
		"(extract(epoch FROM w.last_hour) * 1000)::bigint, r.first_hour IS NOT NULL "
		"FROM (SELECT first_hour, last_hour, count(*) AS n, max(batch_id) AS m "
		"FROM logsift.batches WHERE" MEETS " GROUP BY 1, 2) w "
		"LEFT JOIN logsift.rollups r ON r.first_hour = w.first_hour AND "
		"r.last_hour = w.last_hour AND r.batches = w.n AND r.max_batch = w.m "
		"ORDER BY w.first_hour, w.last_hour";
	PGresult *r = query(st, sql, 2, p, "finding the windows", err, errlen);
	long n;

	if (!r)
		return -1;
	n = PQntuples(r);
	for (int i = 0; i < PQntuples(r); i++)
		if (merge_window(st, dst, i == 0, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
				 PQgetvalue(r, i, 2)[0] == 't', err, errlen)) {
			n = -1;
			break;
		}
	PQclear(r);
	return n;
}

long pgstore_load(struct pgstore *st, struct summary *dst, const struct pgstore_sel *sel,
		  int64_t from_ms, int64_t to_ms, char *err, size_t errlen)
{
	static const char some[] =
		"SELECT source, summary, batch_id FROM logsift.batches WHERE" MEETS
		" AND source LIKE ANY ($3::text[]) ORDER BY source, first_hour, batch_id";
	struct buf globs;
	char from[32], to[32];
	const char *p[3];
	long n = 0;
	long long max_batch = 0;

	buf_init(&globs, 0);
	if (sel_param(sel, &globs, err, errlen)) {
		buf_release(&globs);
		return -1;
	}
	snprintf(from, sizeof from, "%" PRId64, from_ms);
	snprintf(to, sizeof to, "%" PRId64, to_ms);
	p[0] = from;
	p[1] = to;
	p[2] = globs.p;
	if (!globs.len)
		n = load_all(st, dst, p, err, errlen);
	else if (merge_rows(st, some, 3, p, dst, true, &n, &max_batch, err, errlen))
		n = -1;
	buf_release(&globs);
	return n;
}

long pgstore_load_period(struct pgstore *st, struct summary *dst, const struct pgstore_sel *sel,
			 int kind, const char *when, struct tz *zone, struct period *p,
			 char *err, size_t errlen)
{
	struct summary probe; /* a window holding only the latest hour stored */
	int64_t last = 0;
	int rc;

	if (kind == PERIOD_WINDOW)
		kind = PERIOD_DAY;
	summary_init(&probe);
	if (kind == PERIOD_LAST || (kind != PERIOD_RANGE && !when)) {
		rc = pgstore_last(st, sel, &last, err, errlen);
		if (rc) {
			if (rc > 0)
				snprintf(err, errlen, "the store holds no dated summary%s",
					 sel && sel->nglobs ? " of those sources" : "");
			summary_release(&probe);
			return -1;
		}
		probe.has_window = true;
		probe.first_ms = last;
		probe.last_ms = last + TSTAMP_HOUR_MS - 1;
	}
	rc = period_select(p, (enum period_kind)kind, when, &probe, zone, err, errlen);
	summary_release(&probe);
	if (rc)
		return -1;
	return pgstore_load(st, dst, sel, p->start_ms, p->end_ms, err, errlen);
}

long pgstore_prune(struct pgstore *st, int64_t cutoff_ms, char *err, size_t errlen)
{
	PGresult *r;
	long dropped = 0;

	if (exec(st, "BEGIN", "starting a transaction", err, errlen))
		return -1;
	r = query(st, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
		  "WHERE i.inhparent IN ('logsift.batches'::regclass, 'logsift.hours'::regclass, "
		  "'logsift.days'::regclass, 'logsift.rollups'::regclass) "
		  "ORDER BY 1", 0, NULL, "listing partitions", err, errlen);
	if (!r)
		goto fail;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *name = PQgetvalue(r, i, 0), *m = strrchr(name, '_');
		char sql[128];
		int y, mo;

		/* ours only: TABLE_YYYY_MM */
		if (!m || m - name < 5 || m[-5] != '_' || scan_digits(m - 4, 4, &y) ||
		    scan_digits(m + 1, 2, &mo) || m[3] || mo < 1 || mo > 12 ||
		    (strncmp(name, "hours_", 6) && strncmp(name, "days_", 5) &&
		     strncmp(name, "batches_", 8) && strncmp(name, "rollups_", 8)))
			continue;
		if (month_start(tstamp_days_from_civil(y, mo, 1) * TSTAMP_DAY_MS, 1) > cutoff_ms)
			continue;
		snprintf(sql, sizeof sql, "DROP TABLE logsift.%.60s", name);
		if (exec(st, sql, "dropping a partition", err, errlen)) {
			PQclear(r);
			goto fail;
		}
		dropped++;
	}
	PQclear(r);
	if (exec(st, "COMMIT", "committing", err, errlen))
		return -1;
	return dropped;
fail:
	rollback(st);
	return -1;
}
