#!/bin/sh
# perf-report --funnel: stage-to-stage conversion from history.csv, per
# owner with the team's figure beside it; a skipped stage counts as entered
# and passed. Numbers checked by hand below.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
ann,Ann,,east,,rep,,2025-01-01,yes
ben,Ben,,east,,rep,,2025-01-01,yes
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
E1,2026-10-01T09:00:00Z,e1,,,,ann,won,100,,,,2026-10-20,2026-10-20,b2b,web,new,,
E2,2026-10-02T09:00:00Z,e2,,,,ann,lost,100,,,,2026-10-25,2026-10-25,b2b,web,new,price,
E3,2026-10-03T09:00:00Z,e3,,,,ben,prospecting,100,,,,2026-12-20,,b2b,web,new,,
E4,2026-09-01T09:00:00Z,e4,,,,ben,qualification,100,,,,2026-12-20,,b2b,web,new,,
E5,2026-10-01T09:00:00Z,e5,,,,ann,proposal,100,,,,2026-12-20,,b2b,web,new,,
X
cat >"$D/history.csv" <<'X'
ts,user,command,entity,id,field,old,new
2026-09-01T09:00:00Z,t,deal-add,deals,E4,,,created
2026-09-10T09:00:00Z,t,deal-move,deals,E4,stage,prospecting,qualification
2026-10-05T09:00:00Z,t,deal-move,deals,E1,stage,prospecting,qualification
2026-10-05T10:00:00Z,t,deal-move,deals,E4,stage,qualification,negotiation
2026-10-06T09:00:00Z,t,deal-move,deals,E2,stage,prospecting,proposal
2026-10-06T10:00:00Z,t,deal-update,deals,E2,amount,50,100
2026-10-10T09:00:00Z,t,deal-move,deals,E1,stage,qualification,proposal
2026-10-15T09:00:00Z,t,deal-move,deals,E5,stage,qualification,proposal
2026-10-20T09:00:00Z,t,deal-close,deals,E1,stage,proposal,won
2026-10-25T09:00:00Z,t,deal-close,deals,E2,stage,proposal,lost
2026-11-10T09:00:00Z,t,deal-move,deals,E4,stage,negotiation,qualification
X

# 2026-Q4 (P prospecting, Q qualification, R proposal, N negotiation):
# E1 (ann) created in P in the window, then Q, R, won: it skipped N, so N
#    counts as entered and passed: entered P Q R N, passed all four
# E2 (ann) created in P, P -> R skips Q (entered and passed), then lost:
#    entered P Q R, passed P Q
# E3 (ben) created in P, never moved: entered P, passed nothing
# E4 (ben) created and moved to Q in Q3 (not entered in the window); Q -> N
#    on 10-05 skips R: entered R N, passed R; back to Q on 11-10: entered
#    Q, not passed since
# E5 (ann) created in Q (the stage its first move left), Q -> R: entered
#    Q R, passed Q
# ann: P 2/2, Q 3/3, R 1/3 (E1), N 1/1; ben: P 0/1, Q 0/1, R 1/1, N 0/1
# team: P 2/3 = 0.67, Q 3/4 = 0.75, R 2/4 = 0.50, N 1/2 = 0.50
run perf-report --funnel
rc_is 0 "--funnel"
out_is "per owner and stage, with the team's conversion" <<'X'
owner,stage,entered,passed,conversion,team_conversion
ann,prospecting,2,2,1.00,0.67
ann,qualification,3,3,1.00,0.75
ann,proposal,3,1,0.33,0.50
ann,negotiation,1,1,1.00,0.50
ben,prospecting,1,0,0.00,0.67
ben,qualification,1,0,0.00,0.75
ben,proposal,1,1,1.00,0.50
ben,negotiation,1,0,0.00,0.50
X
# 2026-Q3: only E4, created in P on 09-01 and moved on to Q and later N
run perf-report --funnel --period 2026-Q3 -f csv
out_is "--period: entries in the window, passing later counts" <<'X'
owner,stage,entered,passed,conversion,team_conversion
ben,prospecting,1,1,1.00,1.00
ben,qualification,1,1,1.00,1.00
X
run perf-report --funnel --owner ann -f ndjson
out_is "--owner: the team is the owners shown" <<'X'
{"owner":"ann","stage":"prospecting","entered":2,"passed":2,"conversion":1.00,"team_conversion":1.00}
{"owner":"ann","stage":"qualification","entered":3,"passed":3,"conversion":1.00,"team_conversion":1.00}
{"owner":"ann","stage":"proposal","entered":3,"passed":1,"conversion":0.33,"team_conversion":0.33}
{"owner":"ann","stage":"negotiation","entered":1,"passed":1,"conversion":1.00,"team_conversion":1.00}
X
run perf-report --funnel --since 2026-11-01 --until 2026-11-30 -f tsv
out_is "--since/--until" <<'X'
owner	stage	entered	passed	conversion	team_conversion
ben	qualification	1	0	0.00	0.00
X

run perf-report --funnel --since 2026-11-01 -f tsv
out_is "--since alone: up to today" <<'X'
owner	stage	entered	passed	conversion	team_conversion
ben	qualification	1	0	0.00	0.00
X
run perf-report --funnel --until 2026-11-01
rc_is 1 "--until alone: exit 1"

snap
run perf-report --funnel --by-amount
rc_is 2 "--funnel with --by-amount: usage"
sed -i '1s/,old,/,before,/' "$D/history.csv"
run perf-report --funnel
rc_is 1 "history.csv with a renamed column: exit 1"
err_is "the column named" <<X
perf-report: $D/history.csv:1: no 'old' column (is the header row missing or renamed?)
X
sed -i '1s/,before,/,old,/' "$D/history.csv"
unchanged "nothing written"
rm "$D/history.csv"
# created in Q4 and still open: E3 in P, E5 in R (E1 and E2 are closed,
# E4 was created in Q3); nothing passed
run perf-report --funnel
rc_is 0 "no history.csv: exit 0"
out_is "no history: only deals created in the window, in the stage they are in" <<'X'
owner,stage,entered,passed,conversion,team_conversion
ann,proposal,1,0,0.00,0.00
ben,prospecting,1,0,0.00,0.00
X
done_testing
