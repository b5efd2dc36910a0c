# A day of ingress-nginx's default log with two upstreams (issue 18): the
# media search service answers 400 requests, 8 of them 5xx, 380 in 40 ms
# and 20 in 1.5 s; the orchestrator gateway 100 requests, 10 of them 502,
# 95 in 200 ms and 5 in 3 s.  Lines are spread over the day in turn.
BEGIN {
	for (i = 0; i < 500; i++) {
		t = i * 170
		ts = sprintf("19/Nov/2026:%02d:%02d:%02d +0000", int(t / 3600), int(t % 3600 / 60), t % 60)
		if (i % 5 != 4) {
			k = a++; up = "media-search-80"; st = k < 8 ? 503 : 200; rt = k < 380 ? 0.040 : 1.500
		} else {
			k = b++; up = "orchestrator-gateway-8080"; st = k < 10 ? 502 : 200; rt = k < 95 ? 0.200 : 3.000
		}
		printf "10.0.%d.%d - - [%s] \"GET /api/x/%d HTTP/1.1\" %d 512 \"-\" \"curl/8.4.0\" 120 %.3f [%s] [] 10.244.1.%d:8080 512 %.3f %d %032x\n", i % 7, i % 200, ts, i, st, rt, up, i % 9, rt, st, i
	}
}
