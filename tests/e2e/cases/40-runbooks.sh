# The runbooks' grep/jq/awk chores and their ingest equivalents
# (docs/runbooks.md), on the fixtures.  Each expected figure was computed
# with the runbook's own tools on the same file (fixtures/README.md).

I="ingest --tz UTC --now 2026-11-16T18:00:00Z"

# StudioOps: grep -i "error\|critical\|fatal" (records, not lines: the
# traceback is part of its ERROR record)
case_ rb-errors-count 0 $I -c --level error fixtures/app.log
# StudioOps weekly error summary: errors per day over the week
weekly() {
	for d in 09 10 11 12 13 14 15; do
		n=$(printf '%02d' $((1${d} - 99)))
		printf '2026-11-%s %s\n' "$d" "$($I -c --level error --since 2026-11-$d --until 2026-11-$n fixtures/app-rotated.log.gz)"
	done
}
case_ rb-weekly-errors 0 weekly
# "today": errors since midnight (now is 2026-11-16 18:00 UTC)
case_ rb-errors-today 0 $I -c --level error --since today fixtures/access.log fixtures/api.jsonl
# AI-DIY: grep '"status":"error"' | wc -l, and the total with a status
case_ rb-app-status-error 0 $I -c --field app_status=error fixtures/api.jsonl
# AI-DIY: jq 'select(.duration_ms > 5000)'
case_ rb-slow-requests 0 $I -c --field 'latency_ms>5000' fixtures/api.jsonl.gz
# AI-DIY: grep path_traversal_attempt | jq '.details.client_ip'
rb_traversal_ips() { $I --field event=path_traversal_attempt fixtures/api.jsonl | grep -o '"ip":"[^"]*"' | sort | uniq -c; }
case_ rb-traversal-ips 0 rb_traversal_ips
# AI-DIY: jq 'select(.logger=="ai_diy.security")'
case_ rb-security-logger 0 $I -c --field logger=ai_diy.security fixtures/api.jsonl
# AI-DIY: grep SECURITY_AUDIT | wc -l
case_ rb-security-audit 0 $I -c --grep SECURITY_AUDIT fixtures/api.jsonl
# media search: grep -E "SQL injection|XSS|\.\./|<script" (the dots escaped:
# the runbook's "../" matches any two characters before a slash)
case_ rb-attack-grep 0 $I --raw --grep 'SQL injection|XSS|\.\./|<script' fixtures/access.log.gz
# media search: grep "POST /api" access.log
case_ rb-post-api 0 $I -c --field method=POST --grep '"POST /api' fixtures/access.log
# orchestrator: grep -E "(429|401|403)"
case_ rb-auth-and-limits 0 $I -c --field status=401,403,429 fixtures/access.log
# incident grep: a traceback is shown whole
case_ rb-traceback-record 0 $I --raw --grep TimeoutError fixtures/app.log
# and -v: nothing but the attack lines' complement
case_ rb-invert 0 $I -c --grep 198.51.100.66 --invert fixtures/access.log
