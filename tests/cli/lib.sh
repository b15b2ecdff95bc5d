# tests/cli/lib.sh — sourced by every tests/cli/NNNN-topic.t.
#
# Each test script runs over a fresh temporary data directory ($D, also
# $SALES_DATA) with a fixed clock (SALES_NOW), user and no colour, and
# prints TAP. Helpers:
#   run CMD ARG...       run it; stdout in $T/out, stderr in $T/err, status in $rc
#   is GOT WANT NAME     string equality
#   out_is NAME <<EOF    stdout of the last run equals the here-document
#   err_is NAME <<EOF    stderr of the last run equals the here-document
#   rc_is N NAME         exit status of the last run
#   file_is PATH NAME <<EOF   a file's content
#   snap / unchanged NAME     checksum the data directory, then assert it did not change
#   ok COND-STATUS NAME  0 passes
#   done_testing         print the plan, exit 1 if anything failed
set -u
: "${SALES_BIN:?run the tests through make check}"
PATH="$SALES_BIN:${SALES_TOOLS:-$SALES_BIN}:$PATH"
export SALES_NOW=2026-11-27T09:30:00Z SALES_USER=tester SALES_LOCK_TIMEOUT=5 NO_COLOR=1
export LC_ALL=C.UTF-8 TZ=UTC
unset SALES_DATA XDG_DATA_HOME SALES_FORCE_TTY
T=$(mktemp -d "${TMPDIR:-/tmp}/salestest.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home"
mkdir -p "$HOME"
D="$T/data"
sales-init "$D" || { echo "Bail out! sales-init failed"; exit 1; }
export SALES_DATA="$D"
SRC="${SALES_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}"
DATA="$SRC/tests/data"

_n=0
_failed=0

ok() {
    _n=$((_n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $_n - $2"
    else
        echo "not ok $_n - $2"
        _failed=$((_failed + 1))
    fi
}

run() {
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

_diff() { # want-file got-file name
    if cmp -s "$1" "$2"; then
        ok 0 "$3"
    else
        ok 1 "$3"
        diff -u "$1" "$2" | sed 's/^/# /' | head -40
    fi
}

is() {
    printf '%s\n' "$2" >"$T/want"
    printf '%s\n' "$1" >"$T/got"
    _diff "$T/want" "$T/got" "$3"
}

out_is() {
    cat >"$T/want"
    _diff "$T/want" "$T/out" "$1"
}

err_is() {
    cat >"$T/want"
    _diff "$T/want" "$T/err" "$1"
}

file_is() {
    cat >"$T/want"
    _diff "$T/want" "$1" "$2"
}

rc_is() {
    if [ "$rc" -eq "$1" ]; then
        ok 0 "$2"
    else
        ok 1 "$2"
        echo "#   exit status $rc, expected $1"
        sed 's/^/#   stderr: /' "$T/err" | head -5
    fi
}

# The data directory's content (names, modes and bytes of every file, the
# lock and id cache aside): snap before a command that must fail, unchanged after.
_state() { # a handful of processes, not two per file: tests call this a lot
    (cd "$D" && set -- $(ls -A | grep -v -e '^\.lock$' -e '^\.ids$' | sort) &&
        stat -c '%n %a' -- "$@" && cksum -- "$@")
}
snap() { _state >"$T/snap"; }
unchanged() {
    _state >"$T/snap2"
    _diff "$T/snap" "$T/snap2" "$1"
}

done_testing() {
    echo "1..$_n"
    [ "$_failed" -eq 0 ]
    exit $?
}
