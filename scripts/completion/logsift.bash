# bash completion for logsift, ingest, analyze and report.  The options
# come from the program's own --help, so they are always the ones it has.
_logsift_options()
{
	"$1" --help 2>/dev/null | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p'
}

_logsift_program()
{
	local prog=$1 cur=${COMP_WORDS[COMP_CWORD]}

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_logsift_options "$prog")" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

_logsift_ingest() { _logsift_program "${COMP_WORDS[0]}"; }
_logsift_front()
{
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "ingest analyze report --help --version" -- "${COMP_WORDS[1]}"))
	else
		_logsift_program "@LIBEXECDIR@/${COMP_WORDS[1]}"
	fi
}

complete -o filenames -F _logsift_ingest ingest analyze report
complete -o filenames -F _logsift_front logsift
