#!/bin/sh
# lead-score without a rules file: a model of converted against
# disqualified leads scores the open ones; DIR/lead-score.rules is used
# when there.
#
# The fixture makes the fit known, as 0850 does for deals. 80 decided
# leads, two a day for 40 days from 2026-03-02, each created the day
# before its decision (history.csv: contacted -> converted/disqualified),
# so each is seen on its created day, contacted, 0 days old, untouched,
# owner alice, phone and company set. Only the source varies: an "A" day
# converts an event lead and disqualifies a web one, a "B" day (every 4th
# of days 1-32, days 36 and 40) the other way round. All 80: event 30 of
# 40 converted, web 10 of 40: b0 = 0, b_event = -b_web = b, 40 (0.75 -
# sigmoid(b)) = b, b = 0.972812, sigmoid(b) = 0.725680 (bisection in
# Python, as in 0850).
. "${SALES_SRC:-.}/tests/cli/lib.sh"

rep-add alice --name Alice >/dev/null
day() { date -u -d "2026-03-01 + $1 days" +%F; }
{
    echo "id,created,name,company,email,phone,source,segment,owner,status,score,updated,notes"
    k=1
    while [ $k -le 40 ]; do
        c=$(day $k)
        if [ $((k % 4)) -eq 0 ] && [ $k -le 32 ] || [ $k -eq 36 ] || [ $k -eq 40 ]; then
            a=disqualified b=converted
        else
            a=converted b=disqualified
        fi
        echo "L$((2 * k - 1)),$c,Lead,Co,,+1 555,event,b2b,alice,$a,,,"
        echo "L$((2 * k)),$c,Lead,Co,,+1 555,web,b2b,alice,$b,,,"
        k=$((k + 1))
    done
    echo "L81,2026-11-10,Eve Event,Co,,+1 555,event,b2b,alice,contacted,,,"
    echo "L82,2026-11-25,Wes Web,Co,,+1 555,web,b2b,alice,new,,,"
    echo "L83,2026-11-01,Ray Ref,Co,,+1 555,referral,b2b,alice,qualified,12,,"
} >"$D/leads.csv"
{
    echo "ts,user,command,entity,id,field,old,new"
    k=1
    while [ $k -le 80 ]; do
        st=$(grep "^L$k," "$D/leads.csv" | cut -d, -f10)
        echo "$(day $(((k + 1) / 2 + 1)))T10:00:00Z,tester,lead-update,leads,L$k,status,contacted,$st"
        k=$((k + 1))
    done
    echo "2026-11-20T09:00:00Z,tester,lead-update,leads,L81,status,new,contacted"
} >"$D/history.csv"
cat >>"$D/activities.csv" <<'X'
T1,2026-11-20T10:00:00Z,alice,call,phone,L81,,,,Call,,,,,
T2,2026-11-12T10:00:00Z,alice,email,email,L81,,,,Mail,,,,,
X

# L81 event 0.73, L82 web 0.27, L83 referral (never seen: other) 0.50.
run lead-score -n -f csv
rc_is 0 "lead-score -n"
out_is "the open leads, in percent" <<'X'
lead,name,score,previous
L81,Eve Event,73,
L82,Wes Web,27,
L83,Ray Ref,50,12
X
# L81 on 2026-11-27: contacted (since 11-20), created 11-10 (17d); an
# email 11-12 (15 days ago: 30 only), a call 11-20 (7d, 14 and 30): last
# touch 7d, first touch 2d after created.
run lead-score -f csv --explain L81
rc_is 0 "--explain"
out_is "--explain: features, values, terms" <<'X'
feature,value,term
intercept,,+0.0000
status,contacted,+0.0000
source,event,+0.9728
segment,b2b,+0.0000
owner,alice,+0.0000
phone,yes,+0.0000
company,yes,+0.0000
age,17d,+0.0000
no touch,7d,+0.0000
first touch,2d,+0.0000
calls 14d,1,+0.0000
emails 14d,0,+0.0000
meetings 14d,0,+0.0000
demos 14d,0,+0.0000
other 14d,0,+0.0000
calls 30d,1,+0.0000
emails 30d,1,+0.0000
meetings 30d,0,+0.0000
demos 30d,0,+0.0000
other 30d,0,+0.0000
log-odds,,+0.9728
score,,0.7257
X
# --evaluate: the same split as 0850 (the 65th decision is day 33's,
# 2026-04-04): model AUC 0.75, Brier 0.1884, log loss 0.5646; the baseline,
# contacted's conversion rate in training, is 32/64 = 0.5 for all.
run lead-score --evaluate -f csv
rc_is 0 "--evaluate"
out_is "--evaluate against the status conversion rate" <<'X'
measure,model,baseline
train_leads,64,64
test_leads,16,16
test_converted,8,8
auc,0.7500,0.5000
brier,0.1884,0.2500
log_loss,0.5646,0.6931

bin,leads,predicted,converted
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

trained on 64 leads decided before 2026-04-04, tested on 16 decided from then on
the model beats the status conversion rate on AUC, Brier and log loss
X

# writing: the open leads' score column, history rows
run lead-score
rc_is 0 "lead-score writes"
is "$(grep -E '^L8[123],' "$D/leads.csv" | cut -d, -f1,11)" "L81,73
L82,27
L83,50" "scores stored"
is "$(grep -c ',lead-score,leads,L8[123],score,' "$D/history.csv")" "3" "three history rows"

# a rules file in the data directory is the default
echo 'source = web 10' >"$D/lead-score.rules"
run lead-score -n -f csv --status new
out_is "DIR/lead-score.rules used without --rules" <<'X'
lead,name,score,previous
L82,Wes Web,10,27
X
rm "$D/lead-score.rules"

# ---- refusals --------------------------------------------------------------------
snap
run lead-score --evaluate --rules "$D/none"
rc_is 2 "--evaluate with --rules"
run lead-score --days 3
rc_is 2 "--days without rules"
run lead-score --holdout 0.3
rc_is 2 "--holdout without --evaluate"
run lead-score --evaluate --holdout 0
rc_is 2 "--holdout 0"
run lead-score --explain L1
rc_is 1 "--explain of a decided lead"
err_is "decided leads are not scored" <<'X'
lead-score: lead L1 is decided: only open leads are scored
X
run lead-score --evaluate --holdout 0.5
rc_is 1 "too few to train before the held-out half"
err_is "with the counts" <<'X'
lead-score: too few decided leads to learn from: 20 converted and 20 disqualified (at least 30 of each needed) before the held-out decisions (from 2026-03-23)
X
unchanged "refusals write nothing"
done_testing
