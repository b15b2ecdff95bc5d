#!/bin/sh
# Install the Debian packages salesutils needs to build, test and run its demo.
# Prints what it installs; does nothing when everything is present.
# Runs apt-get directly as root, through sudo otherwise.
#
#   deps.sh           install what is missing (make deps)
#   deps.sh --check   install nothing: exit 1 naming the missing build packages
#                     (plain make, so it stops before the compiler does)
set -eu

# build: compiler, libraries
BUILD_PKGS="gcc make libc6-dev pkg-config libcsv-dev libjansson-dev libutf8proc-dev"
# build: libxlsxwriter writes sales-export --xlsx workbooks. Its xlsxwriter.pc
# says "Libs: -lxlsxwriter -lz" but Debian 12's libxlsxwriter-dev does not
# depend on zlib1g-dev, so without it the link fails: "cannot find -lz".
BUILD_PKGS="$BUILD_PKGS libxlsxwriter-dev zlib1g-dev"
# build: minizip unpacks .xlsx/.ods workbooks and expat parses their XML (sales-import)
BUILD_PKGS="$BUILD_PKGS libminizip-dev libexpat1-dev"
# check: prove (perl), jq and mlr (examples), mandoc (man lint), zip and unzip (the
# workbook tests build their .xlsx/.ods fixtures)
PKGS="$BUILD_PKGS perl jq miller mandoc zip unzip"
# check: python3-icalendar validates followup --ics with a real parser (run by /usr/bin/python3)
PKGS="$PKGS python3-icalendar"
PKGS="$PKGS ${SALES_EXTRA_PKGS:-}"

check=no
case "${1:-}" in
--check) check=yes PKGS=$BUILD_PKGS ;;
"") ;;
*) echo "usage: deps.sh [--check]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
    [ "$check" = yes ] && exit 0 # nothing to ask: let the compiler say
    echo "deps: not a Debian system; make sure these are installed: $PKGS" >&2
    exit 0
fi

# One dpkg-query for all of them; a package counts when its state is
# "installed" (also when held). Unknown names are simply not listed.
# shellcheck disable=SC2086
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null |
    awk '$4 == "installed" { printf "%s ", $1 }')"
missing=""
for p in $PKGS; do
    case "$installed" in
    *" $p "*) ;;
    *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$check" = yes ]; then
    echo "deps: missing packages:$missing" >&2
    echo "deps: run 'make deps' to install them (apt-get, as root or through sudo), then make again" >&2
    exit 1
fi

if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "deps: missing packages:$missing" >&2
    echo "deps: not root and no sudo: install them, then run make again" >&2
    exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "deps: done"
