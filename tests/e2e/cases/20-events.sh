# The event stream for the fixtures: plain and gzip, mixed formats in one
# call, with the accounting record closing each file.  The expected file
# was read line by line against the fixtures (fixtures/README.md).
case_ events-mixed 0 ingest --tz UTC --now 2026-11-22T00:00:00Z \
	fixtures/app-rotated.log.gz fixtures/access.log fixtures/api.jsonl.gz fixtures/messy.log
# --stats on stderr says the same as the source records
case_ stats-mixed 0 ingest --tz UTC -c --stats fixtures/app.log fixtures/access.log.gz fixtures/api.jsonl fixtures/messy.log
# syslog auth events (year inferred from --now), a logback stack trace with
# "Caused by:" and tab-indented frames folded into one record, and a custom
# nginx log_format
case_ events-auth-java 0 ingest --tz UTC --now 2026-11-22T00:00:00Z fixtures/auth.log fixtures/java.log
case_ events-custom-format 0 ingest --tz UTC \
	--log-format '$remote_addr [$time_local] "$request" $status $request_time $upstream_addr' \
	fixtures/custom-nginx.log
case_ raw-java-record 0 ingest --raw --grep SocketTimeout fixtures/java.log

# rules: tags in events, --redact in events and raw lines (equal values,
# equal hashes; a number failing Luhn kept), custom rules, their errors
case_ rules-tags-pii 0 ingest --tz UTC fixtures/pii.log
case_ rules-redact-events 0 ingest --tz UTC --redact fixtures/pii.log
case_ rules-redact-raw 0 ingest --tz UTC --redact --raw fixtures/pii.log
rules_custom() {
	printf '# ours\napp.receipt app low msg receipt \\breceipt\\b\n' >"$TMP/our.rules"
	ingest --tz UTC --no-default-rules --rules "$TMP/our.rules" fixtures/pii.log | grep -o '"line":[0-9]*\|"tags":\[[^]]*\]'
}
case_ rules-custom 0 rules_custom
rules_bad() {
	printf 'x.y app low msg - (unclosed\n' >"$TMP/bad.rules"
	ingest --rules "$TMP/bad.rules" fixtures/pii.log 2>&1 | sed "s|$TMP|TMP|"
}
case_ rules-bad-file 0 rules_bad
