#!/bin/sh
# -n/--dry-run of bad input: the same message and exit status as the real
# run, nothing written by either; -n on a command that writes nothing
# without --write/--merge/--fix is a usage error.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add ann >/dev/null && lead-add --name Ann --owner ann >/dev/null &&
    deal-add --name Lost --amount 10 --stage lost --lost_reason price >/dev/null ||
    echo "Bail out! setup failed"

# same RC MESSAGE CMD ARG...: CMD -n ARG... and CMD ARG... both fail so
same() {
    _rc=$1 _msg=$2 _cmd=$3
    shift 3
    snap
    run "$_cmd" -n "$@"
    rc_is "$_rc" "$_cmd -n $*: exit $_rc"
    is "$(head -n 1 "$T/err")" "$_msg" "$_cmd -n $*: message"
    unchanged "$_cmd -n $*: nothing written"
    run "$_cmd" "$@"
    rc_is "$_rc" "$_cmd $*: exit $_rc as well"
    is "$(head -n 1 "$T/err")" "$_msg" "$_cmd $*: the same message"
    unchanged "$_cmd $*: nothing written"
}

same 1 "deal-move: deal D1 is lost; to record it won after all, use deal-close --reopen D1 won" \
    deal-move D1 won
same 1 "deal-close: unknown deal 'D9' (not in deals.csv)" deal-close D9 won
same 1 "deal-update: bad amount 'abc' (expected an amount like 12500 or 12500.50)" \
    deal-update D1 --amount abc
same 1 "lead-update: unknown lead 'L7' (not in leads.csv)" lead-update L7 --status contacted
same 1 "lead-add: unknown owner 'nobody' (not in reps.csv)" lead-add --name X --owner nobody
same 1 "lead-convert: unknown lead 'L5' (not in leads.csv)" lead-convert L5
same 1 "quota-set: bad amount '-100' (a quota must be positive)" quota-set ann 2026-Q4 -100
same 1 "activity-done: unknown activity 'T4' (not in activities.csv)" activity-done T4
same 1 "lead-dedupe: cannot merge L1 into itself" lead-dedupe --merge L1 L1
same 2 "rep-add: missing operand: the rep's ID (a handle such as ann or j.smith)" rep-add --name X

usage() { # usage MESSAGE CMD ARG...
    _msg=$1
    shift
    snap
    run "$@"
    rc_is 2 "$*: exit 2"
    is "$(head -n 1 "$T/err")" "$_msg" "$*: message"
    unchanged "$*: nothing written"
}
usage "lead-dedupe: -n/--dry-run goes with --merge" lead-dedupe -n
usage "segment: -n/--dry-run goes with --write" segment -n
usage "deal-score: -n/--dry-run goes with --write" deal-score -n
usage "sales-check: -n/--dry-run goes with --fix" sales-check -n
done_testing
