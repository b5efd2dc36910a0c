#!/bin/sh
# tests/pg/store.sh BINDIR: the PostgreSQL store against a throwaway server
# (tests/pg/server.sh: initdb + pg_ctl on a Unix socket in a temporary
# directory; never a mock, never the system's service).  Every check
# compares what the store gives back with what the same summaries give as
# files (analyze --merge | report), the reference the store must equal.
# Run from the top of the tree.
set -u
BIN=${1:-bin}
export LC_ALL=C TZ=UTC
. tests/pg/server.sh
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-pgtest.XXXXXX")
chmod 755 "$TMP"
trap 'pg_stop; rm -rf "$TMP"' EXIT INT TERM
pass=0 fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; [ -s "$TMP/err" ] && sed 's/^/  | /' "$TMP/err" | head -5; }
# same NAME A B: the two files are equal
same() { if cmp -s "$2" "$3"; then ok; else bad "$1"; diff "$2" "$3" | head -10; fi; }
# is NAME A B: the two words are equal
is() { if [ "$2" = "$3" ]; then ok; else bad "$1: '$2', expected '$3'"; fi; }

echo "== PostgreSQL store ($BIN${VALGRIND:+, under valgrind})"
pg_start || { echo "FAIL: cannot start a throwaway PostgreSQL"; exit 1; }
db() { pg_psql -d postgres -c "CREATE DATABASE $1" && echo "dbname=$1"; }
# VALGRIND=1: logsift's programs (not psql) under valgrind, each writing
# its findings to a file of its own: any leak or memory error fails the run
VG=""
[ "${VALGRIND:-0}" = 1 ] && VG="valgrind -q --log-file=$TMP/valgrind.%p --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible"
I="$VG $BIN/ingest --tz UTC --now 2026-11-16T18:00:00Z"
A="$VG $BIN/analyze -q"
R="$VG $BIN/report --tz UTC"

# three simulated hosts x four days: each host's logs cut into days, one
# summary per host and day, as the nightly job writes them
for h in web api auth; do
	case $h in
	web) logs="fixtures/app.log fixtures/access.log" ;;
	api) logs="fixtures/api.jsonl" ;;
	auth) logs="fixtures/auth.log fixtures/hostile-access.log" ;;
	esac
	for d in 13 14 15 16; do
		$I --since 2026-11-$d --until 2026-11-$((d + 1)) $logs 2>/dev/null |
			$A --source "$h" -o "$TMP/$h-$d.json"
	done
done
FLEET=$(db fleet)
for f in "$TMP"/*-1[3-6].json; do
	$A --merge "$f" --pg "$FLEET" -o /dev/null 2>"$TMP/err" || bad "storing $f"
done
# the files a range read takes: those with dated events (an undated-only
# summary belongs to no period), in the store's order (source, then time)
files() {
	for h in api auth web; do for d in "$@"; do
		grep -q '"window":null' "$TMP/$h-$d.json" || echo "$TMP/$h-$d.json"
	done; done
}

# report --pg over a range equals the report of the merged files: its
# totals, days, hours, checks and sources in every medium, and --check's
# line and code.  (Every source's read takes the rollups, merged when each
# host stored, so what depends on the order of merging, the order of the
# accounting's files and which three samples a rule keeps, may differ;
# a read of some sources takes their batches in the order of the files
# and equals the files' report whole, below.)
figures() {
	case ${1:-} in
	--json) sed 's/.*"totals":/"totals":/; s/"undated":.*//' ;;
	*) awk '/Top errors/ { exit } { print }' ;;
	esac
}
sources() { awk '/Sources/ { on = 1 } /Services/ { on = 0 } on'; }
$A --merge $(files 13 14 15 16) > "$TMP/merged.json"
for fmt in --text --markdown --json --html; do
	$R $fmt --from 2026-11-13 --to 2026-11-16 "$TMP/merged.json" > "$TMP/want.all" 2>&1
	$R $fmt --from 2026-11-13 --to 2026-11-16 --pg "$FLEET" > "$TMP/got.all" 2>"$TMP/err"
	figures $fmt < "$TMP/want.all" > "$TMP/want"
	figures $fmt < "$TMP/got.all" > "$TMP/got"
	same "range report $fmt: the figures equal the merged files'" "$TMP/want" "$TMP/got"
	if [ $fmt != --json ]; then
		sources < "$TMP/want.all" > "$TMP/want"
		sources < "$TMP/got.all" > "$TMP/got"
		same "range report $fmt: the sources equal the merged files'" "$TMP/want" "$TMP/got"
		grep -q 'web' "$TMP/got" || bad "range report $fmt shows the sources side by side"
	fi
