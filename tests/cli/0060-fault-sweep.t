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
fault_scenario contact-add 'contact-add --name Dee --account A1'
fault_scenario deal-add 'deal-add --name New --account A1 --owner alice --amount 100'
fault_scenario deal-update 'deal-update D1 --amount 7000 --owner alice'
fault_scenario deal-move 'deal-move D1 proposal'
fault_scenario deal-close 'deal-close D2 lost --reason price'
fault_scenario rep-add 'rep-add carol --name Carol --team west'
fault_scenario rep-update 'rep-update bob --active no --team west'
fault_scenario quota-set-new 'quota-set bob 2026-Q4 15000'
fault_scenario quota-set-replace 'quota-set alice 2026-Q4 25000'
fault_scenario activity-log-deal 'activity-log --type call --rep bob --deal D1 --subject hi'
fault_scenario activity-done 'activity-done T1'
fault_scenario import-create 'sales-import -q accounts accounts.csv'
fault_scenario import-upsert 'sales-import -q --mode upsert leads upsert.csv'
fault_scenario import-undo 'sales-import -q --undo' 'sales-import -q accounts accounts.csv'
# (the old state lacks files sales-check asks for: a no-op move comes next)
FAULT_NEXT='deal-move D1 prospecting' FAULT_HISTORY=0 fault_scenario sales-init 'sales-init "$SALES_DATA"' \
    'rm "$SALES_DATA/budget.csv" "$SALES_DATA/feedback.csv" "$SALES_DATA/config.json"'
fault_scenario privacy-erase 'sales-privacy erase --email ann@acme.com'
fault_scenario lead-score 'lead-score --rules rules.txt'
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
