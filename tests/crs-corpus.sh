#!/bin/sh
# crs-corpus.sh BINDIR: ingest's rules against an independent reference,
# the OWASP CRS regression tests turned into access-log lines
# (tests/security/crs/, made by convert.py from coreruleset v3.3.4, the
# release Debian ships; Apache-2.0): per category, the share of the
# paranoia-level-1 attack payloads tagged with any security rule, and the
# must-not-fire tests that were tagged.  Issue 13's bars are 90 % overall
# and 75 % in every category; this prints the figures and where they stand
# and fails only when STRICT=1 (the CRS loader that is to reach them is not
# built yet: see docs/rules.md).
set -u
BIN=${1:-bin}
export LC_ALL=C
DIR=tests/security/crs
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-crs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

# 1 when a line's event carries a security tag (not pii., secret., auth.,
# ratelimit.: analyze counts those otherwise), else 0; one line per event
security_of() {
	"$BIN/ingest" --tz UTC "$1" | grep -v '"type":"source"' |
		sed -n 's/.*"tags":\[\([^]]*\)\].*/\1/p; t; s/.*//p' | tr -d '"' |
		awk -F, '{ s = 0; for (i = 1; i <= NF; i++) if ($i !~ /^(pii|secret|auth|ratelimit)\./) s = 1; print s }'
}

echo "== rules on the CRS regression tests ($DIR, coreruleset v3.3.4)"
security_of "$DIR/attacks.log" >"$TMP/a"
security_of "$DIR/benign.log" >"$TMP/b"
if [ "$(wc -l <"$TMP/a")" -ne "$(wc -l <"$DIR/attacks.log")" ]; then
	echo "FAIL: attacks.log: not one event per line"
	exit 1
fi
printf '%-9s %8s %9s\n' category payloads tagged
paste "$TMP/a" "$DIR/attacks.labels" | awk -F'\t' -v strict="${STRICT:-0}" '
	{ n[$4]++; hit[$4] += $1; all++; got += $1 }
	END {
		bad = 0
		for (c in n) {
			d = 100 * hit[c] / n[c]
			printf "1 %-9s %8d %8.1f%%%s\n", c, n[c], d, d < 75 ? "  (bar: 75 %)" : ""
			if (d < 75) bad = 1
		}
		d = 100 * got / all
		printf "2 %-9s %8d %8.1f%%%s\n", "all", all, d, d < 90 ? "  (bar: 90 %)" : ""
		if (d < 90) bad = 1
		exit strict && bad
	}' >"$TMP/table"
rc=$?
sort "$TMP/table" | cut -c3-
fp=$(paste "$TMP/b" "$DIR/benign.labels" | awk -F'\t' '$1 == 1' | wc -l)
echo "must-not-fire tests tagged: $fp of $(wc -l <"$DIR/benign.log") (CRS's own no_log_contains cases)"
exit $rc
