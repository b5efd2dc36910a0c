# gen-access.sh: sourced by the benchmarks (scripts/bench.sh,
# scripts/bench-table.sh) for the generator of their access logs.

# gen_access FILE MB STEP [CLIENTS]: a combined access log of MB megabytes,
# one line every STEP seconds on average (so the same span at any size when
# STEP shrinks with it).  Traffic as a site sees it: CLIENTS (default
# 20,000) clients, a few heavy and a long tail (index = CLIENTS * rand()^3),
# 1,000 records per resource, agents in 4 families of 60 versions, a
# referer on a third of requests.  Every top list then fits its exact
# budget, as a real site's do (docs/summary.md).  CLIENTS 0: random clients
# over the whole IPv4 space, a flood that costs the sketches their
# exactness and must never cost memory.
gen_access() {
	[ -f "$1" ] && return 0
	echo "generating $1 ($2 MB of combined access log)..."
	awk -v limit=$(($2 * 1024 * 1024)) -v step="$3" -v pool="${4:-20000}" 'BEGIN {
		srand(42);
		split("GET GET GET POST PUT DELETE", m, " ");
		split("/api/users /api/media /api/search /static/app.js /health /api/upload /login", p, " ");
		split("200 200 200 200 201 204 301 304 400 401 403 404 429 500 502", s, " ");
		split("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36|curl/8.%d.0|python-requests/2.%d.0|Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like Mac OS X)", u, "|");
		split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ");
		n = 0; tf = 0;
		while (n < limit) {
			tf += rand() * 2 * step; t = int(tf);
			c = int(pool * rand() ^ 3);
			if (pool)
				ip = sprintf("%d.%d.%d.%d", 1 + c % 223, int(c / 223) % 256, (c * 37) % 256, (c * 101) % 256);
			else
				ip = sprintf("%d.%d.%d.%d", int(rand()*223)+1, int(rand()*256), int(rand()*256), int(rand()*256));
			ref = rand() < 0.33 ? sprintf("https://site%d.example/page", int(50 * rand() ^ 2)) : "-";
			line = sprintf("%s - - [%02d/%s/2026:%02d:%02d:%02d +0000] \"%s %s/%d?page=%d HTTP/1.1\" %s %d \"%s\" \"" u[int(rand()*4)+1] "\" %.3f",
				ip, int(t/86400)%28+1, mon[int(t/2419200)%12+1], int(t/3600)%24, int(t/60)%60, t%60,
				m[int(rand()*6)+1], p[int(rand()*7)+1], int(1000 * rand() ^ 2), int(rand()*50),
				s[int(rand()*15)+1], int(rand()*60000), ref, 80 + int(60 * rand() ^ 2), rand()*2);
			print line;
			n += length(line) + 1;
		}
	}' >"$1"
}
