#!/bin/sh
# bench.sh BUILD: measures ingest's throughput on 1 GB access and JSONL logs
# (with wc -l and jq -c . beside it), and the line reader against wc -l (plain) and
# zcat >/dev/null (gzip) on the same 1 GB file, best of RUNS runs each,
# interleaved so both see the same machine load; prints the ratios and the
# reader's peak RSS.  Data is generated once under bench/data/ (ignored by
# git); SIZE_MB overrides the size.
set -eu
BUILD=${1:-build/release}
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
DATA=bench/data
mkdir -p "$DATA"
ACCESS=$DATA/access-${SIZE_MB}m.log

if [ ! -f "$ACCESS" ]; then
	echo "generating $ACCESS ($SIZE_MB MB of combined access log)..."
	awk -v limit=$((SIZE_MB * 1024 * 1024)) 'BEGIN {
		srand(42);
		split("GET GET GET POST PUT DELETE", m, " ");
		split("/api/users /api/media /api/search /static/app.js /health /api/upload /login", p, " ");
		split("200 200 200 200 201 204 301 304 400 401 403 404 429 500 502", s, " ");
		split("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36|curl/8.4.0|python-requests/2.31.0|Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)", u, "|");
		split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ");
		n = 0; t = 0;
		while (n < limit) {
			t += int(rand() * 3);
			line = sprintf("%d.%d.%d.%d - - [%02d/%s/2026:%02d:%02d:%02d +0000] \"%s %s/%d?page=%d HTTP/1.1\" %s %d \"-\" \"%s\" %.3f",
				int(rand()*223)+1, int(rand()*256), int(rand()*256), int(rand()*256),
				int(t/86400)%28+1, mon[int(t/2419200)%12+1], int(t/3600)%24, int(t/60)%60, t%60,
				m[int(rand()*6)+1], p[int(rand()*7)+1], int(rand()*100000), int(rand()*50),
				s[int(rand()*15)+1], int(rand()*60000), u[int(rand()*4)+1], rand()*2);
			print line;
			n += length(line) + 1;
		}
	}' >"$ACCESS"
fi
JSONL=$DATA/api-${SIZE_MB}m.jsonl
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
			line = sprintf("{\"timestamp\":\"2026-11-%02dT%02d:%02d:%02d.%03dZ\",\"level\":\"%s\",\"logger\":\"ai_diy.api\",\"message\":\"request %s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":\"%s\",\"status_code\":%d,\"duration_ms\":%.1f,\"details\":{\"client_ip\":\"%d.%d.%d.%d\",\"user_agent\":\"Mozilla/5.0\"}}",
				int(t / 86400) % 28 + 1, int(t / 3600) % 24, int(t / 60) % 60, int(t) % 60, int(rand() * 1000),
				l, err ? "failed: model timeout" : "completed", m[int(rand() * 4) + 1], p[int(rand() * 5) + 1],
				err ? "error" : "success", err ? 500 : 200, rand() * 3000,
				int(rand() * 223) + 1, int(rand() * 256), int(rand() * 256), int(rand() * 256));
			print line;
			n += length(line) + 1;
		}
	}' >"$JSONL"
fi
if [ ! -f "$ACCESS.gz" ]; then
	echo "compressing $ACCESS.gz..."
	gzip -c -n "$ACCESS" >"$ACCESS.gz"
fi

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
