#!/bin/sh
# deal-move of a won deal to lost points to deal-close, as a lost deal to
# won does (0177); the dry run says the same.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

deal-add --name Won --amount 10 --stage won >/dev/null || echo "Bail out! setup failed"
snap
run deal-move D1 lost
rc_is 1 "deal-move of a won deal to lost"
err_is "points to deal-close" <<'X'
deal-move: deal D1 is won; to record it lost after all, use deal-close --reopen D1 lost
X
run deal-move -n D1 lost
rc_is 1 "-n: exit 1 too"
err_is "-n: the same message" <<'X'
deal-move: deal D1 is won; to record it lost after all, use deal-close --reopen D1 lost
X
unchanged "nothing written"
done_testing
