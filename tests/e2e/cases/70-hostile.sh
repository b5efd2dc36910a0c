# Hostile input and hostile places (issue: reliability): every case is
# generated here at test time, and each says what it must give — a clear
# error or a correct result, never a crash, a silent loss or a garbage
# value.  Run on the sanitizer build by make check, and under valgrind.

# -o over what is not a regular file writes in place: a device node (our
# own copy of /dev/null when root can make one), a FIFO, /dev/stdout, and
# a symlink, which stays a symlink.
hostile_outputs() (
	TMP=$TMP/outputs
	mkdir -p "$TMP" || return 1
	ingest --tz UTC fixtures/access.log 2>/dev/null >"$TMP/ho.ev" || return 1
	if [ "$(id -u)" = 0 ] && mknod "$TMP/null" c 1 3 2>/dev/null; then dev="$TMP/null"; else dev=/dev/null; fi
	analyze -o "$dev" "$TMP/ho.ev" || return 1
	[ -c "$dev" ] && echo "device kept"
	mkfifo "$TMP/fifo" && { timeout 20 cat "$TMP/fifo" >"$TMP/fifo.out" & }
	analyze -o "$TMP/fifo" "$TMP/ho.ev" || return 1
	wait
	[ -p "$TMP/fifo" ] && [ -s "$TMP/fifo.out" ] && echo "fifo kept, read whole"
	analyze -o /dev/stdout "$TMP/ho.ev" >"$TMP/stdout.json" || return 1
	cmp -s "$TMP/stdout.json" "$TMP/fifo.out" && echo "/dev/stdout written"
	analyze -o "$TMP/real.json" "$TMP/ho.ev" && chmod 600 "$TMP/real.json" &&
		ln -s real.json "$TMP/link.json" || return 1
	report --tz UTC -o "$TMP/link.json" "$TMP/real.json" 2>/dev/null
	[ -L "$TMP/link.json" ] && echo "link kept"
	ls -l "$TMP/real.json" | cut -c1-10
	ls "$TMP" | grep -c '\.tmp'
	true
)
case_ hostile-outputs 0 hostile_outputs

# A summary is input too: a crafted one must give an error naming what is
# wrong, never a read out of bounds (auth window 0 overran auth_push), a
# stack overflow (1M nested brackets), or a wrapped count.
hostile_summaries() (
	TMP=$TMP/summaries
	mkdir -p "$TMP" || return 1
	F=fixtures/summaries/fortnight.json
	for w in 0 null 9223372036854775807 4294967295; do
		sed "s/\"window_s\": 300/\"window_s\": $w/" $F >"$TMP/w.json"
		report --tz UTC "$TMP/w.json" >/dev/null 2>"$TMP/err"
		echo "window_s $w: exit $? $(sed "s|$TMP/||" "$TMP/err")"
		analyze --merge "$TMP/w.json" >/dev/null 2>"$TMP/err"
		echo "merge: exit $?"
	done
	{ head -c 1000000 /dev/zero | tr '\0' '['; head -c 1000000 /dev/zero | tr '\0' ']'; } >"$TMP/deep.json"
	report "$TMP/deep.json" >/dev/null 2>"$TMP/err"
	echo "deep: exit $? $(sed "s|$TMP/||" "$TMP/err")"
	analyze --merge "$TMP/deep.json" >/dev/null 2>&1
	echo "deep merge: exit $?"
	# counts at the largest value merge to that value, never negative
	sed 's/"events": 95,/"events": 9223372036854775807,/' $F >"$TMP/big.json"
	analyze --merge "$TMP/big.json" "$TMP/big.json" "$TMP/big.json" | "$JSONPP" |
		grep -c '"events": -' 
	analyze --merge "$TMP/big.json" "$TMP/big.json" | "$JSONPP" | grep -m1 '"events": 9223372036854775807' | tr -d ' '
	# a decompression bomb is refused at the summary size limit
	head -c 100000000 /dev/zero | gzip -1 >"$TMP/bomb.json.gz"
	report "$TMP/bomb.json.gz" >/dev/null 2>"$TMP/err"
	echo "bomb: exit $? $(sed "s|$TMP/||" "$TMP/err")"
	# a fingerprint with a first time and no last one reads as one time
	sed '/"errors": {/,/"last"/{/"last"/d}' $F >"$TMP/first.json"
	grep -c '"last"' $F "$TMP/first.json" | sed "s|$TMP/||"
	report --tz UTC --json "$TMP/first.json" | "$JSONPP" | grep -c '"0000-'
	true
)
case_ hostile-summaries 0 hostile_summaries

