#!/bin/sh
# rules-corpus.sh BINDIR: the default rules against the labelled corpus in
# tests/security/ (made by make-corpus.py): detection per category on the
# malicious lines, false positives per category on the benign ones.  Fails
# below 98 % detection or above 0.5 % false positives; prints the figures.
set -u
BIN=${1:-bin}
export LC_ALL=C
DIR=tests/security
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-rules.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0

# tags of each event, one line per event ("-" when none)
tags_of() {
	"$BIN/ingest" --tz UTC "$1" | grep -v '"type":"source"' |
		sed -n 's/.*"tags":\[\([^]]*\)\].*/\1/p; t; s/.*/-/p' | tr -d '"'
}

echo "== rules on the labelled corpus ($DIR)"
printf '%-9s %9s %10s %9s %10s\n' category malicious detected benign "false pos."
tags_of "$DIR/benign.log" >"$TMP/benign"
nb=$(wc -l <"$TMP/benign")
[ "$nb" -eq "$(wc -l <"$DIR/benign.log")" ] || { echo "FAIL: benign.log: $nb events for $(wc -l <"$DIR/benign.log") lines"; fail=1; }
for f in "$DIR"/malicious/*.log; do
	cat=$(basename "$f" .log)
	tags_of "$f" >"$TMP/m"
	n=$(wc -l <"$f")
	[ "$(wc -l <"$TMP/m")" -eq "$n" ] || { echo "FAIL: $f: not one event per line"; fail=1; }
	hit=$(grep -c "\(^\|,\)$cat\." "$TMP/m")
	fp=$(grep -c "\(^\|,\)$cat\." "$TMP/benign")
	awk -v c="$cat" -v n="$n" -v h="$hit" -v nb="$nb" -v fp="$fp" 'BEGIN {
		d = 100 * h / n; p = 100 * fp / nb;
		printf "%-9s %9d %9.1f%% %9d %9.2f%%%s\n", c, n, d, nb, p,
		       (d < 98 || p > 0.5) ? "  <- FAILS" : "";
		exit (d < 98 || p > 0.5) }' || fail=1
	# the misses, for whoever tunes the rules
	if [ "$hit" -lt "$n" ]; then
		paste "$TMP/m" "$f" | grep -v "\(^\|,\)$cat\." | head -3 | cut -c1-220 | sed 's/^/   missed: /'
	fi
	if [ "$fp" -gt 0 ]; then
		paste "$TMP/benign" "$DIR/benign.log" | grep "\(^\|,\)$cat\." | head -3 | cut -c1-220 | sed 's/^/   false: /'
	fi
done
total=$(cat "$DIR"/malicious/*.log | wc -l)
echo "malicious lines: $total; benign lines: $nb"
[ "$fail" -eq 0 ] && echo "rules: ok"
exit $fail
