#!/bin/sh
# bench-table.sh [BIN]: issue 14's table, logsift beside the peers that
# answer the same questions, on the same data in one run: a generated 1 GB
# combined access log and 1 GB of JSON lines (warm cache), its gzip, a
# 100 MB slice for the slow peers, and a 4 GB log (4x the traffic over the
# same span) for peak RSS at 4x and for --since's bisection.  Each command:
# best wall time of RUNS (default 3), its peak RSS, MB/s of input; then the
# ratios the issue sets as goals, met or not.  Writes the table as Markdown
# (docs/performance.md keeps the latest run).  Peers not installed are
# left out, and said so.
set -eu
BIN=${1:-bin}
RUNS=${RUNS:-3}
D=bench/data
SIZE_MB=1024 GEN_ONLY=1 sh scripts/bench.sh >/dev/null
A=$D/access-v2-1024m.log
J=$D/api-v2-1024m.jsonl
SLICE=$D/access-v2-100m-slice.log
[ -f "$SLICE" ] || head -c 104857600 "$A" | sed '$d' >"$SLICE"
BIG=$D/access-v2-4096m-x4.log
. scripts/gen-access.sh
# the 1 GB log's span with 4x its traffic: lines a quarter as far apart
gen_access "$BIG" 4096 0.25 >&2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-table.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
cat "$A" "$J" "$A.gz" >/dev/null

# measure NAME BYTES CMD: runs sh -c CMD RUNS times (output discarded);
# appends "NAME<tab>seconds<tab>MB/s<tab>peak RSS KiB" (of the best run:
# the pipeline's largest process, as time(1) sees the shell's children)
# to $TMP/rows
measure() {
	name=$1 bytes=$2 cmd=$3 best="" rss=0
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f "%e %M" -o "$TMP/t" sh -c "$cmd" >/dev/null 2>"$TMP/err" || true
		set -- $(tail -1 "$TMP/t")
		if [ -z "$best" ] || awk -v a="$1" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$1 rss=$2
		fi
	done
	printf '%s\t%s\t%s\t%s\n' "$name" "$best" \
		"$(awk -v b="$bytes" -v t="$best" 'BEGIN { printf "%.0f", (t > 0) ? b / t / 1e6 : 0 }')" \
		"$rss" >>"$TMP/rows"
}
ab=$(wc -c <"$A") jb=$(wc -c <"$J") sb=$(wc -c <"$SLICE")
RARE='/api/users/77\?'
ATTACK='union.*select|<script|\.\./'
MAWK='$9 >= 500 { e++ } { s += $NF; n++ } END { print e, s / n }'
: >"$TMP/rows"
measure "wc -l" "$ab" "wc -l '$A'"
measure "cat" "$ab" "cat '$A'"
measure "grep -cE '$ATTACK' (attack patterns)" "$ab" "grep -cE '$ATTACK' '$A' | cat"
measure "grep -E '$RARE' (a rare match)" "$ab" "grep -E '$RARE' '$A' | cat"
command -v mawk >/dev/null && measure "mawk: 5xx count + average latency" "$ab" "mawk '$MAWK' '$A'"
measure "zcat" "$ab" "zcat '$A.gz' | cat >/dev/null"
measure "ingest | analyze, access log" "$ab" "'$BIN/ingest' --tz UTC '$A' | '$BIN/analyze'"
measure "ingest > /dev/null, access log" "$ab" "'$BIN/ingest' --tz UTC '$A'"
measure "ingest -c, access log" "$ab" "'$BIN/ingest' -c --tz UTC '$A'"
measure "ingest --raw --grep '$ATTACK'" "$ab" "'$BIN/ingest' --raw --grep '$ATTACK' '$A' | cat"
measure "ingest --raw --grep '$RARE'" "$ab" "'$BIN/ingest' --raw --grep '$RARE' '$A' | cat"
measure "ingest access.log.gz | analyze" "$ab" "'$BIN/ingest' --tz UTC '$A.gz' | '$BIN/analyze'"
measure "ingest | analyze, JSON lines" "$jb" "'$BIN/ingest' --tz UTC '$J' | '$BIN/analyze'"
measure "ingest --field 'latency_ms>5000', JSON lines" "$jb" "'$BIN/ingest' --tz UTC --field 'latency_ms>5000' '$J'"
command -v jq >/dev/null && measure "jq -c 'select(.duration_ms > 5000)'" "$jb" "jq -c 'select(.duration_ms > 5000)' '$J'"
measure "ingest | analyze, 100 MB slice" "$sb" "'$BIN/ingest' --tz UTC '$SLICE' | '$BIN/analyze'"
command -v goaccess >/dev/null &&
	measure "GoAccess 1.7, 100 MB slice (JSON report)" "$sb" "goaccess '$SLICE' --log-format=COMBINED -o '$TMP/ga.json'"
command -v lnav >/dev/null &&
	measure "lnav SQL: 5xx count, 100 MB slice" "$sb" "lnav -n -c ';SELECT count(*) FROM access_log WHERE sc_status >= 500' '$SLICE'"

