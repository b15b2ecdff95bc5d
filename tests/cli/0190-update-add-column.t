#!/bin/sh
# --add-column: a --set column the file lacks is added at the end of the
# header in the same rewrite, filled for the records updated, with history
# rows; refused without the flag (saying how), for a bad name, and for a
# name another file holds with a type of its own.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

C=2026-11-27T09:30:00Z
lead-add --name Ann >/dev/null && lead-add --name Bob >/dev/null &&
    account-add --name Acme >/dev/null && contact-add --account A1 --name Cy >/dev/null &&
    deal-add --name Big --amount 10 >/dev/null || echo "Bail out! setup failed"

snap
run lead-update L2 --set zip=01234
rc_is 1 "a column the file lacks: exit 1"
err_is "says to use --add-column" <<'X'
lead-update: leads.csv has no column 'zip' (--add-column adds it)
X
unchanged "nothing written"

run lead-update L2 --set zip=01234 --add-column
rc_is 0 "--add-column"
out_is "prints nothing" </dev/null
file_is "$D/leads.csv" "the column at the end, the value kept as typed, the other row empty" <<X
id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes,zip
L1,$C,Ann,,,,,,,new,,$C,,
L2,$C,Bob,,,,,,,new,,$C,,01234
X
is "$(tail -n 1 "$D/history.csv")" "$C,tester,lead-update,leads,L2,zip,,01234" "a history row"

run lead-update L1 --set zip=99999
rc_is 0 "once there, --set needs no flag"
is "$(lead-list -c id,zip | tail -n 2)" "L1,99999
L2,01234" "both filled"

run account-update A1 --add-column --set region=north --set tier=gold
rc_is 0 "account-update: two new columns"
is "$(head -n 1 "$D/accounts.csv")" "id,created,name,domain,segment,industry,owner,updated,notes,region,tier" \
    "in --set order"
run contact-update C1 --add-column --set linkedin=cy-c
rc_is 0 "contact-update"
is "$(contact-list -c id,linkedin | tail -n 1)" "C1,cy-c" "contact's new column"
run deal-update D1 --add-column --set po_number=PO-7 -n
rc_is 0 "deal-update --add-column -n"
is "$(head -n 1 "$D/deals.csv" | grep -c po_number)" "0" "a dry run adds no column"

bad() { # bad NAME WANT-STDERR -- CMD...
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    unchanged "$_name: nothing written"
}
bad "a name with capitals" \
    "lead-update: bad column name 'Zip Code' (lowercase letters, digits and _, beginning with a letter)" \
    -- lead-update L1 --add-column --set "Zip Code=1"
bad "a name beginning with a digit" \
    "lead-update: bad column name '2nd' (lowercase letters, digits and _, beginning with a letter)" \
    -- lead-update L1 --add-column --set 2nd=x
bad "a money column of deals" \
    "lead-update: 'amount' is a money column of deals.csv: a column of your own needs another name" \
    -- lead-update L1 --add-column --set amount=5
bad "a date column of deals" \
    "account-update: 'close' is a date column of deals.csv: a column of your own needs another name" \
    -- account-update A1 --add-column --set close=2026-12-01
bad "an unknown id: no column added" "lead-update: unknown lead 'L9' (not in leads.csv)" \
    -- lead-update L9 --add-column --set fax=1
done_testing
