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

# Records are read in batches (ingest.c): a batch must not move an event,
# a count or a field.  A file that crosses a batch's 32 records (and then
# has a line CRI wrote in two pieces, joined as the batch is full), with
# unparsed lines (360 KB of them in a row: more than a batch's bytes), a
# stack trace, JSON lines whose text is unescaped into the parser's
# scratch, a 17 KiB line (read alone) and an SQL injection the CRS
# fixture tags, gives the events below (line, lines, format, path or
# message, tags, the User-Agent's length with its quotes), every line
# counted once; and the same read a line at a time from a slow pipe,
# where no batch holds more than one record.
batch_file() {
	awk 'BEGIN {
		for (i = 1; i <= 40; i++) {
			printf "10.0.0.%d - - [16/Nov/2026:00:%02d:00 +0000] \"GET /p/%d HTTP/1.1\" 200 %d \"-\" \"curl/8.4.0\" 0.001\n", i, i, i, i
			if (i == 32) { # a full batch, then a line CRI wrote in two pieces
				print "2026-11-16T00:32:30.000000000Z stdout P a line in two "
				print "2026-11-16T00:32:30.000000000Z stdout F pieces"
			}
		}
		print "%%% not a log line"
		for (i = 0; i < 3000; i++) # more than a batch holds, none a record
			printf "%%%% %0116d\n", i
		print "2026-11-16 10:05:18.901 ERROR [main] c.e.Orders - order 4711 failed"
		print "java.lang.IllegalStateException: payment gateway unavailable"
		print "\tat com.example.Orders.charge(Orders.java:88)"
		for (i = 1; i <= 5; i++)
			printf "{\"timestamp\":\"2026-11-16T10:06:0%dZ\",\"level\":\"error\",\"message\":\"say \\\"hi\\\" \\u00e9 %d\"}\n", i, i
		printf "10.0.0.99 - - [16/Nov/2026:00:50:00 +0000] \"GET /long HTTP/1.1\" 200 1 \"-\" \""
		for (i = 0; i < 17000; i++) printf "a"
		print "\" 0.001"
		print "10.0.0.98 - - [16/Nov/2026:00:51:00 +0000] \"GET /q?id=1%20union%20all%20select%202 HTTP/1.1\" 200 1 \"-\" \"curl/8.4.0\" 0.001"
		for (i = 41; i <= 75; i++)
			printf "10.0.0.%d - - [16/Nov/2026:01:%02d:00 +0000] \"GET /p/%d HTTP/1.1\" 200 %d \"-\" \"curl/8.4.0\" 0.001\n", i, i - 40, i, i
	}' >"$TMP/batch.log"
}
events_batched() {
	batch_file
	ingest --tz UTC --crs-dir tests/crs-fixture "$TMP/batch.log" >"$TMP/whole" || return $?
	while IFS= read -r l; do printf '%s\n' "$l"; sleep 0.01; done <"$TMP/batch.log" |
		ingest --tz UTC --crs-dir tests/crs-fixture >"$TMP/slow" || return $?
	sed 's/"src":"[^"]*"//' "$TMP/whole" >"$TMP/whole.cmp"
	sed 's/"src":"[^"]*"//' "$TMP/slow" >"$TMP/slow.cmp"
	cmp -s "$TMP/whole.cmp" "$TMP/slow.cmp" || echo "a slow pipe gives other events"
	awk 'function f(k,  v) {
		if (!match($0, "\"" k "\":(\"([^\"\\\\]|\\\\.)*\"|\\[[^]]*\\]|[0-9]+)"))
			return ""
		return substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3)
	}
	/"type":"source"/ { print "lines", f("lines"), "events", f("events"), "continuation", f("continuation"), "unparsed", f("unparsed"); next }
	{ print f("line"), f("lines"), f("fmt"), f("path") f("msg"), f("tags"), length(f("ua")) }' "$TMP/whole"
}
case_ events-batched 0 events_batched
