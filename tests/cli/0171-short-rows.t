#!/bin/sh
# A row with fewer fields than the header is refused by every reader and
# reported by sales-check, as a row with too many is: its missing cells
# would read as "not set" (a deal worth 0 in the first stage).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

{ rep-add ann && quota-set ann 2026-Q4 1000 && account-add --name Acme && deal-add --name One --amount 100 --stage proposal --owner ann --close 2026-12-01 &&
    deal-add --name Two --amount 200 && deal-add --name Three --amount 300; } >/dev/null ||
    echo "Bail out! setup failed"
# line 5: D4 cut short after its stage (4 fields; the header has 19)
echo 'D4,2026-11-27T09:30:00Z,Four,' >>"$D/deals.csv"

snap
for cmd in "deal-list" "pipeline-show" "forecast --pipeline" "quota-report" \
    "deal-update D1 --amount 7" "deal-move D1 won" "deal-add --name x"; do
    run $cmd
    rc_is 1 "$cmd refuses a short row"
    is "$(cat "$T/err")" "${cmd%% *}: $D/deals.csv:5: 4 fields, but the header has 19" \
        "$cmd says FILE:LINE and the counts"
done
unchanged "nothing written"

run sales-check
rc_is 1 "sales-check: a finding"
out_is "sales-check reports the short row, as it reports a long one" <<X
$D/deals.csv:5: 4 fields, but the header has 19
X

# a reference is looked up without reading the whole file (a bisection on
# the id, or a fast scan): a short row it lands on is refused all the same,
# not taken for an id (rows it never reads are sales-check's to report)
sed -i '$d' "$D/deals.csv"
echo 'A2,2026-11-27T09:30:00Z' >>"$D/accounts.csv"
snap
run deal-add --name x --account A2
rc_is 1 "a short row in the file a reference points to"
err_is "named by file and line" <<X
deal-add: $D/accounts.csv:3: 2 fields, but the header has 9
X
unchanged "nothing written"
run sales-check
out_is "sales-check: accounts.csv too" <<X
$D/accounts.csv:3: 2 fields, but the header has 9
X

# a long row whose extra cells are empty is still read; input records may
# leave trailing cells out (flags and defaults fill them)
sed -i '$d' "$D/accounts.csv"
sed -i '$s/$/,,/' "$D/deals.csv"
run deal-list -c id,amount
out_is "a long row with empty extra cells reads" <<'X'
id,amount
D1,100
D2,200
D3,300
X
# a column of the user's own added to the header by hand: the rows need
# not have its cell, nor that of any user column after the last known one
sed -i '1s/$/,region/' "$D/deals.csv"
run deal-update D1 --set region=emea
rc_is 0 "a user column added to the header alone"
is "$(deal-list -c id,region | tr '\n' ' ')" "id,region D1,emea D2, D3, " "its cells read as not set"
printf 'name,amount,close\nFive\n' | deal-add - >/dev/null
is "$(deal-list -c id,name,amount --where 'id = D4' | tail -n 1)" "D4,Five," "a short input record is fine"

done_testing
