#!/bin/sh
# demo.sh BINDIR: the main job on the bundled fixtures —
#   ingest fixtures | analyze | report
# writes demo/events.jsonl, demo/summary.json, demo/daily.html and
# demo/weekly.html, and shows the daily report and the incident grep here.
set -u
BIN=${1:-bin}
I="$BIN/ingest --tz UTC --now 2026-11-16T18:00:00Z"
R="$BIN/report --tz UTC"
LOGS="fixtures/app-rotated.log.gz fixtures/access.log fixtures/api.jsonl.gz fixtures/auth.log
      fixtures/java.log fixtures/messy.log fixtures/broken.txt.gz"
mkdir -p demo

echo "== ingest --stats <fixtures> > demo/events.jsonl"
# shellcheck disable=SC2086 # the list is meant to split
$I --stats $LOGS >demo/events.jsonl
rc=$?
echo "   exit status $rc (1: fixtures/broken.txt.gz is corrupt on purpose; the rest is kept)"
echo
echo "== analyze demo/events.jsonl > demo/summary.json"
"$BIN/analyze" -o demo/summary.json demo/events.jsonl || exit 1
echo
echo "== report --daily --check (what cron mails at 9:00)"
$R --daily --check demo/summary.json
echo "   (exit status $? = Nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)"
echo
$R --html --daily -o demo/daily.html demo/summary.json &&
$R --html --weekly -o demo/weekly.html demo/summary.json &&
echo "== wrote demo/daily.html and demo/weekly.html (self-contained: open them in a browser)" || exit 1
echo
echo "== the incident grep: attack probes, as raw lines (ingest --raw -i --grep ...)"
$I --raw -i --grep 'union(%20|\s)+select|\.\./|<script' fixtures/access.log | sed 's/^/   /'
[ "$rc" -le 1 ]