# Hostile numbers and times in logs: no overflow (the sanitizer build
# aborts on one), no year 10000 written as 0000, latencies clamped to what
# an event carries and read back by analyze.
hostile_numbers() {
	printf '%s\n' '{"time":9999999999999999999,"level":"error","msg":"epoch"}' \
		'{"ts":"9999-12-31T23:59:60Z","msg":"leap"}' '{"ts":"9999-12-31T23:59:59.999Z","msg":"last"}' \
		'{"duration_ms":1e20,"status":200}' '{"duration_ms":16000000000000000,"status":200}' \
		'{"duration_ms":1e999,"status":200}' '{"status":502}' >"$TMP/numbers.jsonl"
	ingest --tz UTC "$TMP/numbers.jsonl" | grep -v '"type":"source"' | tee "$TMP/numbers.ev" |
		sed 's/"src":"[^"]*",//'
	analyze "$TMP/numbers.ev" | "$JSONPP" | grep -m2 -E '"(max|malformed_events)"' | tr -d ' '
}
case_ hostile-numbers 0 hostile_numbers

# --log-format with a variable nginx does not have is a typo: a usage error
# naming it (it compiled to ^.*?$ and turned every line into an empty
# event); nginx's other variables and families are matched and skipped.
case_ hostile-log-format-unknown 2 ingest --log-format '$nosuch' fixtures/access.log
case_ hostile-log-format-nothing-read 2 ingest --log-format '$request_length $msec' fixtures/access.log
log_format_families() {
	printf '%s\n' '10.0.0.1 [16/Nov/2026:09:00:01 +0000] "GET /x HTTP/1.1" 502 1.2.3.4 0.250' |
		ingest --tz UTC --log-format '$remote_addr [$time_local] "$request" $status $http_x_forwarded_for $upstream_response_time' |
		grep -c '"status":502'
}
case_ hostile-log-format-families 0 log_format_families

# Records too big for the event line: written cut, valid and marked, and
# counted; the next record is not swallowed; analyze reads every event
# ingest writes (a 600 KB line of quotes became a 1.2 MB event analyze
# refused, hiding an ERROR with an SQL injection from the report).
hostile_big_records() (
	TMP=$TMP/big
	mkdir -p "$TMP" || return 1
	{ printf '2026-11-16 09:00:00,000 ERROR [app] '; head -c 1500000 /dev/zero | tr '\0' '\001'; echo
	  echo '2026-11-16 09:00:01,000 ERROR [app] order 42 failed'
	  printf '2026-11-16 09:00:02,000 ERROR [app] q=1%%27%%20union%%20select%%20password%%20from%%20users '
	  head -c 600000 /dev/zero | tr '\0' '"'; echo; } >"$TMP/big.log"
	ingest --tz UTC --max-line 2000000 "$TMP/big.log" >"$TMP/big.ev" || return 1
	awk '{ print length($0) < 8388608 }' "$TMP/big.ev" | sort | uniq -c | tr -s ' '
	grep -c '"truncated":true' "$TMP/big.ev"
	grep -o '"records_cut":[0-9]*' "$TMP/big.ev"
	analyze "$TMP/big.ev" | "$JSONPP" >"$TMP/big.json" || return 1
	grep -m1 -E '"error_lines"' "$TMP/big.json" | tr -d ' '
	grep -m1 -E '"malformed_events"' "$TMP/big.json" | tr -d ' '
	grep -c '"key": "sqli' "$TMP/big.json"
)
case_ hostile-big-records 0 hostile_big_records

# --raw writes a record of any length whole (a 60,002-line stack trace was
# cut to 41,639 lines), and says so when a filter made it hold lines back.
hostile_raw_long() (
	TMP=$TMP/rawlong
	mkdir -p "$TMP" || return 1
	{ echo '2026-11-16 09:00:00,000 ERROR [app] boom'
	  awk 'BEGIN { for (i = 0; i < 60001; i++) printf "\tat com.example.Deep.call%d(Deep.java:%d)\n", i, i }'
	  echo '2026-11-16 09:00:01,000 INFO [app] after'; } >"$TMP/trace.log"
	ingest --raw "$TMP/trace.log" | wc -l | tr -d ' '
	ingest --raw --grep boom "$TMP/trace.log" | wc -l | tr -d ' '
	# held while -v could still drop it: past 8 MiB, lost and said so
	awk 'BEGIN { print "2026-11-16 09:00:00,000 ERROR [app] boom"
		for (i = 0; i < 300000; i++) printf "\tat com.example.Deep.call%d(Deep.java:%d)\n", i, i }' >"$TMP/huge.log"
	ingest --raw -v --grep nomatch "$TMP/huge.log" 2>"$TMP/err" | wc -l | tr -d ' '
	sed "s|$TMP/||" "$TMP/err"
)
case_ hostile-raw-long 0 hostile_raw_long

