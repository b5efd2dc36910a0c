# The incident grep as zgrep users expect it: file names with several
# files (-H), line numbers (-n), context in records (-A/-B/-C, "--"
# between groups), -l, -q, colour only when asked or on a terminal, and
# grep's exit status: 0 a record matched, 1 none did, 2 an error.

grep_context() {
	ingest --raw -n -C1 --grep 'order 4711' fixtures/java.log fixtures/app.log
	echo "exit $?"
	ingest --raw -n -A1 --grep 'database connection failed' fixtures/app.log | head -6
}
case_ grep-context 0 grep_context

grep_status() {
	ingest --raw --grep 'no such thing' fixtures/app.log; echo "no match: $?"
	ingest -c --grep 'no such thing' fixtures/app.log; echo "count, no match: $?"
	ingest -l --grep ERROR fixtures/access.log fixtures/app.log fixtures/java.log; echo "-l: $?"
	ingest -q --grep ERROR fixtures/app.log; echo "-q: $?"
	ingest -q --grep ERROR fixtures/app.log /nonexistent 2>/dev/null; echo "-q, a match and an error: $?"
	ingest --raw --grep ERROR /nonexistent 2>/dev/null; echo "error: $?"
	ingest --raw --grep 'payment gateway' --no-filename fixtures/java.log fixtures/app.log | head -1
}
case_ grep-status 0 grep_status

grep_color() {
	ingest --raw --grep 'ERROR' fixtures/java.log | head -1 | od -c | grep -c '033' || true
	ingest --raw -H -n --color=always --grep 'ERROR' fixtures/java.log | head -1 | od -An -c | tr -s ' ' | head -2
	NO_COLOR=1 ingest --raw --color=auto --grep ERROR fixtures/java.log | head -1 | grep -c "$(printf '\033')" || true
}
case_ grep-color 0 grep_color

# --redact masks unparsed lines in --raw too (they were written as read)
grep_redact_unparsed() {
	printf 'free text with alice@example.org\n' | ingest --raw --redact
}
case_ grep-redact-unparsed 0 grep_redact_unparsed

# Time expressions an operator types, and filters that cannot be met.
time_forms() {
	for w in 13:00 90min 1.5h now-1h '1 hour ago' today 2026-11-16; do
		printf '%s: ' "$w"
		ingest --tz UTC --now 2026-11-16T18:00:00Z --since "$w" -c fixtures/java.log fixtures/access.log
	done
	ingest --tz UTC --since bogus fixtures/java.log 2>&1; echo "exit $?"
	ingest --since 2026-11-16 --until 2026-11-10 fixtures/java.log >"$TMP/tf" 2>&1
	echo "exit $?"
	head -1 "$TMP/tf"
	ingest --field bytes=abc fixtures/access.log 2>&1 | head -1 | cut -c1-40
	ingest --field 'latency>5000' fixtures/access.log 2>&1 | head -1 | cut -c1-44
}
case_ grep-time-forms 0 time_forms

# A progress line on a terminal only (script(1) gives one), erased at the
# end; none with -q or when stderr is not a terminal; -q silences warnings.
progress_on_terminals() (
	for i in 1 2 3 4 5 6 7 8 9 10; do cat tests/realdata/loghub_Linux_2k.log; done >"$TMP/progress.log"
	export LOGSIFT_PROGRESS_DELAY_MS=0
	script -qc "$BIN/ingest $TMP/progress.log >/dev/null" /dev/null | tr '\r' '\n' | grep -c 'progress.log: .*B (' | sed 's/^[1-9][0-9]*$/shown/'
	script -qc "$BIN/ingest -q --grep nomatch $TMP/progress.log" /dev/null | wc -c | tr -d ' '
	$BIN/ingest "$TMP/progress.log" 2>&1 >/dev/null | wc -c | tr -d ' '
	printf 'x\n' | $BIN/analyze 2>&1 >/dev/null | wc -l | tr -d ' '
	printf 'x\n' | $BIN/analyze -q 2>&1 >/dev/null | wc -l | tr -d ' '
)
case_ progress-on-terminals 0 progress_on_terminals

