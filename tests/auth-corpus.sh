#!/bin/sh
# auth-corpus.sh BINDIR: failed logins as fail2ban's filters count them
# (tests/security/auth/, made by tests/security/make-auth-corpus.py: the
# lines of fail2ban's own filter tests, labelled by fail2ban-regex): per
# filter, the failure lines ingest tags auth.failure, those whose client
# (ip) is the one fail2ban names, those whose user is too, and the
# near-misses tagged.  A user is right when it is fail2ban's, or the account
# fail2ban's greedier capture holds ("invalid user X" for X, "username:"
# for username).  Fails below 95 % of the failures tagged with the right
# client and user, or above 1 % of the near-misses tagged.
set -u
BIN=${1:-bin}
export LC_ALL=C
DIR=tests/security/auth
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-auth.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "== failed logins against fail2ban's filter tests ($DIR)"
printf '%-16s %8s %8s %8s %8s %10s %8s\n' filter failures tagged "+client" "+user" near-misses tagged
for log in "$DIR"/*.log; do
	name=$(basename "$log" .log)
	# one row per event: line, tagged (1/0), ip, user
	"$BIN/ingest" --tz UTC --now 2026-11-22T00:00:00Z "$log" 2>/dev/null | grep -v '"type":"source"' |
		awk '{ line = $0; sub(/.*"line":/, "", line); sub(/[^0-9].*/, "", line)
		       t = index($0, "\"auth.failure\"") > 0
		       ip = "-"; if (match($0, /"ip":"[^"]*"/)) ip = substr($0, RSTART + 6, RLENGTH - 7)
		       u = "-"; if (match($0, /"user":"[^"]*"/)) u = substr($0, RSTART + 8, RLENGTH - 9)
		       print line, t, ip, u }' >"$TMP/ev"
	awk -F'\t' -v name="$name" 'NR == FNR { split($0, f, " "); tag[f[1]] = f[2]; ip[f[1]] = f[3]; user[f[1]] = f[4]; next }
		{ n = FNR; want = $1; host = $2; u = $3
		  if (want == "fail") {
			fails++; if (tag[n]) { hit++
				cl = host == "-" || tolower(ip[n]) == tolower(host)
				us = u == "-" || user[n] == u || (user[n] != "-" && user[n] != "" &&
				     (u == user[n] ":" || substr(u, length(u) - length(user[n])) == " " user[n] ||
				      index(u, user[n] " ") == 1))
				if (!cl) print "  client " name ":" n ": " ip[n] " for " host > "/dev/stderr"
				if (!us) print "  user " name ":" n ": " user[n] " for " u > "/dev/stderr"
				ok_ip += cl; ok_user += us; ok_both += cl && us }
			else print "  missed " name ":" n > "/dev/stderr"
		  } else { oks++; if (tag[n]) { fp++; print "  near-miss tagged " name ":" n > "/dev/stderr" } } }
		END { printf "%-16s %8d %8d %8d %8d %10d %8d\n", name, fails, hit, ok_ip, ok_user, oks, fp
		      print name, fails, ok_both, oks, fp > "'"$TMP"'/sum." name }' "$TMP/ev" "$DIR/$name.labels"
done 2>"$TMP/detail"
cat "$TMP"/sum.* | awk '{ f += $2; c += $3; o += $4; p += $5 }
	END { printf "all: %d of %d failures tagged with the right client and user (%.1f %%, goal >= 95 %%); %d of %d near-misses tagged (%.1f %%, goal <= 1 %%)\n",
		c, f, 100 * c / f, p, o, 100 * p / o
	      exit !(c >= 0.95 * f && p <= 0.01 * o) }' || { sed 's/^/  /' "$TMP/detail" | head -60; echo "auth corpus: FAIL"; exit 1; }
echo "auth corpus: ok"
