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
