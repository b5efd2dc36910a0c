# analyze: the runbook questions answered from `ingest | analyze` on the
# fixtures.  Each expected figure was computed from the raw fixture with
# grep/awk (the commands are in the comments) and checked by hand.

I="ingest --tz UTC --now 2026-11-16T18:00:00Z"

# Runs ingest with the given arguments into a summary at $TMP/sum; the
# caller picks figures out of it with pick.
summarise() {
	$I "$@" >"$TMP/ev" || return $?
	analyze "$TMP/ev" >"$TMP/sum"
}
pick() { grep -o "$1" "$TMP/sum"; }
COUNTS='"events":[0-9]*,"requests":[0-9]*,"errors":[0-9]*,"error_rate":[0-9.a-z]*,"error_lines":[0-9]*,"rate_limited":[0-9]*,"rl_responses":[0-9]*,"rl_events":[0-9]*,"forbidden":[0-9]*,"auth_failures":[0-9]*,"security":[0-9]*,"slow":[0-9]*'

# StudioOps weekly "Error Summary": error lines per day (same figures as
# rb-weekly-errors: grep -c "2026-11-DD.*ERROR" per day, traceback = 1)
an_weekly() {
	summarise fixtures/app-rotated.log.gz || return $?
	pick '"date":"[0-9-]*","events":[0-9]*,"requests":[0-9]*,"errors":[0-9]*,"error_rate":[0-9.a-z]*,"error_lines":[0-9]*'
}
case_ an-weekly-errors 0 an_weekly

# media search: average response time of POST /api requests
#   grep '"POST /api' access.log | awk '{s+=$NF; n++} END {print s/n*1000}'
#   → n=33, 1082.212 ms (the runbook's awk reads $10, the body size: a bug)
an_post_api() {
	summarise --field method=POST --grep '"POST /api' fixtures/access.log || return $?
	pick '"totals":{"events":[0-9]*,"requests":[0-9]*'
	pick '"totals":{.*' | grep -o '"latency":{"count":[0-9]*,"sum":[0-9.]*,"min":[0-9.]*,"max":[0-9.]*,"avg":[0-9.]*' | head -1
}
case_ an-post-api-latency 0 an_post_api

# error rate, slow requests (> 5 s), 429s and 401s of the access log:
#   awk '{n++; if ($9>=500) e++} END {print e, n}' → 12 of 95 = 12.632 %
#   awk '$NF > 5' → 12; awk '$9==429' → 3; awk '$9==401' → 2; security 4:
#   the attack lines from 198.51.100.66 (union select, ../etc/passwd,
#   <script>, /.env by zgrab; its fifth line is a 401, a failed login)
an_access() {
	summarise fixtures/access.log || return $?
	pick "\"totals\":{$COUNTS"
	pick '"status_codes":{[^}]*}'
}
case_ an-access-totals 0 an_access

# AI-DIY: slow requests jq 'select(.duration_ms > 5000)' → 7; security
# events jq 'select(.logger=="ai_diy.security")' → 4: 3 SECURITY_AUDIT
# path traversal attempts from 198.51.100.66 (rule app.security_audit) and
# 1 rate-limit event (the logger's own signal); "status":"error" → 8
an_api() {
	summarise fixtures/api.jsonl.gz || return $?
	pick "\"totals\":{$COUNTS"
	pick '"rules":{.*' | grep -o '{"key":"app[:.][a-z_]*","count":[0-9]*\|"ips":{"cap":10,"total":[0-9]*,"evicted":0,"items":\[{"key":"[0-9.]*","count":[0-9]*'
}
case_ an-api-security 0 an_api

# media search: failed logins, grep -c -i -E 'failed password|invalid
# user|authentication failure' auth.log → 10 lines; 203.0.113.50 fails 7
# times within 13 s: a brute-force suspect (more than 5 in 300 s)
an_auth() {
	summarise fixtures/auth.log || return $?
	pick "\"totals\":{$COUNTS" | grep -o '"auth_failures":[0-9]*'
	pick '{"key":"[0-9.]*","count":[0-9]*,"err":0,"first":"[^"]*","last":"[^"]*","max_in_window":[0-9]*,"brute_force":[a-z]*'
}
case_ an-auth-failures 0 an_auth

