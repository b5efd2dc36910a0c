#!/bin/sh
# browser.sh BINDIR: renders HTML reports and loads them in headless
# Chromium, as a reader's browser would: the DOM must hold the expected
# figures and charts, and hostile log text must not have become an element,
# an attribute or a script.  Leaves a screenshot in build/ for people.
set -u
BIN=${1:-bin}
export LC_ALL=C TZ=UTC
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-browser.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

CHROME=""
for c in chromium chromium-browser google-chrome; do
	command -v "$c" >/dev/null 2>&1 && { CHROME=$c; break; }
done
if [ -z "$CHROME" ]; then
	echo "browser test SKIPPED: no Chromium on this machine (Debian: apt-get install chromium)"
	exit 0
fi
echo "== browser ($CHROME)"
dom() { "$CHROME" --headless --no-sandbox --disable-gpu --dump-dom "file://$1" 2>/dev/null; }
fail=0
bad() { echo "FAIL: $1"; fail=1; }

"$BIN/report" --tz UTC --html --daily 2026-11-16 -o "$TMP/daily.html" fixtures/summaries/fortnight.json || bad "report daily"
"$BIN/report" --tz UTC --html -o "$TMP/hostile.html" fixtures/summaries/hostile.json || bad "report hostile"
dom "$TMP/daily.html" >"$TMP/daily.dom"
dom "$TMP/hostile.html" >"$TMP/hostile.dom"
[ -s "$TMP/daily.dom" ] || bad "Chromium produced no DOM"

# the figures 50-analyze.sh checks, as the browser shows them
for want in 'CRITICAL - error_rate 12.8 %' '>156<' '>6,187 ms<' '>SUSPECT<' \
	    'Requests and errors per hour' 'p95 latency per hour' 'hour (UTC)'; do
	grep -qF -- "$want" "$TMP/daily.dom" || bad "daily report DOM lacks '$want'"
done
n=$(grep -o '<svg' "$TMP/daily.dom" | wc -l)
[ "$n" -eq 3 ] || bad "daily report has $n charts, expected 3"
grep -q '<rect' "$TMP/daily.dom" || bad "bar chart has no bars"
grep -q '<polyline' "$TMP/daily.dom" || bad "latency chart has no line"

# hostile text stays text: no element, attribute or script came from it
grep -qi '<script' "$TMP/hostile.dom" && bad "a <script> element exists"
grep -qi '<img' "$TMP/hostile.dom" && bad "an <img> element exists"
grep -qiE '<[a-z][^>]* on[a-z]+=' "$TMP/hostile.dom" && bad "an element has an on* attribute"
n=$(grep -o '<svg' "$TMP/hostile.dom" | wc -l)
m=$(grep -o '<svg' "$TMP/hostile.html" | wc -l)
[ "$n" -eq "$m" ] || bad "the DOM has $n svg elements, the page wrote $m"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/hostile.dom" || bad "the attack text is not shown as text"

# nothing cut off at a phone's width (390 px) or a desktop's (1200 px):
# tests/layout-check.js, injected into copies of the pages, lists what a
# reader could not see (the page wider than the window, text cut off by its
# box, axis labels under 10 px); tables and charts may scroll sideways
"$BIN/report" --tz UTC --html --weekly 2026-W46 -o "$TMP/weekly.html" fixtures/summaries/fortnight.json ||
	bad "report weekly"
for page in daily weekly hostile; do
	sed "s|</body>|<script src=\"file://$PWD/tests/layout-check.js\"></script></body>|" \
		"$TMP/$page.html" >"$TMP/$page-check.html"
	for w in 390 1200; do
		"$CHROME" --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
			--window-size="$w,900" --virtual-time-budget=2000 \
			--dump-dom "file://$TMP/$page-check.html" 2>/dev/null |
			sed -n '/<pre id="layout-check">/,/<\/pre>/p' >"$TMP/layout"
		grep -q 'layout: ok' "$TMP/layout" ||
			bad "$page report at $w px: $(sed 's/<[^>]*>//g' "$TMP/layout" | head -3 | tr '\n' ';')"
	done
done

mkdir -p build
"$CHROME" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2400 \
	--screenshot="$PWD/build/report-daily.png" "file://$TMP/daily.html" >/dev/null 2>&1 &&
	echo "screenshot: build/report-daily.png"
"$CHROME" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=390,2400 \
	--screenshot="$PWD/build/report-daily-390.png" "file://$TMP/daily.html" >/dev/null 2>&1 &&
	echo "screenshot: build/report-daily-390.png"
[ "$fail" -eq 0 ] && echo "browser: ok"
exit $fail
