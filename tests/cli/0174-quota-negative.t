#!/bin/sh
# quota-set with a negative amount says a quota must be positive, not
# getopt's "invalid option -- '1'"; exit 1, nothing written.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add tom >/dev/null || echo "Bail out! setup failed"
snap
run quota-set tom 2026-Q4 -100
rc_is 1 "a negative amount is bad data"
err_is "says what is wrong with it" <<'X'
quota-set: bad amount '-100' (a quota must be positive)
X
run quota-set tom 2026-Q4 -- -12.5
rc_is 1 "after --, the same"
err_is "the same words" <<'X'
quota-set: bad amount '-12.5' (a quota must be positive)
X
run quota-set -D "$D" tom 2026-Q4 -5
err_is "after -D DIR too" <<'X'
quota-set: bad amount '-5' (a quota must be positive)
X
unchanged "nothing written"
run quota-set tom 2026-Q4 -x
rc_is 2 "an unknown option is still a usage error"
run quota-set tom 2026-Q4 100
rc_is 0 "a positive amount"
file_is "$D/quotas.csv" "stored" <<'X'
owner,period,amount
tom,2026-Q4,100
X

done_testing
