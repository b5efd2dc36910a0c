#!/bin/sh
# crs-cost.sh [REV] [MB]: what ingest --crs costs per request, counted in
# instructions under valgrind (callgrind), which a shared machine's load
# does not change, where timings vary by 10 %: this tree's binaries, and
# those of git revision REV beside them when given.  On the first MB
# (default 40) of the bench's access log; the rules' loading is counted
# apart (ingest --crs on an empty file), but not the JIT compiling of the
# patterns the sample runs, which happens when each first runs (about 290
# instructions a request on 40 MB, 44 on the 256 MB log).  Prints the instructions of a
# request without --crs, what --crs adds, and the first's share of their
# sum — the speed ingest keeps if instructions were time (timings come out
# lower: the CRS's value table waits on memory more than parsing does).
set -eu
REV=${1:-}
MB=${2:-40}
RULES=${CRS_RULES:-/usr/share/modsecurity-crs/rules}
command -v valgrind >/dev/null || { echo "crs-cost: valgrind not installed" >&2; exit 1; }
. scripts/instructions.sh
[ -d "$RULES" ] || { echo "crs-cost: no CRS at $RULES" >&2; exit 1; }
GEN_ONLY=1 SIZE_MB=256 sh scripts/bench.sh >/dev/null
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-crs.XXXXXX")
trap 'if [ -n "$REV" ]; then git worktree remove --force "$TMP/old" >/dev/null 2>&1; fi; rm -rf "$TMP"' EXIT INT TERM
head -c "$((MB * 1000000))" bench/data/access-v2-256m.log | sed '$d' >"$TMP/sample.log"
: >"$TMP/empty.log"
requests=$(wc -l <"$TMP/sample.log")
cost() { # BIN: one line of figures
	plain=$(ir "$1/ingest" --tz UTC "$TMP/sample.log")
	load=$(ir "$1/ingest" --tz UTC --crs-dir "$RULES" "$TMP/empty.log")
	crs=$(ir "$1/ingest" --tz UTC --crs-dir "$RULES" "$TMP/sample.log")
	echo "$plain $load $crs $requests" | awk -v who="$2" '{
		p = $1 / $4; c = ($3 - $2 - $1) / $4
		printf "%s: %d requests; a request %.0f instructions, --crs adds %.0f: %.1f %% (loading the rules: %.0f M)\n", who, $4, p, c, 100 * p / (p + c), $2 / 1e6 }'
}
make -s bin/ingest >/dev/null
if [ -n "$REV" ]; then
	rev_build "$REV" "$TMP/old"
	cost "$TMP/old/bin" "$REV"
fi
cost bin "this tree"
