#!/bin/sh
# quota-report: a team with no quota of its own for a period gets a row
# rolled up from its reps' quotas (quota_from "reps"); --team shows it; a
# manager's quota counts the manager's own deals, so the manager's row no
# longer repeats the team's. perf-report --by team takes its attainment.
#
# Before: east had no row at all (not even with --team east), and carol's
# 50,000 counted alice's 48,000 win too: attainment 0.96, the team's
# numbers under the manager's name.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add carol --name "Carol Diaz" --team east --role manager >/dev/null
rep-add alice --name "Alice Wong" --team east --manager carol >/dev/null
rep-add bob --name "Bob Muller" --team east --manager carol >/dev/null
rep-add dan --name "Dan Moss" --team west >/dev/null
rep-add eve --name "Eve Ng" --team west --manager dan >/dev/null
quota-set alice 2026-Q4 150000
quota-set bob 2026-Q4 150000
quota-set carol 2026-Q4 50000
quota-set dan 2026-Q4 20000
quota-set west 2026-Q4 60000
quota-set alice 2026 500000
deal-add --name Won --owner alice --amount 48000 --close 2026-12-01 >/dev/null
deal-close D1 won >/dev/null
deal-add --name Open --owner carol --amount 1000 --close 2026-12-01 >/dev/null
deal-add --name West --owner eve --amount 5000 --close 2026-12-01 >/dev/null
deal-close D3 won >/dev/null

# east 2026-Q4: alice + bob + carol = 350000; won D1 48000; pipeline D2
# 1000, weighted 10% -> 100. east 2026: alice's yearly 500000 alone
# (alice's own row: her deals only, none open).
# west has its own 2026-Q4 quota: no roll-up for it; dan's own row has
# none of eve's deals.
run quota-report -f csv
rc_is 0 "quota-report"
out_is "the file's quotas, then the teams' rolled up" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
alice,2026-Q4,150000,48000,0.32,102000,0,0,0.00,48000,0.51,set
bob,2026-Q4,150000,0,0.00,150000,0,0,0.00,0,0.00,set
carol,2026-Q4,50000,0,0.00,50000,1000,100,0.02,100,0.00,set
dan,2026-Q4,20000,0,0.00,20000,0,0,0.00,0,0.00,set
west,2026-Q4,60000,5000,0.08,55000,0,0,0.00,5000,0.13,set
alice,2026,500000,48000,0.10,452000,0,0,0.00,48000,0.11,set
east,2026-Q4,350000,48000,0.14,302000,1000,100,0.00,48100,0.22,reps
east,2026,500000,48000,0.10,452000,1000,100,0.00,48100,0.11,reps
X

run env SALES_FORCE_TTY=1 quota-report --team east --period 2026-Q4
out_is "--team east: the members' quotas and the east row, marked in a table" <<'X'
owner  period        quota        won  attainment         gap  pipeline  weighted  coverage  projected  pace  quota_from
alice  2026-Q4  150,000.00  48,000.00        0.32  102,000.00      0.00      0.00      0.00  48,000.00  0.51  set         █████
bob    2026-Q4  150,000.00       0.00        0.00  150,000.00      0.00      0.00      0.00       0.00  0.00  set
carol  2026-Q4   50,000.00       0.00        0.00   50,000.00  1,000.00    100.00      0.02     100.00  0.00  set
east   2026-Q4  350,000.00  48,000.00        0.14  302,000.00  1,000.00    100.00      0.00  48,100.00  0.22  reps        ██▏
X

run quota-report --owner carol -f json
out_is "a manager's quota: the manager's own deals, no roll-up row" <<'X'
[
{"owner":"carol","period":"2026-Q4","quota":50000,"won":0,"attainment":0.00,"gap":50000,"pipeline":1000,"weighted":100,"coverage":0.02,"projected":100,"pace":0.00,"quota_from":"set"}
]
X

run quota-report --team west -f csv
out_is "a team with a quota of its own: no rolled-up row" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
dan,2026-Q4,20000,0,0.00,20000,0,0,0.00,0,0.00,set
west,2026-Q4,60000,5000,0.08,55000,0,0,0.00,5000,0.13,set
X

run quota-report --period 2027-Q1 -f csv
out_is "no quotas in the period: no roll-up either" <<'X'
owner,period,quota,won,attainment,gap,pipeline,weighted,coverage,projected,pace,quota_from
X

run perf-report --by team --period 2026-Q4
rc_is 0 "perf-report --by team"
out_is "perf-report --by team: the rolled-up attainment for east" <<'X'
team,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
east,1,48000,0,1.00,48000,0.0,1,1000,,0,,0.14
west,1,5000,0,1.00,5000,0.0,0,0,,0,,0.08
X

run perf-report --period 2026-Q4
out_is "perf-report per rep: a manager's attainment from the manager's own deals" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
alice,1,48000,0,1.00,48000,0.0,0,0,,0,,0.32
bob,0,0,0,,,,0,0,,0,,0.00
carol,0,0,0,,,,1,1000,,0,,0.00
dan,0,0,0,,,,0,0,,0,,0.00
eve,1,5000,0,1.00,5000,0.0,0,0,,0,,
X

snap
run quota-report --team east --period 2026-Q4 -f csv
unchanged "a report writes nothing"
done_testing
