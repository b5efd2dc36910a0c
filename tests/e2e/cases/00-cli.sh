# Every program answers --help and --version and rejects bad options with 2.
for p in ingest analyze report; do
	case_ "$p-help" 0 "$p" --help
	case_ "$p-version" 0 "$p" --version
	case_ "$p-bad-option" 2 "$p" --no-such-option
done
