#!/bin/sh
# perf-report: every column pinned to hand-computed values on a small
# fixture, for each --by, --by-amount, the period flags, every format, and
# bad input (unknown rep or period, a missing file, a renamed column).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

# Today 2026-11-27; the fiscal year starts in January: the current fiscal
# quarter is 2026-Q4 = 2026-10-01..2026-12-31.
cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
ann,Ann,,east,,rep,,2026-10-01,yes
ben,Ben,,east,,rep,,2026-04-15,yes
cat,Cat,,west,,rep,,2020-01-01,yes
dan,Dan,,west,,rep,,,yes
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-10-01T09:00:00Z,d1,A1,,,ann,won,1000,,,,2026-10-11,2026-10-11,b2b,web,new,,
D2,2026-09-01T09:00:00Z,d2,A2,,,ann,won,3000,,,,2026-11-01,2026-11-01,b2b,referral,new,,
D3,2026-10-05T09:00:00Z,d3,A3,,,ann,lost,4000,,,,2026-10-20,2026-10-20,b2c,web,new,price,
D4,2026-10-06T09:00:00Z,d4,A3,,,ann,proposal,5000,,,,2026-12-15,,b2b,web,new,,
D5,2026-10-07T09:00:00Z,d5,A3,,,ann,prospecting,1000,,,,2027-01-10,,b2c,web,new,,
D6,2026-08-01T09:00:00Z,d6,A4,,,ben,won,500,,,,2026-09-30,2026-09-30,b2b,web,new,,
D7,2026-10-08T09:00:00Z,d7,A4,,,ben,negotiation,4000,,,,2026-11-30,,b2c,referral,new,,
D8,2026-10-09T09:00:00Z,d8,A4,,,ben,lost,1000,,,,2026-11-20,2026-11-20,b2c,ads,new,price,
D9,2026-11-01T09:00:00Z,d9,A1,,,dan,won,2000,,,,2026-11-21,2026-11-21,b2b,web,new,,
D10,2026-10-10T09:00:00Z,d10,A5,,,ann,proposal,7000,,,omitted,2026-12-01,,b2b,web,new,,
X
cat >"$D/activities.csv" <<'X'
id,date,rep,type,channel,lead,account,contact,deal,subject,outcome,duration,due,done,notes
T1,2026-10-02T10:00:00Z,ann,call,phone,L1,,,,first call,,,,,
T2,2026-10-03T09:00:00Z,ann,email,email,L1,,,,follow-up,,,,,
T3,2026-09-20T09:00:00Z,ann,call,phone,,A1,,,old call,,,,,
T4,2026-11-02T12:00:00Z,ben,call,phone,L2,,,,first call,,,,,
T5,2026-11-05T09:00:00Z,dan,meeting,onsite,,A1,,,meeting,,,,,
T6,2026-10-11T00:00:00Z,ann,call,phone,L3,,,,first call,,,,,
X
cat >"$D/leads.csv" <<'X'
id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes
L1,2026-10-02T08:00:00Z,Lee One,,l1@example.com,,web,b2b,ann,contacted,,,
L2,2026-11-01T12:00:00Z,Lee Two,,l2@example.com,,web,b2b,ben,contacted,,,
L3,2026-10-10T00:00:00Z,Lee Three,,l3@example.com,,web,b2c,ann,contacted,,,
X
cat >"$D/quotas.csv" <<'X'
owner,period,amount
ann,2026-Q4,8000
east,2026-Q4,10000
ben,2026-Q3,1000
X

