# report: daily and weekly reports in every format from the fixture
# summaries (fixtures/summaries/, made by analyze from the fixtures; the
# first case checks they are still what analyze makes).  The goldens were
# read by hand against the figures of 50-analyze.sh.

R="report --tz UTC"
I="ingest --tz UTC --now 2026-11-16T18:00:00Z"

fixture_summaries_current() {
	$I fixtures/app.log fixtures/access.log fixtures/api.jsonl fixtures/auth.log 2>/dev/null >"$TMP/ev" || return 1
	analyze "$TMP/ev" | "$JSONPP" | cmp - fixtures/summaries/fortnight.json || return 1
	$I fixtures/hostile-access.log fixtures/hostile-app.log >"$TMP/ev" || return 1
	analyze "$TMP/ev" | "$JSONPP" | cmp - fixtures/summaries/hostile.json && echo current
}
case_ rp-fixture-summaries 0 fixture_summaries_current

for fmt in text markdown html json; do
	pp=""
	[ "$fmt" = json ] && pp=pretty
	case_ "rp-daily-$fmt" 0 $pp $R --$fmt --daily 2026-11-16 fixtures/summaries/fortnight.json
	case_ "rp-weekly-$fmt" 0 $pp $R --$fmt --weekly 2026-W46 fixtures/summaries/fortnight.json
done
# the default period is the day or week of the last event
rp_daily_default() { $R --daily fixtures/summaries/fortnight.json | head -1; }
case_ rp-daily-default 0 rp_daily_default
rp_weekly_date() { $R --weekly 2026-11-12 fixtures/summaries/fortnight.json | head -1; }
case_ rp-weekly-date 0 rp_weekly_date
# several summaries merge; stdin works
rp_stdin() { $R --daily 2026-11-16 <fixtures/summaries/fortnight.json | head -4; }
case_ rp-stdin 0 rp_stdin

# hostile log text, in every medium
for fmt in text markdown html; do
	case_ "rp-hostile-$fmt" 0 $R --$fmt fixtures/summaries/hostile.json
done
rp_no_escapes() { $R --text fixtures/summaries/hostile.json | tr -d '\n' | grep -c "$(printf '\033')"; }
case_ rp-hostile-no-escape-bytes 1 rp_no_escapes

# cron: a status line first, Nagios exit codes
rp_check_crit() {
	$R --check --daily 2026-11-16 fixtures/summaries/fortnight.json >"$TMP/w"; rc=$?
	head -1 "$TMP/w"; return $rc
}
case_ rp-check-crit 2 rp_check_crit
rp_check_warn() {
	$R --check --weekly 2026-W46 fixtures/summaries/fortnight.json >"$TMP/w"; rc=$?
	head -1 "$TMP/w"; return $rc
}
case_ rp-check-warn 1 rp_check_warn
rp_check_ok() {
	$R --check --threshold error_lines_per_day=50:100 --weekly 2026-W46 fixtures/summaries/fortnight.json >"$TMP/w"; rc=$?
	head -1 "$TMP/w"; return $rc
}
case_ rp-check-ok 0 rp_check_ok
rp_check_nodata() {
	$R --check --daily 2026-01-01 fixtures/summaries/fortnight.json >"$TMP/w"; rc=$?
	head -1 "$TMP/w"; return $rc
}
case_ rp-check-nodata 3 rp_check_nodata
case_ rp-check-unreadable 3 $R --check fixtures/app.log
case_ rp-unreadable 1 $R fixtures/app.log
case_ rp-bad-date 2 $R --daily 2026-02-30 fixtures/summaries/fortnight.json
case_ rp-bad-zone 2 $R --tz Mars/Olympus fixtures/summaries/fortnight.json

# -o writes atomically: the file appears whole, nothing else is left
rp_output() {
	mkdir "$TMP/out" && $R --html -o "$TMP/out/r.html" fixtures/summaries/fortnight.json &&
		ls "$TMP/out" && tail -c 15 "$TMP/out/r.html"
}
case_ rp-output-atomic 0 rp_output