done
$R --check --daily 2026-11-16 "$TMP/merged.json" > "$TMP/want"; want_rc=$?
$R --check --daily 2026-11-16 --pg "$FLEET" > "$TMP/got" 2>"$TMP/err"; got_rc=$?
$A --merge $(files 16) | $R --check --daily 2026-11-16 | figures > "$TMP/want1"
figures < "$TMP/got" > "$TMP/got1"
same "report --check --daily over the store" "$TMP/want1" "$TMP/got1"
is "report --check's exit code" "$got_rc" "$want_rc"
# the default period is the last day stored
$R --pg "$FLEET" 2>"$TMP/err" | figures > "$TMP/got"
$A --merge $(files 16) | $R --daily 2026-11-16 | figures > "$TMP/want"
same "report --pg without a period: the last day" "$TMP/want" "$TMP/got"
# a source glob; analyze --load writes the same selection as JSON
$A --merge $(files 13 14 15 | grep -e /web- -e /api-) | $R --weekly 2026-W46 > "$TMP/want"
$R --pg "$FLEET" --source 'w?b' --source 'a*i' --weekly 2026-W46 > "$TMP/got" 2>"$TMP/err"
same "report --pg --source GLOB" "$TMP/want" "$TMP/got"
$A --merge $(files 15) | $R --json --daily 2026-11-15 > "$TMP/want"
$A --pg "$FLEET" --load --source '*' --daily 2026-11-15 --tz UTC > "$TMP/got" 2>"$TMP/err"
same "analyze --pg --load writes the merged summary" "$TMP/want" "$TMP/got"

# storing the same input again changes nothing, from events or the file,
# with other settings too
rows() { pg_psql -d "$1" -c "SELECT count(*), coalesce(sum(events), 0) FROM logsift.batches"; }
before=$(rows fleet)
$I --since 2026-11-16 --until 2026-11-17 fixtures/app.log fixtures/access.log 2>/dev/null |
	$A --source web --slow 100 --threshold error_rate=50:60 --pg "$FLEET" -o /dev/null
$A --merge "$TMP/web-16.json" --pg "$FLEET" -o /dev/null
is "storing a day twice changes nothing" "$(rows fleet)" "$before"
$R --from 2026-11-13 --to 2026-11-16 --pg "$FLEET" 2>"$TMP/err" | figures > "$TMP/got"
$R --from 2026-11-13 --to 2026-11-16 "$TMP/merged.json" | figures > "$TMP/want"
same "the report after storing twice" "$TMP/want" "$TMP/got"
$R --from 2026-11-13 --to 2026-11-16 --pg "$FLEET" --source '*' > "$TMP/got" 2>"$TMP/err"
$R --from 2026-11-13 --to 2026-11-16 "$TMP/merged.json" > "$TMP/want"
same "the report of every source's batches after storing twice, whole" "$TMP/want" "$TMP/got"

