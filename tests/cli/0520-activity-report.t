#!/bin/sh
# activity-report: per rep, type, channel; per open deal; per account; --stale; response time.
. "${SALES_SRC:-.}/tests/cli/lib.sh"
. "$DATA/leads/activities.sh"

run activity-report
rc_is 0 "the default: per rep"
# alice: L2 created 11-10T12:00, first touch 13:30 (1.5 h); L3 has only an open task.
# bob: L1 created 11-02T08:00, first call 14:00 (6 h). Open tasks: due, undated or scheduled.
out_is "per rep, with the median lead response time" <<'X'
rep,activities,leads,deals,accounts,minutes,open_tasks,overdue,responded,median_response_hours
alice,7,2,1,2,120,4,2,1,1.5
bob,5,1,1,1,65,1,0,1,6.0
carol,2,0,0,2,0,1,0,0,
X
run activity-report --team west -f json
out_is "--team picks reps; JSON numbers" <<'X'
[
{"rep":"bob","activities":5,"leads":1,"deals":1,"accounts":1,"minutes":65,"open_tasks":1,"overdue":0,"responded":1,"median_response_hours":6.0}
]
X
run activity-report --by type
out_is "per type" <<'X'
type,activities,share,reps,minutes
call,2,0.14,2,50
chat,1,0.07,1,0
demo,1,0.07,1,45
email,2,0.14,1,0
meeting,2,0.14,1,90
note,1,0.07,1,0
social,1,0.07,1,0
task,4,0.29,3,0
X
run activity-report --by channel --period 2026-11
out_is "per channel in a period (accounts through contacts and deals)" <<'X'
channel,activities,share,accounts,leads
email,2,0.17,1,1
linkedin,1,0.08,1,0
phone,2,0.17,0,2
web,1,0.08,0,1
zoom,1,0.08,1,0
,5,0.42,3,1
X
SALES_FORCE_TTY=1 run activity-report --by channel --since 2026-11-20 --where 'type != task'
out_is "a table with bars on a terminal; --where" <<'X'
channel  activities  share  accounts  leads
email             1   0.20         1      0  ████████████
web               1   0.20         0      1  ████████████
zoom              2   0.40         2      0  ████████████████████████
                  1   0.20         1      0  ████████████
X
run activity-report --by deal
out_is "touches per open deal (open tasks and future meetings are no touch)" <<'X'
deal,name,owner,stage,touches,channels,last_touch,days_since_touch
D1,Acme renewal,alice,prospecting,1,1,2026-09-15,73
D2,Globex platform,bob,prospecting,1,1,2026-11-25,2
D3,Initech suite,alice,prospecting,0,0,,
X
run activity-report --by account
out_is "channel mix per account, first and last touch" <<'X'
account,name,touches,channels,channel_mix,first_touch,last_touch
A1,Acme Corp,2,2,email:1 onsite:1,2026-09-15,2026-11-20
A2,Globex,2,2,linkedin:1 zoom:1,2026-11-18,2026-11-25
A3,Initech,0,0,,,
X
run activity-report --by account --owner bob --since 2026-11-20
out_is "--owner picks the account owner; dates the touches" <<'X'
account,name,touches,channels,channel_mix,first_touch,last_touch
A2,Globex,1,1,zoom:1,2026-11-25,2026-11-25
X
run activity-report --stale
out_is "stale: open deals and active accounts with no touch in stale_days (30)" <<'X'
entity,id,name,owner,last_touch,days
deal,D3,Initech suite,alice,,86
deal,D1,Acme renewal,alice,2026-09-15,73
account,A3,Initech,alice,,87
X
run activity-report --stale --days 3 --owner alice
out_is "stale: --days, --owner picks the deal or account owner" <<'X'
entity,id,name,owner,last_touch,days
deal,D3,Initech suite,alice,,86
deal,D1,Acme renewal,alice,2026-09-15,73
account,A3,Initech,alice,,87
account,A1,Acme Corp,alice,2026-11-20,7
X

run activity-report --by month
rc_is 1 "a bad --by"
run activity-report --stale --by rep
rc_is 2 "--stale with --by"
run activity-report --days 5
rc_is 2 "--days without --stale"
run activity-report --stage won
rc_is 2 "--stage does not apply"
run activity-report --owner zed
rc_is 1 "an unknown rep"
run activity-report --where 'nope = 1'
rc_is 1 "--where on a missing column"
err_is "names the column" <<EOF2
activity-report: --where: $D/activities.csv has no column 'nope'
EOF2
printf 'T99,not-a-date,alice,call,,,,,,,,,,,\n' >>"$D/activities.csv" # all 15 fields: the date is what is wrong
run activity-report
rc_is 1 "a bad date in activities.csv"
err_is "says where" <<EOF2
activity-report: $D/activities.csv:16: activity T99: bad date 'not-a-date'
EOF2
done_testing
