# Hostile input and hostile places (issue: reliability): every case is
# generated here at test time, and each says what it must give — a clear
# error or a correct result, never a crash, a silent loss or a garbage
# value.  Run on the sanitizer build by make check, and under valgrind.

# -o over what is not a regular file writes in place: a device node (our
# own copy of /dev/null when root can make one), a FIFO, /dev/stdout, and
# a symlink, which stays a symlink.
hostile_outputs() (
	TMP=$TMP/outputs
	mkdir -p "$TMP" || return 1
	ingest --tz UTC fixtures/access.log 2>/dev/null >"$TMP/ho.ev" || return 1
	if [ "$(id -u)" = 0 ] && mknod "$TMP/null" c 1 3 2>/dev/null; then dev="$TMP/null"; else dev=/dev/null; fi
	analyze -o "$dev" "$TMP/ho.ev" || return 1
	[ -c "$dev" ] && echo "device kept"
	mkfifo "$TMP/fifo" && { timeout 20 cat "$TMP/fifo" >"$TMP/fifo.out" & }
	analyze -o "$TMP/fifo" "$TMP/ho.ev" || return 1
	wait
	[ -p "$TMP/fifo" ] && [ -s "$TMP/fifo.out" ] && echo "fifo kept, read whole"
	analyze -o /dev/stdout "$TMP/ho.ev" >"$TMP/stdout.json" || return 1
	cmp -s "$TMP/stdout.json" "$TMP/fifo.out" && echo "/dev/stdout written"
	analyze -o "$TMP/real.json" "$TMP/ho.ev" && chmod 600 "$TMP/real.json" &&
		ln -s real.json "$TMP/link.json" || return 1
	report --tz UTC -o "$TMP/link.json" "$TMP/real.json" 2>/dev/null
	[ -L "$TMP/link.json" ] && echo "link kept"
	ls -l "$TMP/real.json" | cut -c1-10
	ls "$TMP" | grep -c '\.tmp'
	true
)
case_ hostile-outputs 0 hostile_outputs
