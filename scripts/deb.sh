#!/bin/sh
# deb.sh VERSION: a Debian package of `make install PREFIX=/usr` in
# build/, with the runtime libraries it links as dependencies.
set -eu
V=$1
ARCH=$(dpkg --print-architecture)
ROOT=build/deb/root
rm -rf build/deb
make --no-print-directory -s install PREFIX=/usr DESTDIR="$ROOT"
mkdir -p "$ROOT/DEBIAN"
size=$(du -sk "$ROOT" | cut -f1)
cat >"$ROOT/DEBIAN/control" <<CONTROL
Package: logsift
Version: $V
Architecture: $ARCH
Maintainer: logsift developers <logsift@localhost>
Installed-Size: $size
Depends: libc6, libpcre2-8-0, libyajl2, zlib1g
Section: admin
Priority: optional
Description: log analysis and reporting: ingest | analyze | report
 Streaming programs that read plain and gzipped logs of the common
 formats, aggregate them into mergeable summaries and render daily and
 weekly reports with Nagios-style checks.  Run as logsift ingest, logsift
 analyze and logsift report (the programs are in /usr/libexec/logsift).
CONTROL
dpkg-deb --root-owner-group --build "$ROOT" "build/logsift_${V}_$ARCH.deb" >/dev/null
echo "build/logsift_${V}_$ARCH.deb"
