#!/bin/sh
# deal-move of a lost deal to won points to deal-close; deal-close
# --reopen changes the outcome.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

deal-add --name Lost --amount 10 --stage lost --lost_reason price >/dev/null ||
    echo "Bail out! setup failed"
snap
run deal-move D1 won
rc_is 1 "deal-move of a lost deal to won"
err_is "points to deal-close" <<'X'
deal-move: deal D1 is lost; to record it won after all, use deal-close --reopen D1 won
X
run deal-close D1 won
rc_is 1 "deal-close without --reopen"
err_is "says the same" <<'X'
deal-close: deal D1 is lost; to record it won after all, use deal-close --reopen D1 won
X
run deal-move D1 proposal
err_is "to an open stage: deal-move --reopen, as before" <<'X'
deal-move: deal D1 is lost; use deal-move --reopen to move it to proposal
X
unchanged "nothing written"
run deal-close --reopen --date 2026-11-25 D1 won
rc_is 0 "deal-close --reopen"
is "$(deal-list -c stage,closed,lost_reason | tail -n 1)" "won,2026-11-25," \
    "won, closed on the date given, the lost reason cleared"
is "$(tail -n 3 "$D/history.csv" | cut -d, -f3,6-8)" "deal-close,stage,lost,won
deal-close,closed,2026-11-27,2026-11-25
deal-close,lost_reason,price," "history rows"
done_testing
