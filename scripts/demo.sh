#!/bin/sh
# demo.sh BINDIR: the main job on the bundled fixtures.  Grows with the
# programs: today ingest reads every fixture (plain, gzip, multi-member gzip,
# a corrupt gzip) and accounts for each file.
set -u
BIN=${1:-bin}
echo "== ingest --stats --count fixtures/*"
"$BIN/ingest" --stats --count fixtures/*.log fixtures/*.jsonl fixtures/*.gz
rc=$?
echo "== exit status $rc (1 = some input was bad: fixtures/broken.txt.gz is corrupt on purpose)"
[ "$rc" -le 1 ]
