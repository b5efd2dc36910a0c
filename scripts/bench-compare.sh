#!/bin/sh
# bench-compare.sh REV [RUNS]: ingest | analyze throughput of this tree's
# binaries against those of git revision REV, on the bench's access and JSON
# lines data (SIZE_MB, default 256), best of RUNS (default 5) runs each,
# old and new interleaved so both see the same machine load.  Prints MB/s
# and the ratio new/old; an issue's "throughput does not drop by more than
# 5 %" is a ratio >= 0.95.  REV is built in a temporary worktree.
# CRS=1 times `ingest --crs` alone on the access log instead (issue 13's
# speed), and plain ingest beside it: the share of its speed each keeps.
set -eu
REV=$1
RUNS=${2:-5}
SIZE_MB=${SIZE_MB:-256}
export SIZE_MB
GEN_ONLY=1 sh scripts/bench.sh >/dev/null
OLD=$(mktemp -d "${TMPDIR:-/tmp}/logsift-old.XXXXXX")
trap 'git worktree remove --force "$OLD" >/dev/null 2>&1; rm -rf "$OLD"' EXIT INT TERM
git worktree add -f "$OLD" "$REV" >/dev/null 2>&1
make -s -C "$OLD" bin/ingest bin/analyze >/dev/null
make -s bin/ingest bin/analyze >/dev/null
now() { date +%s.%N; }
pipeline() { "$1/ingest" --tz UTC "$2" | "$1/analyze" >/dev/null; }
if [ "${CRS:-0}" = 1 ]; then
	data=bench/data/access-v2-${SIZE_MB}m.log rules=${CRS_RULES:-/usr/share/modsecurity-crs/rules}
	bo="" bn="" bp=""
	for _ in $(seq "$RUNS"); do
		t0=$(now); "$OLD/bin/ingest" --tz UTC --crs-dir "$rules" "$data" >/dev/null
		t1=$(now); bin/ingest --tz UTC --crs-dir "$rules" "$data" >/dev/null
		t2=$(now); bin/ingest --tz UTC "$data" >/dev/null; t3=$(now)
		bo=$(echo "$t0 $t1 $bo" | awk '{ d = $2 - $1; print ($3 == "" || d < $3) ? d : $3 }')
		bn=$(echo "$t1 $t2 $bn" | awk '{ d = $2 - $1; print ($3 == "" || d < $3) ? d : $3 }')
		bp=$(echo "$t2 $t3 $bp" | awk '{ d = $2 - $1; print ($3 == "" || d < $3) ? d : $3 }')
	done
	echo "$bo $bn $bp" | awk -v rev="$REV" '{ printf "ingest --crs on %s: %s %.2f s, now %.2f s (ratio %.3f); ingest without: %.2f s, so %s keeps %.0f %% and now %.0f %% of its speed (goal >= 70 %%)\n", "'"$data"'", rev, $1, $2, $1 / $2, $3, rev, 100 * $3 / $1, 100 * $3 / $2 }'
	exit 0
fi
for data in bench/data/access-v2-${SIZE_MB}m.log bench/data/api-v2-${SIZE_MB}m.jsonl; do
	bo="" bn=""
	for _ in $(seq "$RUNS"); do
		t0=$(now); pipeline "$OLD/bin" "$data"; t1=$(now); pipeline bin "$data"; t2=$(now)
		bo=$(echo "$t0 $t1 $bo" | awk '{ d = $2 - $1; print ($3 == "" || d < $3) ? d : $3 }')
		bn=$(echo "$t1 $t2 $bn" | awk '{ d = $2 - $1; print ($3 == "" || d < $3) ? d : $3 }')
	done
	size=$(wc -c <"$data")
	echo "$data $size $bo $bn" | awk -v rev="$REV" '{ printf "%s: %s %.1f MB/s, now %.1f MB/s: ratio %.3f (goal >= 0.95)\n", $1, rev, $2 / $3 / 1e6, $2 / $4 / 1e6, $3 / $4 }'
done