# --since on the 4 GB log: its last hour, by bisection and, for
# comparison, read whole (stdin cannot seek)
now=$(tail -1 "$BIG" | sed 's/^[^[]*\[\([^]]*\)\].*/\1/' | awk -F'[/: ]' '{
	m = (index("JanFebMarAprMayJunJulAugSepOctNovDec", $2) + 2) / 3;
	printf "%s-%02d-%02dT%s:%s:%sZ", $3, m, $1, $4, $5, $6 }')
w="--tz UTC --now $now --since 1h"
bigb=$(wc -c <"$BIG")
measure "ingest --since (last hour of 4 GB, bisection) | analyze" "$bigb" "'$BIN/ingest' $w '$BIG' | '$BIN/analyze'"
RUNS=1 measure "the same read whole (from a pipe)" "$bigb" "cat '$BIG' | '$BIN/ingest' $w | '$BIN/analyze'"
"$BIN/ingest" $w --stats "$BIG" 2>"$TMP/since" >/dev/null
# "ingest: FILE: access, N lines: ..., K before --since (not parsed); ..."
total=$(sed -n 's/.*, \([0-9]*\) lines: .*/\1/p' "$TMP/since")
unread=$(sed -n 's/.*, \([0-9]*\) before --since.*/\1/p' "$TMP/since")

# peak RSS of each stage alone at 1x (1 GB) and 4x (4 GB)
for x in 1:"$A" 4:"$BIG"; do
	f=${x#*:} k=${x%%:*}
	/usr/bin/time -f %M -o "$TMP/r" "$BIN/ingest" --tz UTC "$f" >"$TMP/ev" 2>/dev/null
	printf 'ingest\t%s\t%s\n' "$k" "$(cat "$TMP/r")" >>"$TMP/rss"
	/usr/bin/time -f %M -o "$TMP/r" "$BIN/analyze" "$TMP/ev" >"$TMP/sum" 2>/dev/null
	printf 'analyze\t%s\t%s\n' "$k" "$(cat "$TMP/r")" >>"$TMP/rss"
	rm -f "$TMP/ev"
	/usr/bin/time -f %M -o "$TMP/r" "$BIN/report" --html "$TMP/sum" >/dev/null 2>&1
	printf 'report --html\t%s\t%s\n' "$k" "$(cat "$TMP/r")" >>"$TMP/rss"
done

# the table, then the goals
sec() { awk -F'\t' -v n="$1" '$1 == n { print $2 }' "$TMP/rows"; }
echo "| command | s | MB/s | peak RSS |"
echo "|---|---:|---:|---:|"
awk -F'\t' '{ n = $1; gsub(/\|/, "\\|", n); printf "| `%s` | %.2f | %s | %.1f MiB |\n", n, $2, $3, $4 / 1024 }' "$TMP/rows"
echo
echo "--since, the last hour of $bigb bytes: $((total - ${unread:-0})) of $total lines parsed"
echo
echo "| stage | input | peak RSS | goal < 64 MiB |"
echo "|---|---|---:|---|"
awk -F'\t' '{ printf "| %s | %sx | %.1f MiB | %s |\n", $1, $2, $3 / 1024, ($3 < 65536) ? "met" : "MISSED" }' "$TMP/rss"
echo
goal() { # goal TEXT RATIO WANT higher|lower
	awk -v t="$1" -v r="$2" -v w="$3" -v d="$4" 'BEGIN {
		ok = d == "higher" ? r >= w : r <= w;
		printf "- %s: %.2fx (goal %s %.2fx): %s\n", t, r, d == "higher" ? ">=" : "<=", w, ok ? "met" : "MISSED" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (a > 0 && b > 0) ? a / b : 0 }'; }
m=$(sec "mawk: 5xx count + average latency")
[ -n "$m" ] && goal "ingest | analyze on the access log, speed vs mawk" "$(ratio "$m" "$(sec "ingest | analyze, access log")")" 1.75 higher
q=$(sec "jq -c 'select(.duration_ms > 5000)'")
[ -n "$q" ] && goal "ingest | analyze on JSON lines, speed vs jq select" "$(ratio "$q" "$(sec "ingest | analyze, JSON lines")")" 10 higher
goal "gzip end to end, speed vs zcat" "$(ratio "$(sec zcat)" "$(sec "ingest access.log.gz | analyze")")" 0.8 higher
goal "incident grep, a rare match: time vs grep -E" "$(ratio "$(sec "ingest --raw --grep '$RARE'")" "$(sec "grep -E '$RARE' (a rare match)")")" 1.5 lower
goal "incident grep, attack patterns: time vs grep -E" "$(ratio "$(sec "ingest --raw --grep '$ATTACK'")" "$(sec "grep -cE '$ATTACK' (attack patterns)")")" 1.5 lower
goal "--since, last hour of 4 GB: time vs reading it whole" "$(ratio "$(sec "ingest --since (last hour of 4 GB, bisection) | analyze")" "$(sec "the same read whole (from a pipe)")")" 0.1 lower
