# A day of Aura's log as Serilog writes it (issue 11/18): 1000 request
# lines "HTTP GET /api/v1/x responded NNN in T ms", `errors` of them 500,
# and one [ERR] line with an exception per failed request.  Only the counts
# matter; times step by 80 s from 2026-11-19 00:00:00.
BEGIN {
	for (i = 0; i < 1000; i++) {
		t = i * 80
		ts = sprintf("2026-11-19 %02d:%02d:%02d.%03d +00:00", int(t / 3600), int(t % 3600 / 60), t % 60, i % 1000)
		status = i < errors ? 500 : 200
		lvl = status == 500 ? "ERR" : "INF"
		printf "[%s] [%s] [0HN19EF015:%08d] HTTP GET /api/v1/projects responded %d in %.4f ms\n", ts, lvl, i, status, 20 + i % 50
		if (status == 500)
			printf "System.InvalidOperationException: Sequence contains no elements\n   at Aura.Projects.ProjectService.LoadAsync(Int32 id)\n"
	}
}