# AI-DIY rate limit violations per hour (429s and rate-limit events):
#   awk '$9==429 {print substr($4,2,14)}' access.log | uniq -c → 00, 09, 13h;
#   api.jsonl: one at 15h
an_rate_hourly() {
	summarise fixtures/access.log fixtures/api.jsonl || return $?
	pick '"start":"[^"]*","events":[0-9]*,"requests":[0-9]*,"errors":[0-9]*,"error_rate":[0-9.a-z]*,"error_lines":[0-9]*,"rate_limited":[1-9][0-9]*' |
		sed 's/"events.*error_lines":[0-9]*,//'
}
case_ an-rate-limit-hourly 0 an_rate_hourly

# Issue 12: one attack, one security event.  AI-DIY writes a blocked path
# traversal twice: the request record (the payload in its path) and a
# SECURITY_AUDIT record.  Hour 10: 4 attacks written both ways; hour 11: 2
# audited only; hour 12: 3 seen only in requests.  Known truth: 4, 2, 3 per
# hour (the runbook's grep -c SECURITY_AUDIT says 6 for the day, counting
# audits only; a sum of both kinds would say 8 for hour 10).
an_security_once() {
	awk 'BEGIN { t = "2026-11-16T%02d:%02d:00.000Z"
		for (i = 0; i < 4; i++) { att(10, i, 1); aud(10, i) }
		for (i = 0; i < 2; i++) aud(11, i)
		for (i = 0; i < 3; i++) att(12, i, 1) }
		function att(h, m, x) { printf "{\"timestamp\":\"" t "\",\"level\":\"WARNING\",\"logger\":\"ai_diy.api\",\"message\":\"request blocked\",\"method\":\"GET\",\"path\":\"/api/files/../../etc/passwd\",\"status_code\":400,\"duration_ms\":3.0,\"details\":{\"client_ip\":\"198.51.100.66\"}}\n", h, m }
		function aud(h, m) { printf "{\"timestamp\":\"" t "\",\"level\":\"WARNING\",\"logger\":\"ai_diy.security\",\"message\":\"SECURITY_AUDIT path_traversal_attempt blocked\",\"event\":\"path_traversal_attempt\",\"details\":{\"client_ip\":\"198.51.100.66\",\"path\":\"../../etc/passwd\"}}\n", h, m }' >"$TMP/sec.jsonl"
	summarise "$TMP/sec.jsonl" || return $?
	"$JSONPP" <"$TMP/sum" | awk '/^ "hours": \[/ { on = 1 } on && /"start":/ { h = $2 }
		on && /"(security|sec_requests|sec_events)":/ { k = $1 " " $2; gsub(/[",:]/, "", k); gsub(/[",]/, "", h); print h, k }
		on && /^ \]/ { exit }'
	echo "runbook: grep -c SECURITY_AUDIT = $(grep -c SECURITY_AUDIT "$TMP/sec.jsonl")"
}
case_ an-security-once 0 an_security_once

# the checks over access.log + api.jsonl: error rate 20 of 156 requests =
# 12.821 % crit; p95 crit; error lines 8 on the 16th (the 8 api records
# whose level is ERROR; the 12 access 5xx are failed requests, counted by
# the error rate, not as lines: one occurrence, one count): ok under ">= 10";
# security 8 on the 16th (4 attack lines + 4 ai_diy.security events)
an_checks() {
	summarise fixtures/access.log fixtures/api.jsonl || return $?
	pick '"checks":\[[^]]*\]' | tr '{' '\n' | grep -o '"name":"[a-z_0-9]*","status":"[a-z ]*","value":[0-9.a-z]*'
}
case_ an-checks 0 an_checks

