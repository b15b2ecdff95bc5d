#!/bin/sh
# coach: stalled deals, overdue close dates and thin coverage per rep,
# ranked by the money at stake; --rep, --team, the formats, bad input.
#
# Today is 2026-11-27 (lib.sh), in 2026-Q4. Stages are sales-init's:
# prospecting and negotiation may sit 14 days untouched, proposal 21.
#   alice: D1 proposal touched 2 days ago (fine); D2 prospecting never
#          touched, created 57 days ago (stalled), close 7 days past
#          (overdue); D3 negotiation touched 26 days ago (stalled). Quota
#          40000, won 8000 (D6): 32000 left, pipeline 35000 is 1.09x it,
#          3 x 32000 - 35000 = 61000 more needed. Stakes: coverage 61000,
#          stalled 25000, overdue 5000.
#   bob:   D4 proposal 7 days old (fine); quota 60000, won 30000, pipeline
#          90000 = exactly 3x: not thin.
#   carol: D7 touched yesterday, close date yesterday: overdue only.
#   dave:  inactive, with a stalled deal: left out unless named; named,
#          his 0 touches are under half the active reps' median of 2.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice Adams,,east,,,,,
bob,Bob Brown,,east,,,,,
carol,Carol Chen,,west,,,,,
dave,Dave Dunn,,west,,,,,no
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-10-01,One,,,,alice,proposal,10000,,,,2026-12-20,,b2b,web,new,,
D2,2026-10-01,Two,,,,alice,prospecting,5000,,,,2026-11-20,,b2b,web,new,,
D3,2026-09-01,Three,,,,alice,negotiation,20000,,,,2026-12-15,,b2b,web,new,,
D4,2026-11-20,Four,,,,bob,proposal,90000,,,,2026-12-30,,b2b,web,new,,
D5,2026-09-01,Five,,,,bob,won,30000,,,,2026-11-10,2026-11-10,b2b,web,new,,
D6,2026-09-01,Six,,,,alice,won,8000,,,,2026-10-15,2026-10-15,b2b,web,new,,
D7,2026-11-01,Seven,,,,carol,qualification,4000,,,,2026-11-26,,b2b,web,new,,
D8,2026-01-01,Eight,,,,dave,prospecting,1000,,,,,,b2b,web,new,,
X
cat >"$D/quotas.csv" <<'X'
owner,period,amount
alice,2026-Q4,40000
bob,2026-Q4,60000
X
cat >>"$D/activities.csv" <<'X'
T1,2026-11-25T10:00:00Z,alice,call,phone,,,,D1,Call,,,,,
T2,2026-11-01T10:00:00Z,alice,email,email,,,,D3,Mail,,,,,
T3,2026-11-20T10:00:00Z,bob,call,phone,,,,,Call,,,,,
T4,2026-11-21T10:00:00Z,bob,call,phone,,,,,Call,,,,,
T5,2026-11-22T10:00:00Z,bob,call,phone,,,,,Call,,,,,
T6,2026-11-26T10:00:00Z,carol,call,phone,,,,D7,Call,,,,,
T7,2026-11-24T10:00:00Z,carol,call,phone,,,,,Call,,,,,
X
NOTE="coach: next_step left out: too few closed deals to learn from: 0 won and 0 lost (at least 30 of each needed)"

snap
run coach
rc_is 0 "coach"
out_is "ranked per rep: money at stake first" <<'X'
rep,priority,topic,finding,evidence,records
alice,1,coverage,"open pipeline covers 1.09x the remaining quota of 2026-Q4, under 3x","quota 40000, won 8000, remaining 32000, pipeline 35000; 61000 more needed",
alice,2,stalled,2 open deals with no touch for longer than their stage allows,25000 open; longest 57 days without a touch (limit 14),D2;D3
alice,3,overdue,1 open deal past its close date,5000 open; 7 days overdue at most,D2
carol,1,overdue,1 open deal past its close date,4000 open; 1 days overdue at most,D7
X
err_is "the score's refusal said once, not a failure" <<X
$NOTE
X
unchanged "coach writes nothing"

