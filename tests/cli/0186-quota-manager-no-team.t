#!/bin/sh
# quota-report and a manager whose reps have no team (reps.manager set,
# reps.team empty): reps roll up through a team only, so there is no row
# for the group as a whole; the manager's own row counts the manager's
# own deals, and --team MANAGER lists the members' quotas without a
# total. Naming the group as a team gives it its row (quota-report(1)).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add frank --name Frank --role manager >/dev/null
rep-add gina --name Gina --manager frank >/dev/null
rep-add hal --name Hal --manager frank >/dev/null
quota-set frank 2026-Q4 10000
quota-set gina 2026-Q4 40000
quota-set hal 2026-Q4 30000
deal-add --name G --owner gina --amount 20000 --close 2026-12-01 >/dev/null
deal-close D1 won >/dev/null
deal-add --name H --owner hal --amount 5000 --close 2026-12-10 --stage proposal >/dev/null

run quota-report
rc_is 0 "quota-report"
out_is "no team: each rep's own row, no group row" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
frank,2026-Q4,10000,0,0.00,10000,0,0,0.00,0,0.00,set
gina,2026-Q4,40000,20000,0.50,20000,0,0,0.00,20000,0.79,set
hal,2026-Q4,30000,0,0.00,30000,5000,2500,0.17,2500,0.00,set
X
run quota-report --team frank
out_is "--team frank: the manager's and the reports' quotas, no total" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
frank,2026-Q4,10000,0,0.00,10000,0,0,0.00,0,0.00,set
gina,2026-Q4,40000,20000,0.50,20000,0,0,0.00,20000,0.79,set
hal,2026-Q4,30000,0,0.00,30000,5000,2500,0.17,2500,0.00,set
X

# the manager alone on a team: the team's row is the manager's quota over
# the deals of everyone who reports to the manager
rep-update frank --team north
run quota-report --team north -f csv
out_is "frank alone in north: frank's quota is the group's number" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
frank,2026-Q4,10000,0,0.00,10000,0,0,0.00,0,0.00,set
gina,2026-Q4,40000,20000,0.50,20000,0,0,0.00,20000,0.79,set
hal,2026-Q4,30000,0,0.00,30000,5000,2500,0.17,2500,0.00,set
north,2026-Q4,10000,20000,2.00,0,5000,2500,,22500,3.17,reps
X

# the group named as a team: rolled up from the three quotas
rep-update gina hal --team north
run quota-report --team north -f csv
out_is "frank, gina and hal in north: the sum of their quotas over their deals" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
frank,2026-Q4,10000,0,0.00,10000,0,0,0.00,0,0.00,set
gina,2026-Q4,40000,20000,0.50,20000,0,0,0.00,20000,0.79,set
hal,2026-Q4,30000,0,0.00,30000,5000,2500,0.17,2500,0.00,set
north,2026-Q4,80000,20000,0.25,60000,5000,2500,0.08,22500,0.40,reps
X
quota-set north 2026-Q4 100000
run quota-report --team north -f csv
out_is "a quota of its own for north: set, not rolled up" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
frank,2026-Q4,10000,0,0.00,10000,0,0,0.00,0,0.00,set
gina,2026-Q4,40000,20000,0.50,20000,0,0,0.00,20000,0.79,set
hal,2026-Q4,30000,0,0.00,30000,5000,2500,0.17,2500,0.00,set
north,2026-Q4,100000,20000,0.20,80000,5000,2500,0.06,22500,0.32,set
X
done_testing
