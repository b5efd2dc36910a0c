#!/bin/sh
# e2e.sh BINDIR: runs the real programs on fixtures/ and compares their
# output, stderr and exit status with the hand-checked files in tests/e2e/.
# With VALGRIND=1 every program runs under valgrind and any leak or memory
# error fails the case.  Run from the top of the tree.
set -u
BIN=${1:-bin}
export LC_ALL=C TZ=UTC
EXP=tests/e2e
TMP=$(mktemp -d "${TMPDIR:-/tmp}/logsift-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0 fail=0

if [ "${VALGRIND:-0}" = 1 ]; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible"
	echo "== e2e under valgrind ($BIN)"
else
	VG=""
	echo "== e2e ($BIN)"
fi

# single-line JSON outputs are compared pretty-printed (tests/jsonpp.c),
# so that a change shows as a readable diff
JSONPP=${JSONPP:-build/release/tests/jsonpp}
pretty() {
	"$@" >"$TMP/pretty.raw"
	prc=$?
	"$JSONPP" <"$TMP/pretty.raw" || return 98
	return $prc
}

# ingest/analyze/report run through the chosen wrapper
ingest()  { $VG "$BIN/ingest" "$@"; }
analyze() { $VG "$BIN/analyze" "$@"; }
report()  { $VG "$BIN/report" "$@"; }

ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }

# case NAME RC CMD...: runs CMD (a shell function or program) and compares
# stdout with $EXP/NAME.out and stderr with $EXP/NAME.err when those exist,
# and the exit status with RC.
case_() {
	name=$1 want=$2 _case_name=$1 _case_want=$2
	shift 2
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	rc=$?
	# the command is a shell function: it may have set name or want
	name=$_case_name want=$_case_want
	if [ "$rc" -ne "$want" ]; then
		bad "$name: exit status $rc, expected $want"; sed 's/^/  | /' "$TMP/$name.err" | head -20; return
	fi
	for s in out err; do
		if [ -f "$EXP/$name.$s" ] && ! diff -u "$EXP/$name.$s" "$TMP/$name.$s" >"$TMP/diff"; then
			bad "$name: std$s differs"; head -40 "$TMP/diff"; return
		fi
	done
	ok
}

# same_as NAME FILE CMD...: stdout of CMD must equal FILE byte for byte.
same_as() {
	name=$1 file=$2
	shift 2
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then bad "$name: exit status $rc"; cat "$TMP/$name.err"; return; fi
	if cmp -s "$TMP/$name.out" "$file"; then ok; else bad "$name: output differs from $file"; fi
}

for f in tests/e2e/cases/*.sh; do
	. "$f"
done

# E2E_OUT=dir keeps every case's output there, for writing new goldens
# (which are then checked by hand before they are committed)
if [ -n "${E2E_OUT:-}" ]; then
	mkdir -p "$E2E_OUT" && cp "$TMP"/*.out "$TMP"/*.err "$E2E_OUT"/
fi
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