# an hour split over two rotated files: both parts count, once each
ROT=$(db rotated)
at=$(grep -n '16/Nov/2026:09:' fixtures/access.log | head -1 | cut -d: -f1)
cut=$((at - 1 + $(grep -c '16/Nov/2026:09:' fixtures/access.log) / 2)) # mid-hour
head -n "$cut" fixtures/access.log > "$TMP/access.log.1"
tail -n "+$((cut + 1))" fixtures/access.log > "$TMP/access.log"
$I "$TMP/access.log.1" 2>/dev/null | $A --pg "$ROT" --source rot -o /dev/null
$I "$TMP/access.log" 2>/dev/null | $A --pg "$ROT" --source rot -o /dev/null
$I "$TMP/access.log.1" 2>/dev/null | $A --pg "$ROT" --source rot -o /dev/null # again: nothing
whole=$($I fixtures/access.log 2>/dev/null | $A | grep -o '"start":"2026-11-16T09:00:00.000Z","events":[0-9]*,"requests":[0-9]*,"errors":[0-9]*')
got=$(pg_psql -d rotated -c "SELECT events, requests, errors FROM logsift.hourly
	WHERE source = 'rot' AND hour = '2026-11-16 09:00+00'")
is "the split hour in the view" "$got" "$(echo "$whole" | sed 's/.*"events":\([0-9]*\),"requests":\([0-9]*\),"errors":\([0-9]*\)/\1|\2|\3/')"
is "the split hour is in two batches" "$(pg_psql -d rotated -c "SELECT count(*) FROM logsift.hours
	WHERE hour = '2026-11-16 09:00+00'")" 2
$I fixtures/access.log 2>/dev/null | $A --source rot | $R --daily 2026-11-16 | sed -n '/^Totals/,/^Top errors/p' > "$TMP/want"
$R --pg "$ROT" --daily 2026-11-16 2>"$TMP/err" | sed -n '/^Totals/,/^Top errors/p' > "$TMP/got"
same "the rotated day's figures equal the whole file's" "$TMP/want" "$TMP/got"

# eight hosts storing at once into an empty database (schema, partitions)
MANY=$(db many)
for n in 1 2 3 4 5 6 7 8; do
	$A --merge "$TMP/web-16.json" --source "host$n" --pg "$MANY" -o /dev/null 2>"$TMP/err.$n" &
done
wait
cat "$TMP"/err.? > "$TMP/err"
web_events=$(grep -o '"totals":{"events":[0-9]*' "$TMP/web-16.json" | grep -o '[0-9]*$')
is "eight hosts at once: eight batches, no event lost or doubled" "$(rows many)" "8|$((8 * web_events))"
is "eight hosts at once: their hours" "$(pg_psql -d many -c "SELECT count(DISTINCT source), sum(events)
	FROM logsift.hours")" "8|$((8 * web_events))"

# stuck_store NAME OUT: a store of web-15 as source NAME (summary to OUT),
# in the background ($victim), held mid-transaction: the hours' partition
# is locked ($locker, 4 s) so it waits after its batch row; returns once it
# waits there (1 if it never did)
WAITING="FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO logsift.hours%'"
stuck_store() {
	pg_psql -d fleet -c "BEGIN; LOCK TABLE logsift.hours_2026_11 IN ACCESS EXCLUSIVE MODE;
		SELECT pg_sleep(4); COMMIT" >/dev/null &
	locker=$!
	sleep 1
	$A --merge "$TMP/web-15.json" --source "$1" --pg "$FLEET" -o "$2" 2>"$TMP/err" &
	victim=$!
	waited=0
	until [ "$(pg_psql -d fleet -c "SELECT count(*) $WAITING")" = 1 ]; do
		[ $waited -ge 30 ] && return 1
		sleep 0.1; waited=$((waited + 1))
	done
}

# a run killed mid-transaction leaves the store as it was
before=$(rows fleet)
stuck_store killed /dev/null && ok || bad "the run to kill did not reach its hours"
kill -9 $victim; wait $victim 2>/dev/null
wait $locker
waited=0
while [ "$(pg_psql -d fleet -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'fleet'
	AND pid <> pg_backend_pid()")" != 0 ] && [ $waited -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
is "a killed run leaves the store as it was" "$(rows fleet)" "$before"
is "a killed run leaves no hours" "$(pg_psql -d fleet -c "SELECT count(*) FROM logsift.hours WHERE source = 'killed'")" 0

# the rollups every source's read takes: made by the first read, one a
# window, used by the next, made again after a store into their window
is "a rollup for every window read" "$(pg_psql -d fleet -c "SELECT count(*) FROM logsift.rollups
	WHERE first_hour >= '2026-11-13' AND first_hour < '2026-11-17'")" "$(pg_psql -d fleet -c "SELECT
	count(DISTINCT (first_hour, last_hour)) FROM logsift.batches WHERE first_hour >= '2026-11-13'
	AND first_hour < '2026-11-17'")"
$A --merge "$TMP/web-16.json" --source late > "$TMP/late.json"
$A --merge "$TMP/late.json" --pg "$FLEET" -o /dev/null
$A --merge $(files 16) "$TMP/late.json" | $R --daily 2026-11-16 | figures > "$TMP/want"
$R --pg "$FLEET" --daily 2026-11-16 > "$TMP/got.all" 2>"$TMP/err"
figures < "$TMP/got.all" > "$TMP/got"
same "a store into a window read before: the next read has it" "$TMP/want" "$TMP/got"
sources < "$TMP/got.all" | grep -q '^late ' && ok || bad "a store into a window read before: its source is listed"

# a connection lost mid-transaction: exit 3, the summary written, the
# store as it was
before=$(rows fleet)
stuck_store lost "$TMP/lost.json" || bad "the run to cut off did not reach its hours"
pg_psql -d fleet -c "SELECT pg_terminate_backend(pid) $WAITING" >/dev/null
wait $victim
is "a lost connection: exit 3" $? 3
grep -q '"type":"summary"' "$TMP/lost.json" && ok || bad "a lost connection: the summary is written"
wait $locker
is "a lost connection leaves the store as it was" "$(rows fleet)" "$before"

# hostile log text (quotes, backslashes, SQL, invalid UTF-8, NUL, markup)
# and a hostile source name round-trip as data
EVIL="h'); DROP TABLE logsift.batches; -- \\ \""
$I fixtures/hostile-access.log fixtures/hostile-app.log 2>/dev/null | $A --source "$EVIL" > "$TMP/evil.json"
$A --merge "$TMP/evil.json" --source "$EVIL" --pg "$FLEET" -o /dev/null 2>"$TMP/err" || bad "storing hostile text"
first=$(grep -o '"window":{"first":"[0-9-]*' "$TMP/evil.json" | grep -o '[0-9-]*$')
last=$(grep -o '"last":"[0-9-]*' "$TMP/evil.json" | head -1 | grep -o '[0-9-]*$')
for fmt in --text --json --html; do
	$R $fmt --from "$first" --to "$last" "$TMP/evil.json" > "$TMP/want"
	$R $fmt --from "$first" --to "$last" --pg "$FLEET" --source "$EVIL" > "$TMP/got" 2>"$TMP/err"
	same "hostile text round-trips ($fmt)" "$TMP/want" "$TMP/got"
done
is "the tables are still there" "$(pg_psql -d fleet -c "SELECT count(*) FROM logsift.batches
	WHERE source = \$\$$EVIL\$\$")" 1

# the views give the report's error rate and p95 (within the histogram's 1 %)
for h in web api; do
	$R --json --daily 2026-11-16 --pg "$FLEET" --source $h > "$TMP/day.json" 2>"$TMP/err"
	want=$(grep -o '"totals":{.*' "$TMP/day.json" | grep -o '"error_rate":[0-9.]*' | head -1 | cut -d: -f2)
	p95=$(grep -o '"totals":{.*' "$TMP/day.json" | grep -o '"p95":[0-9.]*' | head -1 | cut -d: -f2)
	got=$(pg_psql -d fleet -c "SELECT round(error_rate, 3), round(p95_ms::numeric, 3) FROM logsift.daily
		WHERE source = '$h' AND day = '2026-11-16'")
	is "the daily view's error rate ($h)" "${got%%|*}" "$want"
	pg_psql -d fleet -c "SELECT abs(${got#*|} - $p95) <= 0.01 * $p95" | grep -q t && ok ||
		bad "the daily view's p95 ($h): ${got#*|}, the report's $p95"
done

# the nightly example stores the day when LOGSIFT_PG is set, as its host's
NIGHT=$(db nightly)
mkdir -p "$TMP/night/logs"
cp fixtures/app.log fixtures/access.log "$TMP/night/logs/"
LOGSIFT_BIN=$BIN LOGSIFT_PG="$NIGHT" LOGSIFT_TITLE=night1 TZ=UTC \
	sh examples/nightly.sh "$TMP/night/logs" "$TMP/night/out" 2026-11-16 >/dev/null 2>"$TMP/err"
events=$(grep -o '"totals":{"events":[0-9]*' "$TMP/night/out/summaries/2026-11-16.json" | grep -o '[0-9]*$')
is "nightly.sh with LOGSIFT_PG stores the day as the host's" "$(pg_psql -d nightly -c "SELECT source,
	events FROM logsift.batches")" "night1|$events"

# failures: exit 3, a message without the password, the summary still written
PGHOST=$TMP/nowhere $A --merge "$TMP/web-16.json" --pg "$FLEET" -o "$TMP/out.json" 2>"$TMP/err"
is "server down: exit 3" $? 3
same "server down: the summary is still written" "$TMP/web-16.json" "$TMP/out.json"
grep -q "cannot connect" "$TMP/err" && ok || bad "server down: says so"
pg_psql -d postgres -c "CREATE ROLE reader LOGIN PASSWORD 'Right-pw-1'"
sed -i '1i local all reader scram-sha-256' "$PG_TMP/data/pg_hba.conf"
pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -s reload
sleep 0.5
$A --merge "$TMP/web-16.json" --pg "dbname=fleet user=reader password=Wrong-S3cret" -o /dev/null 2>"$TMP/err"
is "bad credentials: exit 3" $? 3
grep -q "Wrong-S3cret" "$TMP/err" && bad "the password is in the message" || ok
grep -q "authentication failed" "$TMP/err" && ok || bad "bad credentials: says so"
# the password from a pgpass file, as libpq finds it (PGPASSFILE, ~/.pgpass);
# a role that may only read reports (docs/postgresql.md: its grants)
pg_psql -d fleet -c "GRANT USAGE ON SCHEMA logsift TO reader;
	GRANT SELECT ON ALL TABLES IN SCHEMA logsift TO reader"
$A --merge "$TMP/late.json" --source late2 --pg "$FLEET" -o /dev/null # a rollup it cannot keep
printf '*:*:*:reader:Right-pw-1\n' > "$TMP/pgpass"
chmod 600 "$TMP/pgpass"
PGPASSFILE=$TMP/pgpass $R --pg "dbname=fleet user=reader" --daily 2026-11-16 > "$TMP/got" 2>"$TMP/err"
is "the password from PGPASSFILE, a read-only role" $? 0
grep -q '^late2 ' "$TMP/got" && ok || bad "a read-only role reads what it cannot keep as a rollup"
$R --check --pg "dbname=fleet user=reader password=Wrong-S3cret" > "$TMP/got" 2>"$TMP/err"
is "report --check on a store it cannot read: UNKNOWN" "$?:$(cut -c1-7 "$TMP/got")" "3:UNKNOWN"
$A --merge "$TMP/web-16.json" --pg "dbname=fleet password=Wrong-S3cret user" -o /dev/null 2>"$TMP/err"
is "a malformed connection string: exit 3" $? 3
grep -q "Wrong-S3cret" "$TMP/err" && bad "the password is in the message" || ok
NEWER=$(db newer)
$A --merge "$TMP/web-16.json" --pg "$NEWER" -o /dev/null 2>/dev/null
pg_psql -d newer -c "INSERT INTO logsift.schema_version (version) VALUES (99)"
$A --merge "$TMP/web-15.json" --pg "$NEWER" -o /dev/null 2>"$TMP/err"
is "a newer schema: exit 3" $? 3
grep -q "newer than this logsift" "$TMP/err" && ok || bad "a newer schema: says so"

# retention: --prune drops the months older than the age, nothing newer
OLD=$(db old)
printf '2025-01-05T10:00:00Z ERROR old\n2025-01-05T11:00:00Z INFO old\n' > "$TMP/old.log"
$I "$TMP/old.log" 2>/dev/null | $A --pg "$OLD" --source old -o /dev/null
printf '%s INFO new\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$TMP/new.log"
$I "$TMP/new.log" 2>/dev/null | $A --pg "$OLD" --source new -o /dev/null
$A -q --pg "$OLD" --prune 36500d 2>"$TMP/err"
is "--prune 100 years drops nothing" "$(rows old)" "2|3"
$VG $BIN/analyze --pg "$OLD" --prune 90d 2>"$TMP/err"
is "--prune 90d drops 2025's month" "$(pg_psql -d old -c "SELECT to_regclass('logsift.batches_2025_01') IS NULL
	AND to_regclass('logsift.hours_2025_01') IS NULL AND to_regclass('logsift.rollups_2025_01') IS NULL AND to_regclass('logsift.days_2025_01') IS NULL")" t
is "--prune says what it dropped" "$(cat "$TMP/err")" "analyze: dropped 4 monthly partitions older than 90d"
is "--prune keeps the rest" "$(pg_psql -d old -c "SELECT source FROM logsift.batches")" new

if [ -n "$VG" ]; then
	for f in "$TMP"/valgrind.*; do
		[ -s "$f" ] || continue
		bad "valgrind: $(head -c 2000 "$f")"
	done
fi
echo "pg: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
