#!/bin/sh
# crs-reference.sh BINDIR MODSEC [LOG...]: ingest --crs beside the engine the CRS is
# written for.  MODSEC (tests/modsec_verdict.c) sends each access line's
# request to libmodsecurity with the same CRS loaded; this script compares,
# line by line, the rules each one says matched:
#   - the CRS regression tests as access lines (tests/security/crs/),
#   - their must-not-fire cases,
#   - logsift's own benign look-alikes (tests/security/benign.log),
#   - real traffic: lnav's shop access log (tests/realdata) and the
#     fixtures' access logs, hostile lines included;
#   - 5,000 mutations of those requests (tests/security/crs/mutate.py:
#     encodings, entities, escapes, UTF-8 and traversal pieces inserted);
#   - any LOG given (head -100000 of the bench's access log agrees too);
# and all of them again with a site's rule exclusions loaded into both
# (tests/security/crs/site-before.conf and site-after.conf, which
# site-requests.log exercises: ingest --crs-exclusions); and with the
# CRS's WordPress package switched on (wordpress-requests.log); and with
# the examples of Debian's exclusion files (debian-examples-*).
# A rule ingest --crs skips (ingest --crs --list-skipped: libinjection's
# @detectSQLi/@detectXSS, files, other headers) is left out of the
# reference's answer; on everything else the two must name the same rules
# on every request, or the translation is wrong and this fails.
set -u
BIN=${1:-bin}
MODSEC=${2:?usage: crs-reference.sh BINDIR MODSEC [LOG...]}
shift 2
export LC_ALL=C
CRS=${CRS_DIR:-/usr/share/modsecurity-crs/rules}
SETUP=${CRS_SETUP:-/etc/modsecurity/crs/crs-setup.conf}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-crsref.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

if [ ! -d "$CRS" ] || [ ! -f "$SETUP" ]; then
	echo "crs-reference: no CRS in $CRS (apt-get install modsecurity-crs)"
	exit 1
fi
"$BIN/ingest" --crs-dir "$CRS" --list-skipped | awk -F'\t' '!/^#/ { print $1 }' >"$TMP/skipped"

# the crs.* rule ids of each event, one line per event (with the options
# of $OURS: exclusions; paths without blanks)
ours() {
	# shellcheck disable=SC2086
	"$BIN/ingest" --tz UTC --no-default-rules --crs-dir "$CRS" $OURS "$1" 2>/dev/null |
		grep -v '"type":"source"' |
		awk '{ s = ""; while (match($0, /"crs\.[0-9]+"/)) {
			s = s (s == "" ? "" : " ") substr($0, RSTART + 5, RLENGTH - 6)
			$0 = substr($0, RSTART + RLENGTH) } print s }'
}

# compare FILE: one row of the table; the first lines that differ, kept
compare() {
	f=$1
	# shellcheck disable=SC2086
	case "$f" in
	*.gz) gzip -dc "$f" | "$MODSEC" "$SETUP" "$CRS" $THEIRS >"$TMP/ref" ;;
	*) "$MODSEC" "$SETUP" "$CRS" $THEIRS <"$f" >"$TMP/ref" ;;
	esac || { echo "FAIL: $MODSEC on $f"; exit 1; }
	ours "$f" >"$TMP/ours"
	if [ "$(wc -l <"$TMP/ours")" -ne "$(wc -l <"$TMP/ref")" ]; then
		echo "FAIL: $f: not one event per line"
		exit 1
	fi
	paste -d '|' "$TMP/ref" "$TMP/ours" | awk -F'|' -v f="$f" -v skipfile="$TMP/skipped" -v out="$TMP/why" '
		BEGIN { while ((getline id < skipfile) > 0) skip[id] = 1 }
		$1 == "-" { next } # a line of no request (logs of other layouts)
		{
			n++
			nr = split($1, r, " "); want = ""
			for (i = 1; i <= nr; i++)
				if (r[i] in skip) skipped[r[i]]++
				else want = want (want == "" ? "" : " ") r[i]
			if ($2 != "") tagged++
			if (want == $2) same++
			else { bad++; if (bad <= 5) printf "  line %d: ModSecurity %s, ingest --crs %s\n", NR, (want == "" ? "-" : want), ($2 == "" ? "-" : $2) >> out }
		}
		END {
			printf "%-45s %8d %8d %9d %9d\n", f, n, tagged, same, bad
			for (id in skipped) printf "  (ModSecurity also fired %s, skipped by ingest --crs, on %d)\n", id, skipped[id] >> out
			exit bad > 0
		}' || rc=1
	[ -f "$TMP/why" ] && sort "$TMP/why" && rm -f "$TMP/why"
}

rc=0
OURS= THEIRS=
echo "== ingest --crs beside ModSecurity $(pkg-config --modversion modsecurity 2>/dev/null) (same CRS, same requests)"
printf '%-45s %8s %8s %9s %9s\n' file requests tagged "same rules" differ
for f in tests/security/crs/attacks.log tests/security/crs/benign.log tests/security/benign.log \
	tests/realdata/lnav_logfile_shop_access_log.0 fixtures/access.log fixtures/hostile-access.log \
	tests/security/crs/mutations.log.gz "$@"; do
	compare "$f"
done
BEFORE=tests/security/crs/site-before.conf AFTER=tests/security/crs/site-after.conf
OURS="--crs-exclusions $BEFORE --crs-exclusions-after $AFTER" THEIRS="$BEFORE $AFTER"
echo "== the same with a site's rule exclusions in both ($BEFORE, $AFTER)"
printf '%-45s %8s %8s %9s %9s\n' file requests tagged "same rules" differ
for f in tests/security/crs/site-requests.log tests/security/crs/attacks.log \
	tests/security/crs/benign.log tests/security/benign.log tests/security/crs/mutations.log.gz; do
	compare "$f"
done
# The example exclusions Debian's files carry in their comments, as they are
B=tests/security/crs/debian-examples-before.conf A=tests/security/crs/debian-examples-after.conf
OURS="--crs-exclusions $B --crs-exclusions-after $A" THEIRS="$B $A"
echo "== with the example exclusions of Debian's REQUEST-900 and RESPONSE-999 files in both"
printf '%-45s %8s %8s %9s %9s\n' file requests tagged "same rules" differ
for f in tests/security/crs/debian-examples-requests.log tests/security/crs/attacks.log \
	tests/security/crs/mutations.log.gz; do
	compare "$f"
done

# The CRS's own WordPress package (REQUEST-903.9002), switched on in
# ModSecurity's setup as crs-setup.conf does, given to ingest as exclusions
WP=$CRS/REQUEST-903.9002-WORDPRESS-EXCLUSION-RULES.conf
if [ -f "$WP" ]; then
	printf 'Include %s\nSecAction "id:900131,phase:1,nolog,pass,t:none,setvar:tx.crs_exclusions_wordpress=1"\n' \
		"$SETUP" >"$TMP/wordpress-setup.conf"
	SETUP=$TMP/wordpress-setup.conf OURS="--crs-exclusions $WP" THEIRS=
	echo "== the CRS's WordPress exclusions switched on in both ($WP)"
	printf '%-45s %8s %8s %9s %9s\n' file requests tagged "same rules" differ
	for f in tests/security/crs/wordpress-requests.log tests/security/crs/attacks.log; do
		compare "$f"
	done
fi
[ $rc -eq 0 ] || echo "FAIL: ingest --crs and ModSecurity disagree on the requests above"
exit $rc
