#!/bin/sh
# install.sh: make install and uninstall into a temporary prefix leave
# what they should (the front command runs the programs, nothing left
# behind); as root with dpkg, the Debian package installs, runs and
# removes cleanly.  Run from the top of the tree by make check.
set -u
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }

echo "== install"
P=$TMP/prefix
make --no-print-directory -s install PREFIX="$P" >/dev/null || bad "make install"
"$P/bin/logsift" ingest --version | grep -q '^ingest (logsift)' && ok || bad "logsift ingest"
"$P/bin/logsift" ingest fixtures/auth.log | "$P/bin/logsift" analyze |
	"$P/bin/logsift" report --check --tz UTC | grep -q '^[A-Z]* - ' && ok || bad "pipeline"
"$P/bin/logsift" nosuch 2>/dev/null; [ $? -eq 2 ] && ok || bad "unknown command exits 2"
[ -f "$P/share/doc/logsift/events.md" ] && [ -f "$P/share/man/man1/ingest.1" ] &&
	[ -x "$P/share/logsift/examples/nightly.sh" ] && ok || bad "docs, man pages, examples"
[ ! -e "$P/bin/ingest" ] && ok || bad "ingest in bin without LINKS=1"
bash -c ". '$P/share/bash-completion/completions/logsift'; COMP_WORDS=(logsift report --ti);
	COMP_CWORD=2; _logsift_front; echo \"\${COMPREPLY[*]}\"" | grep -q -- '--title' && ok ||
	bad "bash completion"
make --no-print-directory -s uninstall PREFIX="$P" >/dev/null 2>&1
left=$(find "$P" -type f -o -type l | head -3)
[ -z "$left" ] && ok || bad "uninstall left: $left"

if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null 2>&1 && ! dpkg -s logsift >/dev/null 2>&1; then
	echo "== Debian package"
	deb=$(make --no-print-directory -s deb | tail -1)
	dpkg -i "$deb" >/dev/null 2>&1 && ok || bad "dpkg -i $deb"
	logsift report --version | grep -q 'report (logsift)' && ok || bad "logsift from the package"
	dpkg -r logsift >/dev/null 2>&1 && ok || bad "dpkg -r"
	[ ! -e /usr/bin/logsift ] && [ ! -e /usr/libexec/logsift ] && ok || bad "files left by dpkg -r"
else
	echo "== Debian package: skipped (needs root, dpkg, and no logsift installed)"
fi
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
