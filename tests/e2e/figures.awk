# figures.awk: reduces an ingest event stream to "key value" figures, the
# shape of tests/e2e/realdata/*.figures.  It relies only on ingest's own
# output (fixed key order, escaped strings), not on a JSON library.
function num(key,    m) {
	if (match($0, "\"" key "\":[0-9.]+")) {
		m = substr($0, RSTART, RLENGTH)
		sub(/^[^:]*:/, "", m)
		return m
	}
	return ""
}
function str(key,    m) {
	if (match($0, "\"" key "\":\"[^\"]*\"")) {
		m = substr($0, RSTART, RLENGTH)
		sub(/^[^:]*:"/, "", m)
		sub(/"$/, "", m)
		return m
	}
	return ""
}
/"type":"source"/ {
	fig["lines"] += num("lines"); fig["events"] += num("events")
	fig["continuation"] += num("continuation"); fig["unparsed"] += num("unparsed")
	next
}
{
	if ((v = str("level")) != "") fig["level " v]++
	if ((v = num("status")) != "") fig["status " v]++
	if ((v = num("bytes")) != "") fig["bytes_sum"] += v
	if ((v = num("latency_ms")) != "") { fig["latency_count"]++; lat += v }
	if ((v = str("ts")) != "") { fig["day " substr(v, 1, 10)]++; fig["day " substr(v, 6, 5)]++ }
}
END {
	if (fig["latency_count"]) fig["latency_ms_sum"] = sprintf("%.1f", lat)
	for (k in fig) print k, fig[k]
}
