#!/bin/sh
# bench.sh BUILD: measures ingest's throughput on 1 GB access and JSONL logs
# (with wc -l and jq -c . beside it), and the line reader against wc -l (plain) and
# zcat >/dev/null (gzip) on the same 1 GB file, best of RUNS runs each,
# interleaved so both see the same machine load; prints the ratios and the
# reader's peak RSS.  Data is generated once under bench/data/ (ignored by
# git); SIZE_MB overrides the size; GEN_ONLY=1 only generates it.
set -eu
BUILD=${1:-build/release}
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
DATA=bench/data
mkdir -p "$DATA"
# the data's layout version is in its name: a changed generator never
# meets an old file
ACCESS=$DATA/access-v2-${SIZE_MB}m.log

. scripts/gen-access.sh
gen_access "$ACCESS" "$SIZE_MB" 1
JSONL=$DATA/api-v2-${SIZE_MB}m.jsonl
if [ ! -f "$JSONL" ]; then
	echo "generating $JSONL ($SIZE_MB MB of AI-DIY style JSON lines)..."
	awk -v limit=$((SIZE_MB * 1024 * 1024)) 'BEGIN {
		srand(7);
		split("GET POST PUT DELETE", m, " ");
		split("/api/projects /api/generate /api/projects/42 /api/users /health", p, " ");
		split("INFO INFO INFO WARNING ERROR", lv, " ");
		n = 0; t = 0;
		while (n < limit) {
			t += rand() * 2; l = lv[int(rand() * 5) + 1]; err = l == "ERROR";
			c = int(20000 * rand() ^ 3); # clients as gen_access draws them
			line = sprintf("{\"timestamp\":\"2026-11-%02dT%02d:%02d:%02d.%03dZ\",\"level\":\"%s\",\"logger\":\"ai_diy.api\",\"message\":\"request %s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":\"%s\",\"status_code\":%d,\"duration_ms\":%.1f,\"details\":{\"client_ip\":\"%d.%d.%d.%d\",\"user_agent\":\"Mozilla/5.0\"}}",
				int(t / 86400) % 28 + 1, int(t / 3600) % 24, int(t / 60) % 60, int(t) % 60, int(rand() * 1000),
				l, err ? "failed: model timeout" : "completed", m[int(rand() * 4) + 1], p[int(rand() * 5) + 1],
				err ? "error" : "success", err ? 500 : 200, rand() * 3000,
				1 + c % 223, int(c / 223) % 256, (c * 37) % 256, (c * 101) % 256);
			print line;
			n += length(line) + 1;
		}
	}' >"$JSONL"
fi
if [ ! -f "$ACCESS.gz" ]; then
	echo "compressing $ACCESS.gz..."
	gzip -c -n "$ACCESS" >"$ACCESS.gz"
fi
[ "${GEN_ONLY:-0}" = 1 ] && exit 0 # scripts/bench-compare.sh wants the data only

now() { date +%s.%N; }
# best TIMES CMD...: best wall time of RUNS runs, output discarded
best() {
	b=""
	for _ in $(seq "$RUNS"); do
		t0=$(now); "$@" >/dev/null; t1=$(now)
		b=$(echo "$t0 $t1 $b" | awk '{ d = $2 - $1; if ($3 == "" || d < $3) print d; else print $3 }')
	done
	echo "$b"
}

cat "$ACCESS" "$ACCESS.gz" >/dev/null # warm the page cache
bytes=$(wc -c <"$ACCESS")
gzbytes=$(wc -c <"$ACCESS.gz")
echo "files: $ACCESS ($bytes bytes), $ACCESS.gz ($gzbytes bytes); best of $RUNS"

wc_t=$(best wc -l "$ACCESS")
lb_t=$(best "$BUILD/bench/linebench" "$ACCESS")
zc_t=$(best sh -c "zcat '$ACCESS.gz'")
lg_t=$(best "$BUILD/bench/linebench" "$ACCESS.gz")
rss=$("$BUILD/bench/linebench" "$ACCESS" | awk '/maxrss_kib/ { print $2 }')
rssgz=$("$BUILD/bench/linebench" "$ACCESS.gz" | awk '/maxrss_kib/ { print $2 }')

