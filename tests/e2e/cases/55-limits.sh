# Issue 12: a check at exactly its limit and one unit past it.  p95 is
# judged from exact counts of the latencies within each limit (the
# histogram alone says 497.8 ms for both days below); the error rate and
# the error lines are exact counts.  Day A is at every default limit, day
# B one unit past: p95 500 → 501 ms (warn > 500), error rate 1 % → 2 of 199
# (warn > 1 %), error lines 9 → 10 (warn >= 10).
limits_day() { # $1: 0 at the limits, 1 one unit past
	awk -v past="$1" 'BEGIN {
		n = past ? 199 : 100
		for (i = 0; i < n; i++) {
			# the latencies: 94 % fast, the 95th-percentile request at 500
			# (or 501) ms, the rest slower; p95 is the ceil(0.95 n)-th
			r = int(0.95 * n); if (r < 0.95 * n) r++
			lat = i < r - 1 ? 10 : i == r - 1 ? 500 + past : 900
			st = i < (past ? 2 : 1) ? 500 : 200
			printf "{\"time\":\"2026-11-19T10:%02d:%02d Z\",\"status\":%d,\"duration_ms\":%d}\n", int(i / 60), i % 60, st, lat
		}
		for (i = 0; i < 9 + past; i++)
			printf "{\"time\":\"2026-11-19T11:00:%02dZ\",\"level\":\"error\",\"msg\":\"job %d failed\"}\n", i, i
	}' | sed 's/ Z"/Z"/' >"$TMP/day.jsonl"
	ingest --tz UTC "$TMP/day.jsonl" | analyze >"$TMP/day.json" || return 9
	report --check --daily 2026-11-19 "$TMP/day.json" >"$TMP/status"
	rc=$?
	head -1 "$TMP/status"
	return $rc
}
case_ limits-at-the-limit 0 limits_day 0
case_ limits-one-past 1 limits_day 1
