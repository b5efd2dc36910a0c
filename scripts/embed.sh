#!/bin/sh
# embed.sh FILE NAME: FILE as a C string constant NAME, for compiling the
# default rules into ingest and the stylesheet into report (one source of
# truth each: rules/default.rules, report/report.css).
set -eu
printf '/* generated from %s by scripts/embed.sh: do not edit */\n' "$1"
printf 'extern const char %s[];\nconst char %s[] =\n' "$2" "$2"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$/\\n"/' "$1"
printf ';\n'