run coach --rep bob
rc_is 0 "--rep bob"
out_is "bob: exactly 3x is not thin, a fresh deal is not stalled" <<'X'
rep,priority,topic,finding,evidence,records
X
run coach --rep bob --text
out_is "--text: a rep with nothing says so" <<'X'
bob (Bob Brown)
   nothing to act on
X
run coach --rep dave
out_is "--rep names an inactive rep too" <<'X'
rep,priority,topic,finding,evidence,records
dave,1,stalled,1 open deal with no touch for longer than its stage allows,1000 open; longest 330 days without a touch (limit 14),D8
dave,2,activity,"0 activities in the last 30 days, the team's median 2",under 0.5 of the median of 3 active reps,
X
run coach --team west -f tsv
out_is "--team: its active reps; tsv" <<'X'
rep	priority	topic	finding	evidence	records
carol	1	overdue	1 open deal past its close date	4000 open; 1 days overdue at most	D7
X
run coach --rep carol --rep alice -f ndjson
out_is "--rep twice; ndjson" <<'X'
{"rep":"alice","priority":1,"topic":"coverage","finding":"open pipeline covers 1.09x the remaining quota of 2026-Q4, under 3x","evidence":"quota 40000, won 8000, remaining 32000, pipeline 35000; 61000 more needed","records":null}
{"rep":"alice","priority":2,"topic":"stalled","finding":"2 open deals with no touch for longer than their stage allows","evidence":"25000 open; longest 57 days without a touch (limit 14)","records":"D2;D3"}
{"rep":"alice","priority":3,"topic":"overdue","finding":"1 open deal past its close date","evidence":"5000 open; 7 days overdue at most","records":"D2"}
{"rep":"carol","priority":1,"topic":"overdue","finding":"1 open deal past its close date","evidence":"4000 open; 1 days overdue at most","records":"D7"}
X
run coach --text
out_is "--text: grouped per rep" <<'X'
alice (Alice Adams)
 1. coverage: open pipeline covers 1.09x the remaining quota of 2026-Q4, under 3x
    quota 40000, won 8000, remaining 32000, pipeline 35000; 61000 more needed
 2. stalled: 2 open deals with no touch for longer than their stage allows
    25000 open; longest 57 days without a touch (limit 14)
    D2;D3
 3. overdue: 1 open deal past its close date
    5000 open; 7 days overdue at most
    D2

bob (Bob Brown)
   nothing to act on

carol (Carol Chen)
 1. overdue: 1 open deal past its close date
    4000 open; 1 days overdue at most
    D7
X
SALES_FORCE_TTY=1 run coach --rep carol
out_is "a terminal gets the readable form" <<'X'
carol (Carol Chen)
 1. overdue: 1 open deal past its close date
    4000 open; 1 days overdue at most
    D7
X
SALES_FORCE_TTY=1 run coach --rep carol -f csv
out_is "-f wins on a terminal" <<'X'
rep,priority,topic,finding,evidence,records
carol,1,overdue,1 open deal past its close date,4000 open; 1 days overdue at most,D7
X

# bad input
run coach --rep zoe
rc_is 1 "unknown rep: exit 1"
err_is "unknown rep named" <<'X'
coach: unknown rep 'zoe' (not in reps.csv)
X
run coach --team north
rc_is 1 "unknown team: exit 1"
err_is "unknown team named" <<'X'
coach: unknown team 'north' (no rep has it as team, and no rep has that id)
X
run coach --text -f csv
rc_is 2 "--text with -f: usage"
run coach extra
rc_is 2 "an operand: usage"
run coach --bogus
rc_is 2 "an unknown option: usage"
run coach --period 2026-Q9
rc_is 1 "a bad period: exit 1"
run coach --help
rc_is 0 "--help"
head -1 "$T/out" >"$T/h"
file_is "$T/h" "--help starts with the synopsis" <<'X'
usage: coach [-D DIR] [-f FORMAT | --text] [--rep REP] [--team TEAM]
X
unchanged "nothing written by any of them"
done_testing