# Per rep, 2026-Q4 (won and lost by closed date; open = open deals not in
# an omitted category, whatever their close date):
# ann: won D1 1000 (10 days from created) + D2 3000 (61 days) = 2 / 4000;
#   lost D3: win rate 2/3 = 0.67; avg deal 4000/2 = 2000; cycle (10+61)/2
#   = 35.5; open D4 5000 + D5 1000 (D10 omitted) = 2 / 6000; velocity
#   2 x 0.6667 x 2000 / 35.5 = 75.117 -> 75.12; activities T1 T2 T6 = 3
#   (T3 is in Q3); response: L1 created 08:00, first touch T1 10:00 = 2 h,
#   L3 00:00 -> T6 a day later = 24 h: median 13.0; attainment: quota-report
#   for ann 2026-Q4, 4000 / 8000 = 0.50
# ben: D6 was won in Q3; lost D8: 0 / 1 = 0.00; no average deal, cycle or
#   velocity; open D7 4000; activities T4; L2 12:00 -> T4 a day later =
#   24.0 h; his only quota is for 2026-Q3: attainment empty
# cat: nothing closed: win rate empty, not 0; open 0; no quota
# dan: won D9 2000 in 20 days: 1.00, avg 2000, cycle 20.0; open 0:
#   velocity 0 x 1 x 2000 / 20 = 0; activities T5; no leads; no quota
run perf-report
rc_is 0 "perf-report: default period"
out_is "per rep, the current fiscal quarter" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ann,2,4000,1,0.67,2000,35.5,2,6000,75.12,3,13.0,0.50
ben,0,0,1,0.00,,,1,4000,,1,24.0,
cat,0,0,0,,,,0,0,,0,,
dan,1,2000,0,1.00,2000,20.0,0,0,0,1,,
X
run perf-report --period 2026-Q4 -f csv
out_is "--period 2026-Q4 is the default" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ann,2,4000,1,0.67,2000,35.5,2,6000,75.12,3,13.0,0.50
ben,0,0,1,0.00,,,1,4000,,1,24.0,
cat,0,0,0,,,,0,0,,0,,
dan,1,2000,0,1.00,2000,20.0,0,0,0,1,,
X

# --by-amount: ann 4000 / (4000 + 4000) = 0.50, velocity 2 x 0.5 x 2000 /
# 35.5 = 56.338 -> 56.34; ben 0 / 1000 = 0.00; dan 2000 / 2000 = 1.00
run perf-report --by-amount
out_is "--by-amount: win rate (and velocity) by amount" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ann,2,4000,1,0.50,2000,35.5,2,6000,56.34,3,13.0,0.50
ben,0,0,1,0.00,,,1,4000,,1,24.0,
cat,0,0,0,,,,0,0,,0,,
dan,1,2000,0,1.00,2000,20.0,0,0,0,1,,
X

# --by team: east = ann + ben: won 2 / 4000, lost 2: 0.50; avg 2000;
# cycle 35.5; open 3 / 10000; velocity 3 x 0.5 x 2000 / 35.5 = 84.507 ->
# 84.51; activities 4; response median of 2, 24, 24 = 24.0; attainment of
# the east quota 4000 / 10000 = 0.40. west = cat + dan: no west quota.
run perf-report --by team
out_is "--by team" <<'X'
team,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
east,2,4000,2,0.50,2000,35.5,3,10000,84.51,4,24.0,0.40
west,1,2000,0,1.00,2000,20.0,0,0,0,1,,
X

# --by tenure, months since hired as of today: ann (2026-10-01) 1 -> 0-3;
# ben (2026-04-15) 7 -> 6-12; cat (2020) -> 12+; dan has no hire date.
run perf-report --by tenure
out_is "--by tenure: ramp buckets in order, no hire date last" <<'X'
tenure,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
0-3,2,4000,1,0.67,2000,35.5,2,6000,75.12,3,13.0,
6-12,0,0,1,0.00,,,1,4000,,1,24.0,
12+,0,0,0,,,,0,0,,0,,
,1,2000,0,1.00,2000,20.0,0,0,0,1,,
X

# --by segment: b2b won D1 D2 D9 = 3 / 6000, cycle (10+61+20)/3 = 30.33 ->
# 30.3, open D4 5000, velocity 1 x 1 x 2000 / 30.333 = 65.934 -> 65.93;
# b2c lost D3 D8, open D5 D7 = 5000. Activities belong to reps: empty.
run perf-report --by segment
out_is "--by segment" <<'X'
segment,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
b2b,3,6000,0,1.00,2000,30.3,1,5000,65.93,,,
b2c,0,0,2,0.00,,,2,5000,,,,
X