awk -v b="$bytes" -v w="$wc_t" -v l="$lb_t" -v z="$zc_t" -v g="$lg_t" -v r="$rss" -v rg="$rssgz" 'BEGIN {
	printf "plain: wc -l %.3fs (%.0f MB/s)  linebench %.3fs (%.0f MB/s)  ratio %.2f (target <= 1.5)\n", w, b/w/1e6, l, b/l/1e6, l/w;
	printf "gzip:  zcat  %.3fs (%.0f MB/s)  linebench %.3fs (%.0f MB/s)  ratio %.2f (target <= 1.2)\n", z, b/z/1e6, g, b/g/1e6, g/z;
	printf "peak RSS: linebench plain %.1f MiB, gzip %.1f MiB (target < 16 MiB)\n", r/1024, rg/1024;
}'

# ingest end to end: events to /dev/null, next to wc -l and jq -c .
BIN=${BIN:-bin}
ingest_one() { "$BIN/ingest" --tz UTC "$1" >/dev/null; }
rss_of() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
for f in "$ACCESS" "$JSONL"; do
	b=$(wc -c <"$f"); n=$(wc -l <"$f")
	cat "$f" >/dev/null
	w=$(best wc -l "$f")
	i=$(best ingest_one "$f")
	if [ "${JQ:-1}" = 1 ] && command -v jq >/dev/null 2>&1 && [ "$f" = "$JSONL" ]; then
		j=$(RUNS=1 best jq -c . "$f")
	else
		j=""
	fi
	r=""
	[ -x /usr/bin/time ] && r=$(rss_of "$BIN/ingest" --tz UTC "$f")
	awk -v f="$f" -v b="$b" -v n="$n" -v w="$w" -v i="$i" -v j="$j" -v r="$r" 'BEGIN {
		printf "ingest %s: %.2fs, %.0f MB/s, %.2f M lines/s", f, i, b/i/1e6, n/i/1e6;
		printf " | wc -l %.2fs (%.0f MB/s)", w, b/w/1e6;
		if (j != "") printf " | jq -c . %.2fs (%.0f MB/s)", j, b/j/1e6;
		if (r != "") printf " | ingest peak RSS %.1f MiB", r/1024;
		printf "\n";
	}'
done

# the rules' cost: ingest with and without the default rule set on the
# access log (issue target: rules cost at most 30 % of the throughput)
no_rules() { "$BIN/ingest" --tz UTC --no-default-rules "$1" >/dev/null; }
wr=$(best ingest_one "$ACCESS")
nr=$(best no_rules "$ACCESS")
awk -v b="$(wc -c <"$ACCESS")" -v w="$wr" -v n="$nr" 'BEGIN {
	printf "rules: ingest %.2fs (%.0f MB/s) with the default rules, %.2fs (%.0f MB/s) without: they cost %.0f %% of the throughput (target <= 30 %%)\n",
		w, b/w/1e6, n, b/n/1e6, 100 * (1 - n / w) }'

# analyze: alone on the events ingest wrote (the file read from the page
# cache), and at the end of the pipe; "never the slower stage" compares
# its time with ingest's on the same data.
EVENTS=$DATA/events-access.jsonl
"$BIN/ingest" --tz UTC "$ACCESS" >"$EVENTS"
EVJ=$DATA/events-api.jsonl
"$BIN/ingest" --tz UTC "$JSONL" >"$EVJ"
for pair in "$ACCESS:$EVENTS" "$JSONL:$EVJ"; do
	log=${pair%%:*} ev=${pair#*:}
	b=$(wc -c <"$log"); eb=$(wc -c <"$ev"); n=$(wc -l <"$ev")
	cat "$ev" >/dev/null
	i=$(best ingest_one "$log")
	a=$(best "$BIN/analyze" "$ev")
	p=$(best sh -c "'$BIN/ingest' --tz UTC '$log' | '$BIN/analyze'")
	r=""
	[ -x /usr/bin/time ] && r=$(rss_of "$BIN/analyze" "$ev")
	awk -v f="$log" -v b="$b" -v eb="$eb" -v n="$n" -v i="$i" -v a="$a" -v p="$p" -v r="$r" 'BEGIN {
		printf "%s: ingest %.2fs | analyze %.2fs on %.0f MB of events (%.0f MB/s, %.2f M events/s) | ingest|analyze %.2fs = %.0f MB/s of log",
			f, i, a, eb/1e6, eb/a/1e6, n/a/1e6, p, b/p/1e6;
		if (r != "") printf " | analyze peak RSS %.1f MiB", r/1024;
		printf " | slower stage: %s\n", (a > i) ? "analyze" : "ingest";
	}'
