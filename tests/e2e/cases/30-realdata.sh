# Every real log in tests/realdata/ (copied from ../shared/realdata, see its
# README) ingests, and the figures independent tools computed for it
# (expected.json, turned into tests/e2e/realdata/*.figures by
# tests/realdata/make-figures.py) match ingest's events exactly.

figures_match() {
	f=$1
	ingest --tz UTC --now 2026-11-22T00:00:00Z "tests/realdata/$f" >"$TMP/rd.jsonl" 2>"$TMP/rd.err" || return 1
	awk -f tests/e2e/figures.awk "$TMP/rd.jsonl" | sort >"$TMP/rd.ours"
	# every expected key must have the expected value in ours
	awk 'NR == FNR { v = $NF; $NF = ""; ours[$0] = v; next }
	     { v = $NF; $NF = ""; if (ours[$0] != v) { printf "%s: expected %s, got %s\n", $0, v, (ours[$0] == "" ? "none" : ours[$0]); bad = 1 } }
	     END { exit bad }' "$TMP/rd.ours" "tests/e2e/realdata/$f.figures"
}

for fig in tests/e2e/realdata/*.figures; do
	f=$(basename "$fig" .figures)
	case_ "realdata-$f" 0 figures_match "$f"
done

# the corrupt gzip: a clear message with offsets, exit 1, the accounting kept
case_ realdata-broken-gzip 1 pretty ingest --tz UTC tests/realdata/lnav_textfile_broken_gz.txt.gz

# analyze on the real logs: error lines and failed logins against the
# independent figures (expected.json: error_level_events, auth_fail_lines).
# Linux_2k: 490 "authentication failure" lines (expected.json) plus 46
# klogind "Authentication failed" lines that its phrase list leaves out but
# the runbook's grep "authentication failed" counts:
#   grep -ci 'authentication failure' → 490;
#   grep -i 'authentication failed' | grep -vci 'authentication failure' → 46
# OpenSSH_2k: the 1257 lines of expected.json's phrase list plus 2 sshd
# "Received disconnect ...: 3: ...: Auth fail" lines, failures to fail2ban's
# sshd filter (ingest/auth.c tags them; tests/auth-corpus.sh measures it):
#   grep -c 'Auth fail' → 2
realdata_analyze() {
	for f in loghub_Apache_2k.log lnav_logfile_laravel.0 lnav_logfile_zap_console.0 \
		 loghub_Zookeeper_2k.log loghub_HDFS_2k.log loghub_OpenSSH_2k.log loghub_Linux_2k.log; do
		ingest --tz UTC --now 2026-11-22T00:00:00Z "tests/realdata/$f" 2>/dev/null >"$TMP/rd.jsonl"
		printf '%s %s\n' "$f" "$(analyze "$TMP/rd.jsonl" | grep -o '"totals":{[^}]*' |
			grep -o '"error_lines":[0-9]*\|"auth_failures":[0-9]*' | tr '\n' ' ')"
	done
}
case_ realdata-analyze 0 realdata_analyze