# overrides: --threshold, --thresholds FILE, and their errors
an_override() {
	printf '# site limits\nerror_rate = 15 : 20\n' >"$TMP/limits"
	$I fixtures/access.log | analyze --thresholds "$TMP/limits" --threshold p95_latency=-:- |
		grep -o '"name":"\(error_rate\|p95_latency\)","status":"[a-z ]*"'
}
case_ an-threshold-override 0 an_override
case_ an-threshold-bad 2 analyze --threshold error_rate=5:1
case_ an-threshold-file-bad 2 analyze --thresholds fixtures/app.log

# accounting is carried through: per-source lines and unparsed line numbers
an_accounting() {
	summarise fixtures/messy.log fixtures/java.log fixtures/broken.txt.gz
	analyze "$TMP/ev" | grep -o '"src":"[^"]*","fmt":"[a-z]*","gzip":[a-z]*,"lines":[0-9]*,"events":[0-9]*,"continuation":[0-9]*,"unparsed":[0-9]*\|"src":"[^"]*","gzip":[a-z]*,"lines":[0-9]*\|"error":"[^"]*"'
}
case_ an-accounting 0 an_accounting

# malformed event lines are counted with their line numbers, never fatal
an_malformed() {
	{ $I fixtures/custom-nginx.log --log-format '$remote_addr [$time_local] "$request" $status $request_time $upstream_addr'
	  echo 'not json'; echo '{"v":1,"status":"x"}'; echo '{"v":9,"type":"future"}'; } >"$TMP/ev"
	analyze <"$TMP/ev" >"$TMP/sum"
	rc=$?
	pick '"malformed_events":[0-9]*,"malformed_lines":\[[0-9,]*\],"other_records":[0-9]*'
	return $rc
}
case_ an-malformed 1 an_malformed

# merging: a summary merged with nothing is itself; two halves merge into
# the whole (counts, hours, percentiles) byte for byte
an_merge_identity() {
	summarise fixtures/access.log fixtures/api.jsonl fixtures/app.log || return $?
	analyze --merge "$TMP/sum" >"$TMP/again" || return $?
	cmp "$TMP/sum" "$TMP/again" && echo identical
}
case_ an-merge-identity 0 an_merge_identity
an_merge_halves() {
	$I fixtures/app.log fixtures/access.log >"$TMP/a" || return $?
	$I fixtures/api.jsonl fixtures/auth.log >"$TMP/b" || return $?
	analyze "$TMP/a" "$TMP/b" >"$TMP/whole" || return $?
	analyze "$TMP/a" >"$TMP/sa" && analyze "$TMP/b" >"$TMP/sb" || return $?
	analyze --merge "$TMP/sa" "$TMP/sb" >"$TMP/merged" || return $?
	cmp "$TMP/whole" "$TMP/merged" && echo identical
}
case_ an-merge-halves 0 an_merge_halves
case_ an-merge-not-summary 1 analyze --merge fixtures/api.jsonl
case_ an-merge-nothing 2 analyze --merge

