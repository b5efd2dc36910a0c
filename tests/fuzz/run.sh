#!/bin/sh
# run.sh SECONDS NAME...: builds the libFuzzer targets (make FUZZ=1: clang,
# ASan+UBSan) and runs each for SECONDS from its seed corpus
# (tests/fuzz/corpus/NAME) and what earlier runs found
# (build/fuzz-clang/corpus/NAME).  A crash, leak, sanitizer report or failed
# FUZZ_ASSERT stops the run: its input is build/fuzz-clang/crash-NAME-*,
# to be added to the corpus with a regression test once fixed.  Prints
# the executions per target.  Without clang's libFuzzer it says so and
# skips (make deps-test installs it).
set -u
S=${1:-60}
shift
OUT=build/fuzz-clang
if ! command -v clang >/dev/null 2>&1 ||
   [ ! -f "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ]; then
	echo "fuzz: clang with libFuzzer not installed: skipping (apt-get install clang libclang-rt-dev)"
	exit 0
fi
targets=""
for n in "$@"; do targets="$targets $OUT/fuzz/fuzz_$n"; done
make --no-print-directory -s FUZZ=1 $targets || exit 1
echo "== fuzz: $S s per target"
fail=0
for n in "$@"; do
	mkdir -p "$OUT/corpus/$n"
	log="$OUT/fuzz-$n.log"
	# -rss_limit_mb: flat memory is a property under test too
	ASAN_OPTIONS=detect_leaks=1 "$OUT/fuzz/fuzz_$n" -max_total_time="$S" -timeout=10 \
		-rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$OUT/crash-$n-" "$OUT/corpus/$n" "tests/fuzz/corpus/$n" \
		>"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$rc" -ne 0 ]; then
		echo "fuzz: $n: FINDING after ${runs:-?} executions (exit $rc); see $log"
		grep -m5 -E 'ERROR|SUMMARY|fuzz:|Test unit written' "$log" | sed 's/^/  | /'
		fail=1
	else
		echo "fuzz: $n: ${runs:-?} executions, no finding"
	fi
done
[ "$fail" -eq 0 ]
