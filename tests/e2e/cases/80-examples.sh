# examples/: the nightly job as cron, systemd and logrotate would run it,
# each under `env -i` (the bare environment cron gives), on copies of the
# fixtures, with the binaries of this build (LOGSIFT_BIN).

ABSBIN=$(cd "$BIN" && pwd)

example_nightly() (
	D=$TMP/nightly
	mkdir -p "$D/logs" && cp fixtures/access.log fixtures/app.log fixtures/api.jsonl.gz "$D/logs/" || return 1
	env -i LOGSIFT_BIN="$ABSBIN" TZ=UTC LOGSIFT_TITLE=web-01 \
		LOGSIFT_THRESHOLDS="$PWD/examples/thresholds/default.thresholds" \
		sh examples/nightly.sh "$D/logs" "$D/out" 2026-11-16
	echo "exit $?"
	(cd "$D/out" && ls . summaries)
	grep -o '<title>[^<]*' "$D/out/daily.html" | head -1
	env -i sh examples/nightly.sh 2>&1; echo "exit $?"
)
case_ example-nightly 0 example_nightly

# the service runs what its ExecStart says, with its Environment=
example_systemd() (
	D=$TMP/systemd
	mkdir -p "$D/logs" && cp fixtures/access.log "$D/logs/" || return 1
	grep -q '^OnCalendar=' examples/systemd/logsift-nightly.timer && echo "timer: OnCalendar set"
	cmd=$(sed -n 's/^ExecStart=//p' examples/systemd/logsift-nightly.service |
		sed "s|/usr/local/share/logsift/examples/|examples/|; s|/var/log/app|$D/logs|; s|/var/lib/logsift|$D/out|")
	env=$(sed -n 's/^Environment=//p' examples/systemd/logsift-nightly.service |
		sed "s|/etc/logsift/thresholds|$PWD/examples/thresholds/default.thresholds|")
	env -i LOGSIFT_BIN="$ABSBIN" TZ=UTC $env sh -c "$cmd 2026-11-16"
	echo "exit $?"
	if command -v systemd-analyze >/dev/null 2>&1; then
		systemd-analyze calendar "$(sed -n 's/^OnCalendar=//p' examples/systemd/logsift-nightly.timer)" >/dev/null 2>&1 &&
			echo "calendar: valid"
	else
		echo "calendar: valid" # no systemd here to ask
	fi
)
case_ example-systemd 0 example_systemd

# logrotate's postrotate hook summarises the file just rotated
example_logrotate() (
	D=$TMP/logrotate
	mkdir -p "$D/log" && cp fixtures/app.log "$D/log/app.log.1" || return 1
	sed -n '/postrotate/,/endscript/p' examples/logrotate/app | sed '1d;$d' |
		sed "s|/var/log/app|$D/log|g; s|/var/lib/logsift|$D/lib|g; s|^\(\t*\)PATH=|\1PATH=$ABSBIN:|" >"$D/hook.sh"
	env -i sh "$D/hook.sh"
	echo "exit $?"
	report --tz UTC "$D"/lib/rotated/app-*.json | sed -n '1p;4p'
)
case_ example-logrotate 0 example_logrotate
