/*
 * pgstore: summaries kept in PostgreSQL (libpq), documented in
 * docs/postgresql.md.  A stored run is a batch: one source's summary, kept
 * whole (what --merge reads) and as one row per hour of plain figures for
 * SQL (the views).  Reading merges the batches of some sources that
 * overlap a period, with summary_merge_doc, exactly as --merge merges files.
 *
 * The schema is made on first use and migrated by schema_version; tables
 * are partitioned by month, so retention drops whole partitions.  Every
 * statement is fixed text with parameters: nothing from a log or a
 * command line becomes SQL.
 */
#ifndef LOGSIFT_PGSTORE_H
#define LOGSIFT_PGSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PGSTORE_SCHEMA_VERSION 1
#define PGSTORE_SOURCES 64 /* --source names or globs of one selection */

struct pgstore;
struct summary;

/* Connects (conninfo as libpq takes it: "" for the PG* variables alone)
 * and makes or migrates the schema.  NULL with a message in err on
 * failure; the message never holds the connection string. */
struct pgstore *pgstore_open(const char *conninfo, char *err, size_t errlen);
void pgstore_close(struct pgstore *st);

/* Stores s as a batch of source, in one transaction.  Returns 1 when
 * stored, 0 when the store already holds this batch (the same source and
 * input: nothing changes), -1 with a message in err. */
int pgstore_put(struct pgstore *st, const struct summary *s, const char *source,
		char *err, size_t errlen);

/* Which batches a read takes: those of the sources matching any of the
 * globs (* and ?; none: every source). */
struct pgstore_sel {
	const char *globs[PGSTORE_SOURCES];
	size_t nglobs;
};

/* The latest hour stored for the selection, in *last_ms; 0, 1 when the
 * store holds nothing for it, -1 with a message. */
int pgstore_last(struct pgstore *st, const struct pgstore_sel *sel, int64_t *last_ms,
		 char *err, size_t errlen);
/* Merges into dst (initialised) every selected batch whose window meets
 * [from_ms, to_ms), each labelled as its source's (summary_label), the
 * first also giving dst its settings.  Returns the batches merged, or -1
 * with a message. */
long pgstore_load(struct pgstore *st, struct summary *dst, const struct pgstore_sel *sel,
		  int64_t from_ms, int64_t to_ms, char *err, size_t errlen);
/* pgstore_load for a report's period (period.h): a day, a week, a range
 * of dates, the last DURATION, each as period_select chooses it; without
 * a date (and for PERIOD_WINDOW, which becomes the day) the one holding
 * the latest hour stored for the selection.  Fills p; returns the batches
 * merged, or -1 with a message (also when nothing is stored for the
 * selection and the period needed the latest hour). */
struct tz;
struct period;
long pgstore_load_period(struct pgstore *st, struct summary *dst, const struct pgstore_sel *sel,
			 int kind, const char *when, struct tz *zone, struct period *p,
			 char *err, size_t errlen);
/* Drops the monthly partitions that end at or before cutoff_ms: the
 * batches that start in them and the hours they hold.  Returns the
 * partitions dropped, or -1 with a message. */
long pgstore_prune(struct pgstore *st, int64_t cutoff_ms, char *err, size_t errlen);

/* The LIKE pattern (with \ as its escape) matching what glob matches;
 * false when it does not fit cap. */
bool pgstore_like(const char *glob, char *dst, size_t cap);
/* The month partition's name of ms: "2026_11". */
void pgstore_month(int64_t ms, char dst[8]);

#endif
