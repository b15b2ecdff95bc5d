#!/bin/sh
# rep-add writes active = yes; rep-update ID --active no deactivates a rep,
# and lead-assign then passes them by.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

run rep-add ann --team east
rc_is 0 "rep-add"
run rep-add bob --team east --active no
file_is "$D/reps.csv" "active is yes unless given" <<'X'
id,name,email,team,manager,role,territory,hired,active
ann,,,east,,,,,yes
bob,,,east,,,,,no
X
run rep-update bob --active yes --manager ann
rc_is 0 "rep-update"
run rep-update ann --active no
rc_is 0 "rep-update --active no"
file_is "$D/reps.csv" "both changed" <<'X'
id,name,email,team,manager,role,territory,hired,active
ann,,,east,,,,,no
bob,,,east,ann,,,,yes
X
is "$(tail -n 3 "$D/history.csv" | cut -d, -f3-8)" "rep-update,reps,bob,active,no,yes
rep-update,reps,bob,manager,,ann
rep-update,reps,ann,active,yes,no" "history rows"
lead-add --name L >/dev/null
run lead-assign -f csv
out_is "an inactive rep gets no leads" <<'X'
lead,name,rep,reason
L1,L,bob,round-robin
X

snap
run rep-update zed --active no
rc_is 1 "an unknown rep"
err_is "says so" <<'X'
rep-update: unknown rep 'zed' (not in reps.csv)
X
run rep-update bob --active maybe
rc_is 1 "a bad value"
err_is "says what is expected" <<'X'
rep-update: bad active 'maybe' (expected yes or no)
X
run rep-update
rc_is 2 "no id: usage"
unchanged "nothing written"
run sales rep-update --help
rc_is 0 "sales knows rep-update"
done_testing