done

# flat memory: analyze's peak RSS on ~1 GB and ~4 GB of events covering
# the same span (4x the traffic), every client distinct: the top lists
# past their exact budget, sketches at their caps.
if [ "${RSS4:-1}" = 1 ]; then
	gen_access "$DATA/access-v2-flood-rss1.log" 540 0.25 0
	gen_access "$DATA/access-v2-flood-rss4.log" 2160 0.0625 0
	for f in "$DATA/access-v2-flood-rss1.log" "$DATA/access-v2-flood-rss4.log"; do
		eb=$("$BIN/ingest" --tz UTC "$f" | wc -c)
		# analyze's own peak, not the pipe's
		r=$( { "$BIN/ingest" --tz UTC "$f" | /usr/bin/time -f %M "$BIN/analyze" >/dev/null; } 2>&1 | tail -1)
		awk -v f="$f" -v eb="$eb" -v r="$r" 'BEGIN { printf "analyze on %.2f GB of events (%s): peak RSS %.1f MiB\n", eb/1e9, f, r/1024 }'
	done
fi

# exact top lists: on the site's access log every list against sort |
# uniq -c, unique visitors against sort -u (issue 16)
sh scripts/bench-exact.sh "$ACCESS" "$BIN" "$BUILD/tests/jsonpp"

# the OWASP CRS (ingest --crs, issue 13: at least 70 % of ingest's speed
# without it): both on the same 256 MB of access log, best of RUNS,
# interleaved
CRS_RULES=/usr/share/modsecurity-crs/rules
if [ -d "$CRS_RULES" ]; then
	CRS_DATA=$DATA/access-v2-256m.log
	[ -f "$CRS_DATA" ] || gen_access "$CRS_DATA" 256 4
	plain=999 crs=999
	for run in $(seq "$RUNS"); do
		t=$( { /usr/bin/time -f %e "$BIN/ingest" --tz UTC "$CRS_DATA" >/dev/null; } 2>&1 | tail -1)
		plain=$(echo "$t $plain" | awk '{ print ($1 < $2 ? $1 : $2) }')
		t=$( { /usr/bin/time -f %e "$BIN/ingest" --tz UTC --crs-dir "$CRS_RULES" "$CRS_DATA" >/dev/null; } 2>&1 | tail -1)
		crs=$(echo "$t $crs" | awk '{ print ($1 < $2 ? $1 : $2) }')
	done
	echo "$plain $crs" | awk '{ printf "ingest on 256 MB of access log: %.2f s, with --crs %.2f s: %.0f %% of the speed (goal: 70 %%: %s)\n", $1, $2, 100 * $1 / $2, ($1 / $2 >= 0.7 ? "met" : "MISSED") }'
fi

# the PostgreSQL store on a throwaway server: the time to store a day, a
# month's report over 200 sources (goal: under 2 s), rows and bytes a day
# (issue 15; PG=0 skips it)
if [ "${PG:-1}" = 1 ]; then
	sh scripts/bench-pg.sh "$BIN"
fi

# issue 14's table: logsift beside its peers on the same data in one run,
# with the ratios its goals set (docs/performance.md keeps the latest)
if [ "${TABLE:-1}" = 1 ]; then
	sh scripts/bench-table.sh "$BIN"
fi
