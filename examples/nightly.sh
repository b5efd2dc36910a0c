#!/bin/sh
# nightly.sh LOGDIR OUTDIR [DATE] — the nightly log job, for cron or a
# systemd timer: yesterday's records (or DATE's, YYYY-MM-DD) from every
# log in LOGDIR, plain or gzipped, rotated ones included, into
#   OUTDIR/summaries/DATE.json   the day's summary (merge them for a week:
#                                analyze --merge OUTDIR/summaries/*.json)
#   OUTDIR/daily.html            the day's report
# and the Nagios status line on stdout (cron mails it), with its exit
# status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
#
# It runs with nothing from the caller's environment (cron gives a bare
# one): PATH is set here; LOGSIFT_BIN names where ingest, analyze and
# report are when they are not installed; LOGSIFT_THRESHOLDS a limits file;
# LOGSIFT_TITLE the report's name (default: the host name); TZ the zone
# that decides where a day begins (default: the machine's); LOGSIFT_PG a
# PostgreSQL connection string: the summary is also stored there, as the
# host's (LOGSIFT_TITLE's), for fleet reports (docs/postgresql.md; a store
# that cannot be reached is said on stderr and does not fail the night).
set -u
PATH=${LOGSIFT_BIN:+$LOGSIFT_BIN:}/usr/local/libexec/logsift:/usr/libexec/logsift:/usr/local/bin:/usr/bin:/bin
export PATH

if [ $# -lt 2 ]; then
	echo "usage: nightly.sh LOGDIR OUTDIR [DATE]" >&2
	exit 3
fi
logdir=$1 out=$2
day=${3:-yesterday}
title=${LOGSIFT_TITLE:-$(hostname 2>/dev/null || echo logsift)}
limits=""
[ -n "${LOGSIFT_THRESHOLDS:-}" ] && limits="--thresholds $LOGSIFT_THRESHOLDS"

mkdir -p "$out/summaries" || exit 3
if [ "$day" = yesterday ]; then
	since=yesterday until=today
	date=$(date -d yesterday +%F 2>/dev/null || date +%F)
else
	since=$day until=$(date -d "$day + 1 day" +%F) || exit 3
	date=$day
fi

# one pass over the logs; ingest's own faults (an unreadable file) are
# counted in the summary and turn the check to WARNING or worse
ingest --since "$since" --until "$until" "$logdir"/* 2>"$out/ingest.err" |
	analyze $limits --source "$title" -o "$out/summaries/$date.json" 2>"$out/analyze.err"
if [ -n "${LOGSIFT_PG:-}" ] && [ -s "$out/summaries/$date.json" ]; then
	analyze -q --merge "$out/summaries/$date.json" --pg "$LOGSIFT_PG" -o /dev/null ||
		echo "nightly.sh: the summary was not stored in PostgreSQL (see above)" >&2
fi
if [ ! -s "$out/summaries/$date.json" ]; then
	echo "UNKNOWN - no summary for $date (see $out/analyze.err)"
	exit 3
fi
report --title "$title" --html --daily "$date" -o "$out/daily.html" "$out/summaries/$date.json" ||
	{ echo "UNKNOWN - the report failed"; exit 3; }
report --title "$title" --check --daily "$date" -o /dev/null "$out/summaries/$date.json"
