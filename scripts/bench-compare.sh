#!/bin/sh
# bench-compare.sh REV [RUNS]: ingest | analyze throughput of this tree's
# binaries against those of git revision REV, on the bench's access and JSON
# lines data (SIZE_MB, default 256), best of RUNS (default 5) runs each,
# old and new interleaved so both see the same machine load.  Prints MB/s
# and the ratio new/old; an issue's "throughput does not drop by more than
# 5 %" is a ratio >= 0.95.  REV is built in a temporary worktree.
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
