#!/bin/sh
# deal-score: a model learnt from closed deals scores the open ones.
#
# The fixture makes the fit known. 80 closed deals, two a day for 40 days
# from 2026-03-02: each created the day before it closed, so each is seen
# as of its created day (reference day = created + hash mod 1), in
# proposal (the old stage of its close in history.csv), 0 days old, never
# touched, no close date, amount 1000, owner alice. Each day closes one won
# and one lost deal, so alice's (and everyone's) trailing win rate is 0.5
# on every reference day. Only the segment varies: an "A" day closes a b2b
# deal won and a b2c deal lost, a "B" day (every 4th of days 1-32, days 36
# and 40) the other way round. Every number is constant in training (no
# term); stage proposal, source web and type new are in every row (the
# penalty makes their terms 0, the intercept unpenalised). All 80: b2b 30
# of 40 won, b2c 10 of 40; by symmetry b0 = 0, b_b2b = -b_b2c = b with
# 40 (0.75 - sigmoid(b)) = b (lambda 1): b = 0.972812, sigmoid(b) =
# 0.725680 (solved apart by bisection in Python).
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

# Scores: D81 b2b sigmoid(b) = 0.73 (delta vs proposal's 0.50: +0.23);
# D82 b2c sigmoid(-b) = 0.27 (vs 0.20: +0.07); D83 saas, a level never
# seen: "other", sigmoid(0) = 0.50 (vs 0.80: -0.30), no factor.
run deal-score -f csv
rc_is 0 "deal-score"
out_is "scores, deltas, top factors" <<'X'
deal,name,owner,stage,stage_probability,score,delta,top_factors
D81,Big one,alice,proposal,0.50,0.73,+0.23,b2b +0.97
D82,Small one,bob,qualification,0.20,0.27,+0.07,b2c -0.97
D83,Odd one,bob,negotiation,0.80,0.50,-0.30,
X
run deal-score -f csv --owner bob
out_is "--owner picks the deals scored" <<'X'
deal,name,owner,stage,stage_probability,score,delta,top_factors
D82,Small one,bob,qualification,0.20,0.27,+0.07,b2c -0.97
D83,Odd one,bob,negotiation,0.80,0.50,-0.30,
X
run deal-score -f csv --stage proposal --segment b2b
out_is "--stage, --segment" <<'X'
deal,name,owner,stage,stage_probability,score,delta,top_factors
D81,Big one,alice,proposal,0.50,0.73,+0.23,b2b +0.97
X

# D81 on 2026-11-27: in proposal since 11-02 (25d), created 10-01 (57d);
# a call 11-25 (in 14 and 30 days), an email 11-05 (22 days ago: 30 only),
# a task done 11-20 (other, 14 and 30), an open task and a call dated
# after today not counted; last touch 11-25 (2d); the close pushed once
# (11-30 -> 12-31), 34 days to it. alice's win rate: 40 of 80 closes in
# the year, smoothed by 5 at everyone's 0.5: 0.50.
run deal-score -f csv --explain D81
rc_is 0 "--explain"
out_is "--explain: every feature's value and term" <<'X'
feature,value,term
intercept,,+0.0000
stage,proposal,+0.0000
segment,b2b,+0.9728
source,web,+0.0000
type,new,+0.0000
days in stage,25d,+0.0000
age,57d,+0.0000
amount,5000,+0.0000
owner win rate,0.50,+0.0000
calls 14d,1,+0.0000
emails 14d,0,+0.0000
meetings 14d,0,+0.0000
demos 14d,0,+0.0000
other 14d,1,+0.0000
calls 30d,1,+0.0000
emails 30d,1,+0.0000
meetings 30d,0,+0.0000
demos 30d,0,+0.0000
other 30d,1,+0.0000
no touch,2d,+0.0000
close pushed,1x,+0.0000
days to close,34d,+0.0000
log-odds,,+0.9728
score,,0.7257
X
# D82: created 11-17, no history, no activity: 10 days in stage, 10 old,
# untouched since created; no close date.
run deal-score -f csv --explain D82
is "$(grep -E '^(segment|days in stage|age|no touch|close pushed|days to close|score),' "$T/out" | tr '\n' ' ')" \
    "segment,b2c,-0.9728 days in stage,10d,+0.0000 age,10d,+0.0000 no touch,10d,+0.0000 close pushed,0x,+0.0000 days to close,(none),+0.0000 score,,0.2743 " \
    "--explain D82: since created, no close date"
