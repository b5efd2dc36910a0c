#!/bin/sh
# bench-exact.sh LOG [BIN] [JSONPP]: every top list of ingest | analyze on a
# combined access log against sort | uniq -c on the log itself (clients,
# agents, endpoints, 404s, referring sites), and the unique visitors
# estimate against sort -u, with the stated error (HLL: 3 standard errors
# of 1.04 / sqrt(1024)).  Prints one line per list; exits 1 when any differs.
set -eu
LOG=$1
BIN=${2:-bin}
JSONPP=${3:-build/release/tests/jsonpp}
T=$(mktemp -d "${TMPDIR:-/tmp}/logsift-exact.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
"$BIN/ingest" --tz UTC "$LOG" | "$BIN/analyze" | "$JSONPP" >"$T/sum"
fail=0
# compare NAME: the list NAME in the summary against $T/truth ("key count")
compare() {
	awk -v list="$1" -f scripts/top-list.awk "$T/sum" >"$T/ours.all"
	ev=$(awk '$1 == "evicted" { print $2 }' "$T/ours.all")
	grep -v '^evicted ' "$T/ours.all" | sort >"$T/ours"
	awk '{ print $0, 0 }' "$T/truth" | sort >"$T/want"
	if [ "$ev" = 0 ] && cmp -s "$T/ours" "$T/want"; then
		echo "top $1: $(wc -l <"$T/want") keys, every count exact as sort | uniq -c"
	else
		echo "top $1: DIFFERS from sort | uniq -c (evicted $ev)"; diff "$T/want" "$T/ours" | head -5
		fail=1
	fi
}
# "count key..." from uniq -c as "key... count"
flip() { awk '{ c = $1; sub(/^ *[0-9]+ /, ""); print $0, c }'; }
awk '{ print $1 }' "$LOG" | sort | uniq -c | flip >"$T/truth"; compare ips
awk -F'"' '$6 != "" && $6 != "-" { print $6 }' "$LOG" | sort | uniq -c | flip >"$T/truth"; compare user_agents
awk -F'"' '{ split($2, r, " "); p = r[2]; sub(/[?#].*/, "", p); n = split(p, s, "/"); q = ""
	for (i = 2; i <= n; i++) q = q "/" (s[i] ~ /^[0-9]+$/ ? ":id" : s[i]); print r[1], q }' "$LOG" |
	sort | uniq -c | flip >"$T/truth"; compare endpoints
awk -F'"' '{ split($2, r, " "); p = r[2]; sub(/\?.*/, "", p); print p }' "$LOG" | sort | uniq -c | flip >"$T/truth"; compare urls
awk -F'"' '{ split($3, a, " "); if (a[1] == 404) { split($2, r, " "); p = r[2]; sub(/\?.*/, "", p); print p } }' "$LOG" |
	sort | uniq -c | flip >"$T/truth"; compare not_found
awk -F'"' '$4 ~ /^https?:\/\// { h = $4; sub(/^https?:\/\//, "", h); sub(/[\/:?#].*/, "", h); print h }' "$LOG" |
	sort | uniq -c | flip >"$T/truth"; compare referrers
# visitors: distinct (IP, UTC day, agent); the summary's per-day estimates
exact=$(awk -F'"' '{ split($1, a, " "); d = substr(a[4], 2, 11); print a[1], d, $6 }' "$LOG" | sort -u | wc -l)
est=$(awk '/^ "visitors": \{/ { on = 1 } on && /"estimate": / { v = $2; sub(/,$/, "", v); s += v } on && /^ }/ { print s + 0; exit }' "$T/sum")
echo "$est $exact" | awk '{ d = $1 - $2; if (d < 0) d = -d; e = 3 * 1.04 / 32 * $2
	printf "unique visitors: estimate %d, sort -u %d, off by %.2f %% (stated error 3.25 %%, bound 3 sigma) %s\n", $1, $2, 100 * d / $2, d <= e + 1 ? "within" : "OUTSIDE"
	exit d <= e + 1 ? 0 : 1 }' || fail=1
exit $fail
