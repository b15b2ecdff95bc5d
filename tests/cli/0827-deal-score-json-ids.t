#!/bin/sh
# deal-score --evaluate in json and ndjson: one JSON document (json), one
# JSON record a line (ndjson), the text forms unchanged; and deals whose
# ids are not a prefix and a number (an import's own) found as well as the
# numbered ones. The fixture is 0850's: its fit and evaluation are worked
# out there.
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

snap
run deal-score --evaluate -f json
rc_is 0 "--evaluate -f json"
out_is "--evaluate -f json: one document, the summary as its lines" <<'X'
{"measures":
[
{"measure":"train_deals","model":64,"baseline":64},
{"measure":"test_deals","model":16,"baseline":16},
{"measure":"test_won","model":8,"baseline":8},
{"measure":"auc","model":0.7500,"baseline":0.5000},
{"measure":"brier","model":0.1884,"baseline":0.2500},
{"measure":"log_loss","model":0.5646,"baseline":0.6931}
]
,"calibration":
[
{"bin":"0.0-0.1","deals":0,"predicted":null,"won":null},
{"bin":"0.1-0.2","deals":0,"predicted":null,"won":null},
{"bin":"0.2-0.3","deals":8,"predicted":0.28,"won":0.25},
{"bin":"0.3-0.4","deals":0,"predicted":null,"won":null},
{"bin":"0.4-0.5","deals":0,"predicted":null,"won":null},
{"bin":"0.5-0.6","deals":0,"predicted":null,"won":null},
{"bin":"0.6-0.7","deals":0,"predicted":null,"won":null},
{"bin":"0.7-0.8","deals":8,"predicted":0.72,"won":0.75},
{"bin":"0.8-0.9","deals":0,"predicted":null,"won":null},
{"bin":"0.9-1.0","deals":0,"predicted":null,"won":null}
]
,"summary":["trained on 64 deals closed before 2026-04-04, tested on 16 closed from then on",
"the model beats the stage-probability baseline on AUC, Brier and log loss"]}
X
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys; d = json.load(sys.stdin); print(sorted(d), len(d["measures"]), len(d["calibration"]))' <"$T/out" >"$T/py" 2>&1
    is "$(cat "$T/py")" "['calibration', 'measures', 'summary'] 6 10" "--evaluate -f json parses as one document"
else
    ok 1 "# SKIP no python3 to parse the JSON"
fi

run deal-score --evaluate -f ndjson
rc_is 0 "--evaluate -f ndjson"
is "$(grep -c . "$T/out") $(grep -vc '^{.*}$' "$T/out")" "18 0" "--evaluate -f ndjson: 18 records, every line one object"
is "$(tail -n 2 "$T/out")" '{"summary":"trained on 64 deals closed before 2026-04-04, tested on 16 closed from then on"}
{"summary":"the model beats the stage-probability baseline on AUC, Brier and log loss"}' \
    "--evaluate -f ndjson: the summary lines last"
unchanged "--evaluate leaves the data alone"

# Ids of another form: D81 renamed X-81 (deals.csv and its history rows),
# D83 a number far past the others (D9000000, which takes no array slot):
# the same scores.
sed -i 's/^D81,/X-81,/; s/^D83,/D9000000,/' "$D/deals.csv"
sed -i 's/,D81,/,X-81,/; s/,D83,/,D9000000,/' "$D/history.csv" "$D/activities.csv"
run deal-score -f csv
rc_is 0 "ids of another form"
out_is "ids of another form: found, scored alike" <<'X'
deal,name,owner,stage,stage_probability,score,delta,top_factors
X-81,Big one,alice,proposal,0.50,0.73,+0.23,b2b +0.97
D82,Small one,bob,qualification,0.20,0.27,+0.07,b2c -0.97
D9000000,Odd one,bob,negotiation,0.80,0.50,-0.30,
X
run deal-score -f csv --explain X-81
is "$(grep -E '^(days in stage|calls 14d|emails 30d|no touch|close pushed),' "$T/out" | tr '\n' ' ')" \
    "days in stage,25d,+0.0000 calls 14d,1,+0.0000 emails 30d,1,+0.0000 no touch,2d,+0.0000 close pushed,1x,+0.0000 " \
    "--explain X-81: its history and activities found by the id's text"
done_testing