# With --check, every failure after the options are read is UNKNOWN (3)
# on stdout, wherever --check stands: a bad --threshold, --thresholds file
# or --top included (they exited 2, CRITICAL to Nagios, with nothing said).
check_bad_limits() {
	$R --check --threshold bogus fixtures/summaries/fortnight.json; echo "exit $?"
	$R --top 0 --check fixtures/summaries/fortnight.json; echo "exit $?"
	$R --thresholds /nonexistent/t --check fixtures/summaries/fortnight.json; echo "exit $?"
	$R --threshold bogus fixtures/summaries/fortnight.json >/dev/null; echo "exit $?"
}
case_ rp-check-bad-limits 0 check_bad_limits

# Errors that name the fix: events given to report, an empty input, a raw
# log given to analyze, a summary given to analyze without --merge.
wrong_stage() {
	ingest --tz UTC fixtures/auth.log >"$TMP/ws.ev" 2>/dev/null
	$R "$TMP/ws.ev" 2>&1 | sed "s|$TMP/||"
	printf '' | $R 2>&1
	analyze fixtures/auth.log 2>&1 >/dev/null | head -1
	analyze fixtures/summaries/fortnight.json 2>&1 >/dev/null | head -1
}
case_ rp-wrong-stage 0 wrong_stage

# Samples pass through the PII and secret masks (the Privacy section
# promises values are never shown; a card number and an e-mail address
# were), unless --show-samples asks for them as logged.
samples_masked() {
	ingest --tz UTC fixtures/pii.log 2>/dev/null | analyze >"$TMP/pii.json" 2>/dev/null
	$R --width 0 "$TMP/pii.json" | grep -A4 '^Top errors' | tail -1 | tr -s ' '
	$R --width 0 --show-samples "$TMP/pii.json" | grep -A4 '^Top errors' | tail -1 | tr -s ' '
}
case_ rp-samples-masked 0 samples_masked

# A nightly mail: lines within 100 columns (or --width), one status line
# with --check, singular nouns for one thing, the zone named, --title.
report_polish() {
	$R --daily 2026-11-16 fixtures/summaries/fortnight.json | awk -v w=100 '
		{ n = 0; for (i = 1; i <= length($0); i++) { c = substr($0, i, 1); if (c < "\200" || c >= "\300") n++ }
		  if (n > w) over++ } END { print "over 100 columns:", over + 0 }'
	$R --width 60 --daily 2026-11-16 fixtures/summaries/fortnight.json | head -6
	$R --check --daily 2026-11-16 fixtures/summaries/fortnight.json | grep -c '^CRITICAL'
	$R --daily 2026-11-16 fixtures/summaries/fortnight.json | grep -E -c ' 1 (hits|errors|lines|events)\b'
	$R --title web-01 --daily 2026-11-16 fixtures/summaries/fortnight.json | head -1
	TZ=Europe/Berlin report --daily 2026-11-16 fixtures/summaries/fortnight.json | grep '^Times in'
	$R --width 7 fixtures/summaries/fortnight.json 2>&1; echo "exit $?"
}
case_ rp-polish 0 report_polish

# Summaries of the same file merged (seven nightly summaries) list it once,
# with its counts added.
merged_sources_once() {
	for d in 14 15 16; do
		ingest --tz UTC --since 2026-11-$d --until 2026-11-$((d + 1)) fixtures/app.log fixtures/access.log 2>/dev/null |
			analyze >"$TMP/day-$d.json"
	done
	analyze --merge "$TMP"/day-1[456].json | "$JSONPP" | sed -n '/"sources": \[/,/^  \]/p' | grep -c '"src"'
	analyze --merge "$TMP"/day-1[456].json | "$JSONPP" | sed -n '/"sources"/,$p' | grep -m1 '"lines"' | tr -d ' '
}
case_ rp-merged-sources-once 0 merged_sources_once

