#!/bin/sh
# readme.sh BINDIR: runs the README's tour as written, line by line, in a
# scratch folder that has the tree's fixtures/ and the built bin/, and
# compares each line's exit status with the one the tour says or implies
# (the --check line is CRITICAL on the fixtures: 2).  Run by make check.
set -u
BIN=$(cd "${1:-bin}" && pwd)
ROOT=$(pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-readme.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
ln -s "$ROOT/fixtures" "$TMP/fixtures" && ln -s "$BIN" "$TMP/bin" || exit 1
# the indented lines between "## Tour" and the next heading
# (their trailing "# comments" dropped, so the redirections below apply)
sed -n '/^## Tour/,/^## /p' README.md | sed -n 's/^    //p' | sed 's/[[:space:]]\{2,\}# .*$//' >"$TMP/tour.sh"
[ -s "$TMP/tour.sh" ] || { echo "FAIL: no tour in README.md"; exit 1; }
cd "$TMP" || exit 1
pass=0 fail=0 n=0
{
	echo 'status() { echo "$?"; }'
	while IFS= read -r line; do
		printf '{ %s\n} >/dev/null 2>&1; status\n' "$line"
	done <tour.sh
} >run.sh
# a pipeline's status is its last command's; expected: 0 everywhere but --check (2)
sh run.sh >statuses 2>/dev/null
while IFS= read -r line && IFS= read -r rc <&3; do
	n=$((n + 1))
	want=0
	case $line in *--check*) want=2 ;; esac
	if [ "$rc" = "$want" ]; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL: tour line $n exits $rc, not $want: $line"; fi
done <tour.sh 3<statuses
for f in events.jsonl all.json sun.json mon.json two-days.json weekly.html; do
	if [ -s "$f" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: the tour did not write $f"; fi
done
echo "readme: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
