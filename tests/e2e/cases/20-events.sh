# The event stream for the fixtures: plain and gzip, mixed formats in one
# call, with the accounting record closing each file.  The expected file
# was read line by line against the fixtures (fixtures/README.md).
case_ events-mixed 0 ingest --tz UTC --now 2026-11-22T00:00:00Z \
	fixtures/app-rotated.log.gz fixtures/access.log fixtures/api.jsonl.gz fixtures/messy.log
# --stats on stderr says the same as the source records
case_ stats-mixed 0 ingest --tz UTC -c --stats fixtures/app.log fixtures/access.log.gz fixtures/api.jsonl fixtures/messy.log