# Issue 16, GoAccess's panels: bytes sent, 404s by path (query dropped) and
# referring sites (the referer's host), on the e-shop's real access log,
# against awk and sort | uniq -c over the same lines: the two halves of the
# output must be the same.
an_traffic() {
	f=tests/realdata/lnav_logfile_shop_access_log.0
	summarise "$f" || return $?
	{	# the truth (a summary keeps keys to their first 159 bytes: TOPK_KEY)
		awk '$10 ~ /^[0-9]+$/ { s += $10 } END { printf "bytes %d\n", s }' "$f"
		awk '$9 == 404 { p = $7; sub(/\?.*/, "", p); print substr(p, 1, 159) }' "$f" | sort | uniq -c |
			awk '{ printf "404 %s %d\n", $2, $1 }' | sort
		awk -F'"' '{ r = $4; if (r ~ /^https?:\/\//) { sub(/^https?:\/\//, "", r); sub(/[\/:?#].*/, "", r); print r } }' "$f" |
			sort | uniq -c | awk '{ printf "referrer %s %d\n", $2, $1 }' | sort
	} >"$TMP/truth"
	"$JSONPP" <"$TMP/sum" >"$TMP/sum.pp"
	{	awk '/^ "totals"/ { t = 1 } t && /"bytes":/ { gsub(/[ ,]/, ""); sub(/"bytes":/, ""); print "bytes " $0; exit }' "$TMP/sum.pp"
		for list in not_found referrers; do
			awk -v l="\"$list\"" -v tag="$([ $list = not_found ] && echo 404 || echo referrer)" '
				index($0, l) { on = 1; next }
				on && /"key":/ { k = $0; sub(/.*"key": "/, "", k); sub(/",?$/, "", k) }
				on && /"count":/ { c = $0; gsub(/[^0-9]/, "", c); print tag, k, c }
				on && /^  }/ { exit }' "$TMP/sum.pp" | sort
		done
	} >"$TMP/ours"
	cat "$TMP/truth"
	diff "$TMP/truth" "$TMP/ours" >/dev/null && echo "analyze: the same" || diff "$TMP/truth" "$TMP/ours"
}
case_ an-traffic 0 an_traffic

# Issue 16, logwatch's sshd digest on a real sshd log (loghub OpenSSH_2k):
# failed attempts by user and the successful logins, flagged when their
# client had failed before, against awk over the same lines (the attempts
# fail2ban's sshd filter counts: "Failed <method> for [invalid user] U
# from", "Invalid user U from"; publickey only for an invalid user).
an_logins() {
	f=tests/realdata/loghub_OpenSSH_2k.log
	summarise "$f" || return $?
	tr -d '\r' <"$f" | awk '
		{ m = $0; sub(/^[^]]*\]: /, "", m) }
		m ~ /^Failed [^ ]+ for / && m !~ /^Failed publickey for [^i]/ {
			u = m; sub(/^Failed [^ ]+ for (invalid user )?/, "", u); sub(/ from .*/, "", u)
			h = m; sub(/.* from /, "", h); sub(/ .*/, "", h); n[u]++; bad[h] = 1 }
		m ~ /^Invalid user .* from / { u = m; sub(/^Invalid user /, "", u); sub(/ from .*/, "", u)
			h = m; sub(/.* from /, "", h); sub(/ .*/, "", h); n[u]++; bad[h] = 1 }
		m ~ /^Accepted [^ ]+ for / { u = m; sub(/^Accepted [^ ]+ for /, "", u); sub(/ from .*/, "", u)
			h = m; sub(/.* from /, "", h); sub(/ .*/, "", h)
			print "login " u " from " h " " (h in bad ? "after-failures" : "-") }
		END { for (u in n) print "user " u " " n[u] }' | sort >"$TMP/truth"
	"$JSONPP" <"$TMP/sum" >"$TMP/sum.pp"
	{ awk '/^  "users": \{/ { on = 1; next } on && /"key":/ { k = $0; sub(/.*"key": "/, "", k); sub(/",?$/, "", k) }
	       on && /"count":/ { c = $0; gsub(/[^0-9]/, "", c) }
	       on && /"err":/ { e = $0; gsub(/[^0-9]/, "", e); print "user " k " " c " " e } on && /^  }/ { exit }' "$TMP/sum.pp"
	  awk '/^  "logins": \{/ { on = 1; next } on && /"key":/ { k = $0; sub(/.*"key": "/, "", k); sub(/",?$/, "", k); f = "-" }
	       on && /"after_failures": true/ { f = "after-failures" } on && /^    }/ && k != "" { print "login " k " " f; k = "" }
	       on && /^  }/ { exit }' "$TMP/sum.pp"; } | sort >"$TMP/ours"
	# each user's true count lies in [count - err, count] (the sketch is
	# exact while its users fit: they do here, err 0); the logins exactly
	awk 'NR == FNR { if ($1 == "user") cnt[$2] = $3; else l[$0] = 1; next }
	     $1 == "user" { t = cnt[$2] + 0; if (t < $3 - $4 || t > $3) print "DIFFERS:", $0, "awk says", t; u++; next }
	     { if (!($0 in l)) print "DIFFERS:", $0; else print; seen++ }
	     END { for (k in l) n++; if (seen != n) print "DIFFERS: " seen " of " n " logins"; print u " users within their bounds" }' "$TMP/truth" "$TMP/ours"
}
case_ an-logins 0 an_logins