# --by source: web won D1 D9 (3000, cycles 10 and 20), lost D3: 0.67, avg
# 1500, cycle 15.0, open D4 D5 6000, velocity 2 x 0.6667 x 1500 / 15 =
# 133.33; referral won D2 (61 days), open D7: 1 x 1 x 3000 / 61 = 49.18
run perf-report --by source
out_is "--by source" <<'X'
source,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ads,0,0,1,0.00,,,0,0,,,,
referral,1,3000,0,1.00,3000,61.0,1,4000,49.18,,,
web,2,3000,1,0.67,1500,15.0,2,6000,133.33,,,
X

# --by month: closed deals by closed month, open deals by expected close
# (D5 closes in 2027: outside the quarter); activities by date; response
# times by the month the lead was created (L1, L3 in October: 13.0).
# 2026-11: won D2 D9 5000, lost D8: 0.67; avg 2500; cycle (61+20)/2 = 40.5;
# open D7: 1 x 0.6667 x 2500 / 40.5 = 41.152 -> 41.15
run perf-report --by month
out_is "--by month: every month of the quarter, even an empty one" <<'X'
month,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
2026-10,1,1000,1,0.50,1000,10.0,0,0,0,3,13.0,
2026-11,2,5000,1,0.67,2500,40.5,1,4000,41.15,2,24.0,
2026-12,0,0,0,,,,1,5000,,0,,
X
# one quarter: won 3 / 6000, lost 2: 0.60; cycle 30.3; open D4 D7 9000;
# velocity 2 x 0.6 x 2000 / 30.333 = 79.12; responses 2, 24, 24: 24.0
run perf-report --by quarter
out_is "--by quarter" <<'X'
quarter,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
2026-Q4,3,6000,2,0.60,2000,30.3,2,9000,79.12,5,24.0,
X

# ---- the window -------------------------------------------------------------
# ben in 2026-Q3: won D6 500 in 60 days; open D7; velocity 1 x 1 x 500 / 60
# = 8.33; no activity in Q3; attainment 500 / 1000 = 0.50
run perf-report --period 2026-Q3 --owner ben
out_is "--period: a past quarter with a quota" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ben,1,500,0,1.00,500,60.0,1,4000,8.33,0,,0.50
X
# November by dates: ann won D2 (61 days): velocity 2 x 1 x 3000 / 61 =
# 98.36; no activity and no new lead of hers in November; a window of
# dates has no quota
run perf-report --since 2026-11-01 --until 2026-11-30 --owner ann
out_is "--since/--until" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ann,1,3000,0,1.00,3000,61.0,2,6000,98.36,0,,
X
run perf-report --since 2026-11-01 --owner ann
out_is "--since alone: up to today" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ann,1,3000,0,1.00,3000,61.0,2,6000,98.36,0,,
X
run perf-report --team west --where 'amount >= 2000'
out_is "--team and --where" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
cat,0,0,0,,,,0,0,,0,,
dan,1,2000,0,1.00,2000,20.0,0,0,0,1,,
X
run perf-report --segment b2c --owner ann,ben
out_is "--segment picks deals" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ann,0,0,1,0.00,,,1,1000,,3,13.0,0.00
ben,0,0,1,0.00,,,1,4000,,1,24.0,
X

