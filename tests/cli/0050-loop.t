#!/bin/sh
# The whole loop, as a user runs it: leads in, converted, moved, won; then
# the three headline reports. Every number below is worked out by hand in
# the comments next to it.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add ann --team east >/dev/null && rep-add bob --team east >/dev/null ||
    echo "Bail out! rep-add failed"
quota-set ann 2026-Q4 10000 >/dev/null && quota-set bob 2026-Q4 8000 >/dev/null ||
    echo "Bail out! quota-set failed"

run lead-add --name "Jo Park" --company "Parkway Ltd" --email jo@parkway.example --owner ann
out_is "lead-add prints the new id" <<'X'
L1
X
lead-add --name "Kim Lee" --company "Lee Labs" --email kim@leelabs.example --owner bob >/dev/null
lead-add --name "Al Ito" --company "Ito KK" --owner ann >/dev/null
run lead-convert L1 --amount 4000 --close 2026-12-15
out_is "lead-convert L1: account, contact, deal" <<'X'
A1
C1
D1
X
# D2 was made a week ago (2026-11-20T09:00), 7.02 days before now
SALES_NOW=2026-11-20T09:00:00Z lead-convert L2 --amount 6000 --close 2026-12-20 \
    --stage proposal >/dev/null
lead-convert L3 --amount 2500 --stage negotiation >/dev/null # no close date
run deal-move D1 negotiation
rc_is 0 "deal-move D1 negotiation"
run deal-close D1 won
rc_is 0 "deal-close D1 won"
run deal-list -c id,owner,stage,amount,close,closed
out_is "the deals" <<'X'
id,owner,stage,amount,close,closed
D1,ann,won,4000,2026-12-15,2026-11-27
D2,bob,proposal,6000,2026-12-20,
D3,ann,negotiation,2500,,
X

# Open deals only. proposal: D2, 6000 x 50% = 3000, age 7.02 days -> 7.0,
# not stale (rotten_days 21). negotiation: D3, 2500 x 80% = 2000, made now.
run pipeline-show -f csv
out_is "pipeline-show -f csv" <<'X'
stage,deals,amount,weighted,avg_age_days,stale
prospecting,0,0,0,,0
qualification,0,0,0,,0
proposal,1,6000,3000,7.0,0
negotiation,1,2500,2000,0.0,0
X

# 2026-Q4 is 92 days; 2026-11-27 is its 58th: share elapsed 58/92 = 0.630.
# ann: won D1 4000 of 10000 = 0.40, gap 6000; D3 has no close date, so no
#   pipeline in the quarter; coverage 0/6000 = 0.00; projected 4000 + 0;
#   pace 0.40 / 0.630 = 0.63.
# bob: won 0, gap 8000; D2 closes 2026-12-20: pipeline 6000, weighted 3000,
#   coverage 6000/8000 = 0.75, projected 0 + 3000, pace 0.
# east (no quota of its own yet): rolled up from ann's and bob's, 18000;
#   won 4000 = 0.22, gap 14000, pipeline 6000, coverage 0.43, pace 0.35.
run quota-report -f csv
out_is "quota-report -f csv (the quarter holding today)" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
ann,2026-Q4,10000,4000,0.40,6000,0,0,0.00,4000,0.63,set
bob,2026-Q4,8000,0,0.00,8000,6000,3000,0.75,3000,0.00,set
east,2026-Q4,18000,4000,0.22,14000,6000,3000,0.43,7000,0.35,reps
X
# A team quota rolls up its reps' deals. east, quota 20000: won 4000 (0.20),
# gap 16000, pipeline 6000, weighted 3000, coverage 6000/16000 = 0.375 ->
# 0.38 (half away from zero), projected 4000 + 3000 = 7000, pace 0.20 /
# 0.630 = 0.32.
quota-set east 2026-Q4 20000 >/dev/null
run quota-report -f csv --team east --period 2026-Q4
out_is "quota-report --team: the team's roll-up, then its reps" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
ann,2026-Q4,10000,4000,0.40,6000,0,0,0.00,4000,0.63,set
bob,2026-Q4,8000,0,0.00,8000,6000,3000,0.75,3000,0.00,set
east,2026-Q4,20000,4000,0.20,16000,6000,3000,0.38,7000,0.32,set
X

# 2026-Q4: closed 4000 (D1); commit = closed + commit deals closing in it
# (none) = 4000; best_case adds D2 (proposal, best) = 10000; pipeline and
# weighted are the open deals closing in it: 6000 and 3000. D3 has no close
# date: its own row, commit 2500, weighted 2000.
# lo80,hi80 = weighted -/+ 1.2816 sd (low end at least 0): D2 sd = 6000
# sqrt(.5 .5) = 3000 -> 0, 3000 + 3844.65 = 6844.65; D3 sd = 2500 sqrt(.8 .2)
# = 1000 -> 2000 -/+ 1281.55 = 718.45, 3281.55.
run forecast --pipeline -f csv
out_is "forecast --pipeline -f csv" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026-Q4,4000,4000,10000,6000,3000,0,6844.65
2027-Q1,0,0,0,0,0,0,0
2027-Q2,0,0,0,0,0,0,0
2027-Q3,0,0,0,0,0,0,0
undated,,2500,2500,2500,2000,718.45,3281.55
X

done_testing