# Several files with --raw are interleaved by time (lnav's merged view): a
# bounded k-way merge, one record held per file; a record without a time
# keeps its place after the one before it; --no-merge-time: file order.
merge_time() (
	printf '%s\n' '2026-11-16 10:00:00,000 INFO [a] a1' '2026-11-16 10:00:02,000 ERROR [a] a2' \
		'Traceback (most recent call last):' '  File "x.py", line 1' \
		'2026-11-16 10:00:05,000 INFO [a] a3' >"$TMP/a.log"
	printf '%s\n' '2026-11-16 10:00:01,000 INFO [b] b1' 'a line of no format' \
		'2026-11-16 10:00:03,000 WARN [b] b2' '2026-11-16 10:00:04,000 INFO [b] b3' >"$TMP/b.log"
	ingest --raw -n "$TMP/a.log" "$TMP/b.log" | sed "s|$TMP/||"
	echo "--"
	ingest --raw --no-merge-time "$TMP/a.log" "$TMP/b.log" | sed "s|$TMP/||" | head -3
	echo "--"
	ingest --raw --grep 'a2|b2' "$TMP/a.log" "$TMP/b.log" | sed "s|$TMP/||"
)
case_ grep-merge-time 0 merge_time

# a forced --format that does not fit a file says so, with the fix
wrong_format() {
	ingest --format json fixtures/access.log 2>&1 >/dev/null | head -1
}
case_ grep-wrong-format 0 wrong_format

# the plain output (no -H, -n or colour) writes a record in one piece; its
# context groups must fall exactly where the prefixed output puts them
grep_plain_equals_prefixed() {
	ingest --raw -C1 --grep 'database connection failed' fixtures/app.log >"$TMP/plain"
	ingest --raw -H -C1 --grep 'database connection failed' fixtures/app.log |
		sed 's/^fixtures\/app\.log[:-]//' | cmp - "$TMP/plain" && echo same
}
case_ grep-plain-equals-prefixed 0 grep_plain_equals_prefixed

# The incident grep passes over the lines its pattern cannot select
# without parsing them (ingest.c: skip_unmatched); --stats reads every
# line, so the two must write the same records, and -c count the same,
# on every layout, with matches in continuation lines, patterns that may
# span lines (\s), anchors, lookbehinds, caseless, CRLF lines, and files
# larger than one read buffer.
grep_skips_as_it_reads() {
	big=$(mktemp "${TMPDIR:-/tmp}/logsift-grep.XXXXXX")
	for i in 1 2 3 4 5 6 7 8; do cat fixtures/java.log fixtures/app.log tests/realdata/loghub_Linux_2k.log; done >"$big"
	crlf=$(mktemp "${TMPDIR:-/tmp}/logsift-grep.XXXXXX")
	sed 's/$/\r/' fixtures/app.log >"$crlf"
	files="fixtures/*.log fixtures/*.gz tests/realdata/*.0 tests/realdata/*.log $big $crlf"
	pats='ERROR|error Caused.by ^\s+at at\scom order\s+4711$ (?<!user\s)root \Aroot sshd\[\d+\]:\s+Failed x* 2015 (?i)error'
	[ "${VALGRIND:-0}" = 1 ] && { files="fixtures/java.log fixtures/app.log $big"; pats='Caused.by ^\s+at'; }
	n=0 differ=0
	for f in $files; do
		for p in $pats; do
			a=$(ingest --raw -n --grep "$p" "$f" 2>/dev/null | cksum)
			b=$(ingest --raw -n --stats --grep "$p" "$f" 2>/dev/null | cksum)
			c=$(ingest -c --grep "$p" "$f" 2>/dev/null)
			d=$(ingest -c --stats --grep "$p" "$f" 2>/dev/null)
			n=$((n + 1))
			if [ "$a" != "$b" ] || [ "$c" != "$d" ]; then
				differ=$((differ + 1))
				echo "differs: --grep '$p' $f"
			fi
		done
	done
	rm -f "$big" "$crlf"
	[ "$n" -ge 6 ] && echo "compared: $differ differ"
}
case_ grep-skips-as-it-reads 0 grep_skips_as_it_reads

# A fault says how many lines the grep passed over without parsing: every
# line is in one count.
grep_skips_accounted() {
	cut=$(mktemp "${TMPDIR:-/tmp}/logsift-grep.XXXXXX")
	for i in $(seq 60); do cat fixtures/access.log; done | gzip -n | head -c 6000 >"$cut"
	ingest --raw --grep 'no such request' "$cut" >"$cut.out" 2>&1
	rc=$?
	sed "s|$cut|CUT.gz|" "$cut.out"
	rm -f "$cut" "$cut.out"
	return $rc
}
case_ grep-skips-accounted 2 grep_skips_accounted

