#!/bin/sh
# deal-move and deal-close: stage moves recorded in history.csv, the
# closed date (today, --date), --reason only for lost, --reopen to leave
# won or lost (which clears closed and lost_reason).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

C=2026-11-02T08:00:00Z
NOW=2026-11-27T09:30:00Z
SALES_NOW=$C deal-add - >/dev/null <<'X'
name,amount
Alpha,1000
Beta,2000
Gamma,3000
X
row() { deal-list -c stage,closed,lost_reason --where "id = $1" | tail -n 1; }

run deal-move D1 qualification
rc_is 0 "deal-move to an open stage"
out_is "prints nothing" </dev/null
is "$(row D1)" "qualification,," "stage set, no closed date"
run deal-move D1 negotiation
run sales-history D1
out_is "each move is a history row" <<X
ts,user,command,entity,id,field,old,new
$C,tester,deal-add,deals,D1,,,created
$NOW,tester,deal-move,deals,D1,stage,prospecting,qualification
$NOW,tester,deal-move,deals,D1,stage,qualification,negotiation
X
is "$(deal-list -c updated --where 'id = D1' | tail -n 1)" "$NOW" "updated is set"
run deal-move D1 prospecting
rc_is 0 "moving back within the pipeline needs no --reopen"
run deal-move D1 won
rc_is 0 "deal-move to won"
is "$(row D1)" "won,2026-11-27," "won: closed today"

snap
run deal-move D1 proposal
rc_is 1 "a won deal cannot move without --reopen"
err_is "reopen message" <<'X'
deal-move: deal D1 is won; use deal-move --reopen to move it to proposal
X
run deal-move D1 lost
rc_is 1 "nor go from won to lost"
err_is "won to lost message" <<'X'
deal-move: deal D1 is won; to record it lost after all, use deal-close --reopen D1 lost
X
run deal-close D1 lost --reason late
rc_is 1 "deal-close cannot turn won into lost either"
err_is "deal-close message" <<'X'
deal-close: deal D1 is won; to record it lost after all, use deal-close --reopen D1 lost
X
unchanged "refused moves write nothing"

run deal-move --reopen D1 proposal
rc_is 0 "--reopen"
is "$(row D1)" "proposal,," "reopened: closed cleared"
run sales-history D1 --field closed -c old,new
out_is "closing and reopening are in the history" <<'X'
old,new
,2026-11-27
2026-11-27,
X

# ---- deal-close ------------------------------------------------------------------------
run deal-close D2 lost --reason "chose a rival" --date 2026-11-20
rc_is 0 "deal-close lost with --reason and --date"
is "$(row D2)" "lost,2026-11-20,chose a rival" "closed on the given date, with the reason"
run deal-close D2 lost --reason "price"
rc_is 0 "closing a lost deal again changes the reason"
is "$(row D2)" "lost,2026-11-20,price" "and keeps its closed date"
run deal-move D2 qualification --reopen
is "$(row D2)" "qualification,," "reopening a lost deal clears closed and lost_reason"
run sales-history D2 --field lost_reason -c old,new
out_is "lost_reason changes are recorded" <<'X'
old,new
,chose a rival
chose a rival,price
price,
X
run deal-close D2 won --date yesterday
is "$(row D2)" "won,2026-11-26," "--date takes yesterday"
# closing a closed deal again: its date stays, unless --date is given
run deal-close D2 won
rc_is 0 "deal-close won on a won deal"
is "$(row D2)" "won,2026-11-26," "keeps its closed date"
run deal-close D2 won --date 2026-11-21
rc_is 0 "deal-close won --date on a won deal"
is "$(row D2)" "won,2026-11-21," "takes the date given"
run deal-move D2 won --date 2026-11-22
is "$(row D2)" "won,2026-11-22," "so does deal-move --date"
run deal-update D2 --stage won --amount 2100
is "$(row D2)" "won,2026-11-22," "deal-update --stage won on a won deal keeps the date"
run deal-close D3 won --date -3d
is "$(row D3)" "won,2026-11-24," "--date takes -3d"
run deal-move D3 lost --reopen --date 2026-11-25
is "$(row D3)" "lost,2026-11-25," "deal-move --reopen straight to lost, --date"
run deal-close D3 won --reopen
rc_is 0 "deal-close --reopen changes the outcome (see 0177)"

snap
run deal-close D3 won --reason x
rc_is 2 "--reason with won is a usage error"
is "$(head -n 1 "$T/err")" "deal-close: --reason is for lost deals" "--reason message"
run deal-close D3 maybe
rc_is 1 "an outcome other than won or lost"
is "$(head -n 1 "$T/err")" "deal-close: bad outcome 'maybe' (expected won or lost)" "outcome message"
run deal-close D3
rc_is 2 "deal-close needs ID and outcome"
is "$(head -n 1 "$T/err")" "deal-close: missing operand: won|lost" "missing operand named"
run deal-move D3
rc_is 2 "deal-move needs ID and stage"
is "$(head -n 1 "$T/err")" "deal-move: missing operand: STAGE" "the missing stage named"
run deal-move
rc_is 2 "deal-move without operands"
is "$(head -n 1 "$T/err")" "deal-move: missing operands: ID STAGE" "both named"
run deal-move D3 won extra
rc_is 2 "deal-move with three operands"
is "$(head -n 1 "$T/err")" "deal-move: unexpected operand 'extra'" "extra operand"
run deal-close D9 won
rc_is 1 "deal-close an unknown deal"
err_is "unknown deal" <<'X'
deal-close: unknown deal 'D9' (not in deals.csv)
X
run deal-move D9 won
rc_is 1 "deal-move an unknown deal"
err_is "deal-move unknown deal" <<'X'
deal-move: unknown deal 'D9' (not in deals.csv)
X
run deal-move D3 closing
rc_is 1 "deal-move to an unknown stage"
err_is "unknown stage" <<'X'
deal-move: unknown stage 'closing' (stages: prospecting, qualification, proposal, negotiation, won, lost)
X
run deal-close D3 won --date 2026-13-01
rc_is 1 "deal-close with a bad date"
err_is "bad date" <<'X'
deal-close: bad --date '2026-13-01' (expected YYYY-MM-DD, today, yesterday, +14d, -3m)
X
run deal-move D1 won --date soon
rc_is 1 "deal-move with a bad date"
unchanged "failed moves and closes write nothing"
done_testing
