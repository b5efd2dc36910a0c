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
