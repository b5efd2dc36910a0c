#!/bin/sh
# bench-pg.sh BINDIR: the PostgreSQL store on a throwaway server
# (tests/pg/server.sh).  A fleet of SOURCES simulated hosts x DAYS days of
# access logs is stored; measured and printed: the time to store one
# day's summary, a DAYS-day report over every source (goal: under 2 s),
# and the rows and bytes the store keeps per source per day.
#
# The days: one generated access log of DAYS days (LINES_PER_DAY requests a
# day from 2,000 clients over 700 resources), cut into days by ingest
# --since/--until, one summary each.  Every source stores the same days
# under its own name: the decoding and merging work per stored summary is
# a real host's, but the hosts' keys overlap, so the merged lists stay the
# size of one host's (distinct hosts merge more keys, up to the caps).
set -eu
BIN=${1:-bin}
SOURCES=${SOURCES:-200}
DAYS=${DAYS:-30}
LINES_PER_DAY=${LINES_PER_DAY:-20000}
export LC_ALL=C TZ=UTC
. tests/pg/server.sh
DATA=bench/data/pg-v1-${DAYS}d-${LINES_PER_DAY}
mkdir -p "$DATA"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-benchpg.XXXXXX")
trap 'pg_stop; rm -rf "$TMP"' EXIT INT TERM

# the days' summaries, made once
if [ ! -f "$DATA/day-$DAYS.json" ]; then
	echo "generating $DAYS days of access log, $LINES_PER_DAY requests a day..."
	awk -v days="$DAYS" -v per="$LINES_PER_DAY" 'BEGIN {
		srand(11);
		split("GET GET GET POST PUT DELETE", m, " ");
		split("/api/users /api/media /api/search /static/app.js /health /api/upload /login", p, " ");
		split("200 200 200 200 200 200 201 204 301 304 400 401 403 404 429 500 502", s, " ");
		for (d = 0; d < days; d++) for (i = 0; i < per; i++) {
			t = d * 86400 + int(86400 * i / per);
			c = int(2000 * rand() ^ 3);
			printf "10.%d.%d.%d - - [%02d/Nov/2026:%02d:%02d:%02d +0000] \"%s %s/%d HTTP/1.1\" %s %d \"-\" \"agent/%d\" %.3f\n",
				c % 256, int(c / 256), (c * 7) % 256, 1 + d % 30, int(t / 3600) % 24,
				int(t / 60) % 60, t % 60, m[int(rand() * 6) + 1], p[int(rand() * 7) + 1],
				int(100 * rand() ^ 2), s[int(rand() * 17) + 1], int(rand() * 60000),
				int(rand() * 40), 0.02 + rand() ^ 4 * 3
		}
	}' > "$TMP/fleet.log"
	d=1
	while [ $d -le "$DAYS" ]; do
		day=$(printf '2026-11-%02d' $d)
		next=$(printf '2026-11-%02d' $((d + 1)))
		[ $d -eq 30 ] && next=2026-12-01
		"$BIN/ingest" --tz UTC --since "$day" --until "$next" "$TMP/fleet.log" 2>/dev/null |
			"$BIN/analyze" -q -o "$DATA/day-$d.json"
		d=$((d + 1))
	done
fi
[ "$DAYS" -le 30 ] || { echo "bench-pg: DAYS is at most 30 (one month)"; exit 2; }

pg_start
CONN="dbname=postgres"
# one source's month through analyze, as hosts store it: the store's time
echo "storing 1 source x $DAYS days ($(wc -c < "$DATA/day-1.json") bytes of summary a day) with analyze --pg..."
start=$(date +%s.%N)
d=1
while [ $d -le "$DAYS" ]; do
	"$BIN/analyze" -q --merge "$DATA/day-$d.json" --source host1 --pg "$CONN" -o /dev/null
	d=$((d + 1))
done
end=$(date +%s.%N)
echo "$start $end $DAYS" | awk '{ printf "store one day'"'"'s summary (analyze --merge --pg, a process each): %.1f ms\n", ($2 - $1) * 1000 / $3 }'

# the other sources: host1's batches and hours copied in SQL, each with its
# own clients (10.x.y.z becomes N.x.y.z in every key), so the fleet's
# lists merge distinct keys as distinct hosts' would; 6,000 analyze runs
# would measure process start-up, already measured above
pg_psql -d postgres -c "
INSERT INTO logsift.batches (source, first_hour, last_hour, fingerprint, events, summary)
	SELECT 'host' || n, first_hour, last_hour, fingerprint, events,
		replace(summary::text, '\"key\":\"10.', '\"key\":\"' || (10 + n) || '.')::json
	FROM logsift.batches, generate_series(2, $SOURCES) AS n WHERE source = 'host1';"
