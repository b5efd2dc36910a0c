# tests/pg/server.sh: a throwaway PostgreSQL for the tests and the bench,
# sourced.  pg_start makes a cluster in a temporary directory (initdb),
# listening only on a Unix socket there (no TCP port), and exports PGHOST,
# PGPORT, PGUSER and PGDATABASE for libpq; pg_stop stops it and removes
# everything.  Never the system's own service.  PostgreSQL refuses to run
# as root, so as root the cluster belongs to an unprivileged user (nobody).

pg_bindir() {
	for d in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")" \
		 /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	done
	echo "pg: initdb and pg_ctl not found (apt-get install -y postgresql)" >&2
	return 1
}

# as the cluster's owner
pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	PG_BIN=$(pg_bindir) || return 1
	PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-pg.XXXXXX") || return 1
	[ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$PG_TMP"
	chmod 700 "$PG_TMP"
	pg_as "$PG_BIN/initdb" -D "$PG_TMP/data" -U logsift -A trust -E UTF8 --locale=C.UTF-8 \
		>"$PG_TMP/initdb.log" 2>&1 || { cat "$PG_TMP/initdb.log" >&2; return 1; }
	# the socket in the temporary directory, no TCP; small, fast, not durable
	pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -s \
		-o "-c listen_addresses='' -c unix_socket_directories='$PG_TMP' -c fsync=off -c full_page_writes=off -c max_connections=40" \
		start || { cat "$PG_TMP/server.log" >&2; return 1; }
	chmod 755 "$PG_TMP" # clients (root, the tests) reach the socket
	export PGHOST="$PG_TMP" PGPORT=5432 PGUSER=logsift PGDATABASE=postgres
	export PG_BIN PG_TMP
}

pg_stop() {
	[ -n "${PG_TMP:-}" ] || return 0
	pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -s stop >/dev/null 2>&1
	rm -rf "$PG_TMP"
	PG_TMP=
}

pg_psql() {
	psql=$PG_BIN/psql
	[ -x "$psql" ] || psql=psql
	"$psql" -X -q -v ON_ERROR_STOP=1 -At "$@"
}
