#!/bin/sh
# coach: the thresholds come from config.json; a bad value is refused by
# name and range; missing files read as empty.
#
# alice's quota of 40000 has 32000 left and 35000 open (1.09x); D2 sits in
# a stage without rotten_days, so config stale_days decides (30 by
# default: created 57 days ago, stalled); in the last 30 days she touched
# 1 deal and bob made 3 calls: 1 is exactly half the median of 2, not
# under it; over 60 days bob's October call counts too: median 2.5.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

cat >"$D/reps.csv" <<'X'
id,name,email,team,manager,role,territory,hired,active
alice,Alice Adams,,east,,,,,
bob,Bob Brown,,east,,,,,
X
cat >"$D/stages.csv" <<'X'
stage,order,probability,category,rotten_days
prospecting,1,10,pipeline,
proposal,2,50,best,
won,3,100,closed,
lost,4,0,omitted,
X
cat >"$D/deals.csv" <<'X'
id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated
D1,2026-10-01,One,,,,alice,proposal,30000,,,,2026-12-20,,b2b,web,new,,
D2,2026-10-01,Two,,,,alice,prospecting,5000,,,,2026-12-20,,b2b,web,new,,
D6,2026-09-01,Six,,,,alice,won,8000,,,,2026-10-15,2026-10-15,b2b,web,new,,
X
cat >"$D/quotas.csv" <<'X'
owner,period,amount
alice,2026-Q4,40000
X
cat >>"$D/activities.csv" <<'X'
T1,2026-11-25T10:00:00Z,alice,call,phone,,,,D1,Call,,,,,
T2,2026-11-20T10:00:00Z,bob,call,phone,,,,,Call,,,,,
T3,2026-11-21T10:00:00Z,bob,call,phone,,,,,Call,,,,,
T4,2026-11-22T10:00:00Z,bob,call,phone,,,,,Call,,,,,
T5,2026-10-01T10:00:00Z,bob,call,phone,,,,,Call,,,,,
X
config() {
    printf '{"currency": "USD", "fiscal_year_start": 1%s}\n' "$1" >"$D/config.json"
}

run coach
out_is "the defaults: coverage 3, stale_days 30, activity ratio 0.5 (half is not under)" <<'X'
rep,priority,topic,finding,evidence,records
alice,1,coverage,"open pipeline covers 1.09x the remaining quota of 2026-Q4, under 3x","quota 40000, won 8000, remaining 32000, pipeline 35000; 61000 more needed",
alice,2,stalled,1 open deal with no touch for longer than its stage allows,5000 open; longest 57 days without a touch (limit 30),D2
X

config ', "coach_coverage": 1, "stale_days": 60, "coach_activity_days": 60, "coach_activity_ratio": 0.4'
run coach
out_is "coach_coverage 1, stale_days 60, 60 days at ratio 0.4: nothing" <<'X'
rep,priority,topic,finding,evidence,records
X

config ', "coach_coverage": 1.5, "coach_activity_days": 60'
run coach
out_is "coach_coverage 1.5; 60 days count bob's October call: median 2.5" <<'X'
rep,priority,topic,finding,evidence,records
alice,1,coverage,"open pipeline covers 1.09x the remaining quota of 2026-Q4, under 1.5x","quota 40000, won 8000, remaining 32000, pipeline 35000; 13000 more needed",
alice,2,stalled,1 open deal with no touch for longer than its stage allows,5000 open; longest 57 days without a touch (limit 30),D2
alice,3,activity,"1 activity in the last 60 days, the team's median 2.5",under 0.5 of the median of 2 active reps,
X

bad() { # CONFIG MESSAGE NAME
    config "$1"
    snap
    run coach
    unchanged "$3: nothing written"
    rc_is 1 "$3: exit 1"
    printf 'coach: %s/config.json: %s\n' "$D" "$2" >"$T/want"
    _diff "$T/want" "$T/err" "$3: message"
    is "$(cat "$T/out")" "" "$3: no output"
}
bad ', "coach_coverage": "lots"' "coach_coverage must be a number from 0 to 1000" "a word"
bad ', "coach_coverage": -1' "coach_coverage must be a number from 0 to 1000" "a negative factor"
bad ', "coach_score": 1.5' "coach_score must be a number from 0 to 1" "a score over 1"
bad ', "coach_activity_days": 2.5' "coach_activity_days must be a whole number from 1 to 3660" "a fraction of a day"
bad ', "coach_conversion_min": 0' "coach_conversion_min must be a whole number from 1 to 100000" "no deals"
bad ', "coach_response_ratio": 0.5' "coach_response_ratio must be a number from 1 to 1000" "a ratio under 1"
bad ', "coach_activity_ratio": true' "coach_activity_ratio must be a number from 0 to 1" "a boolean"
bad ', "coach_conversion_ratio": [1]' "coach_conversion_ratio must be a number from 0 to 1" "an array"

config ''
rm "$D/activities.csv" "$D/quotas.csv" "$D/history.csv" "$D/leads.csv"
run coach
rc_is 0 "no activities, quotas, history or leads"
out_is "only what the deals say: without activities D1 is untouched too" <<'X'
rep,priority,topic,finding,evidence,records
alice,1,stalled,2 open deals with no touch for longer than their stage allows,35000 open; longest 57 days without a touch (limit 30),D1;D2
X
rm "$D/deals.csv"
run coach --text
rc_is 0 "no deals either"
out_is "nothing to act on" <<'X'
alice (Alice Adams)
   nothing to act on

bob (Bob Brown)
   nothing to act on
X
is "$(cat "$T/err")" "" "no model note without open deals"
rm "$D/reps.csv"
run coach
rc_is 0 "no reps: nobody to coach"
out_is "the header only" <<'X'
rep,priority,topic,finding,evidence,records
X
done_testing