for t in hours:hour days:day; do
	pg_psql -d postgres -c "
INSERT INTO logsift.${t%%:*} (source, ${t#*:}, batch_id, events, requests, errors, error_lines,
		rate_limited, auth_failures, security, bytes, lat_count, lat_sum, lat_min, lat_max,
		lat_zero, lat_index, lat_counts)
	SELECT b.source, h.${t#*:}, b.batch_id, h.events, h.requests, h.errors, h.error_lines,
		h.rate_limited, h.auth_failures, h.security, h.bytes, h.lat_count, h.lat_sum,
		h.lat_min, h.lat_max, h.lat_zero, h.lat_index, h.lat_counts
	FROM logsift.${t%%:*} h JOIN logsift.batches o ON o.batch_id = h.batch_id
	JOIN logsift.batches b ON b.first_hour = o.first_hour AND b.last_hour = o.last_hour
		AND b.source <> 'host1'
	WHERE o.source = 'host1';"
done
pg_psql -d postgres -c "VACUUM ANALYZE"
stores=$((SOURCES * DAYS))

# rows and bytes per source per day (tables, indexes and TOAST)
size() { echo "(SELECT sum(pg_total_relation_size(c.oid)) FROM pg_inherits i JOIN pg_class c
	ON c.oid = i.inhrelid WHERE i.inhparent = 'logsift.$1'::regclass)"; }
pg_psql -d postgres -F ' ' -c "SELECT (SELECT count(*) FROM logsift.batches),
	(SELECT count(*) FROM logsift.hours), (SELECT count(*) FROM logsift.days),
	$(size batches), $(size hours), $(size days)" |
	awk -v per="$stores" '{ printf "rows per source per day: %.0f batch + %.1f hours + %.1f day; bytes: %.0f KiB (batch %.0f KiB, hours %.1f KiB, day %.1f KiB); a source-year: %.0f MiB\n",
		$1 / per, $2 / per, $3 / per, ($4 + $5 + $6) / per / 1024, $4 / per / 1024, $5 / per / 1024, $6 / per / 1024, ($4 + $5 + $6) / per * 365 / 1048576 }'

# the month's report over every source: the first read makes the rollups
# (one per window: here a day), the next reads them; best of 3, peak RSS
report() {
	t0=$(date +%s.%N)
	/usr/bin/time -f %M -o "$TMP/rss" "$BIN/report" --pg "$CONN" --from 2026-11-01 \
		--to "$(printf '2026-11-%02d' "$DAYS")" --tz UTC > "$TMP/report.txt"
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ print $2 - $1 }'
}
cold=$(report)
echo "$cold $(cat "$TMP/rss") $SOURCES $DAYS" | awk '{ printf "report --pg over %d days x %d sources, the first read (makes the %d rollups from %d summaries): %.2f s, peak RSS %.1f MiB\n", $4, $3, $4, $3 * $4, $1, $2 / 1024 }'
best=999
for run in 1 2 3; do
	t=$(report)
	best=$(echo "$t $best" | awk '{ print ($1 < $2 ? $1 : $2) }')
done
rollup=$(pg_psql -d postgres -c "SELECT round(avg(length(summary::text)) / 1024) FROM logsift.rollups")
echo "$best $(cat "$TMP/rss") $SOURCES $DAYS $rollup" | awk '{ printf "report --pg over %d days x %d sources, from the rollups (%d KiB each): %.2f s (goal: under 2 s: %s), peak RSS %.1f MiB\n", $4, $3, $5, $1, $1 < 2 ? "met" : "MISSED", $2 / 1024 }'
grep -q "^source " "$TMP/report.txt" || { echo "bench-pg: the report has no Sources table"; exit 1; }

# the views, as psql or Grafana query them: one source's month, per day;
# every source's month, per day (p95 from the stored bins, in SQL)
view() {
	t0=$(date +%s.%N)
	pg_psql -d postgres -c "$1" > "$TMP/view.txt"
	t1=$(date +%s.%N)
	echo "$t0 $t1 $(wc -l < "$TMP/view.txt")" | awk -v what="$2" '{ printf "view %s: %d rows in %.2f s\n", what, $3, $2 - $1 }'
}
view "SELECT day, requests, error_rate, p95_ms FROM logsift.daily WHERE source = 'host7' ORDER BY day" \
	"logsift.daily, one source's month"
view "SELECT source, day, error_rate, p95_ms FROM logsift.daily" "logsift.daily, every source's month"
view "SELECT hour, requests, p95_ms FROM logsift.hourly WHERE source = 'host7' AND hour >= '2026-11-16' AND hour < '2026-11-17'" \
	"logsift.hourly, one source's day"