run deal-score -f csv --explain D83
is "$(grep -E '^(segment|days to close|score),' "$T/out" | tr '\n' ' ')" \
    "segment,saas,+0.0000 days to close,-7d,+0.0000 score,,0.5000 " \
    "--explain D83: an unseen level is other, an overdue close is negative"

# --evaluate: 80 closes, the last 20% (16) held out: the 65th close is day
# 33's (2026-04-04). Train: days 1-32, b2b 24 of 32 won, b2c 8 of 32 ->
# b = 0.946548 from 32 (0.75 - sigmoid(b)) = b, p = 0.720420 for b2b and
# 0.279580 for b2c. Test: days 33-40, b2b 6 won 2 lost, b2c 2 won 6 lost.
# AUC: of 8 x 8 pairs, b2b won over b2c lost 36, ties (same p) 6 x 2 and
# 2 x 6 count half: (36 + 6 + 6) / 64 = 0.75. Brier (12 (1-p)^2 + 4 p^2)
# / 16 = 0.1884; log loss -(12 ln p + 4 ln(1-p)) / 16 = 0.5646. The
# baseline is 0.5 for all (proposal): AUC 0.5, Brier 0.25, ln 2 = 0.6931.
run deal-score --evaluate -f csv
rc_is 0 "--evaluate"
out_is "--evaluate: model and baseline side by side, calibration, verdict" <<'X'
measure,model,baseline
train_deals,64,64
test_deals,16,16
test_won,8,8
auc,0.7500,0.5000
brier,0.1884,0.2500
log_loss,0.5646,0.6931

bin,deals,predicted,won
0.0-0.1,0,,
0.1-0.2,0,,
0.2-0.3,8,0.28,0.25
0.3-0.4,0,,
0.4-0.5,0,,
0.5-0.6,0,,
0.6-0.7,0,,
0.7-0.8,8,0.72,0.75
0.8-0.9,0,,
0.9-1.0,0,,

trained on 64 deals closed before 2026-04-04, tested on 16 closed from then on
the model beats the stage-probability baseline on AUC, Brier and log loss
X

# forecast --pipeline --probability model: 2026-Q4 holds D81 (best, 5000 x
# 0.725680) and D83 (commit, 9000 x 0.5): 8128.40; sd^2 = 5000^2 .725680
# .274320 + 9000^2 .25 -> 8128.40 -/+ 6436.75 = 1691.65, 14565.15. D82 is
# undated: 2000 x 0.274320 = 548.64, sd 892.56 -> 0, 1692.22. By stage
# probability: 5000 x .5 + 9000 x .8 = 9700 (4083.06, 15316.94); 400 (0, 1425.24).
run forecast --pipeline --probability model --horizon 1 -f csv
rc_is 0 "forecast --probability model"
out_is "forecast --pipeline weighs by the scores" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026-Q4,0,9000,14000,14000,8128.4,1691.65,14565.15
undated,,0,0,2000,548.64,0,1692.22
X
run forecast --pipeline --probability stage --horizon 1 -f csv
out_is "--probability stage is the default" <<'X'
period,closed,commit,best_case,pipeline,weighted,lo80,hi80
2026-Q4,0,9000,14000,14000,9700,4083.06,15316.94
undated,,0,0,2000,400,0,1425.24
X

# ---- --write: the score column, history rows, probability untouched --------------
# (the hand-made fixture has no "created" rows: sales-check --history finds
# the same before and after, nothing new from the scores)
sales-check --history >"$T/hist-before" 2>&1
snap
run deal-score --write -f csv
rc_is 0 "--write"
is "$(head -n 1 "$D/deals.csv")" \
    "id,created,name,account,contact,lead,owner,stage,amount,currency,probability,category,close,closed,segment,source,type,lost_reason,updated,score" \
    "score column added at the end"
