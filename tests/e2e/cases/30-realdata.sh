# Every real log in tests/realdata/ (copied from ../shared/realdata, see its
# README) ingests, and the figures independent tools computed for it
# (expected.json, turned into tests/e2e/realdata/*.figures by
# tests/realdata/make-figures.py) match ingest's events exactly.

figures_match() {
	f=$1
	ingest --tz UTC --now 2026-11-22T00:00:00Z "tests/realdata/$f" >"$TMP/rd.jsonl" 2>"$TMP/rd.err" || return 1
	awk -f tests/e2e/figures.awk "$TMP/rd.jsonl" | sort >"$TMP/rd.ours"
	# every expected key must have the expected value in ours
	awk 'NR == FNR { v = $NF; $NF = ""; ours[$0] = v; next }
	     { v = $NF; $NF = ""; if (ours[$0] != v) { printf "%s: expected %s, got %s\n", $0, v, (ours[$0] == "" ? "none" : ours[$0]); bad = 1 } }
	     END { exit bad }' "$TMP/rd.ours" "tests/e2e/realdata/$f.figures"
}

for fig in tests/e2e/realdata/*.figures; do
	f=$(basename "$fig" .figures)
	case_ "realdata-$f" 0 figures_match "$f"
done

# the corrupt gzip: a clear message with offsets, exit 1, the accounting kept
case_ realdata-broken-gzip 1 ingest --tz UTC tests/realdata/lnav_textfile_broken_gz.txt.gz
