#!/bin/sh
# deal-update: flags, --set, FIELD= clears, stage changes through the
# stage rules, ids from stdin, unknown ids, history rows.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

C=2026-11-02T08:00:00Z
NOW=2026-11-27T09:30:00Z
{ rep-add ann && rep-add bob; } >/dev/null || echo "Bail out! setup failed"
SALES_NOW=$C deal-add - --owner ann >/dev/null <<'X'
name,stage,amount,probability,close
Alpha,prospecting,1000,,2026-12-01
Beta,proposal,2500.25,40,2026-12-15
Gamma,won,300,,
X

run deal-update D1 --amount 1200.10 --close 2027-01-10 --name "Alpha plus"
rc_is 0 "deal-update with flags"
out_is "prints nothing" </dev/null
run deal-list -c id,name,amount,close,updated
out_is "D1 changed and its updated time; the others not" <<X
id,name,amount,close,updated
D1,Alpha plus,1200.1,2027-01-10,$NOW
D2,Beta,2500.25,2026-12-15,$C
D3,Gamma,300,,$C
X
run sales-history D1
out_is "history rows: one per field, values as stored" <<X
ts,user,command,entity,id,field,old,new
$C,tester,deal-add,deals,D1,,,created
$NOW,tester,deal-update,deals,D1,amount,1000,1200.1
$NOW,tester,deal-update,deals,D1,close,2026-12-01,2027-01-10
$NOW,tester,deal-update,deals,D1,name,Alpha,Alpha plus
X

run deal-update D2 --probability= --set category=best
rc_is 0 "FIELD= clears an override, --set sets a column"
is "$(deal-list -c probability,category --where 'id = D2' | tail -n 1)" ",best" "probability cleared, category set"

run deal-update D1 --stage negotiation
rc_is 0 "--stage moves an open deal"
is "$(deal-list -c stage,closed --where 'id = D1' | tail -n 1)" "negotiation," "no closed date for an open stage"
run deal-update D2 --stage won
rc_is 0 "--stage won"
is "$(deal-list -c stage,closed --where 'id = D2' | tail -n 1)" "won,2026-11-27" "won: closed is today"
run sales-history D2 --field stage -c old,new
out_is "the stage change is in the history" <<'X'
old,new
proposal,won
X

snap
run deal-update D2 --stage proposal
rc_is 1 "a won deal does not go back to the pipeline"
err_is "reopen message" <<'X'
deal-update: deal D2 is won; use deal-move --reopen to move it to proposal
X
unchanged "nothing written"

run deal-update D1 --stage lost --lost_reason "went dark"
rc_is 0 "--stage lost with --lost_reason"
is "$(deal-list -c stage,closed,lost_reason --where 'id = D1' | tail -n 1)" "lost,2026-11-27,went dark" "lost, closed today, the reason"

run sh -c 'deal-list --stage won -f csv | deal-update - --owner bob'
rc_is 0 "deal-list ... | deal-update - --owner bob"
run deal-list -c id,stage,owner
out_is "the won deals changed owner" <<'X'
id,stage,owner
D1,lost,ann
D2,won,bob
D3,won,bob
X

sed -i '1s/$/,region/' "$D/deals.csv"
run deal-update D3 --set region=emea
rc_is 0 "--set on a column of the user's own"
is "$(tail -n 1 "$D/deals.csv")" "D3,$C,Gamma,,,,bob,won,300,,,,,2026-11-02,,,,,$NOW,emea" "kept in place"

bad() { # bad NAME WANT-STDERR -- CMD...
    _name=$1 _want=$2
    shift 3
    snap
    run "$@"
    rc_is 1 "$_name: exit 1"
    is "$(cat "$T/err")" "$_want" "$_name: message"
    unchanged "$_name: nothing written"
}
bad "unknown id (with a known one)" "deal-update: unknown deal 'D9' (not in deals.csv)" -- \
    deal-update D3 D9 --amount 1
bad "bad amount" "deal-update: bad amount '1e3' (expected an amount like 12500 or 12500.50)" -- \
    deal-update D3 --amount 1e3
bad "unknown stage" "deal-update: unknown stage 'closing' (stages: prospecting, qualification, proposal, negotiation, won, lost)" -- \
    deal-update D3 --stage closing
bad "unknown owner" "deal-update: unknown owner 'cal' (not in reps.csv)" -- deal-update D3 --owner cal
bad "unknown account" "deal-update: unknown account 'A1' (not in accounts.csv)" -- deal-update D3 --account A1
bad "name cannot be cleared" "deal-update: name cannot be empty" -- deal-update D3 --name=
bad "id cannot change" "deal-update: id cannot be changed" -- deal-update D3 --set id=D4
bad "unknown --set column" "deal-update: deals.csv has no column 'colour' (--add-column adds it)" -- deal-update D3 --set colour=red
# the record rules deal-add checks hold for updates too
deal-add --name Delta --amount 5 >/dev/null # D4, prospecting
bad "closed on an open deal" "deal-update: deal D4: closed is only set on won or lost deals (stage is prospecting)" -- \
    deal-update D4 --closed 2026-11-01
bad "lost_reason on an open deal" "deal-update: deal D4: lost_reason is only set on lost deals" -- \
    deal-update D4 --lost_reason price
bad "lost_reason on a won deal" "deal-update: deal D3: lost_reason is only set on lost deals" -- \
    deal-update D3 --set lost_reason=price
bad "a won deal without its closed date" "deal-update: deal D3: a won deal keeps its closed date" -- \
    deal-update D3 --closed=
bad "one bad row fails them all" "deal-update: deal D4: closed is only set on won or lost deals (stage is prospecting)" -- \
    deal-update D3 D4 --closed 2026-11-03
run deal-update D3 --closed 2026-11-03
rc_is 0 "a won deal's closed date can be corrected"
run deal-update D1 --lost_reason "budget cut"
rc_is 0 "a lost deal's reason can be changed"
run deal-update D1 --lost_reason=
rc_is 0 "or cleared"
is "$(deal-list -c id,stage,closed,lost_reason --where 'id ~ ^D[134]$' | tr '\n' ' ')" \
    "id,stage,closed,lost_reason D1,lost,2026-11-27, D3,won,2026-11-03, D4,prospecting,, " "after the updates"

snap
run deal-update D3 --reopen --stage proposal
rc_is 2 "--reopen is deal-move's"
run deal-update --amount 5
rc_is 2 "no id"
unchanged "usage errors write nothing"

# --stage won with --closed: the deal closed that day, not today
run deal-update D3 --stage won --closed 2026-11-03
rc_is 0 "won with a closed date"
is "$(deal-list -c stage,closed --where 'id = D3' | tail -n 1)" "won,2026-11-03" "the date given is kept"
done_testing