# Issue 16: the rest of logwatch's sshd and su sections, each list against
# awk | sort | uniq -c on loghub's real logs: failures by method, invalid
# users tried (sshd's "Invalid user" line, one per connection), su sessions.
an_auth_digest() {
	summarise tests/realdata/loghub_OpenSSH_2k.log tests/realdata/loghub_Linux_2k.log || return $?
	"$JSONPP" <"$TMP/sum" >"$TMP/sum.pp"
	lists() { # NAME: the summary's list against $TMP/truth
		awk -v obj=auth -v list="$1" -f scripts/top-list.awk "$TMP/sum.pp" | grep -v '^evicted ' | sort >"$TMP/ours"
		sort "$TMP/truth" | diff - "$TMP/ours" >/dev/null && echo "$1: $(wc -l <"$TMP/ours") keys as awk counts them" ||
			{ echo "$1 DIFFERS"; sort "$TMP/truth" | diff - "$TMP/ours" | head -5; }
	}
	msgs() { tr -d '\r' <"$1" | sed 's/^[^]]*\]: //'; }
	msgs tests/realdata/loghub_OpenSSH_2k.log | awk '/^Failed [^ ]+ for / && !/^Failed publickey for [^i]/ { m = $2; sub(/\/.*/, "", m); print m }' |
		sort | uniq -c | awk '{ print $2, $1, 0 }' >"$TMP/truth"
	lists methods
	msgs tests/realdata/loghub_OpenSSH_2k.log | awk '/^(Invalid|Illegal) user .* from / { sub(/^[A-Za-z]+ user /, ""); sub(/ from .*/, ""); print }' |
		sort | uniq -c | awk '{ c = $1; sub(/^ *[0-9]+ /, ""); print $0, c, 0 }' >"$TMP/truth"
	lists invalid_users
	tr -d '\r' <tests/realdata/loghub_Linux_2k.log | awk '$5 ~ /^su[([]/ && / session opened for user / {
		sub(/.* session opened for user /, ""); u = $1; sub(/\(uid=[0-9]+\)$/, "", u); print u " by " $3 }' |
		sort | uniq -c | awk '{ c = $1; sub(/^ *[0-9]+ /, ""); print $0, c, 0 }' >"$TMP/truth"
	lists su
}
case_ an-auth-digest 0 an_auth_digest

