# The input layer through `ingest --raw/--count/--stats`: plain, gzip,
# multi-member gzip, CRLF, NUL bytes, missing final newline, faults.

same_as raw-gzip-equals-plain fixtures/access.log ingest --raw fixtures/access.log.gz
same_as raw-stdin-gzip fixtures/api.jsonl sh -c "cat fixtures/api.jsonl.gz | $VG $BIN/ingest --raw"
same_as raw-multimember fixtures/app.log ingest --raw fixtures/app-rotated.log.gz
case_ count-plain 0 ingest -c fixtures/app.log
case_ count-mixed 0 ingest --count fixtures/app.log fixtures/access.log.gz fixtures/api.jsonl
case_ stats-messy 0 ingest --raw --stats fixtures/messy.log
case_ broken-gzip 1 ingest -c fixtures/broken.txt.gz
case_ missing-and-dir-continue 1 ingest -c /nonexistent/x.log fixtures fixtures/app.log

long_line() {
	{ echo short; head -c 5000 /dev/zero | tr '\0' x; echo; echo after; } >"$TMP/long.log"
	ingest --max-line 100 --raw "$TMP/long.log" 2>"$TMP/long.err" | awk '{ print length($0) }'
	sed "s|$TMP/||" "$TMP/long.err" >&2
}
case_ long-line-truncated 0 long_line