# Periods: --weekly alone is the last complete week (the data ends on a
# Monday: the week before it), --last a rolling window up to the last
# event's hour, and a period the data covers only in part says so.
periods() {
	$R --weekly fixtures/summaries/fortnight.json | head -1
	$R --last 7d fixtures/summaries/fortnight.json | head -1
	$R --last 36h fixtures/summaries/fortnight.json | grep -c '^Per hour'
	$R --last 7d --json fixtures/summaries/fortnight.json | "$JSONPP" | grep -m1 '"events"' | tr -d ' '
	$R --weekly 2026-W48 fixtures/summaries/fortnight.json | grep '^The summary has no data'
	$R --last 3x fixtures/summaries/fortnight.json 2>&1; echo "exit $?"
}
case_ rp-periods 0 periods

# a fleet: summaries labelled by source (analyze --source) merge into one
# report that shows the sources side by side, the worst first (hand-checked:
# api's 8 errors in 61 requests is 13.1 %, web's 12 in 95 is 12.6 %; auth
# has no requests, so no check)
rp_fleet() {
	$I fixtures/app.log fixtures/access.log 2>/dev/null | analyze --source web >"$TMP/web.json" &&
	$I fixtures/api.jsonl 2>/dev/null | analyze --source api >"$TMP/api.json" &&
	$I fixtures/auth.log 2>/dev/null | analyze --source auth >"$TMP/auth.json" &&
	analyze --merge "$TMP/web.json" "$TMP/api.json" "$TMP/auth.json" >"$TMP/fleet.json" &&
	$R "$TMP/fleet.json" | sed -n '/^Sources/,/^Services/p' &&
	$R --html "$TMP/fleet.json" | grep -c '<h2>Sources</h2>'
}
case_ rp-fleet-sources 0 rp_fleet
# one source alone is no table; a label names it in the summary
rp_one_source() {
	$I fixtures/api.jsonl 2>/dev/null | analyze --source 'api-1' >"$TMP/one.json" &&
	grep -o '"hosts":{[^]]*' "$TMP/one.json" && $R "$TMP/one.json" | grep -c '^Sources'
}
case_ rp-one-source 1 rp_one_source
# --from/--to: the days between, inclusive, on files as on the store
rp_range() { $R --from 2026-11-15 --to 2026-11-16 fixtures/summaries/fortnight.json | sed -n '1,/^Per day/p;/^Per day/,/^$/p' | head -40; }
case_ rp-range 0 rp_range
rp_range_bad() { $R --from 2026-11-16 --to 2026-11-13 fixtures/summaries/fortnight.json; }
case_ rp-range-backwards 2 rp_range_bad
rp_range_half() { $R --from 2026-11-16 fixtures/summaries/fortnight.json; }
case_ rp-range-half 2 rp_range_half
# the store's options say what they need
rp_source_without_pg() { $R --source web fixtures/summaries/fortnight.json; }
case_ rp-source-without-pg 2 rp_source_without_pg
rp_pg_and_files() { $R --pg "dbname=x" fixtures/summaries/fortnight.json; }
case_ rp-pg-and-files 2 rp_pg_and_files
an_load_without_pg() { analyze --load; }
case_ an-load-without-pg 2 an_load_without_pg
an_period_without_load() { analyze --daily 2026-11-16 fixtures/summaries/fortnight.json; }
case_ an-period-without-load 2 an_period_without_load
# a store it cannot use: exit 3, the summary still written, no password
# in the message (libpq's own parse error would quote it)
an_pg_bad_conninfo() {
	analyze --merge fixtures/summaries/fortnight.json --pg "password=Secret-1 host" \
		-o "$TMP/o.json" && return 9
	rc=$?
	grep -c '"type":"summary"' "$TMP/o.json"
	return $rc
}
case_ an-pg-bad-conninfo 3 an_pg_bad_conninfo
