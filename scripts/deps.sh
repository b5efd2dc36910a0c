#!/bin/sh
# deps.sh: install the Debian packages logsift builds and tests with, but only
# those that are missing.  A library counts as present when pkg-config finds
# it; PostgreSQL when initdb and pg_ctl are on PATH or in the Debian location.
# Without root we print the exact command instead of failing half-way.
set -eu
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

missing=""
command -v "$PKG_CONFIG" >/dev/null 2>&1 || missing="$missing pkg-config"
have_pc() { command -v "$PKG_CONFIG" >/dev/null 2>&1 && "$PKG_CONFIG" --exists "$1"; }
have_pc libpcre2-8 || missing="$missing libpcre2-dev"
have_pc yajl       || missing="$missing libyajl-dev"
have_pc zlib       || missing="$missing zlib1g-dev"
have_pc libpq      || missing="$missing libpq-dev"
have_pc cmocka     || missing="$missing libcmocka-dev"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
# what only the tests need (`deps.sh test`, from make check): the leak
# check, the throwaway PostgreSQL, the browser that loads the HTML report
if [ "${1:-}" = test ]; then
	command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
	command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
	# libFuzzer for make fuzz: clang and its fuzzer runtime
	command -v clang >/dev/null 2>&1 || missing="$missing clang"
	[ -f "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] ||
		missing="$missing libclang-rt-dev"

	have_pg=no
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		have_pg=yes
	else
		for d in /usr/lib/postgresql/*/bin; do
			[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && have_pg=yes
		done
	fi
	[ "$have_pg" = yes ] || missing="$missing postgresql"
	# the OWASP CRS, the reference ingest --crs loads and the CRS corpus measures
	[ -d /usr/share/modsecurity-crs/rules ] || missing="$missing modsecurity-crs"
	# ModSecurity itself, the reference ingest --crs is compared with
	have_pc modsecurity || missing="$missing libmodsecurity-dev"
fi

[ -n "$missing" ] || exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run as root:  apt-get update && $cmd" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $missing </dev/null ||
	{ apt-get update </dev/null && apt-get install -y --no-install-recommends $missing </dev/null; }
