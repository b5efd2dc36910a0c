# Every program answers --help and --version and rejects bad options with 2.
for p in ingest analyze report; do
	case_ "$p-help" 0 "$p" --help
	case_ "$p-version" 0 "$p" --version
	case_ "$p-bad-option" 2 "$p" --no-such-option
done

# -h and -V too, and an unknown short option is named as typed, even in a
# cluster (-C2, before it was an option, was reported as "unknown option 'ingest'")
short_options() {
	for p in ingest analyze report; do
		$p -h | head -1 | cut -c1-6
		$p -V
	done
	ingest -Zq fixtures/access.log 2>&1
	echo "exit $?"
}
case_ cli-short-options 0 short_options