# ---- formats ------------------------------------------------------------------
run perf-report -f json --owner cat,dan
out_is "json: numbers, null where not defined" <<'X'
[
{"owner":"cat","won":0,"won_amount":0,"lost":0,"win_rate":null,"avg_deal":null,"cycle_days":null,"open":0,"pipeline":0,"velocity":null,"activities":0,"response_hours":null,"attainment":null},
{"owner":"dan","won":1,"won_amount":2000,"lost":0,"win_rate":1.00,"avg_deal":2000,"cycle_days":20.0,"open":0,"pipeline":0,"velocity":0,"activities":1,"response_hours":null,"attainment":null}
]
X
run perf-report -f ndjson --owner ann
out_is "ndjson" <<'X'
{"owner":"ann","won":2,"won_amount":4000,"lost":1,"win_rate":0.67,"avg_deal":2000,"cycle_days":35.5,"open":2,"pipeline":6000,"velocity":75.12,"activities":3,"response_hours":13.0,"attainment":0.50}
X
run perf-report -f tsv --owner ben
out_is "tsv" <<'X'
owner	won	won_amount	lost	win_rate	avg_deal	cycle_days	open	pipeline	velocity	activities	response_hours	attainment
ben	0	0	1	0.00			1	4000		1	24.0	
X
run env SALES_FORCE_TTY=1 perf-report --owner ann,dan
out_is "table: whole amounts with cents like the rest, columns aligned" <<'X'
owner  won  won_amount  lost  win_rate  avg_deal  cycle_days  open  pipeline  velocity  activities  response_hours  attainment
ann      2    4,000.00     1      0.67  2,000.00        35.5     2  6,000.00     75.12           3            13.0        0.50
dan      1    2,000.00     0      1.00  2,000.00        20.0     0      0.00      0.00           1
X

# ---- bad input: refused clearly, nothing written ----------------------------
snap
run perf-report --owner zed
rc_is 1 "unknown rep: exit 1"
err_is "unknown rep named" <<'X'
perf-report: unknown rep 'zed' (not in reps.csv)
X
run perf-report --period 2026-Q9
rc_is 1 "unknown period: exit 1"
err_is "bad period named" <<'X'
perf-report: bad --period '2026-Q9' (expected 2026, 2026-Q4, 2026-11, 2026-W48, this-quarter, last-month, ...)
X
run perf-report --by region
rc_is 1 "bad --by: exit 1"
err_is "bad --by named" <<'X'
perf-report: bad --by 'region' (expected rep, team, segment, source, month, quarter or tenure)
X
run perf-report --until 2026-11-30
rc_is 1 "--until alone: exit 1"
err_is "--until needs a start" <<'X'
perf-report: --until needs --since (or --period)
X
run perf-report --funnel --by team
rc_is 2 "--funnel with --by: usage"
run perf-report --stage won
rc_is 2 "--stage is not an option: usage"
run perf-report extra
rc_is 2 "an operand: usage"
sed -i '1s/,owner,/,rep,/' "$D/deals.csv"
run perf-report
rc_is 1 "a renamed column: exit 1"
err_is "the missing column named" <<X
perf-report: $D/deals.csv:1: no 'owner' column (is the header row missing or renamed?)
X
sed -i '1s/,rep,/,owner,/' "$D/deals.csv"
sed -i '1s/,rep,type,/,who,type,/' "$D/activities.csv"
run perf-report
rc_is 1 "activities.csv with a renamed column: exit 1"
err_is "its column named" <<X
perf-report: $D/activities.csv:1: no 'rep' column (is the header row missing or renamed?)
X
sed -i '1s/,who,type,/,rep,type,/' "$D/activities.csv"
unchanged "a report writes nothing"

# missing files read as empty: every active rep, nothing counted
rm "$D/deals.csv" "$D/activities.csv" "$D/leads.csv" "$D/quotas.csv"
run perf-report
rc_is 0 "missing files: exit 0"
out_is "missing files: an empty report" <<'X'
owner,won,won_amount,lost,win_rate,avg_deal,cycle_days,open,pipeline,velocity,activities,response_hours,attainment
ann,0,0,0,,,,0,0,,0,,
ben,0,0,0,,,,0,0,,0,,
cat,0,0,0,,,,0,0,,0,,
dan,0,0,0,,,,0,0,,0,,
X
run perf-report --help
rc_is 0 "--help"
grep -q '^usage: perf-report' "$T/out"
ok $? "--help prints the synopsis to stdout"
done_testing