# --since on a large plain file starts near the window (bisection) instead
# of parsing the file from its start: the events, the incident grep and
# the report's figures are those of reading it all (cat | ingest cannot
# seek); only the accounting says the lines before the window were
# counted, not parsed.  A file out of time order is read whole.
# (LOGSIFT_BISECT_MIN lowers the 32 MiB from which it bisects.)
since_bisects() {
	dir=$(mktemp -d "${TMPDIR:-/tmp}/logsift-since.XXXXXX")
	awk 'BEGIN { for (i = 0; i < 30000; i++) {
		s = i * 20; lv = i % 7 ? "INFO" : "ERROR";
		printf "2026-11-%02d %02d:%02d:%02d,%03d %s [app.db] request %d handled\n",
			1 + int(s / 86400), int(s / 3600) % 24, int(s / 60) % 60, s % 60, i % 1000, lv, i;
		if (i % 97 == 0) printf "Traceback (most recent call last):\n  File \"x.py\", line %d\n", i;
	} }' >"$dir/app.log"
	{ sed -n '20000,$p' "$dir/app.log"; sed -n '1,19999p' "$dir/app.log"; } >"$dir/rotated.log"
	export LOGSIFT_BISECT_MIN=65536
	w="--tz UTC --now 2026-11-08T00:00:00Z --since 2026-11-06T12:00:00Z"
	a=$(ingest $w "$dir/app.log" | grep -v '"type":"source"' | cksum)
	b=$(ingest $w <"$dir/app.log" | grep -v '"type":"source"' | sed "s|\"src\":\"-\"|\"src\":\"$dir/app.log\"|" | cksum)
	[ "$a" = "$b" ] && echo "events: same as reading it all"
	a=$(ingest $w --raw -n --grep 'ERROR.*request 2[0-9]*7 ' "$dir/app.log" | cksum)
	b=$(ingest $w --raw -n --grep 'ERROR.*request 2[0-9]*7 ' <"$dir/app.log" | cksum)
	[ "$a" = "$b" ] && echo "grep: same as reading it all"
	ingest $w "$dir/app.log" | analyze >"$dir/sum.json"
	report "$dir/sum.json" | grep -E '^error lines' | tr -s ' '
	report "$dir/sum.json" | grep -E 'before --since' | sed 's/^[^ ]* //' | tr -s ' '
	ingest $w --stats "$dir/app.log" 2>&1 >/dev/null | sed "s|$dir/||"
	# the later lines first: the probes see times go back, it is read whole
	ingest $w --stats "$dir/rotated.log" 2>&1 >/dev/null | sed "s|$dir/||"
	unset LOGSIFT_BISECT_MIN
	rm -rf "$dir"
}
case_ since-bisects 0 since_bisects

# The site's CRS rule exclusions (docs/rules.md): the search box's text is
# no SQL there, other arguments and paths still are; what cannot be
# applied is warned of, and listed with its file and line.
crs_exclusions() {
	cat >"$TMP/site.conf" <<'CONF'
SecRule REQUEST_FILENAME "@streq /search" \
    "id:10001,phase:1,pass,nolog,ctl:ruleRemoveTargetByTag=attack-sqli;ARGS:q"
SecRule REMOTE_ADDR "@ipMatch 10.0.0.0/8" "id:10002,phase:1,pass,nolog,ctl:ruleEngine=Off"
CONF
	for p in '/search?q=1%20union%20select%202' '/search?r=1%20union%20select%202' \
		 '/other?q=1%20union%20select%202'; do
		printf '192.0.2.1 - - [16/Nov/2026:10:00:00 +0000] "GET %s HTTP/1.1" 200 5 "-" "curl/8"\n' "$p"
	done >"$TMP/site.log"
	ingest --tz UTC --no-default-rules --crs-dir tests/crs-fixture --crs-exclusions "$TMP/site.conf" \
		"$TMP/site.log" 2>&1 | grep -v '"type":"source"' |
		sed 's/.*"path":"\([^"]*\)".*"ua":"curl\/8"\(,"tags":\)*\(.*\)}/\1 \3/'
	ingest --crs-dir tests/crs-fixture --crs-exclusions "$TMP/site.conf" --list-skipped |
		grep -v '^94' | sed "s|$TMP/||"
	ingest --crs-dir tests/crs-fixture --crs-exclusions /nonexistent.conf "$TMP/site.log" 2>&1; echo "exit $?"
}
case_ crs-exclusions 0 crs_exclusions
