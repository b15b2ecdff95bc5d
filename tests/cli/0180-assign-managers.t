#!/bin/sh
# lead-assign passes over reps whose role is manager unless
# --include-managers (or they are named in --reps).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

{ rep-add carol --team east --role Manager && rep-add alice --team east --manager carol &&
    rep-add bob --team east --manager carol &&
    for n in A B C D; do lead-add --name "$n"; done; } >/dev/null || echo "Bail out! setup failed"

run lead-assign -n -f csv
rc_is 0 "round-robin"
out_is "the manager gets none" <<'X'
lead,name,rep,reason
L1,A,alice,round-robin
L2,B,bob,round-robin
L3,C,alice,round-robin
L4,D,bob,round-robin
X
run lead-assign -n -f csv --include-managers
out_is "--include-managers: carol too" <<'X'
lead,name,rep,reason
L1,A,alice,round-robin
L2,B,bob,round-robin
L3,C,carol,round-robin
L4,D,alice,round-robin
X
run lead-assign -n -f csv --by load --team east
out_is "--by load, --team: no manager either" <<'X'
lead,name,rep,reason
L1,A,alice,load 0
L2,B,bob,load 0
L3,C,alice,load 1
L4,D,bob,load 1
X
run lead-assign -n -f csv --reps carol
out_is "a manager named in --reps is taken" <<'X'
lead,name,rep,reason
L1,A,carol,round-robin
L2,B,carol,round-robin
L3,C,carol,round-robin
L4,D,carol,round-robin
X
rep-update alice bob --active no >/dev/null
snap
run lead-assign -f csv --team east
rc_is 1 "only a manager left"
err_is "says how to include managers" <<'X'
lead-assign: no active reps to assign leads to (managers only with --include-managers)
X
unchanged "nothing written"
done_testing
