#!/bin/bash
# Every writer, failed (EIO) or killed at each of its writes, fsyncs,
# renames, links, unlinks, truncates, copies and file creations in turn:
# a failed command leaves every file byte-identical; a killed one leaves
# the old state or the new one once the next writer has run, with
# history.csv matching the files. See tests/fault/sweep.sh.
# `make faultcheck` runs the full sweep (ENOSPC too, bigger inputs).
. "${SALES_SRC:-.}/tests/cli/lib.sh"
[ "${FAULT_FULL:-0}" = 1 ] && FAULT_ACTIONS="eio enospc kill"
. "$SRC/tests/fault/sweep.sh"

cat >"$FI/leads.csv" <<'X'
name,company,email,source
Cem Oz,Delta,cem@delta.tr,event
Di Wu,Epsilon,di@eps.cn,web
X
cat >"$FI/accounts.csv" <<'X'
name,domain,segment
Zeta,zeta.io,b2b
Eta,eta.io,saas
X
cat >"$FI/feedback.csv" <<'X'
account,score,channel,comment
A1,3,email,"slow, sorry"
A1,10,web,great
X
cat >"$FI/upsert.csv" <<'X'
id,name,company,status
L1,Ann Lee,Acme,qualified
L2,Bo Ek,Beta AB,contacted
X
cat >"$FI/rules.txt" <<'X'
source = web 10
X

fault_scenario lead-add 'lead-add --name Zed --company Zco --owner alice'
fault_scenario lead-add-stdin 'lead-add - <leads.csv'
fault_scenario lead-update 'lead-update L1 L2 --status qualified --owner bob'
fault_scenario lead-convert 'lead-convert L2 --amount 900'
fault_scenario lead-assign 'lead-assign --by round-robin'
fault_scenario lead-dedupe-merge 'lead-dedupe --merge L1 L3'
fault_scenario account-add 'account-add --name Theta --domain theta.io'
fault_scenario account-update 'account-update A1 --segment b2b --owner alice'
fault_scenario contact-add 'contact-add --name Dee --account A1'
fault_scenario contact-update 'contact-update C1 --title CTO --set name=Cy'
fault_scenario deal-add 'deal-add --name New --account A1 --owner alice --amount 100'
fault_scenario deal-update 'deal-update D1 --amount 7000 --owner alice'
fault_scenario deal-move 'deal-move D1 proposal'
fault_scenario deal-close 'deal-close D2 lost --reason price'
fault_scenario rep-add 'rep-add carol --name Carol --team west'
fault_scenario subscription-add 'subscription-add --account A1 --plan Pro --mrr 99 --start 2026-01-01'
fault_scenario subscription-end 'subscription-end S1 --date 2026-06-30' \
    'subscription-add --account A1 --plan Pro --mrr 99 --start 2026-01-01'
fault_scenario budget-set-new 'budget-set 2026-11 ads --channel web --planned 500'
fault_scenario budget-set-replace 'budget-set 2026-11 ads --channel web --actual 450' \
    'budget-set 2026-11 ads --channel web --planned 500'
fault_scenario feedback-add 'feedback-add --account A1 --contact C1 --score 9 --comment fine'
fault_scenario feedback-add-stdin 'feedback-add - <feedback.csv'
fault_scenario rep-update 'rep-update bob --active no --team west'
fault_scenario quota-set-new 'quota-set bob 2026-Q4 15000'
fault_scenario quota-set-replace 'quota-set alice 2026-Q4 25000'
fault_scenario activity-log-deal 'activity-log --type call --rep bob --deal D1 --subject hi'
# a later clock: the touch overwrites updated in place (no rewrite)
fault_scenario activity-log-in-place \
    'SALES_NOW=2026-11-28T10:00:00Z activity-log --type call --rep bob --deal D1 --lead L1 --subject hi'
# a deal whose updated is not a timestamp of the fixed width: rewritten
fault_scenario activity-log-rewrite \
    'SALES_NOW=2026-11-28T10:00:00Z activity-log --type call --rep bob --deal D2 --subject hi' \
    'sed -i "s/^\(D2,.*\),2026-11-27T09:30:00Z\$/\1,2026-11-27/" "$SALES_DATA/deals.csv"'
fault_scenario activity-done 'activity-done T1'
fault_scenario import-create 'sales-import -q accounts accounts.csv'
fault_scenario import-upsert 'sales-import -q --mode upsert leads upsert.csv'
fault_scenario import-undo 'sales-import -q --undo' 'sales-import -q accounts accounts.csv'
# (the old state lacks files sales-check asks for: a no-op move comes next)
FAULT_NEXT='deal-move D1 prospecting' FAULT_HISTORY=0 fault_scenario sales-init 'sales-init "$SALES_DATA"' \
    'rm "$SALES_DATA/budget.csv" "$SALES_DATA/feedback.csv" "$SALES_DATA/config.json"'
fault_scenario privacy-erase 'sales-privacy erase --email ann@acme.com'
fault_scenario lead-score 'lead-score --rules rules.txt'
# a report that writes: the rfm column added to accounts.csv, history rows
fault_scenario segment-write 'segment --write' \
    'deal-close D1 won --date 2026-11-01 && deal-close D2 won --date 2026-10-01'
# deal-score learns from 31 won and 31 lost deals, made by the commands
# themselves so history.csv replays
fault_scenario deal-score-write 'deal-score --write' \
    'n=3; for i in $(seq -w 1 31); do for o in won lost; do
        SALES_NOW=2026-01-${i}T09:00:00Z deal-add --name x$n --owner alice --amount 100 &&
        SALES_NOW=2026-03-${i}T09:00:00Z deal-close D$n $o || exit 1; n=$((n + 1)); done; done'
# (the next writer must not be sales-check --fix itself: a no-op move)
FAULT_NEXT='deal-move D1 prospecting' fault_scenario check-fix 'sales-check --fix' 'sed -i "s/,alice,new,/,alice,NEW ,/" "$SALES_DATA/leads.csv"'

if [ "${FAULT_FULL:-0}" = 1 ]; then
    # bigger inputs: lines that wait in a scratch file and are copied in
    # the kernel (a megabyte and more), a staged new version of a small
    # file, and an append to a big one
    awk 'BEGIN { print "name,company,email,source"
                 for (i = 1; i <= 30000; i++)
                     printf "Person %d,Company %d,p%d@example.com,web\n", i, i % 977, i }' \
        >"$FI/many.csv"
    fault_scenario import-staged 'sales-import -q leads many.csv'
    fault_scenario import-append 'sales-import -q leads leads.csv' 'sales-import -q leads many.csv'
    fault_scenario lead-add-many 'lead-add - <many.csv'
    fault_scenario dedupe-accounts 'lead-dedupe --entity accounts --merge A1 A2' \
        'account-add --name Gamma --domain gamma.io'
    fault_scenario lead-convert-no-deal 'lead-convert L1 --no-deal'
    fault_scenario activity-log-lead 'activity-log --type email --rep alice --lead L1'
fi

echo "# $FAULT_POINTS faults injected, invariants held after $FAULT_HELD"
done_testing
