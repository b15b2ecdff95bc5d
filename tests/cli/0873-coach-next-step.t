#!/bin/sh
# coach: high-scoring deals with no next step, from deal-score's model.
#
# The fixture is 0850-deal-score.t's, whose scores are worked out there:
# D81 (alice) 0.73, D82 (bob) 0.27, D83 (bob) 0.50. D81 has an open task
# (T4, due 2026-12-01) and a call scheduled for tomorrow (T5); D82 and D83
# have no activity at all.
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --name Alice >/dev/null
rep-add bob --name Bob >/dev/null
day() { date -u -d "2026-03-01 + $1 days" +%F; }
{
    echo "id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated"
    k=1
    while [ $k -le 40 ]; do
        c=$(day $k)
        z=$(day $((k + 1)))
        if [ $((k % 4)) -eq 0 ] && [ $k -le 32 ] || [ $k -eq 36 ] || [ $k -eq 40 ]; then
            a=lost b=won
        else
            a=won b=lost
        fi
        echo "D$((2 * k - 1)),$c,Deal,,,,alice,$a,1000,,,,,$z,b2b,web,new,,"
        echo "D$((2 * k)),$c,Deal,,,,alice,$b,1000,,,,,$z,b2c,web,new,,"
        k=$((k + 1))
    done
    echo "D81,2026-10-01,Big one,,,,alice,proposal,5000,,,,2026-12-31,,b2b,web,new,,"
    echo "D82,2026-11-17,Small one,,,,bob,qualification,2000,,,,,,b2c,web,new,,"
    echo "D83,2026-09-01,Odd one,,,,bob,negotiation,9000,,,,2026-11-20,,saas,web,new,,"
} >"$D/deals.csv"
{
    echo "ts,user,command,entity,id,field,old,new"
    k=1
    while [ $k -le 80 ]; do
        line=$(grep "^D$k," "$D/deals.csv")
        z=$(echo "$line" | cut -d, -f14)
        st=$(echo "$line" | cut -d, -f8)
        echo "${z}T10:00:00Z,tester,deal-close,deals,D$k,stage,proposal,$st"
        k=$((k + 1))
    done
    echo "2026-11-02T09:00:00Z,tester,deal-move,deals,D81,stage,prospecting,proposal"
    echo "2026-11-20T09:00:00Z,tester,deal-update,deals,D81,close,2026-11-30,2026-12-31"
} >"$D/history.csv"
cat >>"$D/activities.csv" <<'X'
T1,2026-11-25T10:00:00Z,alice,call,phone,,,,D81,Call,,,,,
T2,2026-11-05T10:00:00Z,alice,email,email,,,,D81,Mail,,,,,
T3,2026-11-18T10:00:00Z,alice,task,crm,,,,D81,Send offer,,,2026-11-20,2026-11-20T12:00:00Z,
T4,2026-11-26T10:00:00Z,alice,task,crm,,,,D81,Follow up,,,2026-12-01,,
T5,2026-11-28T10:00:00Z,alice,call,phone,,,,D81,Later call,,,,,
X

config() {
    printf '{"currency": "USD", "fiscal_year_start": 1%s}\n' "$1" >"$D/config.json"
}

config ', "coach_score": 0.45'
snap
run coach -f csv
rc_is 0 "coach"
out_is "D81 has next steps; D83 (0.50) has none and reaches coach_score 0.45" <<'X'
rep,priority,topic,finding,evidence,records
bob,1,overdue,1 open deal past its close date,9000 open; 7 days overdue at most,D83
bob,2,stalled,1 open deal with no touch for longer than its stage allows,9000 open; longest 87 days without a touch (limit 14),D83
bob,3,next_step,1 deal scoring 0.45 or more with no next step,9000 open; score 0.50 at best; no open activity,D83
bob,4,activity,"0 activities in the last 30 days, the team's median 1.5",under 0.5 of the median of 2 active reps,
X
is "$(cat "$T/err")" "" "the model learnt: no note"
unchanged "nothing written"

# T4 done, T5 (scheduled) gone: D81 has no next step left
activity-done T4 >/dev/null
grep -v '^T5,' "$D/activities.csv" >"$T/a" && cat "$T/a" >"$D/activities.csv"
run coach -f csv --rep alice
out_is "D81 without an open activity" <<'X'
rep,priority,topic,finding,evidence,records
alice,1,next_step,1 deal scoring 0.45 or more with no next step,5000 open; score 0.73 at best; no open activity,D81
X
config ', "coach_score": 0.8'
run coach -f csv --rep alice
out_is "coach_score 0.8: 0.73 is not enough" <<'X'
rep,priority,topic,finding,evidence,records
X
done_testing
