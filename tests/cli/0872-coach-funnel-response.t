#!/bin/sh
# coach: the weakest stage conversion against the team's (perf-report
# --funnel's numbers) and slow lead response against the team's median.
#
# In 2026-Q4 (coach_conversion_min 1 here): alice's two deals entered
# prospecting and stayed, bob's two moved on: the team converts 2 of 4
# (0.50), alice 0 of 2, under 0.75 x 0.50. Qualification: bob's two
# entered, none passed: the team's 0 is no yardstick.
# Leads created 2026-11-01: alice's first touch after 48 hours, bob's
# after 10 and 2: the team's median is 10; alice's 48 is over 2 x 10,
# bob's 6 is not.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice Adams,,east,,,,,
bob,Bob Brown,,east,,,,,
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-11-20,One,,,,alice,prospecting,1000,,,,2027-03-01,,b2b,web,new,,
D2,2026-11-20,Two,,,,alice,prospecting,3000,,,,2027-03-01,,b2b,web,new,,
D3,2026-10-02,Three,,,,bob,qualification,1000,,,,2027-03-01,,b2b,web,new,,
D4,2026-10-02,Four,,,,bob,qualification,1000,,,,2027-03-01,,b2b,web,new,,
X
cat >>"$D/history.csv" <<'X'
2026-11-25T10:00:00Z,tester,deal-move,deals,D3,stage,prospecting,qualification
2026-11-25T10:00:00Z,tester,deal-move,deals,D4,stage,prospecting,qualification
X
cat >>"$D/leads.csv" <<'X'
L1,2026-11-01T00:00:00Z,Lead one,,,,web,b2b,alice,contacted,,,
L2,2026-11-01T00:00:00Z,Lead two,,,,web,b2b,bob,contacted,,,
L3,2026-11-01T00:00:00Z,Lead three,,,,web,b2b,bob,contacted,,,
X
cat >>"$D/activities.csv" <<'X'
T1,2026-11-03T00:00:00Z,alice,call,phone,L1,,,,Call,,,,,
T2,2026-11-01T10:00:00Z,bob,call,phone,L2,,,,Call,,,,,
T3,2026-11-01T02:00:00Z,bob,call,phone,L3,,,,Call,,,,,
T4,2026-11-26T10:00:00Z,alice,call,phone,,,,D1,Call,,,,,
T5,2026-11-26T10:00:00Z,alice,call,phone,,,,D2,Call,,,,,
T6,2026-11-26T10:00:00Z,bob,call,phone,,,,D3,Call,,,,,
T7,2026-11-26T10:00:00Z,bob,call,phone,,,,D4,Call,,,,,
X
config() {
    printf '{"currency": "USD", "fiscal_year_start": 1%s}\n' "$1" >"$D/config.json"
}
config ', "coach_conversion_min": 1'

snap
run perf-report --funnel
out_is "perf-report --funnel: the numbers coach reads" <<'X'
owner,stage,entered,passed,conversion,team_conversion
alice,prospecting,2,0,0.00,0.50
bob,prospecting,2,2,1.00,0.50
bob,qualification,2,0,0.00,0.00
X
run coach
rc_is 0 "coach"
out_is "alice: prospecting under the team's, response over 2x the team's" <<'X'
rep,priority,topic,finding,evidence,records
alice,1,conversion,"prospecting converts 0.00, the team 0.50",0 of 2 passed; the team 2 of 4; under 0.75 of the team's; 2 open deals 4000 in prospecting now,D2;D1
alice,2,response,"median lead response 48.0 hours, the team 10.0","1 lead answered, 0 waiting; over 2x the team's median",
X
unchanged "nothing written"

config ', "coach_conversion_min": 3, "coach_response_ratio": 5'
run coach
out_is "3 deals needed in a stage, 5x the team's response: nothing" <<'X'
rep,priority,topic,finding,evidence,records
X
config ', "coach_conversion_min": 2, "coach_conversion_ratio": 0'
run coach --rep alice --period 2026-10
out_is "ratio 0 flags no stage; October: no lead created, no response" <<'X'
rep,priority,topic,finding,evidence,records
X
done_testing