# Issue 16: bandwidth per endpoint (GoAccess's bandwidth column) against
# awk's sum of the byte field per method and path (numbers as :id).
an_endpoint_bytes() {
	summarise fixtures/access.log || return $?
	awk -F'"' '{ split($2, r, " "); split($3, a, " "); if (a[2] !~ /^[0-9]+$/) next
		p = r[2]; sub(/[?#].*/, "", p); n = split(p, s, "/"); q = ""
		for (i = 2; i <= n; i++) q = q "/" (s[i] ~ /^[0-9]+$/ ? ":id" : s[i]); if (q == "") q = "/"
		k = r[1] " " q; c[k]++; b[k] += a[2] } END { for (k in c) print k, c[k], 0, b[k] }' fixtures/access.log | sort >"$TMP/truth"
	"$JSONPP" <"$TMP/sum" | awk -v list=endpoints -v extra=bytes -f scripts/top-list.awk | grep -v '^evicted ' | sort >"$TMP/ours"
	echo "$(wc -l <"$TMP/truth") endpoints"
	diff "$TMP/truth" "$TMP/ours" >/dev/null && echo "requests and bytes as awk sums them" || diff "$TMP/truth" "$TMP/ours" | head
}
case_ an-endpoint-bytes 0 an_endpoint_bytes

# Issue 16: requested URLs (GoAccess's requested files, the query dropped)
# on the e-shop's real log, every count against sort | uniq -c.
an_urls() {
	f=tests/realdata/lnav_logfile_shop_access_log.0
	summarise "$f" || return $?
	# a key is cut at 159 bytes (docs/summary.md): long URLs as the summary keeps them
	awk -F'"' '{ split($2, r, " "); p = r[2]; sub(/\?.*/, "", p); print substr(p, 1, 159) }' "$f" | sort | uniq -c |
		awk '{ c = $1; sub(/^ *[0-9]+ /, ""); print $0, c, 0 }' | sort >"$TMP/truth"
	"$JSONPP" <"$TMP/sum" | awk -v list=urls -f scripts/top-list.awk | grep -v '^evicted ' | sort >"$TMP/ours"
	echo "$(wc -l <"$TMP/truth") URLs"
	diff "$TMP/truth" "$TMP/ours" >/dev/null && echo "every count as sort | uniq -c" || diff "$TMP/truth" "$TMP/ours" | head
}
case_ an-urls 0 an_urls

# Issue 16: static file requests, crawler requests, and a few families, on
# the e-shop's real log, against grep and awk over the user agent and path
# fields (the summary's browser list must agree with them too).
an_agents() {
	f=tests/realdata/lnav_logfile_shop_access_log.0
	summarise "$f" || return $?
	{ awk -F'"' '{ split($2, r, " "); p = r[2]; sub(/\?.*/, "", p)
		     if (tolower(p) ~ /\.(css|js|mjs|map|png|jpg|jpeg|gif|svg|ico|webp|avif|bmp|woff|woff2|ttf|otf|eot|mp4|webm|mp3|ogg|pdf|txt|xml|zip|gz|wasm)$/) s++ }
		   END { print "static", s + 0 }' "$f"
	awk -F'"' 'tolower($6) ~ /bot|crawl|spider|slurp|facebookexternalhit/ { c++ } END { print "crawlers", c + 0 }' "$f"
	awk -F'"' '$6 ~ /Googlebot/ { g++ } $6 ~ /Firefox\// && $6 !~ /bot|crawl|spider/ { x++ } END { print "googlebot", g + 0; print "firefox", x + 0 }' "$f"
	} >"$TMP/truth"
	"$JSONPP" <"$TMP/sum" >"$TMP/sum.pp"
	{ awk '/^ "totals"/ { t = 1 } t && /"static_requests":/ { v = $0; gsub(/[^0-9]/, "", v); print "static", v }
	     t && /"crawler_requests":/ { v = $0; gsub(/[^0-9]/, "", v); print "crawlers", v; exit }' "$TMP/sum.pp"
	awk '/^  "browsers": \{/ { on = 1; next } on && /"key":/ { k = $0 } on && /"count":/ { c = $0; gsub(/[^0-9]/, "", c)
		if (k ~ /"crawler: Googlebot"/) print "googlebot", c; if (k ~ /"Firefox"/) print "firefox", c }
	     on && /^  }/ { exit }' "$TMP/sum.pp" | sort -r
	} >"$TMP/ours"
	cat "$TMP/truth"
	diff "$TMP/truth" "$TMP/ours" >/dev/null && echo "analyze: the same" || diff "$TMP/truth" "$TMP/ours"
}
case_ an-agents 0 an_agents

