#!/bin/sh
# A dry run that appends (or overwrites a timestamp in place) and rolls
# back leaves the id cache DIR/.ids exactly as it was, and the files it
# touched with their old modification time, so the cache still holds for
# them: the next add takes its id from the cache instead of reading the
# whole file again.
#
# Before: the rollback cut leads.csv back to its bytes, but with a new
# modification time; .ids, which notes each file's size, time and inode,
# no longer matched it, and the next lead-add read the file through.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add ann --name Ann >/dev/null
lead-add --name Jo --company "Jo Inc" >/dev/null
account-add --name Acme >/dev/null
deal-add --name Pump --account A1 --owner ann --amount 900 >/dev/null
activity-log --type call --rep ann --deal D1 --subject hi >/dev/null
printf 'name,company\nKim,Kim Ltd\nLu,Lu AG\n' >"$T/leads.csv"

# the files' identities as .ids notes them: size, mtime (ns), inode
ident() { (cd "$D" && stat -c '%n %s %.9Y %i' -- *.csv); }

# fresh ENTITY FILE: .ids's line for ENTITY describes FILE as it is
fresh() {
    set -- "$1" "$(cd "$D" && stat -c '%s %Y %.9Y %i' "$2")"
    echo "$2" | {
        read -r size sec full ino
        ns=$(echo "$full" | sed 's/.*\.//; s/^0*//')
        grep -qx "$1 [0-9]* $size $sec ${ns:-0} $ino" "$D/.ids"
    }
}

# dry CMD ARG...: CMD -n leaves the data files, their times and .ids as they were
dry() {
    snap
    cp "$D/.ids" "$T/ids"
    ident >"$T/ident"
    run "$@" <"${IN:-/dev/null}"
    rc_is 0 "$*: runs"
    unchanged "$*: the data directory as it was"
    cmp -s "$D/.ids" "$T/ids"
    ok $? "$*: .ids byte for byte as it was"
    ident >"$T/ident2"
    _diff "$T/ident" "$T/ident2" "$*: every file's size, time and inode as they were"
}

ok "$(fresh leads leads.csv; echo $?)" "before: .ids holds for leads.csv"
dry lead-add -n --name Ivy --company Chen
out_is "lead-add -n: the id it would take" <<X
L2
X
ok "$(fresh leads leads.csv; echo $?)" "lead-add -n: .ids still holds for leads.csv"
IN=$T/leads.csv dry lead-add -n -
unset IN
dry account-add -n --name Globex
dry deal-add -n --name Valve --account A1 --amount 100
ok "$(fresh deals deals.csv; echo $?)" "deal-add -n: .ids still holds for deals.csv"
# (a later clock: the deal's updated is overwritten in place, and put back)
SALES_NOW=2026-11-28T10:00:00Z dry activity-log -n --type call --rep ann --deal D1 --subject again
ok "$(fresh activities activities.csv; echo $?)" "activity-log -n: .ids holds for activities.csv"
ok "$(fresh deals deals.csv; echo $?)" "activity-log -n: and for deals.csv (its patch undone)"
dry feedback-add -n --account A1 --score 9
dry subscription-add -n --account A1 --plan pro --mrr 99 --start 2026-11-01
dry rep-add -n bob --name Bob
dry sales-import -q -n leads "$T/leads.csv"

# the real runs then get the ids the dry runs showed
run lead-add --name Ivy --company Chen
out_is "lead-add after the dry runs: L2" <<X
L2
X
ok "$(fresh leads leads.csv; echo $?)" "lead-add: .ids holds for the new leads.csv"
done_testing
