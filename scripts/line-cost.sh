#!/bin/sh
# line-cost.sh [REV] [MB]: what a line costs ingest, and its event analyze,
# counted in instructions under callgrind (scripts/instructions.sh): on
# the first MB (default 20) of the bench's access log and of its JSON
# lines, ingest per line and analyze per event of ingest's output; this
# tree's binaries, and those of git revision REV beside them when given.
# The measure of issue 14's optimisations that a noisy machine cannot blur
# (bench-compare.sh times them).
set -eu
REV=${1:-}
MB=${2:-20}
command -v valgrind >/dev/null || { echo "line-cost: valgrind not installed" >&2; exit 1; }
. scripts/instructions.sh
GEN_ONLY=1 SIZE_MB=256 sh scripts/bench.sh >/dev/null
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-line.XXXXXX")
trap 'if [ -n "$REV" ]; then git worktree remove --force "$TMP/old" >/dev/null 2>&1; fi; rm -rf "$TMP"' EXIT INT TERM
head -c "$((MB * 1000000))" bench/data/access-v2-256m.log | sed '$d' >"$TMP/access.log"
head -c "$((MB * 1000000))" bench/data/api-v2-256m.jsonl | sed '$d' >"$TMP/api.jsonl"
cost() { # BIN WHO: one line per log
	for log in access.log api.jsonl; do
		lines=$(wc -l <"$TMP/$log")
		"$1/ingest" --tz UTC "$TMP/$log" >"$TMP/events"
		i=$(ir "$1/ingest" --tz UTC "$TMP/$log")
		a=$(ir "$1/analyze" "$TMP/events")
		echo "$i $a $lines" | awk -v who="$2" -v file="$log" '{
			printf "%s, %s: %d lines; ingest %.0f instructions a line, analyze %.0f an event\n", who, file, $3, $1 / $3, $2 / $3 }'
	done
}
make -s bin/ingest bin/analyze >/dev/null
if [ -n "$REV" ]; then
	rev_build "$REV" "$TMP/old"
	cost "$TMP/old/bin" "$REV"
fi
cost bin "this tree"