# Issue 16: unique visitors (IP, day, user agent, as GoAccess counts them),
# a HyperLogLog per day: within three standard errors (3 x 3.25 %) of the
# exact count sort -u gives, on the e-shop's real log and on a generated
# gateway day of 500 distinct clients.
an_visitors() {
	f=tests/realdata/lnav_logfile_shop_access_log.0
	exact=$(awk -F'"' '{ split($1, a, " "); d = $1; sub(/.*\[/, "", d); sub(/:.*/, "", d); print a[1] "|" d "|" $6 }' "$f" | sort -u | wc -l)
	summarise "$f" || return $?
	est=$(grep -o '"estimate":[0-9]*' "$TMP/sum" | cut -d: -f2 | awk '{ s += $1 } END { print s }')
	printf "e-shop: exact %d\n" "$exact"; echo "$est $exact" | awk '{ d = $1 - $2; if (d < 0) d = -d; print (d <= 3 * 0.0325 * $2 + 1) ? "estimate within 3 standard errors" : "estimate " $1 " OUTSIDE" }'
	awk -f tests/e2e/gen-ingress.awk >"$TMP/gw.log"
	exact=$(awk '{ print $1 "|" $6 }' "$TMP/gw.log" | sort -u | wc -l)
	summarise "$TMP/gw.log" || return $?
	est=$(grep -o '"estimate":[0-9]*' "$TMP/sum" | cut -d: -f2 | awk '{ s += $1 } END { print s }')
	printf "gateway: exact %d\n" "$exact"; echo "$est $exact" | awk '{ d = $1 - $2; if (d < 0) d = -d; print (d <= 3 * 0.0325 * $2 + 1) ? "estimate within 3 standard errors" : "estimate " $1 " OUTSIDE" }'
}
case_ an-visitors 0 an_visitors

# Issue 16: top lists exact while they fit.  Flat traffic: 200 clients of
# similar volume (a 100-entry sketch showed the wrong clients with "<= N"
# counts here); every client's count in the summary against sort | uniq -c.
an_flat() {
	awk 'BEGIN { srand(3); for (i = 0; i < 3400; i++) { c = int(rand() * 200)
		printf "10.1.%d.%d - - [16/Nov/2026:%02d:%02d:%02d +0000] \"GET /p/%d HTTP/1.1\" 200 %d \"-\" \"ua-%d\"\n",
			c / 256, c % 256, int(i / 150), int(i / 3) % 60, i % 60, i % 37, 100 + i % 900, c % 7 } }' >"$TMP/flat.log"
	awk '{ print $1 }' "$TMP/flat.log" | sort | uniq -c | awk '{ print $2, $1, 0 }' | sort >"$TMP/truth"
	summarise "$TMP/flat.log" || return $?
	"$JSONPP" <"$TMP/sum" | awk -v list=ips -f scripts/top-list.awk | grep -v '^evicted ' | sort >"$TMP/ours"
	echo "$(wc -l <"$TMP/truth") clients"
	diff "$TMP/truth" "$TMP/ours" >/dev/null && echo "every count exact (err 0), as sort | uniq -c" || diff "$TMP/truth" "$TMP/ours" | head
}
case_ an-flat 0 an_flat

# Issue 12: custom metrics.  AI-DIY logs memory_mb (the runbook greps it);
# ingest --metric keeps it (and a nested one under another name), analyze
# keeps their figures per hour, report shows each day's: count, avg, min
# and max against awk on the same lines (p50 and p95 within the
# histogram's 1 %).
an_metrics() {
	awk 'BEGIN { srand(5); for (d = 16; d <= 17; d++) for (i = 0; i < 300; i++) {
		m = 400 + int(rand() * 600) + (d == 17 && i > 250 ? 500 : 0)
		printf "{\"timestamp\":\"2026-11-%02dT%02d:%02d:00.000Z\",\"level\":\"INFO\",\"logger\":\"ai_diy.monitor\",\"message\":\"resources\",\"memory_mb\":%d,\"details\":{\"cpu_percent\":%.1f}}\n", d, int(i / 13), i % 60, m, rand() * 100
		if (i % 50 == 0) printf "{\"timestamp\":\"2026-11-%02dT%02d:%02d:30.000Z\",\"level\":\"INFO\",\"message\":\"no figure here\"}\n", d, int(i / 13), i % 60 } }' >"$TMP/res.jsonl"
	$I --metric memory_mb --metric cpu=details.cpu_percent "$TMP/res.jsonl" >"$TMP/ev" || return $?
	analyze "$TMP/ev" >"$TMP/sum"
	for d in 16 17; do
		echo "2026-11-$d: awk: $(grep -o '"2026-11-'$d'T[^}]*"memory_mb":[0-9]*' "$TMP/res.jsonl" | sed 's/.*://' |
			awk '{ n++; s += $1; if (n == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { printf "memory_mb %d %.3f %d %d", n, s / n, lo, hi }')"
		report --tz UTC --daily 2026-11-$d "$TMP/sum" | awk '/^Metrics/ { on = 1 } on && /^(memory_mb|cpu) / { print "  report: " $1, $2, $3, $4, $7 } on && /^$/ && n++ > 1 { exit }'
	done
}
case_ an-metrics 0 an_metrics

