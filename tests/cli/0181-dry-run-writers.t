#!/bin/sh
# -n/--dry-run on every writer: the same stdout, stderr and exit status as
# the real run that follows it, and the data directory (and the id cache)
# byte for byte as it was. IN=FILE: both runs read it on stdin.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

# dry CMD ARG...: CMD -n ARG... leaves everything as it was; then CMD ARG...
# for real prints exactly what the dry run printed.
dry() {
    _cmd=$1
    shift
    snap
    cp "$D/.ids" "$T/ids" 2>/dev/null || : >"$T/ids"
    run "$_cmd" -n "$@" <"${IN:-/dev/null}"
    _rc=$rc
    cp "$T/out" "$T/dryout"
    cp "$T/err" "$T/dryerr"
    unchanged "$_cmd -n $*: nothing written"
    if [ -e "$D/.ids" ]; then cmp -s "$D/.ids" "$T/ids"; else [ ! -s "$T/ids" ]; fi
    ok $? "$_cmd -n $*: the id cache as it was"
    run "$_cmd" "$@" <"${IN:-/dev/null}"
    rc_is 0 "$_cmd $*: done"
    is "$rc" "$_rc" "$_cmd $*: the exit status of the dry run"
    _diff "$T/dryout" "$T/out" "$_cmd $*: the stdout of the dry run"
    _diff "$T/dryerr" "$T/err" "$_cmd $*: the stderr of the dry run"
}

dry rep-add ann --name Ann --team east
dry rep-add bob --name Bob --team east
dry rep-update bob --territory north
dry quota-set ann 2026-Q4 50000
dry lead-add --name "Ivy Chen" --company "Chen Tech" --email ivy@chen.example
dry lead-add --name "Ivy C" --company "Chen Tech" --email ivy@chen.example --phone "+49 30 1234"
printf 'name,company\nJo,Jo Inc\nKim,Kim Ltd\n' >"$T/leads.csv"
IN="$T/leads.csv" dry lead-add -
unset IN
dry lead-update L1 --status contacted --add-column --set zip=01234
dry lead-assign --by round-robin
dry lead-dedupe --merge L1 L2
dry lead-convert L1 --amount 1200 --close 2026-12-15
dry account-add --name Globex --domain globex.example
dry account-update A2 --industry steel
dry contact-add --account A2 --name "Hank S" --email hank@globex.example
dry contact-update C2 --title CEO
dry deal-add --name Pump --account A2 --amount 9000 --owner bob --close 2026-12-20
dry deal-update D2 --amount 9500
dry deal-move D2 proposal
dry deal-close D2 won --date 2026-11-26
dry deal-close D1 lost --reason price
dry subscription-add --account A2 --plan pro --mrr 100 --start 2026-11-01
dry subscription-end S1 --date 2026-11-30
dry budget-set 2026-Q4 ads --channel web --planned 1000
dry feedback-add --account A2 --score 9 --channel email
dry activity-log --type call --rep ann --deal D2 --subject "kick-off" --due 2026-12-01
dry activity-done T1 --outcome done
dry segment --write
dry sales-privacy erase --email hank@globex.example

# a file with findings --fix can repair
printf 'L9,2026-11-01T08:00:00Z,Lee,,,,,,,  New  ,,,,\n' >>"$D/leads.csv"
dry sales-check --fix

# the ids a dry run showed are the ones the real run took: none was used up
run deal-add -n --name Next
is "$(cat "$T/out")" "D3" "a dry run shows the next id"
run deal-add --name Next
is "$(cat "$T/out")" "D3" "and the real run takes that one"
done_testing