# 9,600 lines with forged timestamps, one hour each, before the real day:
# the hour cap drops the sparse hours, not the real ones, so the daily
# check still sees the day (it said UNKNOWN - no data, instead of CRITICAL).
hostile_hour_flood() (
	TMP=$TMP/flood
	mkdir -p "$TMP" || return 1
	awk 'BEGIN { for (i = 0; i < 9700; i++)
		printf "{\"ts\":%.0f,\"level\":\"info\",\"msg\":\"forged\"}\n", 4070908800 + i * 3600 }' >"$TMP/forged.jsonl"
	ingest --tz UTC "$TMP/forged.jsonl" fixtures/access.log 2>/dev/null | analyze >"$TMP/s.json" || return 1
	report --tz UTC --daily 2026-11-16 --check "$TMP/s.json" >"$TMP/status"
	echo "exit $?"
	head -1 "$TMP/status"
	"$JSONPP" <"$TMP/s.json" | grep -m1 '"hours_dropped"' | tr -d ' '
)
case_ hostile-hour-flood 0 hostile_hour_flood

# Output nobody can read is a failure, exit 3, for help and version too.
full_disk() {
	for p in ingest analyze report; do
		$p --help >/dev/full 2>/dev/null; echo "$p --help: $?"
		$p --version >/dev/full 2>/dev/null; echo "$p --version: $?"
	done
	ingest fixtures/access.log >/dev/full 2>/dev/null; echo "ingest: $?"
	report fixtures/summaries/fortnight.json >/dev/full 2>/dev/null; echo "report: $?"
}
case_ hostile-full-disk 0 full_disk

# gzip padded with zeros is read as gzip(1) reads it; other bytes after the
# data are a fault naming the offset, the lines before it kept.  A reader
# that goes away ends ingest by SIGPIPE, silently (141, as cat and grep).
gzip_tails_and_pipes() (
	TMP=$TMP/tails
	mkdir -p "$TMP" || return 1
	{ gzip -c fixtures/auth.log; head -c 1024 /dev/zero; } >"$TMP/padded.gz"
	ingest --raw "$TMP/padded.gz" >"$TMP/out"
	echo "padded: exit $?, $(wc -l <"$TMP/out" | tr -d ' ') lines"
	{ gzip -c fixtures/auth.log; printf 'junk'; } >"$TMP/junk.gz"
	ingest --raw "$TMP/junk.gz" 2>"$TMP/err" | wc -l | tr -d ' '
	sed "s|$TMP/||" "$TMP/err"
	for i in 1 2 3 4 5 6 7 8; do cat tests/realdata/loghub_Linux_2k.log; done >"$TMP/big.log"
	set +e
	{ ingest --raw "$TMP/big.log" 2>/dev/null; echo "ingest: $?" >"$TMP/rc"; } | head -1 >/dev/null
	cat "$TMP/rc"
)
case_ hostile-gzip-tails-and-pipes 0 gzip_tails_and_pipes

# Names a log chooses become keys of the summary: a service named with a
# quote, a backslash and markup is written escaped, so the summary reads
# back (it was written as a bare key, and report then refused the whole
# summary: an attacker's log line could silence the nightly report).
named_by_the_log() (
	TMP=$TMP/named
	mkdir -p "$TMP" || return 1
	printf '%s\n' \
		'{"ts":"2026-11-16T10:00:00Z","level":"info","service":"a\"b\\c<img src=x>","msg":"hi","duration_ms":5}' \
		'{"ts":"2026-11-16T10:00:01Z","level":"error","service":"a\"b\\c<img src=x>","msg":"boom","duration_ms":7}' \
		>"$TMP/svc.jsonl"
	ingest --tz UTC "$TMP/svc.jsonl" | analyze >"$TMP/svc.json" || return 1
	analyze --merge "$TMP/svc.json" "$TMP/svc.json" >"$TMP/merged.json" || return 1
	echo "merged: $?"
	report --tz UTC --html -o "$TMP/svc.html" "$TMP/merged.json" || return 1
	grep -c 'a&quot;b\\c&lt;img src=x&gt;' "$TMP/svc.html"
	grep -c '<img' "$TMP/svc.html"
	report --tz UTC "$TMP/merged.json" | grep -c 'a"b\\c<img src=x>'
	# events from another writer: paths with bytes that are not UTF-8, and a
	# NUL, are kept as the summary reads them back (U+FFFD), one key where
	# they would be written alike (it was listed twice, and refused)
	printf '{"v":1,"ts":"2026-11-16T10:00:0%d.000Z","method":"GET","path":"/a%b","status":404,"msg":"x\\u0000%s"}\n' \
		0 '\377' '<script>' 1 '\376' '<b>' 2 '\357\277\275' '' >"$TMP/foreign.ev"
	analyze "$TMP/foreign.ev" >"$TMP/foreign.json" || return 1
	report --tz UTC "$TMP/foreign.json" >/dev/null; echo "report: $?"
	"$JSONPP" <"$TMP/foreign.json" | grep -c "\"key\": \"/a$(printf '\357\277\275')\""
)
case_ hostile-names-chosen-by-the-log 0 named_by_the_log
