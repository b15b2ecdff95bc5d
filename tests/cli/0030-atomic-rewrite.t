#!/bin/sh
# A rewrite killed with SIGKILL at any moment leaves the old file or the
# new one, never a mix; the data directory stays usable.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

# 60,000 deals, added in one batch from stdin
awk 'BEGIN { print "name,amount,close"; for (i = 1; i <= 60000; i++) printf "\"Deal %d, with a comma\",%d.%02d,2026-12-%02d\n", i, i * 7, i % 100, i % 28 + 1 }' >"$T/deals.in"
run deal-add - <"$T/deals.in"
rc_is 0 "60,000 deals added"
is "$(wc -l <"$T/out")" "60000" "60,000 ids printed"
cp "$D/deals.csv" "$T/old.csv"

# the file a finished rewrite leaves, made in a copy of the directory
cp -r "$D" "$T/ref"
run deal-update -D "$T/ref" D1 D30000 D60000 --amount 1 --stage proposal
rc_is 0 "reference rewrite"
cp "$T/ref/deals.csv" "$T/new.csv"
ok "$(cmp -s "$T/old.csv" "$T/new.csv"; [ $? -eq 1 ]; echo $?)" "old and new differ"

for delay in 0 0.005 0.01 0.02 0.04 0.08 0.15 0.3 0.6; do
    rm -rf "$T/k" && cp -r "$D" "$T/k"
    deal-update -D "$T/k" D1 D30000 D60000 --amount 1 --stage proposal 2>/dev/null &
    pid=$!
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    if cmp -s "$T/k/deals.csv" "$T/old.csv"; then
        state=old
    elif cmp -s "$T/k/deals.csv" "$T/new.csv"; then
        state=new
    else
        state=mixed
    fi
    ok "$([ $state != mixed ]; echo $?)" "killed after ${delay}s: the $state file"
    run deal-list -D "$T/k" -f csv -c id --limit 1
    rc_is 0 "killed after ${delay}s: still readable"
    run deal-update -D "$T/k" D2 --amount 2
    rc_is 0 "killed after ${delay}s: the lock is free again"
    is "$(ls -A "$T/k" | grep -c '^\.deals\.csv\.')" "0" "killed after ${delay}s: no temporary file left"
done
done_testing
