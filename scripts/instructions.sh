# instructions.sh: sourced by the scripts that count instructions under
# callgrind, which a shared machine's load does not change (timings vary by
# 10 % and more).  ir CMD ARGS... prints the instructions CMD executed;
# rev_build REV DIR builds git revision REV's binaries in a worktree at DIR.
ir() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
		awk '/refs:/ { gsub(",", "", $NF); print $NF }'
}
rev_build() {
	git worktree add -f "$2" "$1" >/dev/null 2>&1
	make -s -C "$2" bin/ingest bin/analyze >/dev/null
}