# Issue 12: a metric's check, at its limit and one past it.  The same days:
# memory_mb peaks at 999 (the 16th) and 1475 (the 17th), as awk says above.
# Limits 999:1475 give OK and WARNING (> compares); 998:1474 give WARNING
# and CRITICAL; exit statuses as Nagios reads them.
an_metric_checks() {
	an_metrics >/dev/null || return $?
	for lim in 999:1475 998:1474; do
		for d in 16 17; do
			report --tz UTC --check --daily 2026-11-$d --threshold memory_mb.max=$lim "$TMP/sum" >"$TMP/chk"
			rc=$?
			head -1 "$TMP/chk" | sed 's/ |.*//; s/error_lines.*events, //'
			echo "  exit $rc"
		done
	done
}
case_ an-metric-checks 0 an_metric_checks

# Issue 12: the orchestrator's "Workflow success rate > 95%" and "Queue
# depth < 50 items".  200 workflows a day, each a workflow_started and a
# workflow_completed or workflow_failed record; queue_depth on the starts.
# Per day: grep's counts beside analyze --ratio's, then the checks at 95:90
# (the 17th at exactly 90 %: warning, not critical) and at 95:91.
an_ratio() {
	awk 'BEGIN { srand(9); for (d = 16; d <= 17; d++) for (i = 0; i < 200; i++) {
		printf "{\"timestamp\":\"2026-11-%02dT%02d:%02d:00.000Z\",\"level\":\"INFO\",\"logger\":\"orchestrator.engine\",\"message\":\"workflow %d started\",\"event\":\"workflow_started\",\"queue_depth\":%d}\n", d, int(i/10), i%60, i, int(rand()*60)
		ok = rand() < (d == 16 ? 0.97 : 0.93)
		printf "{\"timestamp\":\"2026-11-%02dT%02d:%02d:30.000Z\",\"level\":\"%s\",\"logger\":\"orchestrator.engine\",\"message\":\"workflow %d %s\",\"event\":\"workflow_%s\"}\n", d, int(i/10), i%60, ok ? "INFO" : "ERROR", i, ok ? "completed" : "failed", ok ? "completed" : "failed" } }' >"$TMP/wf.jsonl"
	$I --metric queue_depth "$TMP/wf.jsonl" >"$TMP/ev" || return $?
	analyze --ratio workflow=workflow_completed/workflow_started "$TMP/ev" >"$TMP/sum" || return $?
	for d in 16 17; do
		echo "2026-11-$d grep: started $(grep -c "11-${d}T.*workflow_started" "$TMP/wf.jsonl") completed $(grep -c "11-${d}T.*workflow_completed" "$TMP/wf.jsonl")"
		report --tz UTC --daily 2026-11-$d "$TMP/sum" | awk '/^workflow / { print "  report: " $0 }'
		for lim in 95:90 95:91; do
			report --tz UTC --check --daily 2026-11-$d --threshold workflow.rate=$lim --threshold queue_depth.max=50: "$TMP/sum" >"$TMP/chk"
			rc=$?
			echo "  $lim: $(head -1 "$TMP/chk" | sed 's/ |.*//'), exit $rc"
		done
	done
}
case_ an-ratio 0 an_ratio