is "$(grep -E '^D(1|81|82|83),' "$D/deals.csv")" "D1,2026-03-02,Deal,,,,alice,won,1000,,,,,2026-03-03,b2b,web,new,,,
D81,2026-10-01,Big one,,,,alice,proposal,5000,,,,2026-12-31,,b2b,web,new,,,73
D82,2026-11-17,Small one,,,,bob,qualification,2000,,,,,,b2c,web,new,,,27
D83,2026-09-01,Odd one,,,,bob,negotiation,9000,,,,2026-11-20,,saas,web,new,,,50" \
    "open deals get their score in percent, closed ones nothing, probability stays empty"
is "$(grep ',score,' "$D/history.csv")" "2026-11-27T09:30:00Z,tester,deal-score,deals,D81,score,,73
2026-11-27T09:30:00Z,tester,deal-score,deals,D82,score,,27
2026-11-27T09:30:00Z,tester,deal-score,deals,D83,score,,50" "history rows for the scores"
n=$(wc -l <"$D/history.csv")
run deal-score --write
is "$(wc -l <"$D/history.csv")" "$n" "the same scores again: no history rows"
sales-check --history >"$T/hist-after" 2>&1
_diff "$T/hist-before" "$T/hist-after" "the score rows replay to the score column"

# ---- refusals and bad usage ---------------------------------------------------
snap
# 0.5 held out: 40 kept, the 41st close is day 21's (2026-03-23): days 1-20 are 20 won, 20 lost
run deal-score --evaluate --holdout 0.5
rc_is 1 "--holdout 0.5: too few to train"
err_is "refused with the counts" <<'X'
deal-score: too few closed deals to learn from: 20 won and 20 lost (at least 30 of each needed) before the held-out closes (from 2026-03-23)
X
run deal-score --explain D1
rc_is 1 "--explain of a closed deal"
err_is "closed deals are not scored" <<'X'
deal-score: deal D1 is closed: only open deals are scored
X
run deal-score --explain D999
rc_is 1 "--explain of an unknown deal"
err_is "unknown deal" <<'X'
deal-score: unknown deal 'D999' (not in deals.csv)
X
run deal-score --holdout 0.2
rc_is 2 "--holdout without --evaluate"
run deal-score --evaluate --holdout 1
rc_is 2 "--holdout 1"
err_is "--holdout message" <<'X'
deal-score: bad --holdout '1' (expected a fraction between 0 and 1)
usage: deal-score [-D DIR] [-f FORMAT] [--write [-n]] [--owner REP] [--team TEAM]
                  [--segment SEGMENT] [--source SOURCE] [--stage STAGE]
                  [--where 'FIELD OP VALUE'] ...
       deal-score [-D DIR] [-f FORMAT] --explain ID
       deal-score [-D DIR] [-f FORMAT] --evaluate [--holdout FRACTION]
X
run deal-score --write --evaluate
rc_is 2 "--write with --evaluate"
run deal-score --explain D81 --owner bob
rc_is 2 "--explain with a filter"
run deal-score extra
rc_is 2 "an operand"
run forecast --probability model
rc_is 2 "--probability without --pipeline"
run forecast --pipeline --probability guess
rc_is 2 "--probability guess"
unchanged "refusals write nothing"

# Too few: a fresh directory has no closed deals; 29 lost is one short.
E="$T/fresh"
sales-init "$E" >/dev/null
run deal-score -D "$E"
rc_is 1 "no closed deals"
err_is "never a fake score" <<'X'
deal-score: too few closed deals to learn from: 0 won and 0 lost (at least 30 of each needed)
X
run forecast -D "$E" --pipeline --probability model
rc_is 1 "forecast --probability model refuses as well"
cp "$D/deals.csv" "$D/history.csv" "$E/"
awk -F, '$8 == "lost" && n < 11 { n++; next } 1' "$D/deals.csv" >"$E/deals.csv"
is "$(grep -c ',lost,' "$E/deals.csv") $(grep -c ',won,' "$E/deals.csv")" "29 40" "11 lost deals taken out"
run deal-score -D "$E"
rc_is 1 "29 lost: refused"
err_is "29 lost" <<'X'
deal-score: too few closed deals to learn from: 40 won and 29 lost (at least 30 of each needed)
X
done_testing
