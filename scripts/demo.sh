#!/bin/sh
# demo.sh BINDIR: the main job on the bundled fixtures.  Grows with the
# programs: today ingest turns every fixture (plain, gzip, multi-member gzip,
# one corrupt gzip) into events with per-file accounting, then answers a few
# runbook questions.  analyze and report join when their issues land.
set -u
BIN=${1:-bin}
I="$BIN/ingest --tz UTC --now 2026-11-16T18:00:00Z"
mkdir -p demo

echo "== ingest --stats fixtures/* > demo/events.jsonl"
$I --stats fixtures/*.log fixtures/*.jsonl fixtures/*.gz >demo/events.jsonl
rc=$?
echo "   $(grep -vc '"type":"source"' demo/events.jsonl) events written; exit status $rc" \
     "(1: fixtures/broken.txt.gz is corrupt on purpose)"
echo
echo "== errors per day this week (ingest -c --level error --since DAY --until NEXT)"
for d in 09 10 11 12 13 14 15; do
	n=$(printf '%02d' $((1${d} - 99)))
	printf '   2026-11-%s  %s\n' "$d" "$($I -c --level error --since 2026-11-$d --until 2026-11-$n fixtures/app.log)"
done
echo
echo "== requests slower than 5 s (ingest -c --field 'latency_ms>5000')"
echo "   $($I -c --field 'latency_ms>5000' fixtures/access.log fixtures/api.jsonl)"
echo
echo "== attack probes (ingest --raw --grep 'union select|\\.\\./|<script' -i)"
$I --raw -i --grep 'union(%20|\s)+select|\.\./|<script' fixtures/access.log | sed 's/^/   /'
echo
echo "== the traceback behind a TimeoutError, whole (ingest --raw --grep TimeoutError)"
$I --raw --grep TimeoutError fixtures/app.log | sed 's/^/   /'
[ "$rc" -le 1 ]
